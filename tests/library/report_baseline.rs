//! The regression gate and the drift report against an accepted earlier `report.json`.

use crate::report_fixtures;

use std::path::PathBuf;

use insta::assert_snapshot;
use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{
    CheckKind, Failure, Outcome, RunError, RunErrorKind, Verdict,
};
use konaplate_conformance::report::{self, Baseline, compare, json, summary};
use report_fixtures::{info, pass, spec};
use serde_json::json;

fn case(id: &str, verdict: Verdict) -> Outcome {
    Outcome {
        name: format!("cardDeliveryInquiry::{id}"),
        case_id: id.to_string(),
        verdict,
        ..pass()
    }
}

fn fail() -> Verdict {
    Verdict::Fail {
        failures: vec![Failure::new(CheckKind::Status, "", "200", "500")],
    }
}

fn error() -> Verdict {
    Verdict::Error {
        error: RunError {
            kind: RunErrorKind::Timeout,
            message: "no answer within 10000 ms".to_string(),
        },
    }
}

fn skip() -> Verdict {
    Verdict::Skipped {
        reason: "not in this profile".to_string(),
    }
}

fn baseline_of(outcomes: &[Outcome]) -> Baseline {
    Baseline {
        path: PathBuf::from("reports/accepted/report.json"),
        report: json::build(&info(), &spec(), outcomes, None, &Masker::default()),
    }
}

#[test]
fn pass_to_fail_or_error_is_newly_failing_and_fails_the_gate() {
    let before = [case("a", Verdict::Pass), case("b", Verdict::Pass)];
    let c = compare(
        &baseline_of(&before),
        &[case("a", fail()), case("b", error())],
    );
    assert_eq!(
        c.newly_failing,
        ["cardDeliveryInquiry::a", "cardDeliveryInquiry::b"]
    );
    assert!(c.gate_failed());
}

#[test]
fn fail_to_pass_is_fixed() {
    let c = compare(
        &baseline_of(&[case("a", fail()), case("b", error())]),
        &[case("a", Verdict::Pass), case("b", Verdict::Pass)],
    );
    assert_eq!(
        c.fixed,
        ["cardDeliveryInquiry::a", "cardDeliveryInquiry::b"]
    );
    assert!(c.newly_failing.is_empty());
    assert!(!c.gate_failed());
}

#[test]
fn fail_to_fail_is_still_failing_and_passes_the_gate() {
    let c = compare(
        &baseline_of(&[case("a", fail()), case("b", fail())]),
        &[case("a", fail()), case("b", error())],
    );
    assert_eq!(
        c.still_failing,
        ["cardDeliveryInquiry::a", "cardDeliveryInquiry::b"]
    );
    assert!(!c.gate_failed());
}

#[test]
fn skipped_cases_never_fail_the_gate() {
    let c = compare(
        &baseline_of(&[case("a", Verdict::Pass), case("b", skip())]),
        &[case("a", skip()), case("b", fail())],
    );
    assert!(c.newly_failing.is_empty(), "{c:?}");
    assert!(c.fixed.is_empty() && c.still_failing.is_empty(), "{c:?}");
    assert!(!c.gate_failed());
}

#[test]
fn new_and_missing_cases_are_listed_but_do_not_fail_the_gate() {
    let c = compare(
        &baseline_of(&[case("old", Verdict::Pass)]),
        &[case("new", fail())],
    );
    assert_eq!(c.new_cases, ["cardDeliveryInquiry::new"]);
    assert_eq!(c.missing_cases, ["cardDeliveryInquiry::old"]);
    assert!(!c.gate_failed());
}

/// A passing case whose answer carries `trackingNo`.
fn answering(tracking: &str) -> Outcome {
    let mut o = case("drift", Verdict::Pass);
    if let Some(r) = o.exchange.as_mut().and_then(|x| x.response.as_mut()) {
        let body = json!({"response": {"code": "000_000", "description": "Success."},
                          "status": "SHIPPING", "trackingNo": tracking, "cardNo": "9410000000000001"});
        r.body = body.to_string();
        r.json = Some(body);
    }
    o
}

#[test]
fn a_changed_body_of_a_case_passing_in_both_runs_shows_as_drift() {
    let c = compare(&baseline_of(&[answering("TRK-1")]), &[answering("TRK-2")]);
    assert!(!c.gate_failed());
    assert_eq!(c.drift.len(), 1, "{c:?}");
    assert_eq!(c.drift[0].name, "cardDeliveryInquiry::drift");
    assert_snapshot!(c.drift[0].diff);
    assert!(!c.drift[0].diff.contains("9410000000000001"));
}

#[test]
fn an_unchanged_body_is_no_drift() {
    let c = compare(&baseline_of(&[answering("TRK-1")]), &[answering("TRK-1")]);
    assert!(c.drift.is_empty(), "{c:?}");
}

#[test]
fn summary_lists_fixed_newly_and_still_failing_and_the_drift() {
    let before = [
        case("fixed", fail()),
        case("worse", Verdict::Pass),
        case("still", fail()),
        answering("TRK-1"),
    ];
    let now = [
        case("fixed", Verdict::Pass),
        case("worse", fail()),
        case("still", error()),
        answering("TRK-2"),
    ];
    let c = compare(&baseline_of(&before), &now);
    let md = summary::render(&info(), &spec(), &now, Some(&c), &Masker::default());
    assert!(
        md.contains("Regression gate: ❌ 1 newly failing · 1 fixed · 1 still failing · 1 drifted"),
        "{md}"
    );
    let section = &md[md.find("## Baseline").expect("a baseline section")..];
    assert_snapshot!(section);
}

#[test]
fn a_written_report_loads_back_as_a_baseline() {
    let root = tempfile::tempdir().unwrap();
    let outcomes = [case("a", Verdict::Pass), case("b", fail())];
    let written = report::write(
        root.path(),
        &info(),
        &spec(),
        &outcomes,
        &Masker::default(),
        None,
    )
    .unwrap();
    for dir in [&written.dir, &written.latest] {
        let b = report::load_baseline(&dir.join("report.json")).unwrap();
        assert_eq!(b.report.outcomes.len(), 2);
        let c = compare(&b, &outcomes);
        assert!(!c.gate_failed() && c.drift.is_empty(), "{c:?}");
    }
}

#[test]
fn a_bad_baseline_is_a_clear_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.json");
    let e = report::load_baseline(&missing).unwrap_err().to_string();
    assert!(
        e.starts_with("cannot read baseline `") && e.contains("nope.json"),
        "{e}"
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(
        &broken,
        "{\n  \"format\": \"konaplate-conformance/report/v1\",\n  oops\n}",
    )
    .unwrap();
    let e = report::load_baseline(&broken).unwrap_err().to_string();
    assert!(
        e.contains("broken.json") && e.contains("line 3, column 3"),
        "{e}"
    );

    let other = dir.path().join("other.json");
    std::fs::write(
        &other,
        r#"{"format": "konaplate-conformance/report/v2", "x": 1}"#,
    )
    .unwrap();
    let e = report::load_baseline(&other).unwrap_err().to_string();
    assert!(
        e.contains("other.json") && e.contains("`konaplate-conformance/report/v2`"),
        "{e}"
    );

    let not_ours = dir.path().join("junit.json");
    std::fs::write(&not_ours, r#"{"tests": 3}"#).unwrap();
    let e = report::load_baseline(&not_ours).unwrap_err();
    assert!(e.to_string().contains("junit.json"), "{e}");
    let source = std::error::Error::source(&e).expect("the serde error is the source");
    assert!(source.to_string().contains("missing field"), "{source}");
}
