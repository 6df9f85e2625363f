//! The spec's inferred 401 answer (`components/responses/Unauthorized`) is part of what the
//! harness judges: a 401 is a documented status, and its body is checked against the
//! envelope schema like any documented answer. The answers come from a canned server.

mod support;

use konaplate_conformance::outcome::{CheckKind, Outcome, Verdict};
use serde_json::json;
use support::{Canned, CannedServer, committed_case, runner};

/// Runs `cardDeliveryInquiry::success`, with its status, code and body expectations replaced
/// (the schema check stays on), against `answer`.
fn run(answer: Canned, status: Option<u16>, code: Option<&str>) -> Outcome {
    let r = runner("http://127.0.0.1:1", false, 2_000);
    let server = r.rt.block_on(CannedServer::start(answer));
    let r = runner(&server.base_url, false, 2_000);
    let mut case = committed_case("cardDeliveryInquiry", "success");
    case.expect.status = status;
    case.expect.code = code.map(str::to_string);
    case.expect.body = None;
    let outcome = r.execute(&case);
    drop(server);
    outcome
}

fn checks_failed(o: &Outcome) -> Vec<CheckKind> {
    match &o.verdict {
        Verdict::Pass => Vec::new(),
        Verdict::Fail { failures } => failures.iter().map(|f| f.check).collect(),
        other => panic!("expected a verdict on the answer, got {other:?}"),
    }
}

fn unauthorized() -> serde_json::Value {
    json!({"response": {"code": "000_001", "description": "Unauthorized. X-KM-Access-Key"}})
}

#[test]
fn an_expected_401_with_the_envelope_passes() {
    let o = run(
        Canned::json(401, unauthorized()),
        Some(401),
        Some("000_001"),
    );
    assert_eq!(o.verdict, Verdict::Pass, "{o:#?}");
}

#[test]
fn a_401_body_without_the_envelope_fails_the_schema_check() {
    // Before the spec declared 401, such a body went unchecked.
    let o = run(
        Canned::json(401, json!({"code": "000_001"})),
        Some(401),
        None,
    );
    assert_eq!(checks_failed(&o), [CheckKind::Schema], "{o:#?}");
}

#[test]
fn with_no_expected_status_401_is_documented_and_418_is_not() {
    let o = run(Canned::json(401, unauthorized()), None, None);
    assert_eq!(checks_failed(&o), Vec::<CheckKind>::new(), "{o:#?}");
    let o = run(Canned::json(418, unauthorized()), None, None);
    assert_eq!(checks_failed(&o), [CheckKind::Status], "{o:#?}");
}
