//! Judging one exchange: the answer that came back against the expectation and the contract,
//! as a verdict with its findings. Pure: the exchange is already complete (and decrypted).

use serde_json::{Value, json};

use super::{ANSWER, CLIENT_ERROR, Context, Judged, settle, walk};
use crate::expect::Expect;
use crate::mask;
use crate::outcome::{CheckKind, Exchange, Failure, Received, RunError, RunErrorKind, Verdict};

/// What the checks concluded about one exchange.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgement {
    /// Pass, fail (with the failures) or error.
    pub verdict: Verdict,
    /// Findings that do not fail it.
    pub warnings: Vec<Failure>,
    /// On failure, what was expected as `{"status", "body"}`, for a diff.
    pub expected: Option<Value>,
    /// On failure, the matching part of the answer, same shape.
    pub actual: Option<Value>,
    /// The ids of the documented facts the checks verified on the answer, held or broken.
    pub facts: Vec<String>,
}

impl Judgement {
    /// A judgement with no findings beyond its verdict.
    pub fn of(verdict: Verdict) -> Judgement {
        Judgement {
            verdict,
            warnings: vec![],
            expected: None,
            actual: None,
            facts: vec![],
        }
    }
}

/// Judges the answer of an exchange that completed (its JSON body parsed, if it was JSON).
pub fn judge(ctx: &Context, expect: &Expect, exchange: &Exchange) -> Judgement {
    let Some(received) = &exchange.response else {
        return Judgement::of(error(RunErrorKind::Transport, "no response"));
    };
    if expect.client_error {
        return status_class(ctx, expect, exchange, received);
    }
    let Some(body) = &received.json else {
        let redirected = redirect(ctx, expect, received);
        return Judgement::of(redirected.unwrap_or_else(|| not_json(received)));
    };
    let judged = Judged {
        ctx,
        expect,
        exchange,
        received,
        body,
    };
    let findings = settle(ctx.policy, walk(ANSWER, &judged));
    let mut judgement = Judgement::of(Verdict::Pass);
    judgement.warnings = findings.warnings;
    judgement.facts = findings.verified;
    // The diff views are kept for failures only: a 10,000-case run keeps every outcome until
    // the reports are written, so passes stay small.
    if !findings.failures.is_empty() {
        let (expected, actual) = views(expect, received.status, body);
        judgement.expected = Some(expected);
        judgement.actual = Some(actual);
    }
    judgement.verdict = Verdict::from_failures(findings.failures);
    judgement
}

/// An expectation that judges the status class alone ([`CLIENT_ERROR`]), whatever the body.
fn status_class(
    ctx: &Context,
    expect: &Expect,
    exchange: &Exchange,
    received: &Received,
) -> Judgement {
    let judged = Judged {
        ctx,
        expect,
        exchange,
        received,
        body: received.json.as_ref().unwrap_or(&Value::Null),
    };
    let findings = settle(ctx.policy, walk(CLIENT_ERROR, &judged));
    let failed = !findings.failures.is_empty();
    Judgement {
        verdict: Verdict::from_failures(findings.failures),
        warnings: findings.warnings,
        expected: failed.then(|| json!({"status": "a client error (HTTP 4xx)"})),
        actual: failed.then(|| json!({"status": received.status})),
        facts: findings.verified,
    }
}

/// A run error as a verdict.
pub fn error(kind: RunErrorKind, message: impl Into<String>) -> Verdict {
    Verdict::Error {
        error: RunError {
            kind,
            message: message.into(),
        },
    }
}

/// A redirect is a wrong status, not a transport problem: the harness does not follow
/// redirects (a POST API that redirects deviates from its contract), so it says where to. It
/// breaks what the case expected (its facts, or its assumption), or, with no answer expected,
/// the statuses the Response Code rows give.
fn redirect(ctx: &Context, expect: &Expect, received: &Received) -> Option<Verdict> {
    if !(300..400).contains(&received.status) {
        return None;
    }
    let to = received.header("location").unwrap_or("no Location header");
    let expected = expect.status.map_or_else(
        || "a documented status".to_string(),
        |s| format!("HTTP {s}"),
    );
    let facts = match &expect.facts[..] {
        [] => super::status::row_statuses(ctx),
        named => named.to_vec(),
    };
    let failure = Failure::new(
        CheckKind::Status,
        "",
        expected,
        format!("HTTP {} redirect to {to} (not followed)", received.status),
    );
    Some(Verdict::Fail {
        failures: vec![failure.verifying(facts).assuming(expect.assumes)],
    })
}

/// The error of an answer that is not JSON, with its start. The judge knows no secrets, so it
/// cuts between tokens ([`mask::cut`]): a secret or card number at the cut is left out whole,
/// never in part, and what is kept is masked when shown.
fn not_json(received: &Received) -> Verdict {
    let ct = received.header("content-type").unwrap_or("none");
    let what = if received.body.trim().is_empty() {
        "the body is empty".to_string()
    } else {
        format!("the body is not JSON: {:?}", mask::cut(&received.body, 120))
    };
    error(
        RunErrorKind::NotJson,
        format!("HTTP {} (Content-Type: {ct}): {what}", received.status),
    )
}

/// What the case asked for and the matching part of what came back, side by side for a diff:
/// `{"status": …, "body": {…}}` with the body cut down to the keys the case names (the
/// expected `response.code` among them).
fn views(expect: &Expect, status: u16, body: &Value) -> (Value, Value) {
    let (mut expected_body, mut actual_body) = match &expect.body {
        Some(p) => (p.source().clone(), p.project(body)),
        None => (json!({}), json!({})),
    };
    if let Some(code) = &expect.code {
        set_code(&mut expected_body, Value::String(code.clone()));
        // As a projection of the answer would: `response` when the answer has one, its
        // `code` when that has one.
        if let (Some(response), Some(obj)) = (
            body.get("response").and_then(Value::as_object),
            actual_body.as_object_mut(),
        ) {
            let shown = obj.entry("response").or_insert_with(|| json!({}));
            if let (Some(code), Some(shown)) = (response.get("code"), shown.as_object_mut()) {
                shown.insert("code".into(), code.clone());
            }
        }
    }
    (
        json!({"status": expect.status, "body": expected_body}),
        json!({"status": status, "body": actual_body}),
    )
}

fn set_code(body: &mut Value, code: Value) {
    if let Some(obj) = body.as_object_mut() {
        let response = obj.entry("response").or_insert_with(|| json!({}));
        if let Some(r) = response.as_object_mut() {
            r.insert("code".into(), code);
        }
    }
}
