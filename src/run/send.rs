//! Sending one request: the request template resolved, its wire form (encrypted and signed as
//! the profile and the spec say), the HTTP exchange, and an encrypted answer opened.
//!
//! The result is an [`Exchange`] and, when something kept it from completing, the
//! [`RunError`]; judging the answer is the checks' job ([`crate::check::judge`]).

use std::time::Instant;

use super::crypto;
use super::headers::{self, HeaderInputs};
use super::http;
use crate::case::{Body, Request};
use crate::outcome::{Exchange, RunError, RunErrorKind, SentRequest};
use crate::profile::{Profile, Secrets};
use crate::spec::{Operation, protocol};

/// What one send needs besides the request.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    /// The keep-alive client.
    pub client: &'a reqwest::Client,
    /// The target profile.
    pub profile: &'a Profile,
    /// Credentials.
    pub secrets: &'a Secrets,
    /// The base URL the operation paths are appended to.
    pub base_url: &'a str,
    /// Cap on a response body.
    pub body_cap: usize,
    /// A request still in flight then is abandoned.
    pub deadline: Option<Instant>,
}

/// What sending produced: the exchange when a request went out, and the problem that kept it
/// from going out or completing, if any.
#[derive(Debug, Clone)]
pub struct Sent {
    /// The exchange (with the plaintext bodies of encrypted traffic).
    pub exchange: Option<Exchange>,
    /// What went wrong, if anything.
    pub error: Option<RunError>,
    /// The body exactly as it went on the wire when that was the encrypted wrapper
    /// `{"encData":"<JWE>"}` (the exchange keeps the plaintext), for `replay --script`.
    pub sealed_body: Option<String>,
}

/// Sends `request` to `op` and opens the answer.
pub async fn send(target: &Target<'_>, op: &Operation, request: &Request) -> Sent {
    let started = Instant::now();
    let (sent, plaintext) = match wire_request(target, op, request) {
        Ok(r) => r,
        Err(e) => {
            return Sent {
                exchange: None,
                error: Some(e),
                sealed_body: None,
            };
        }
    };
    let (mut exchange, mut error) = exchange(target, sent, started).await;
    let mut sealed_body = None;
    if let Some(plaintext) = plaintext {
        // The report shows what was encrypted; the wire body was `{"encData": …}`.
        sealed_body = Some(std::mem::replace(&mut exchange.request.body, plaintext));
        exchange.encryption.request = true;
    }
    // Every check reads the plaintext of an encrypted answer.
    if error.is_none()
        && let Some(received) = exchange.response.as_mut()
    {
        match crypto::open_response(target.profile, received) {
            Ok(opened) => exchange.encryption.response = opened,
            Err(e) => error = Some(e),
        }
    }
    Sent {
        exchange: Some(exchange),
        error,
        sealed_body,
    }
}

/// The HTTP round trip, bounded by the run's deadline.
async fn exchange(
    target: &Target<'_>,
    request: SentRequest,
    started: Instant,
) -> (Exchange, Option<RunError>) {
    let (client, cap) = (target.client, target.body_cap);
    // The deadline also ends a request in flight: a slow target cannot outlive it. The
    // request is copied only then, to report what was sent when the answer never came.
    let Some(deadline) = target.deadline else {
        return http::send(client, request, cap).await;
    };
    let bounded = http::send(client, request.clone(), cap);
    match tokio::time::timeout_at(deadline.into(), bounded).await {
        Ok(sent) => sent,
        Err(_) => (
            Exchange {
                request,
                response: None,
                elapsed: started.elapsed(),
                encryption: Default::default(),
            },
            Some(RunError {
                kind: RunErrorKind::Deadline,
                message: "the run's deadline passed while waiting for the answer".into(),
            }),
        ),
    }
}

/// The request as it goes on the wire, and its plaintext body when the wire body is the
/// encrypted wrapper. The Tran-Token signs the wire body.
fn wire_request(
    target: &Target<'_>,
    op: &Operation,
    request: &Request,
) -> Result<(SentRequest, Option<String>), RunError> {
    let plaintext = match &request.body {
        Body::Json(v) => serde_json::to_string(v).unwrap_or_default(),
        Body::Raw(s) => s.clone(),
        Body::Empty => String::new(),
    };
    let (profile, secrets) = (target.profile, target.secrets);
    let wire = crypto::wire(profile, secrets, op, &request.body, &plaintext)?;
    let body = wire.body;
    let inputs = HeaderInputs {
        asp_id: &profile.file.asp_id,
        access_key: secrets.access_key.expose(),
        secret_key: secrets.secret_key.expose(),
        crypto_key_id: wire.key_id.as_deref(),
        zone: &profile.zone,
    };
    let mut headers = vec![
        ("Content-Type".to_string(), protocol::JSON.to_string()),
        ("Accept".to_string(), protocol::JSON.to_string()),
    ];
    headers.extend(headers::generate(
        &inputs,
        chrono::Utc::now(),
        headers::random_u32(),
        body.as_bytes(),
    ));
    headers::apply_overrides(&mut headers, &request.headers);
    let sent = SentRequest {
        method: request.method().to_string(),
        url: format!("{}{}", target.base_url.trim_end_matches('/'), op.path),
        headers,
        body,
    };
    Ok((sent, wire.sealed.then_some(plaintext)))
}
