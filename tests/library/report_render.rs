//! The rendered reports of a hand-made run (a pass, a status and code failure, a schema
//! failure, a transport error, a skipped case), pinned by snapshots and read back.

use crate::report_fixtures;

use insta::assert_snapshot;
use konaplate_conformance::mask::Masker;
use konaplate_conformance::report::code_matrix::{Cell, Status};
use konaplate_conformance::report::{console, diffs, json, junit, summary};
use quick_junit::{NonSuccessKind, TestCaseStatus};
use report_fixtures::*;

#[test]
fn summary_md() {
    let md = summary::render(&info(), &spec(), &outcomes(), None, &Masker::default());
    assert_snapshot!(md);
}

#[test]
fn junit_xml() {
    let xml = junit::render(&info(), &outcomes(), &Masker::default());
    assert_snapshot!(xml);
}

#[test]
fn diff_file_of_a_status_and_code_failure() {
    let d = diffs::render_case(&status_code_failure(), &Masker::default()).unwrap();
    assert_snapshot!(d);
}

#[test]
fn diff_file_of_a_schema_failure_lists_the_paths() {
    let d = diffs::render_case(&schema_failure(), &Masker::default()).unwrap();
    assert_snapshot!(d);
}

#[test]
fn only_failed_and_errored_cases_get_a_diff_file() {
    let m = Masker::default();
    assert!(diffs::render_case(&pass(), &m).is_none());
    assert!(diffs::render_case(&skipped(), &m).is_none());
    let e = diffs::render_case(&transport_error(), &m).unwrap();
    assert!(e.contains("# verdict: error"), "{e}");
    assert!(e.contains("error (connect): connection refused"), "{e}");
}

#[test]
fn console_message_shows_the_failures_and_the_diff() {
    let m = Masker::default();
    let msg = console::failure_message(&status_code_failure(), &m, false).unwrap();
    assert_snapshot!(msg);
    assert!(console::failure_message(&pass(), &m, false).is_none());
}

#[test]
fn junit_reads_back_with_one_suite_per_operation() {
    let xml = junit::render(&info(), &outcomes(), &Masker::default());
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("junit.xml parses");
    assert_eq!(
        (report.tests, report.failures, report.errors, report.skipped),
        (5, 2, 1, 1)
    );
    let counts: Vec<(String, usize, usize, usize, usize)> = report
        .test_suites
        .iter()
        .map(|s| (s.name.to_string(), s.tests, s.failures, s.errors, s.skipped))
        .collect();
    assert_eq!(
        counts,
        [
            ("cardDeliveryInquiry".to_string(), 1, 0, 0, 0),
            ("cardStatusChange".to_string(), 3, 1, 1, 1),
            ("preIssueWaitingPhysical".to_string(), 1, 1, 0, 0),
        ]
    );
    let status_change = &report.test_suites[1];
    let failed = status_change
        .test_cases
        .iter()
        .find(|c| c.name.as_str() == "cardStatusChange::invalid-parameter")
        .unwrap();
    match &failed.status {
        TestCaseStatus::NonSuccess {
            kind: NonSuccessKind::Failure,
            ty,
            description,
            ..
        } => {
            assert_eq!(ty.as_ref().map(|t| t.as_str()), Some("status, code"));
            let body = description.as_ref().unwrap().as_str();
            assert!(body.contains("-  \"status\": 400"), "{body}");
            assert!(body.contains("+  \"status\": 200"), "{body}");
        }
        other => panic!("expected a <failure>, got {other:?}"),
    }
    let errored = status_change
        .test_cases
        .iter()
        .find(|c| c.name.as_str() == "cardStatusChange::user-not-found")
        .unwrap();
    assert!(matches!(
        errored.status,
        TestCaseStatus::NonSuccess {
            kind: NonSuccessKind::Error,
            ..
        }
    ));
    assert_eq!(
        report.timestamp.map(|t| t.to_rfc3339()).as_deref(),
        Some("2024-05-06T07:08:09+00:00")
    );
    assert_eq!(failed.time, Some(std::time::Duration::from_millis(52)));
}

#[test]
fn report_json_round_trips() {
    let text = json::render(&info(), &spec(), &outcomes(), None, &Masker::default());
    let doc = json::parse(&text).expect("report.json parses back");
    assert_eq!(doc.format, json::FORMAT);
    assert_eq!(json::to_string(&doc), text);
    let again = json::parse(&json::to_string(&doc)).unwrap();
    assert_eq!(again, doc);
    assert_eq!(
        doc,
        json::build(&info(), &spec(), &outcomes(), None, &Masker::default())
    );
}

#[test]
fn report_json_holds_every_outcome_with_checks_timings_and_exchange() {
    let doc = json::build(&info(), &spec(), &outcomes(), None, &Masker::default());
    assert_eq!(doc.totals.cases, 5);
    assert_eq!(
        (
            doc.totals.passed,
            doc.totals.failed,
            doc.totals.errors,
            doc.totals.skipped,
            doc.totals.warnings
        ),
        (1, 2, 1, 1, 1)
    );
    let names: Vec<&str> = doc.outcomes.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "cardDeliveryInquiry::success",
            "cardStatusChange::invalid-parameter",
            "cardStatusChange::success",
            "cardStatusChange::user-not-found",
            "preIssueWaitingPhysical::success",
        ]
    );
    let failed = &doc.outcomes[1];
    assert_eq!(failed.verdict, Status::Fail);
    assert_eq!(failed.failures.len(), 2);
    assert_eq!(failed.duration_ms, 52.0);
    let x = failed.exchange.as_ref().unwrap();
    assert_eq!(x.elapsed_ms, 41.0);
    assert_eq!(x.request.method, "POST");
    assert_eq!(x.response.as_ref().unwrap().status, 200);
    let errored = &doc.outcomes[3];
    assert_eq!(errored.verdict, Status::Error);
    assert!(errored.error.is_some());
    assert!(errored.exchange.as_ref().unwrap().response.is_none());
    assert!(doc.outcomes[2].skip_reason.is_some());
    let matrix: Vec<(&str, Vec<Cell>)> = doc
        .coverage
        .iter()
        .map(|r| {
            (
                r.operation.as_str(),
                r.codes.iter().map(|c| c.result).collect(),
            )
        })
        .collect();
    assert_eq!(
        matrix,
        [
            ("cardDeliveryInquiry", vec![Cell::Pass, Cell::None]),
            (
                "cardStatusChange",
                vec![Cell::Skipped, Cell::Fail, Cell::Error, Cell::None]
            ),
            ("preIssueWaitingPhysical", vec![Cell::Fail]),
        ]
    );
}
