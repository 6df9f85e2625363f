//! The axum handlers of the five operations and of the 404/405 fallbacks.
//!
//! One operation request goes: body (capped in size and time) → an injected fault, if one is
//! pending → `Prefer: code=` → [`pipeline`] (admission, decryption, rules) → the journal → the
//! HTTP answer. Handlers only translate between HTTP and plain data; the state lock is taken
//! inside a synchronous section and never held across an `.await`.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, PoisonError};

use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;
use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use super::admin::broken;
use super::admin::faults::Fault;
use super::admin::journal::{Answered, Record};
use super::admin::prefer::{self, PREFERENCE_APPLIED};
use super::body::{self, BODY_LIMIT_BYTES, BodyError};
use super::clock::kst_now;
use super::config::MockConfig;
use super::correlation;
use super::crypto::{self, Sealing};
use super::envelope::Reply;
use super::operation::Operation;
use super::pipeline;
use super::shared::Shared;
use super::validate;

/// The mock's answer to one admitted (or refused) request, before it becomes HTTP.
struct Answer {
    reply: Reply,
    sealing: Option<Sealing>,
    /// The JSON the operation read (after decryption).
    read: Option<Value>,
    /// The code `Prefer: code=` forced.
    forced: Option<&'static str>,
}

impl Answer {
    fn plain(reply: Reply) -> Self {
        Self {
            reply,
            sealing: None,
            read: None,
            forced: None,
        }
    }
}

/// The handler behind each operation path.
pub(crate) async fn operation(
    op: &'static Operation,
    app: Arc<Shared>,
    request: Request,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = body::read(body, BODY_LIMIT_BYTES, app.config.body_timeout).await;
    let now = kst_now(app.config.clock.as_ref());
    let correlation_id = correlation::for_response(&parts.headers, now);
    let fault = match body {
        Err(BodyError::TimedOut) => None,
        _ => app.control.faults.take(op).filter(|_| app.config.admin),
    };
    if let Some(Fault::Delay(delay)) = fault {
        tokio::time::sleep(delay).await;
    }
    let (mut read, mut forced) = (None, None);
    let (recorded, response) = match fault {
        Some(Fault::Drop) => (None, broken::dropped()),
        Some(Fault::Malformed) => (
            Some(Answered {
                status: StatusCode::OK,
                body: Value::from(broken::MALFORMED_BODY),
                encrypted: false,
            }),
            broken::malformed(&correlation_id),
        ),
        Some(Fault::Unavailable) => {
            let answer = Answer::plain(Reply::unavailable());
            let response = respond(&answer, &app.config, &correlation_id);
            (Some(answered(&answer, &response)), response)
        }
        Some(Fault::Delay(_)) | None => {
            let mut answer = answer(op, &app, &parts.headers, body.as_ref().map_err(|e| *e), now);
            let response = respond(&answer, &app.config, &correlation_id);
            (read, forced) = (answer.read.take(), answer.forced);
            (Some(answered(&answer, &response)), response)
        }
    };
    app.record(Record {
        at: now,
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        headers: parts.headers,
        body: body.unwrap_or_default(),
        read,
        answer: recorded,
        forced,
        fault: fault.map(Fault::name),
    });
    response
}

/// A body that timed out, `Prefer: code=`, then the pipeline. A bug in a rule shows as an answer (500 with the
/// envelope), not as a dropped connection; no input is known to reach it.
fn answer(
    op: &Operation,
    app: &Shared,
    headers: &HeaderMap,
    body: Result<&Bytes, BodyError>,
    now: DateTime<FixedOffset>,
) -> Answer {
    if body == Err(BodyError::TimedOut) {
        // Whatever else is wrong, the client is too slow to be heard out.
        return Answer::plain(Reply::request_timeout());
    }
    catch_unwind(AssertUnwindSafe(|| {
        let forced = if app.config.admin {
            match prefer::forced_code(op, headers) {
                Ok(forced) => forced,
                Err(refusal) => return Answer::plain(refusal),
            }
        } else {
            None
        };
        match pipeline::admit_and_open(op, headers, body, &app.config) {
            Err(reply) => Answer::plain(reply),
            Ok((json, sealing)) => {
                let reply = match forced {
                    Some(code) => Reply::documented(op, code),
                    None => {
                        let mut state = app.state.lock().unwrap_or_else(PoisonError::into_inner);
                        validate::skipping(&app.config.skip_validation, || {
                            pipeline::run(op, &json, &mut state, now)
                        })
                    }
                };
                Answer {
                    reply,
                    sealing,
                    read: Some(json),
                    forced,
                }
            }
        }
    }))
    .unwrap_or_else(|_| Answer::plain(Reply::internal_error()))
}

/// The HTTP answer: sealed when the operation and request call for it; `Preference-Applied`
/// for a forced code; `Connection: close` after a body that did not arrive in time.
fn respond(answer: &Answer, config: &MockConfig, correlation_id: &str) -> Response {
    let reply = answer.reply.clone();
    let mut response = match (answer.sealing, config.crypto.as_ref()) {
        (Some(sealing), Some(keys)) => crypto::seal(reply, sealing, keys, correlation_id),
        _ => reply.into_http(correlation_id),
    };
    let headers = response.headers_mut();
    if let Some(code) = answer.forced
        && let Ok(value) = HeaderValue::from_str(&format!("code={code}"))
    {
        headers.insert(PREFERENCE_APPLIED, value);
    }
    if answer.reply.status == StatusCode::REQUEST_TIMEOUT {
        headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

fn answered(answer: &Answer, response: &Response) -> Answered {
    Answered {
        status: response.status(),
        body: answer.reply.body(),
        encrypted: answer.sealing.is_some(),
    }
}

/// Any path the mock does not serve.
pub(crate) async fn not_found(
    State(app): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    fallback(&app, method, &uri, headers, Reply::not_found())
}

/// A served path with another method than its own.
pub(crate) async fn method_not_allowed(
    State(app): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    fallback(&app, method, &uri, headers, Reply::method_not_allowed())
}

fn fallback(app: &Shared, method: Method, uri: &Uri, headers: HeaderMap, reply: Reply) -> Response {
    let now = kst_now(app.config.clock.as_ref());
    let response = reply
        .clone()
        .into_http(&correlation::for_response(&headers, now));
    if !uri.path().starts_with("/__admin/") {
        app.record(Record {
            at: now,
            method: method.to_string(),
            path: uri.path().to_owned(),
            headers,
            body: Bytes::new(),
            read: None,
            answer: Some(Answered {
                status: reply.status,
                body: reply.body(),
                encrypted: false,
            }),
            forced: None,
            fault: None,
        });
    }
    response
}
