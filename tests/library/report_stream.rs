//! Reports written as the run goes (`report::Collector`, `report::Spool`): the same bytes as
//! the in-memory rendering for a mixed run, nothing kept of a passing outcome that no report
//! needs, the final masking guard over the streamed files, and errors that leave nothing
//! behind.

use crate::report_fixtures;

use std::path::{Path, PathBuf};
use std::time::Duration;

use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{
    CheckKind, Failure, Outcome, Retry, Status, Verdict, WireEncryption,
};
use konaplate_conformance::report::{self, Baseline, Collector, RunInfo, Spool, Written, json};
use report_fixtures::*;
use serde_json::json;

const SECRET: &str = "AKstream7f3c9a1e2b5d";

fn masker() -> Masker {
    Masker::new([SECRET.to_string()])
}

/// A pass after two retries, both bodies encrypted on the wire.
fn flaky() -> Outcome {
    let mut o = pass();
    o.name = "cardDeliveryInquiry::retried".into();
    o.case_id = "retried".into();
    o.warnings = vec![];
    o.verdict = Verdict::Flaky {
        retries: vec![
            Retry {
                answer: "HTTP 503".into(),
                waited_ms: 200,
            },
            Retry {
                answer: "HTTP 503".into(),
                waited_ms: 400,
            },
        ],
    };
    if let Some(x) = o.exchange.as_mut() {
        x.encryption = WireEncryption {
            request: true,
            response: true,
        };
    }
    o
}

/// A scenario of a passing step and a step with `second`'s verdict, exchange and views.
fn scenario(id: &str, second: Outcome) -> Outcome {
    let mut first = pass();
    first.name = format!("scenario::{id}::inquire");
    first.case_id = "inquire".into();
    let mut second = Outcome {
        name: format!("scenario::{id}::change"),
        case_id: "change".into(),
        ..second
    };
    second.warnings = vec![];
    let mut o = Outcome::new(
        format!("scenario::{id}"),
        "scenario".into(),
        id.into(),
        None,
        second.verdict.clone(),
    );
    o.duration = Duration::from_millis(90);
    o.steps = vec![first, second];
    o
}

/// A generated case that passed, with a card number and the secret in its answer.
fn generated() -> Outcome {
    let mut o = pass();
    o.name = "cardStatusChange::generated::userId::too-long".into();
    o.operation = "cardStatusChange".into();
    o.case_id = "generated::userId::too-long".into();
    o.expected_code = Some("000_002".into());
    o.warnings = vec![];
    o.exchange = Some(exchange(
        "/api/v1/card/status",
        json!({"userId": "5".repeat(40)}),
        400,
        json!({"response": {"code": "000_002"}, "cardNo": "4111111111111111", "note": SECRET}),
    ));
    o
}

/// A case file that could not be loaded: no operation.
fn broken() -> Outcome {
    let failure = Failure::new(
        CheckKind::Input,
        "cases/broken.yaml:3:1",
        "a valid case file",
        "bad YAML",
    );
    Outcome::new(
        "broken.yaml".into(),
        String::new(),
        String::new(),
        None,
        Verdict::Fail {
            failures: vec![failure],
        },
    )
}

/// One of every kind: pass (warned), fail, error, skip, flaky, scenarios passing and failing,
/// a generated case, a broken file.
fn mixed() -> Vec<Outcome> {
    let mut all = outcomes();
    all.extend([
        flaky(),
        scenario("renew", pass()),
        scenario("suspend", status_code_failure()),
        generated(),
        broken(),
    ]);
    all
}

/// An earlier run in which the pass failed, the failures passed, one case no longer exists
/// and the generated case got another answer.
fn baseline() -> Baseline {
    let mut before = mixed();
    for o in &mut before {
        o.verdict = match Status::of(&o.verdict) {
            Status::Pass => status_code_failure().verdict,
            Status::Fail | Status::Error => Verdict::Pass,
            _ => o.verdict.clone(),
        };
        if o.name == generated().name
            && let Some(r) = o.exchange.as_mut().and_then(|x| x.response.as_mut())
        {
            r.body = json!({"response": {"code": "000_000"}}).to_string();
            r.json = serde_json::from_str(&r.body).ok();
        }
    }
    let mut gone = pass();
    gone.name = "cardDeliveryInquiry::gone".into();
    before.push(gone);
    Baseline {
        path: PathBuf::from("reports/accepted/report.json"),
        report: json::build(&info(), &spec(), &before, None, &masker()),
    }
}

fn run_info() -> RunInfo {
    let mut info = info();
    info.tags
        .insert("cardDeliveryInquiry::success".into(), vec!["smoke".into()]);
    info
}

/// The outcomes recorded from several threads, in an order that is not the report order,
/// then written from the spool.
fn streamed(root: &Path, outcomes: &[Outcome], masker: &Masker, b: Option<Baseline>) -> Written {
    let info = run_info();
    let spool = Spool::create(root, &info.run_id);
    let collector = Collector::new(masker.clone(), Some(spool), b);
    std::thread::scope(|s| {
        for chunk in outcomes.rchunks(3) {
            let collector = &collector;
            s.spawn(move || chunk.iter().rev().for_each(|o| collector.record(o)));
        }
    });
    let mut collected = collector.finish();
    let spool = collected.reports.take().unwrap().unwrap();
    report::write_spooled(spool, &info, &spec(), &collected, masker).unwrap()
}

/// The reports rendered in memory from the outcomes, sorted by name as a run hands them over.
fn in_memory(root: &Path, outcomes: &[Outcome], masker: &Masker, b: Option<&Baseline>) -> Written {
    let mut sorted = outcomes.to_vec();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    report::write(root, &run_info(), &spec(), &sorted, masker, b).unwrap()
}

fn assert_same_files(streamed: &Written, in_memory: &Written) {
    let files = files_under(&in_memory.dir);
    assert_eq!(files_under(&streamed.dir), files);
    for f in &files {
        let (a, b) = (
            std::fs::read_to_string(streamed.dir.join(f)).unwrap(),
            std::fs::read_to_string(in_memory.dir.join(f)).unwrap(),
        );
        assert!(a == b, "{f} differs:\n{}", similar_lines(&a, &b));
        let copy = std::fs::read_to_string(streamed.latest.join(f)).unwrap();
        assert_eq!(copy, a, "latest/{f}");
    }
    let counts = |w: &Written| -> Vec<_> {
        (w.escapes.iter())
            .map(|e| (e.file.clone(), e.secrets, e.cards))
            .collect()
    };
    assert_eq!(counts(streamed), counts(in_memory));
}

/// The first line where two texts part, for a readable failure.
fn similar_lines(a: &str, b: &str) -> String {
    let at = a.lines().zip(b.lines()).position(|(x, y)| x != y);
    match at {
        Some(i) => format!(
            "line {}:\n  streamed:  {}\n  in memory: {}",
            i + 1,
            a.lines().nth(i).unwrap(),
            b.lines().nth(i).unwrap()
        ),
        None => format!("lengths {} and {}", a.len(), b.len()),
    }
}

/// The two documents with entries are those their whole-document renderers give.
fn assert_whole_documents(dir: &Path, outcomes: &[Outcome], masker: &Masker, b: Option<&Baseline>) {
    let mut sorted = outcomes.to_vec();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    let comparison = b.map(|b| report::compare_masked(b, &sorted, masker));
    let json = json::render(&run_info(), &spec(), &sorted, comparison.as_ref(), masker);
    assert!(std::fs::read_to_string(dir.join("report.json")).unwrap() == json);
    let junit = report::junit::render(&run_info(), &sorted, masker);
    assert!(std::fs::read_to_string(dir.join("junit.xml")).unwrap() == junit);
}

#[test]
fn streamed_reports_are_the_in_memory_reports_byte_for_byte() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let all = mixed();
    let m = masker();
    let s = streamed(a.path(), &all, &m, Some(baseline()));
    let w = in_memory(b.path(), &all, &m, Some(&baseline()));
    assert_same_files(&s, &w);
    assert_whole_documents(&s.dir, &all, &m, Some(&baseline()));
    // The run is really mixed, the baseline really compared, and nothing needed the guard.
    let doc = json::parse(&std::fs::read_to_string(s.dir.join("report.json")).unwrap()).unwrap();
    assert_eq!(doc.outcomes.len(), all.len());
    let statuses: std::collections::BTreeSet<Status> =
        doc.outcomes.iter().map(|c| c.verdict).collect();
    assert_eq!(statuses.len(), 5, "{statuses:?}");
    let c = doc.baseline.unwrap();
    assert!(!c.newly_failing.is_empty() && !c.fixed.is_empty(), "{c:?}");
    assert_eq!(c.missing_cases, ["cardDeliveryInquiry::gone"]);
    assert_eq!(c.drift.len(), 1, "{c:?}");
    assert!(s.escapes.is_empty(), "{:?}", s.escapes);
    let text = std::fs::read_to_string(s.dir.join("report.json")).unwrap();
    assert!(!text.contains(SECRET) && !text.contains("4111111111111111"));
    // The staging directory became the run directory: only the run and latest are left.
    let mut top: Vec<String> = std::fs::read_dir(a.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(top, [info().run_id.as_str(), "latest"]);
}

#[test]
fn a_run_of_nothing_but_passes_or_of_nothing_at_all_streams_the_same_too() {
    for all in [
        vec![],
        vec![skipped()],
        vec![flaky(), scenario("renew", pass())],
    ] {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let s = streamed(a.path(), &all, &masker(), None);
        assert_same_files(&s, &in_memory(b.path(), &all, &masker(), None));
        assert_whole_documents(&s.dir, &all, &masker(), None);
    }
}

#[test]
fn the_guard_masks_what_escaped_masking_in_the_streamed_files_too() {
    // A masker that knows the secret but masks nothing: the guard is the last line.
    let bypassed = masker().without_masking();
    let all = mixed();
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let s = streamed(a.path(), &all, &bypassed, None);
    assert_same_files(&s, &in_memory(b.path(), &all, &bypassed, None));
    let files: Vec<&Path> = s.escapes.iter().map(|e| e.file.as_path()).collect();
    assert!(files.contains(&Path::new("report.json")), "{files:?}");
    for f in files_under(&s.dir) {
        let text = std::fs::read_to_string(s.dir.join(&f)).unwrap();
        assert!(!text.contains(SECRET), "{f}");
        assert!(!text.contains("4111111111111111"), "{f}");
    }
}

#[test]
fn a_passing_outcome_keeps_no_exchange_and_without_reports_nothing_at_all() {
    let mut clean = pass();
    clean.name = "cardDeliveryInquiry::clean".into();
    clean.warnings = vec![];
    let all = [clean.clone(), pass(), status_code_failure(), flaky()];
    // With report files: every outcome, the failing one whole, the others without exchange.
    let root = tempfile::tempdir().unwrap();
    let spool = Spool::create(root.path(), &info().run_id);
    let collector = Collector::new(masker(), Some(spool), None);
    all.iter().for_each(|o| collector.record(o));
    let kept = collector.finish();
    assert_eq!(kept.outcomes.len(), all.len());
    for o in &kept.outcomes {
        let failing = Status::of(&o.verdict).is_failing();
        assert_eq!(o.exchange.is_some(), failing, "{}", o.name);
        assert_eq!(o.actual.is_some(), failing, "{}", o.name);
    }
    assert_eq!(kept.encrypted.either, 1);
    // Without: only what the console's findings need (failures and warnings), no exchange.
    let collector = Collector::new(masker(), None, None);
    all.iter().for_each(|o| collector.record(o));
    let kept = collector.finish();
    let names: Vec<&str> = kept.outcomes.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, [pass().name, status_code_failure().name]);
    assert!(kept.outcomes.iter().all(|o| o.exchange.is_none()));
    assert_eq!((kept.totals.cases, kept.totals.flaky), (all.len(), 1));
}

#[test]
fn a_run_directory_that_cannot_be_made_is_an_error_and_leaves_no_staging_behind() {
    let root = tempfile::tempdir().unwrap();
    let run_dir = root.path().join(info().run_id);
    std::fs::create_dir_all(&run_dir).unwrap();
    std::fs::write(run_dir.join("theirs.txt"), "keep").unwrap();
    let spool = Spool::create(root.path(), &info().run_id);
    let collector = Collector::new(masker(), Some(spool), None);
    collector.record(&pass());
    let mut collected = collector.finish();
    let spool = collected.reports.take().unwrap().unwrap();
    let e = report::write_spooled(spool, &run_info(), &spec(), &collected, &masker());
    let e = e.unwrap_err();
    assert!(e.to_string().contains(&info().run_id), "{e}");
    assert_eq!(files_under(&run_dir), ["theirs.txt"]);
    let top: Vec<String> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(top, [info().run_id]);
    // A report directory that is a file: the spool cannot start, and says where.
    let file = root.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let e = Spool::create(&file, &info().run_id).unwrap_err();
    assert!(e.to_string().contains("a-file"), "{e}");
}
