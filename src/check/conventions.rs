//! What a target's answers say about the conventions the vendor leaves undocumented: where
//! the result text lives, whether the correlation id comes back, how a bad header is
//! answered, and whether the flagged operations answer encrypted. `probe` sends a few
//! read-only requests; this module only reads what came back, and settles a convention only
//! when every answer that bears on it agrees. Anything else is *unsettled*, with why, so the
//! user fills that key in by hand rather than trusting a guess.

use serde_json::Value;

use crate::outcome::{Exchange, RunErrorKind};
use crate::spec::protocol::header as names;

/// Why a probe request was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// A documented request of a read-only operation, sent as the case says.
    Plain,
    /// The same without a required header (`X-KM-Tran-Time`).
    Malformed,
    /// The same with an access key the target cannot know.
    Unauthorized,
}

/// One probe request and what came of it.
#[derive(Debug, Clone)]
pub struct Observed {
    /// Why it was sent.
    pub purpose: Purpose,
    /// `operationId`.
    pub operation: String,
    /// Whether the spec flags the operation's answer as encrypted.
    pub encrypted_in_spec: bool,
    /// The exchange, when a request went out (answer bodies are plaintext).
    pub exchange: Option<Exchange>,
    /// The problem, if the exchange did not complete or could not be read.
    pub error: Option<RunErrorKind>,
}

/// A convention settled, with the evidence, or not, with why.
pub type Settled<T> = Result<(T, String), String>;

/// An HTTP status and result code, as `header-errors` holds them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// `response.code`.
    pub code: String,
}

/// What the probe made of the answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conventions {
    /// `message-field`.
    pub message_field: Settled<String>,
    /// `echoes-correlation-id`.
    pub echoes_correlation_id: Settled<bool>,
    /// `header-errors.malformed`.
    pub malformed: Settled<Answer>,
    /// `header-errors.unauthorized`.
    pub unauthorized: Settled<Answer>,
    /// Per flagged (or answering-encrypted) operation: whether its answer was encrypted.
    pub encrypted: Vec<(String, bool, Settled<bool>)>,
}

/// Settles each convention from the observations.
pub fn settle(observed: &[Observed]) -> Conventions {
    Conventions {
        message_field: message_field(observed),
        echoes_correlation_id: echoes(observed),
        malformed: header_error(observed, Purpose::Malformed, "without `X-KM-Tran-Time`"),
        unauthorized: header_error(
            observed,
            Purpose::Unauthorized,
            "with an unknown access key",
        ),
        encrypted: encrypted(observed),
    }
}

/// The answers that came from the API itself: JSON with a `response.code`. A gateway's error
/// page (a 503 in plain text) says nothing about the API's conventions.
fn answered(observed: &[Observed]) -> impl Iterator<Item = (&Observed, &Exchange)> {
    observed.iter().filter_map(|o| {
        let x = o.exchange.as_ref()?;
        let api = response_object(x).is_some_and(|r| r.get("code").is_some_and(Value::is_string));
        api.then_some((o, x))
    })
}

/// The `response` object of an answer, when its body is JSON that has one.
fn response_object(x: &Exchange) -> Option<serde_json::Map<String, Value>> {
    let body: Value = serde_json::from_str(&x.response.as_ref()?.body).ok()?;
    body.get("response")?.as_object().cloned()
}

fn message_field(observed: &[Observed]) -> Settled<String> {
    let (mut description, mut message) = (0, 0);
    for (_, x) in answered(observed) {
        let Some(r) = response_object(x) else {
            continue;
        };
        description += usize::from(r.get("description").is_some_and(Value::is_string));
        message += usize::from(r.get("message").is_some_and(Value::is_string));
    }
    match (description, message) {
        (0, 0) => Err("no answer carried `response.description` or `response.message`".into()),
        (d, 0) => Ok((
            "description".into(),
            format!("`response.description` in {d} answer(s), `message` in none"),
        )),
        (0, m) => Ok((
            "message".into(),
            format!("`response.message` in {m} answer(s), `description` in none"),
        )),
        (d, m) => Err(format!(
            "`description` in {d} answer(s) and `message` in {m}: leave it unset to accept either"
        )),
    }
}

fn echoes(observed: &[Observed]) -> Settled<bool> {
    let (mut echoed, mut total) = (0, 0);
    for (_, x) in answered(observed) {
        let sent = x
            .request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(names::CORRELATION_ID))
            .map(|(_, v)| v.as_str());
        let Some(sent) = sent else { continue };
        total += 1;
        let back = x
            .response
            .as_ref()
            .and_then(|r| r.header(names::CORRELATION_ID));
        echoed += usize::from(back == Some(sent));
    }
    match (echoed, total) {
        (_, 0) => Err("no answer of the API came back to a request with a correlation id".into()),
        (0, t) => Ok((
            false,
            format!("none of {t} answers carried the request's X-KM-Correlation-Id"),
        )),
        (e, t) if e == t => Ok((
            true,
            format!("all {t} answers carried the request's X-KM-Correlation-Id"),
        )),
        (e, t) => Err(format!("{e} of {t} answers echoed the correlation id")),
    }
}

fn header_error(observed: &[Observed], purpose: Purpose, what: &str) -> Settled<Answer> {
    let probes: Vec<&Observed> = observed.iter().filter(|o| o.purpose == purpose).collect();
    let Some(o) = probes.first() else {
        return Err(format!(
            "no request {what} was sent (no documented read-only case)"
        ));
    };
    let Some(x) = o.exchange.as_ref().filter(|x| x.response.is_some()) else {
        return Err(format!("the request {what} got no answer ({:?})", o.error));
    };
    let status = x.response.as_ref().map_or(0, |r| r.status);
    if (200..300).contains(&status) {
        return Err(format!(
            "the target accepted a request {what} (HTTP {status})"
        ));
    }
    let code =
        response_object(x).and_then(|r| r.get("code").and_then(Value::as_str).map(str::to_string));
    match code {
        Some(code) => Ok((
            Answer { status, code },
            format!("a {} request {what}", o.operation),
        )),
        None => Err(format!(
            "the request {what} got HTTP {status} without a `response.code`"
        )),
    }
}

fn encrypted(observed: &[Observed]) -> Vec<(String, bool, Settled<bool>)> {
    let mut out: Vec<(String, bool, Settled<bool>)> = Vec::new();
    for o in observed.iter().filter(|o| o.purpose == Purpose::Plain) {
        let x = o.exchange.as_ref();
        let opened = x.is_some_and(|x| x.encryption.response);
        // An answer that could not be opened was encrypted all the same.
        let sealed_unopened = o.error == Some(RunErrorKind::Encryption)
            && x.and_then(|x| x.response.as_ref())
                .is_some_and(|r| r.body.contains("encData"));
        let seen = opened || sealed_unopened;
        // A plain answer counts only when it is the API's (JSON with a `response.code`).
        let api = seen
            || x.and_then(response_object)
                .is_some_and(|r| r.contains_key("code"));
        let status = x
            .and_then(|x| x.response.as_ref())
            .map(|r| r.status)
            .filter(|_| api);
        if !(o.encrypted_in_spec || seen) {
            continue;
        }
        let settled = match status {
            Some(s) => Ok((
                seen,
                format!("HTTP {s}, {}", if seen { "a JWE" } else { "plain JSON" }),
            )),
            None => Err("no answer of the API (JSON with a `response.code`) came back".to_string()),
        };
        out.push((o.operation.clone(), o.encrypted_in_spec, settled));
    }
    out
}
