//! Hand-made run data shared by the report tests (`mod report_fixtures;`): a small spec, fixed
//! run facts and one outcome of each kind, with fixed times so rendered reports are stable.
#![allow(dead_code)] // Each test crate uses a different part of it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use konaplate_conformance::assumption::Assumption;
use konaplate_conformance::outcome::{
    CheckKind, Exchange, Failure, Outcome, Received, RunError, RunErrorKind, SentRequest, Verdict,
};
use konaplate_conformance::report::RunInfo;
use konaplate_conformance::spec::schema::Schemas;
use konaplate_conformance::spec::{Encryption, ErrorCode, Operation, Spec};
use serde_json::{Value, json};

/// A spec of three operations with their result codes (no schemas: the reports never validate).
pub fn spec() -> Spec {
    let doc = Arc::new(json!({"openapi": "3.1.0"}));
    let op = |id: &str, path: &str, codes: &[(&str, u16, &str)]| Operation {
        id: id.to_string(),
        path: path.to_string(),
        summary: id.to_string(),
        seed: String::new(),
        encryption: Encryption::default(),
        state_changing: false,
        error_codes: codes
            .iter()
            .map(|(code, http, message)| ErrorCode {
                code: code.to_string(),
                http: *http,
                message: message.to_string(),
                description: message.to_string(),
            })
            .collect(),
        test_data: vec![],
        request_schema: String::new(),
        response_schemas: vec![],
    };
    Spec {
        path: PathBuf::from("specs/konaplate-card.openapi.yaml"),
        version: "1.0.0".to_string(),
        hash: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0".to_string(),
        doc: doc.clone(),
        operations: vec![
            op(
                "cardDeliveryInquiry",
                "/api/v1/card/delivery",
                &[
                    ("000_000", 200, "Success."),
                    ("000_002", 400, "Invalid input parameter."),
                ],
            ),
            op(
                "cardStatusChange",
                "/api/v1/card/status",
                &[
                    ("000_000", 200, "Success."),
                    ("000_002", 400, "Invalid input parameter."),
                    ("001_006", 400, "Wallet user not found."),
                    ("003_001", 400, "Invalid card info."),
                ],
            ),
            op(
                "preIssueWaitingPhysical",
                "/api/v1/issued-cards/pre-issue/waiting/physical",
                &[("000_000", 200, "Success.")],
            ),
        ],
        message_fields: vec!["description".to_string()],
        schemas: Schemas::new(doc),
        ledger: Default::default(),
        response_headers: Default::default(),
    }
}

/// Run facts with a fixed start and duration.
pub fn info() -> RunInfo {
    RunInfo {
        run_id: "20240506T070809Z-beef".to_string(),
        started_at: "2024-05-06T07:08:09Z".to_string(),
        target: "http://127.0.0.1:4010".to_string(),
        profile: "cases/targets/mock.yaml".to_string(),
        environment: "mock".to_string(),
        spec_path: "specs/konaplate-card.openapi.yaml".to_string(),
        spec_version: "1.0.0".to_string(),
        spec_hash: "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0".to_string(),
        strict: false,
        duration: Duration::from_millis(1_570),
        constraints: None,
        provenance: None,
        tags: Default::default(),
        client: None,
        answer_times: Default::default(),
    }
}

/// An exchange with a JSON request and response.
pub fn exchange(op_path: &str, request: Value, status: u16, response: Value) -> Exchange {
    Exchange {
        request: SentRequest {
            method: "POST".to_string(),
            url: format!("http://127.0.0.1:4010{op_path}"),
            headers: vec![
                ("Content-Type".to_string(), "application/json".to_string()),
                ("X-KM-Correlation-Id".to_string(), "corr-0001".to_string()),
            ],
            body: request.to_string(),
        },
        response: Some(Received {
            status,
            headers: vec![
                ("content-type".to_string(), "application/json".to_string()),
                ("x-km-correlation-id".to_string(), "corr-0001".to_string()),
            ],
            body: response.to_string(),
            json: Some(response),
        }),
        elapsed: Duration::from_millis(41),
        encryption: Default::default(),
    }
}

fn outcome(op: &str, id: &str, code: Option<&str>, verdict: Verdict, ms: u64) -> Outcome {
    Outcome {
        name: format!("{op}::{id}"),
        operation: op.to_string(),
        case_id: id.to_string(),
        expected_code: code.map(str::to_string),
        expected: None,
        actual: None,
        verdict,
        warnings: vec![],
        exchange: None,
        duration: Duration::from_millis(ms),
        steps: vec![],
        facts: vec![],
    }
}

/// A passing case, with one warning (an undeclared field).
pub fn pass() -> Outcome {
    let response = json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING", "trackingNo": "TRK-1"});
    let mut o = outcome(
        "cardDeliveryInquiry",
        "success",
        Some("000_000"),
        Verdict::Pass,
        48,
    );
    o.expected = Some(json!({"status": 200, "body": {"status": "SHIPPING"}}));
    o.actual = Some(json!({"status": 200, "body": {"status": "SHIPPING"}}));
    o.warnings = vec![
        Failure::new(
            CheckKind::UnknownField,
            "/trackingNo",
            "only fields the spec declares",
            "an undeclared field",
        )
        .assuming(Some(Assumption::DeclaredFieldsOnly)),
    ];
    o.exchange = Some(exchange(
        "/api/v1/card/delivery",
        json!({"userId": "50000104652"}),
        200,
        response,
    ));
    o
}

/// The facts `cardStatusChange::invalid-parameter` names: its Response Code row and its Test
/// Data item.
const CASE: [&str; 2] = [
    "cardStatusChange.code.000_002.when",
    "cardStatusChange.testData.000_002",
];

/// A status and code failure, with a body diff.
pub fn status_code_failure() -> Outcome {
    let response = json!({"response": {"code": "000_000", "description": "Success."}});
    let mut o = outcome(
        "cardStatusChange",
        "invalid-parameter",
        Some("000_002"),
        Verdict::Fail {
            failures: vec![
                Failure::new(CheckKind::Status, "", "400", "200").verifying(CASE),
                Failure::new(
                    CheckKind::Code,
                    "/response/code",
                    "\"000_002\"",
                    "\"000_000\"",
                )
                .verifying(CASE),
            ],
        },
        52,
    );
    o.expected = Some(
        json!({"status": 400, "body": {"response": {"code": "000_002", "description": "Invalid input parameter."}}}),
    );
    o.actual = Some(
        json!({"status": 200, "body": {"response": {"code": "000_000", "description": "Success."}}}),
    );
    o.exchange = Some(exchange(
        "/api/v1/card/status",
        json!({"userId": "50000104652", "status": "STOP"}),
        200,
        response,
    ));
    o
}

/// A schema failure with two JSON paths.
pub fn schema_failure() -> Outcome {
    let response = json!({"response": {"code": "000_000", "description": "Success."},
        "issuedCardList": [{"digital": {"cardStatus": "LOST"}, "physical": {}}]});
    let mut o = outcome(
        "preIssueWaitingPhysical",
        "success",
        Some("000_000"),
        Verdict::Fail {
            failures: vec![
                Failure::new(
                    CheckKind::Schema,
                    "/issuedCardList/0/digital/cardStatus",
                    "`enum` to hold",
                    "the value is not one of the allowed values",
                )
                .verifying([
                    "preIssueWaitingPhysical.response.issuedCardList.digital.cardStatus.enum",
                ]),
                Failure::new(
                    CheckKind::Schema,
                    "/issuedCardList/0/physical",
                    "`required` to hold",
                    "`cardStatus` is a required property",
                )
                .verifying([
                    "preIssueWaitingPhysical.response.issuedCardList.physical.cardStatus.required",
                ]),
            ],
        },
        63,
    );
    o.expected = Some(json!({"status": 200, "body": {"response": {"code": "000_000"}}}));
    o.actual = Some(json!({"status": 200, "body": {"response": {"code": "000_000"}}}));
    o.exchange = Some(exchange(
        "/api/v1/issued-cards/pre-issue/waiting/physical",
        json!({"userId": "50000104652"}),
        200,
        response,
    ));
    o
}

/// A transport error: nothing came back.
pub fn transport_error() -> Outcome {
    let mut o = outcome(
        "cardStatusChange",
        "user-not-found",
        Some("001_006"),
        Verdict::Error {
            error: RunError {
                kind: RunErrorKind::Connect,
                message: "connection refused by 127.0.0.1:4010".to_string(),
            },
        },
        5,
    );
    let mut x = exchange(
        "/api/v1/card/status",
        json!({"userId": "0", "status": "SUSPEND"}),
        0,
        Value::Null,
    );
    x.response = None;
    x.elapsed = Duration::from_millis(4);
    o.exchange = Some(x);
    o
}

/// A skipped case.
pub fn skipped() -> Outcome {
    outcome(
        "cardStatusChange",
        "success",
        Some("000_000"),
        Verdict::Skipped {
            reason: "state-changing: pass --allow-state-change to run it".to_string(),
        },
        0,
    )
}

/// One of each kind, in a completion order that is not the report order.
pub fn outcomes() -> Vec<Outcome> {
    vec![
        schema_failure(),
        transport_error(),
        pass(),
        skipped(),
        status_code_failure(),
    ]
}

/// Every file under `dir`, as paths relative to it, sorted.
pub fn files_under(dir: &std::path::Path) -> Vec<String> {
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
