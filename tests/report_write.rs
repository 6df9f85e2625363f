//! `report::write`: the run directory, a real copy in `latest/`, and errors instead of panics.

mod report_fixtures;

use konaplate_conformance::mask::Masker;
use konaplate_conformance::report::{self, RunInfo};
use report_fixtures::{info, outcomes, spec};

fn files_under(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_run_writes_its_directory_and_a_real_copy_in_latest() {
    let root = tempfile::tempdir().unwrap();
    let w = report::write(
        root.path(),
        &info(),
        &spec(),
        &outcomes(),
        &Masker::default(),
        None,
    )
    .unwrap();
    assert_eq!(w.dir, root.path().join("20240506T070809Z-beef"));
    assert_eq!(w.latest, root.path().join("latest"));
    let files = files_under(&w.dir);
    assert_eq!(
        files,
        [
            "diffs/cardStatusChange/invalid-parameter.diff",
            "diffs/cardStatusChange/user-not-found.diff",
            "diffs/preIssueWaitingPhysical/success.diff",
            "junit.xml",
            "report.html",
            "report.json",
            "summary.md",
        ]
    );
    assert!(
        !std::fs::symlink_metadata(&w.latest)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(files_under(&w.latest), files);
    for f in &files {
        assert_eq!(
            std::fs::read(w.dir.join(f)).unwrap(),
            std::fs::read(w.latest.join(f)).unwrap(),
            "{f}"
        );
    }
    // Nothing but the run and latest: the staging directory is gone.
    let mut top: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, ["20240506T070809Z-beef", "latest"]);
}

#[test]
fn a_later_run_replaces_latest_whole() {
    let root = tempfile::tempdir().unwrap();
    report::write(
        root.path(),
        &info(),
        &spec(),
        &outcomes(),
        &Masker::default(),
        None,
    )
    .unwrap();
    let second = RunInfo {
        run_id: "20240506T090000Z-cafe".to_string(),
        ..info()
    };
    let passing = [report_fixtures::pass()];
    let w = report::write(
        root.path(),
        &second,
        &spec(),
        &passing,
        &Masker::default(),
        None,
    )
    .unwrap();
    // The old run's diffs do not linger in latest/.
    assert_eq!(
        files_under(&w.latest),
        ["junit.xml", "report.html", "report.json", "summary.md"]
    );
    let summary = std::fs::read_to_string(w.latest.join("summary.md")).unwrap();
    assert!(summary.contains("20240506T090000Z-cafe"));
    assert!(
        root.path()
            .join("20240506T070809Z-beef/summary.md")
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_latest_is_replaced_by_a_directory() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.path().join("latest")).unwrap();
    let w = report::write(
        root.path(),
        &info(),
        &spec(),
        &outcomes(),
        &Masker::default(),
        None,
    )
    .unwrap();
    assert!(std::fs::symlink_metadata(&w.latest).unwrap().is_dir());
    assert!(
        files_under(elsewhere.path()).is_empty(),
        "wrote through the link"
    );
}

#[test]
fn problems_are_errors_naming_the_path() {
    let root = tempfile::tempdir().unwrap();
    let file = root.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let e = report::write(
        &file,
        &info(),
        &spec(),
        &outcomes(),
        &Masker::default(),
        None,
    )
    .unwrap_err();
    assert!(e.to_string().contains("not-a-dir"), "{e}");
    assert!(std::error::Error::source(&e).is_some());

    for bad in ["", "latest", "../escape", "a/b"] {
        let run = RunInfo {
            run_id: bad.to_string(),
            ..info()
        };
        let e = report::write(
            root.path(),
            &run,
            &spec(),
            &outcomes(),
            &Masker::default(),
            None,
        )
        .unwrap_err();
        assert!(e.to_string().starts_with("run id `"), "{e}");
    }
}

#[test]
fn run_ids_look_like_the_docs_say() {
    let id = report::new_run_id(chrono::Utc::now());
    let (time, hex) = id.split_once('-').unwrap();
    assert_eq!(time.len(), 16, "{id}");
    assert!(time.ends_with('Z') && time.as_bytes()[8] == b'T', "{id}");
    assert_eq!(hex.len(), 4, "{id}");
    assert!(hex.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
}
