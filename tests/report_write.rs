//! `report::write`: the run directory, a real copy in `latest/`, and errors instead of panics.

mod report_fixtures;

use konaplate_conformance::mask::Masker;
use konaplate_conformance::report::{self, RunInfo};
use report_fixtures::{files_under, info, outcomes, spec};

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
    // latest/ holds the same files and the marker that says this tool made it.
    let mut in_latest = files.clone();
    in_latest.insert(0, report::latest::MARKER.to_string());
    assert_eq!(files_under(&w.latest), in_latest);
    assert_eq!(
        std::fs::read_to_string(w.latest.join(report::latest::MARKER)).unwrap(),
        "20240506T070809Z-beef\n"
    );
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
        [
            report::latest::MARKER,
            "junit.xml",
            "report.html",
            "report.json",
            "summary.md"
        ]
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
fn a_symlinked_latest_is_not_ours_and_is_left_alone() {
    let root = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::write(elsewhere.path().join("keep.txt"), "mine").unwrap();
    let link = root.path().join("latest");
    std::os::unix::fs::symlink(elsewhere.path(), &link).unwrap();
    let e = report::write(
        root.path(),
        &info(),
        &spec(),
        &outcomes(),
        &Masker::default(),
        None,
    )
    .unwrap_err();
    assert!(matches!(e, report::Error::ForeignLatest { .. }), "{e}");
    assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    assert_eq!(
        files_under(elsewhere.path()),
        ["keep.txt"],
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
