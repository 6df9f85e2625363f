//! Writing reports into a directory we do not fully control: a `latest` someone else made, a
//! report directory that is a file, a concurrent run taking `latest`, and case names that
//! would collide or overflow as file names. Reports are never written outside their
//! directory, nothing of the user's is deleted, and a run whose reports could not be written
//! says why and exits 3 ([`EXIT_REPORTS`]).

mod report_fixtures;
mod support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};
use std::time::Duration;

use konaplate_conformance::error::EXIT_REPORTS;
use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{Outcome, Verdict};
use konaplate_conformance::report::{self, RunInfo, latest};
use report_fixtures::{exchange, files_under, info, outcomes, spec};
use serde_json::json;
use support::fault::{BinRun, run_binary};

/// The top-level names in `dir` that start with `.latest.`: staging or moved-aside copies.
fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".latest."))
        .collect()
}

/// A run of every documented case against the embedded mock, reports into `report_dir`.
fn run_into(report_dir: &Path) -> BinRun {
    let run = run_binary(
        &["run", "--report-dir", report_dir.to_str().unwrap()],
        Duration::from_secs(120),
    );
    assert!(run.status.is_some(), "hung\n{}", run.text());
    assert!(!run.panicked(), "{}", run.text());
    run
}

#[test]
fn a_latest_directory_the_tool_did_not_make_is_left_alone_and_the_run_exits_3() {
    let root = tempfile::tempdir().unwrap();
    let theirs = root.path().join("latest");
    std::fs::create_dir_all(theirs.join("notes")).unwrap();
    std::fs::write(theirs.join("notes/precious.txt"), "keep me").unwrap();
    let run = run_into(root.path());
    assert_eq!(run.code(), Some(i32::from(EXIT_REPORTS)), "{}", run.text());
    assert!(
        run.stderr.contains("was not made by this tool"),
        "{}",
        run.text()
    );
    assert_eq!(
        std::fs::read_to_string(theirs.join("notes/precious.txt")).unwrap(),
        "keep me"
    );
    assert_eq!(files_under(&theirs), [PathBuf::from("notes/precious.txt")]);
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
    // The run's own directory is complete all the same.
    let run_dirs: Vec<PathBuf> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &theirs)
        .collect();
    assert_eq!(run_dirs.len(), 1, "{run_dirs:?}");
    assert!(run_dirs[0].join("report.json").is_file());
}

#[test]
fn a_latest_made_by_an_earlier_run_is_replaced() {
    let root = tempfile::tempdir().unwrap();
    let first = run_into(root.path());
    assert_eq!(first.code(), Some(0), "{}", first.text());
    let second = run_into(root.path());
    assert_eq!(second.code(), Some(0), "{}", second.text());
    let marker = std::fs::read_to_string(root.path().join("latest").join(latest::MARKER)).unwrap();
    let run_dirs = std::fs::read_dir(root.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name() != "latest")
        .count();
    assert_eq!(run_dirs, 2);
    assert!(
        root.path()
            .join(marker.trim())
            .join("report.json")
            .is_file()
    );
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
}

#[test]
fn a_report_dir_that_is_a_file_exits_3_and_says_why() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("reports");
    std::fs::write(&file, "not a directory").unwrap();
    let run = run_into(&file);
    assert_eq!(run.code(), Some(i32::from(EXIT_REPORTS)), "{}", run.text());
    assert!(
        run.stderr.contains("cannot write the reports")
            && run.stderr.contains(file.to_str().unwrap()),
        "{}",
        run.text()
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "not a directory");
}

/// Two runs between clearing and renaming: the one that renames second loses, and its staging
/// copy is removed. Driven step by step, so the interleaving is the racy one every time.
#[test]
fn a_run_that_loses_the_race_for_latest_gets_an_error_and_leaves_nothing_behind() {
    let root = tempfile::tempdir().unwrap();
    let files = |id: &str| vec![(PathBuf::from("summary.md"), format!("run {id}\n"))];
    let first = latest::stage(root.path(), "run-a", &files("a")).unwrap();
    let second = latest::stage(root.path(), "run-b", &files("b")).unwrap();
    first.move_old_aside().unwrap();
    second.install().unwrap();
    let e = first.rename_in().unwrap_err();
    assert!(matches!(e, report::Error::LatestRace { .. }), "{e}");
    assert!(e.to_string().contains("another run"), "{e}");
    drop(first);
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
    let summary = std::fs::read_to_string(root.path().join("latest/summary.md")).unwrap();
    assert_eq!(summary, "run b\n");
}

/// Many writers released at once: each either installs `latest` or loses the race cleanly;
/// `latest` ends whole (one run's files and marker) and no staging copy is left.
#[test]
fn runs_writing_at_once_leave_one_whole_latest() {
    let root = tempfile::tempdir().unwrap();
    let writers = 6;
    let start = Arc::new(Barrier::new(writers));
    let handles: Vec<_> = (0..writers)
        .map(|i| {
            let (root, start) = (root.path().to_path_buf(), start.clone());
            std::thread::spawn(move || {
                let run = RunInfo {
                    run_id: format!("20240506T0708{i:02}Z-beef"),
                    ..info()
                };
                start.wait();
                report::write(&root, &run, &spec(), &outcomes(), &Masker::default(), None)
            })
        })
        .collect();
    for h in handles {
        match h.join().unwrap() {
            Ok(_) | Err(report::Error::LatestRace { .. }) => {}
            Err(e) => panic!("unexpected error: {e}"),
        }
    }
    let marker = std::fs::read_to_string(root.path().join("latest").join(latest::MARKER)).unwrap();
    let summary = std::fs::read_to_string(root.path().join("latest/summary.md")).unwrap();
    assert!(summary.contains(marker.trim()), "latest mixes two runs");
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
}

fn failing(case_id: &str, body: serde_json::Value) -> Outcome {
    let mut o = report_fixtures::pass();
    o.name = format!("cardStatusChange::{case_id}");
    o.operation = "cardStatusChange".to_string();
    o.case_id = case_id.to_string();
    o.verdict = Verdict::Fail { failures: vec![] };
    o.exchange = Some(exchange("/api/v1/card/status", json!({}), 200, body));
    o
}

/// `dup:a` and `dup_a` sanitise to the same name; a long id to one longer than a file system
/// allows. Both `diffs/` and `drift/` get distinct, bounded names.
#[test]
fn diff_and_drift_names_are_bounded_and_never_overwrite_each_other() {
    let long = "x".repeat(300);
    let ids = ["dup:a", "dup_a", long.as_str()];
    let before: Vec<Outcome> = ids.iter().map(|id| failing(id, json!({"v": 1}))).collect();
    let after: Vec<Outcome> = ids.iter().map(|id| failing(id, json!({"v": 2}))).collect();
    let baseline = report::Baseline {
        path: PathBuf::from("before/report.json"),
        report: report::json::build(&info(), &spec(), &before, None, &Masker::default()),
    };
    let files = report::render_all(
        &info(),
        &spec(),
        &after,
        &Masker::default(),
        Some(&baseline),
    )
    .unwrap();
    for dir in ["diffs", "drift"] {
        let names: Vec<&PathBuf> = files
            .iter()
            .map(|(p, _)| p)
            .filter(|p| p.starts_with(dir))
            .collect();
        assert_eq!(names.len(), ids.len(), "{dir}: {names:?}");
        let distinct: std::collections::BTreeSet<_> = names.iter().collect();
        assert_eq!(distinct.len(), ids.len(), "{dir}: {names:?}");
        for n in &names {
            let file = n.file_name().unwrap().len();
            assert!(file <= 255, "{dir}: {file} bytes: {}", n.display());
        }
    }
}
