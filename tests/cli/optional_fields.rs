//! A case may demand only what its page states: the pages mark `cardDeliveryCancel`'s
//! `mobileCardNo` and `par` Optional, so a server that leaves them out passes the documented
//! case and the scenario that cancels, and a case file that requires one is an input error at
//! its line, unless it names the assumption it rests on.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::http::HeaderMap;
use konaplate_conformance::{case, profile, scenario, spec};
use serde_json::Value;

use crate::support::fault::{
    BinRun, Editor, Fault, FaultServer, Mutation, Target, outcome, read_report, run_binary,
};
use crate::support::gateway::runtime;

/// Leaves out both Optional fields of a cancel answer.
fn without_optional_fields(_request: &Value, answer: &mut Value, _headers: &mut HeaderMap) -> bool {
    let Some(answer) = answer.as_object_mut() else {
        return false;
    };
    let card = answer.remove("mobileCardNo").is_some();
    answer.remove("par").is_some() || card
}

/// Runs the binary (`run --base-url <server> --report-dir <tmp> ARGS`) against a server that
/// leaves both Optional fields out of every successful cancel answer: the run, its report, and
/// how many answers the server changed.
fn against_server_without_optional_fields(extra: &[&str]) -> (BinRun, Value, usize) {
    let rt = runtime();
    let fault = Fault {
        target: Target::op("cardDeliveryCancel").status(200),
        mutation: Mutation::Edit(Editor(
            "Optional fields left out",
            Arc::new(without_optional_fields),
        )),
    };
    let (mock, proxy) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let mut args = vec![
        "run",
        "--base-url",
        &proxy.base_url,
        "--report-dir",
        reports.path().to_str().unwrap(),
    ];
    args.extend(extra);
    let run = run_binary(&args, Duration::from_secs(60));
    let report = read_report(reports.path());
    let changed = proxy.injected().len();
    drop(proxy);
    drop(mock);
    (run, report, changed)
}

#[test]
fn a_server_leaving_out_the_optional_fields_passes_the_cancel_case_and_scenario() {
    let (run, report, changed) = against_server_without_optional_fields(&[]);
    // Both the case and the scenario's cancel step got an answer without the fields.
    assert!(changed >= 2, "{}", run.text());
    assert_eq!(run.code(), Some(0), "{}", run.text());
    for name in ["cardDeliveryCancel::success", "scenario::cancel-same-day"] {
        let o = outcome(&report, name).unwrap_or_else(|| panic!("{name} did not run"));
        assert_eq!(o["verdict"], "pass", "{o:#}");
    }
}

const REQUIRES_MOBILE_CARD_NO: &str = r#"operation: cardDeliveryCancel
cases:
  - id: success
    request:
      body: {cardApplyNo: "CA20000000000000000001", userId: 1}
    expect:
      status: 200
      code: "000_000"
      body:
        response: {code: "000_000"}
        mobileCardNo: "<len:16>"
"#;

fn inputs() -> (spec::Spec, profile::Profile) {
    (
        spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap(),
        profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap(),
    )
}

#[test]
fn a_case_requiring_an_optional_field_is_an_input_error_at_its_line() {
    let (spec, profile) = inputs();
    let loaded = case::load_str(
        Path::new("c.yaml"),
        REQUIRES_MOBILE_CARD_NO,
        &spec,
        &profile,
    );
    assert!(loaded.cases.is_empty());
    let e = loaded.case_errors[0].1.to_string();
    assert!(e.contains("c.yaml:11:"), "{e}");
    assert!(e.contains("`mobileCardNo`"), "{e}");
    assert!(
        e.contains("cardDeliveryCancel.response.mobileCardNo.optional"),
        "{e}"
    );

    // Named as an assumption, it loads.
    let assumed = REQUIRES_MOBILE_CARD_NO.replace(
        "      code: \"000_000\"\n",
        "      code: \"000_000\"\n      assumes: spec-inferred\n",
    );
    let loaded = case::load_str(Path::new("c.yaml"), &assumed, &spec, &profile);
    assert!(loaded.case_errors.is_empty(), "{:?}", loaded.case_errors);
    assert_eq!(loaded.cases.len(), 1);
}

#[test]
fn a_scenario_step_requiring_an_optional_field_is_an_input_error_at_its_line() {
    let (spec, profile) = inputs();
    let text = r#"id: cancel
steps:
  - id: cancel
    operation: cardDeliveryCancel
    request:
      body: {cardApplyNo: "CA20000000000000000001", userId: 1}
    expect:
      status: 200
      code: "000_000"
      body:
        par: "<len:27>"
"#;
    let loaded = scenario::load_str(Path::new("s.yaml"), text, &spec, &profile);
    let e = loaded.scenario.unwrap_err().to_string();
    assert!(e.contains("s.yaml:11:"), "{e}");
    assert!(
        e.contains("cardDeliveryCancel.response.par.optional"),
        "{e}"
    );
}

/// A case that requires the Optional `mobileCardNo` under a named assumption.
const ASSUMES_MOBILE_CARD_NO: &str = r#"operation: cardDeliveryCancel
cases:
  - id: success-with-card
    test-data: "200 - Test succeeded"
    request:
      body:
        cardApplyNo: "{{application.cancellable.cardApplyNo}}"
        userId: "{{member.active.userId}}"
    expect:
      status: 200
      code: "000_000"
      body:
        mobileCardNo: "<len:16>"
      assumes: spec-inferred
"#;

#[test]
fn an_optional_field_required_under_a_named_assumption_only_warns_when_absent() {
    let cases = tempfile::tempdir().unwrap();
    std::fs::write(cases.path().join("cancel.yaml"), ASSUMES_MOBILE_CARD_NO).unwrap();
    let dir = cases.path().to_str().unwrap();
    let (run, report, changed) = against_server_without_optional_fields(&["--cases", dir]);
    assert_eq!(changed, 1, "{}", run.text());
    assert_eq!(run.code(), Some(0), "{}", run.text());
    let o = outcome(&report, "cardDeliveryCancel::success-with-card").unwrap();
    assert_eq!(o["verdict"], "pass", "{o:#}");
    assert_eq!(o["warnings"][0]["check"], "body", "{o:#}");
    assert_eq!(o["warnings"][0]["path"], "/mobileCardNo", "{o:#}");
    assert_eq!(o["warnings"][0]["assumption"], "spec-inferred", "{o:#}");
}
