//! Each check passes on a conforming answer and fails on a deviating one, with a message that
//! names the check, the place and what differed. The answers come from a canned server.

use crate::support;

use konaplate_conformance::assumption::Assumption;
use konaplate_conformance::outcome::{CheckKind, Outcome, RunErrorKind, Verdict};
use serde_json::{Value, json};
use support::{Canned, CannedServer, committed_case, runner};

fn inquiry_ok() -> Value {
    json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"})
}

/// Runs `cardDeliveryInquiry::success` (expects 200, 000_000, status SHIPPING) against `answer`.
fn run(answer: Canned, strict: bool) -> Outcome {
    let r = runner("http://127.0.0.1:1", strict, 2_000);
    let server = r.rt.block_on(CannedServer::start(answer));
    let r = support::runner(&server.base_url, strict, 2_000);
    let case = committed_case("cardDeliveryInquiry", "success");
    // The server lives on the first runner's runtime; keep it alive while the case runs.
    let outcome = r.execute(&case);
    drop(server);
    outcome
}

fn failures(o: &Outcome) -> Vec<(CheckKind, String)> {
    match &o.verdict {
        Verdict::Fail { failures } => failures.iter().map(|f| (f.check, f.path.clone())).collect(),
        other => panic!("expected failures, got {other:?}"),
    }
}

#[test]
fn a_conforming_answer_passes_every_check() {
    let o = run(Canned::json(200, inquiry_ok()), true);
    assert_eq!(o.verdict, Verdict::Pass, "{o:#?}");
}

#[test]
fn status_check() {
    let o = run(Canned::json(201, inquiry_ok()), false);
    assert_eq!(failures(&o), [(CheckKind::Status, String::new())]);
}

#[test]
fn code_check() {
    let mut body = inquiry_ok();
    body["response"]["code"] = json!("003_001");
    let o = run(Canned::json(200, body), false);
    // The code, and the text "Success." that is not 003_001's documented Message.
    assert_eq!(
        failures(&o),
        [
            (CheckKind::Code, "/response/code".to_string()),
            (CheckKind::Message, "/response/description".to_string())
        ]
    );
    let Verdict::Fail { failures } = &o.verdict else {
        unreachable!()
    };
    assert_eq!(
        failures[0].line(),
        "[code] at /response/code: expected \"000_000\", got \"003_001\""
    );
}

#[test]
fn content_type_check() {
    let mut c = Canned::json(200, inquiry_ok());
    c.headers = vec![("content-type".into(), "text/plain".into())];
    // No source states an answer's Content-Type: a warning naming its assumption, a failure
    // under --strict.
    let lenient = run(c.clone(), false);
    assert_eq!(lenient.verdict, Verdict::Pass, "{lenient:#?}");
    assert_eq!(
        lenient
            .warnings
            .iter()
            .map(|w| (w.check, w.assumption))
            .collect::<Vec<_>>(),
        [(CheckKind::ContentType, Some(Assumption::JsonContentType))]
    );
    assert_eq!(
        failures(&run(c, true)),
        [(CheckKind::ContentType, "Content-Type".to_string())]
    );
}

#[test]
fn schema_check_names_the_path() {
    let mut body = inquiry_ok();
    body["status"] = json!("SHIPPING_SOON_NOW");
    let o = run(Canned::json(200, body), false);
    let f = failures(&o);
    // Too long (max 12), not in the enum, and not the expected SHIPPING.
    assert!(
        f.contains(&(CheckKind::Schema, "/status".to_string())),
        "{f:?}"
    );
    assert!(
        f.contains(&(CheckKind::Body, "/status".to_string())),
        "{f:?}"
    );
}

#[test]
fn correlation_id_checks() {
    let mut c = Canned::json(200, inquiry_ok());
    c.echo_correlation = false;
    assert_eq!(
        failures(&run(c.clone(), false)),
        [(CheckKind::Header, "X-KM-Correlation-Id".to_string())]
    );
    c.headers
        .push(("x-km-correlation-id".into(), "221108120814-1234567".into()));
    // Well-formed, but not the request's: the mock profile says the target echoes it, which the
    // pages do not: a warning naming the assumption, a failure under --strict.
    let o = run(c.clone(), false);
    assert_eq!(o.verdict, Verdict::Pass, "{o:?}");
    assert_eq!(o.warnings.len(), 1, "{o:?}");
    assert!(o.warnings[0].expected.contains("echoed"), "{o:?}");
    assert_eq!(
        o.warnings[0].assumption,
        Some(konaplate_conformance::assumption::Assumption::CorrelationIdEcho)
    );
    let o = run(c, true);
    let Verdict::Fail { failures } = &o.verdict else {
        panic!("{o:?}")
    };
    assert_eq!(failures.len(), 1);
    assert!(failures[0].expected.contains("echoed"), "{failures:?}");
}

#[test]
fn body_expectation_check() {
    let mut body = inquiry_ok();
    body["status"] = json!("READY");
    let o = run(Canned::json(200, body), false);
    assert_eq!(failures(&o), [(CheckKind::Body, "/status".to_string())]);
    let message =
        konaplate_conformance::report::console::failure_message(&o, &Default::default(), false)
            .unwrap();
    assert!(
        message.contains("-    \"status\": \"SHIPPING\"\n+    \"status\": \"READY\""),
        "{message}"
    );
}

#[test]
fn unknown_fields_warn_and_fail_under_strict() {
    let mut body = inquiry_ok();
    body["surprise"] = json!(1);
    let o = run(Canned::json(200, body.clone()), false);
    assert_eq!(o.verdict, Verdict::Pass);
    assert_eq!(o.warnings.len(), 1);
    assert_eq!(o.warnings[0].path, "/surprise");
    assert_eq!(
        failures(&run(Canned::json(200, body), true)),
        [(CheckKind::UnknownField, "/surprise".to_string())]
    );
}

#[test]
fn unknown_fields_inside_declared_objects_are_named_by_their_escaped_pointer() {
    let mut body = inquiry_ok();
    body["response"]["a/b~c"] = json!({"deeper": 1});
    body["response"]["plain"] = json!("x");
    let o = run(Canned::json(200, body), true);
    assert_eq!(
        failures(&o),
        [
            (CheckKind::UnknownField, "/response/a~1b~0c".to_string()),
            (CheckKind::UnknownField, "/response/plain".to_string()),
        ]
    );
}

#[test]
fn transport_problems_are_errors_not_failures() {
    let mut c = Canned::json(200, inquiry_ok());
    c.body = "<html>oops</html>".into();
    let o = run(c.clone(), false);
    assert!(
        matches!(&o.verdict, Verdict::Error { error } if error.kind == RunErrorKind::NotJson),
        "{o:?}"
    );
    c.body = String::new();
    let o = run(c.clone(), false);
    assert!(
        matches!(&o.verdict, Verdict::Error { error } if error.message.contains("empty")),
        "{o:?}"
    );
    c.body = "x".repeat(70 * 1024);
    let o = run(c.clone(), false);
    assert!(
        matches!(&o.verdict, Verdict::Error { error } if error.kind == RunErrorKind::TooLarge),
        "{o:?}"
    );
    let mut slow = Canned::json(200, inquiry_ok());
    slow.delay_ms = support::NEVER;
    let o = run(slow, false);
    assert!(
        matches!(&o.verdict, Verdict::Error { error } if error.kind == RunErrorKind::Timeout),
        "{o:?}"
    );
}

#[test]
fn refused_connections_are_errors() {
    let closed = support::fault::closed_port();
    let r = runner(&format!("http://127.0.0.1:{closed}"), false, 2_000);
    let o = r.execute(&committed_case("cardDeliveryInquiry", "success"));
    assert!(
        matches!(&o.verdict, Verdict::Error { error } if error.kind == RunErrorKind::Connect),
        "{o:?}"
    );
}

#[test]
fn the_request_carries_valid_protocol_headers_and_the_exact_body() {
    let r = runner("http://127.0.0.1:1", false, 2_000);
    let server =
        r.rt.block_on(CannedServer::start(Canned::json(200, inquiry_ok())));
    let r2 = runner(&server.base_url, false, 2_000);
    let case = committed_case("cardDeliveryInquiry", "success");
    assert_eq!(r2.execute(&case).verdict, Verdict::Pass);
    let (headers, body) = server.last_request.lock().unwrap().clone().unwrap();
    assert_eq!(
        &body[..],
        br#"{"cardApplyNo":"CA20000000000000000001","userId":50000104652}"#
    );
    let h = |n: &str| headers.get(n).unwrap().to_str().unwrap().to_string();
    assert_eq!(h("x-km-correlation-id").len(), 20);
    assert_eq!(h("x-km-tran-time").len(), 14);
    assert_eq!(h("x-km-time-zone"), "KST");
    assert_eq!(h("x-km-user-aspid"), "000170000000000");
    let token = h("x-km-tran-token");
    assert_eq!(token.len(), 67);
    assert!(
        token.starts_with(&format!("KMV1:{}", h("x-km-tran-time"))),
        "{token}"
    );
    // The MAC covers the exact bytes received.
    let key = aws_lc_rs::hmac::Key::new(
        aws_lc_rs::hmac::HMAC_SHA256,
        b"kp-test-secret-key-do-not-use-in-production",
    );
    use base64::Engine as _;
    let tag = base64::engine::general_purpose::STANDARD
        .decode(&token[23..])
        .unwrap();
    assert!(aws_lc_rs::hmac::verify(&key, &body, &tag).is_ok());
}
