//! A client's request, checked as the vendor would check it: the `X-KM-*` headers the spec
//! declares for the operation (presence, length, format), the profile's credentials, the
//! Tran-Token HMAC over the exact body bytes ([`super::token`]), and the body against the
//! request schema, opened first when it is encrypted ([`super::request_body`]).
//!
//! The header rules are read from the operation's `parameters` in the spec, not written here,
//! so the proxy and the contract cannot disagree. Pure: the caller gives the headers and bytes
//! as they arrived, and the keys. A finding never carries the value of a secret header, only
//! its shape (length and classes of characters, [`shape`]); its expected and actual texts
//! about one are the harness's words ([`Said::words`]), which no masking turns into
//! `[REDACTED]`.

use serde_json::Value;

use super::request_body;
use super::request_context::{Inner, RequestContext, header};
use super::{rule_words, token};
use crate::facts::{Aspect, aspect_of_keyword};
use crate::mask::shape;
use crate::outcome::{CheckKind, Failure, Said};
use crate::spec::protocol::header as names;
use crate::spec::schema::violations;
use crate::spec::{Operation, Spec};

/// The findings on one request.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestFindings {
    /// Every deviation found.
    pub failures: Vec<Failure>,
    /// Whether the vendor would turn it away at its headers, and how.
    pub rejection: Option<Rejection>,
    /// How far the body was read.
    pub inner: Inner,
    /// The JSON the operation reads (the plaintext of an encrypted body), when readable.
    pub json: Option<Value>,
    /// That JSON as text, as the client serialised it.
    pub text: Option<String>,
}

/// The answer the vendor gives a request it turns away at its headers (the target profile's
/// `header-errors` says which status and code that is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rejection {
    /// A declared header missing or malformed.
    Malformed,
    /// The access key is not the client's, or the Tran-Token does not sign the body.
    Unauthorized,
}

/// Checks a request of `ctx.operation` as it arrived: `headers` in any case, `body` exact.
pub fn request(ctx: &RequestContext, headers: &[(String, String)], body: &[u8]) -> RequestFindings {
    let client = ctx.client;
    let shapes = declared(ctx, headers);
    let key = registered(
        ctx,
        headers,
        names::ACCESS_KEY,
        Some(client.access_key),
        "access key",
    );
    let token = token::check(header(headers, names::TRAN_TOKEN), client.secret_key, body)
        .map(|f| f.verifying(ctx.header_fact(names::TRAN_TOKEN, Aspect::Signature)));
    let rejection = if !shapes.is_empty() {
        Some(Rejection::Malformed)
    } else if key.is_some() || token.is_some() {
        Some(Rejection::Unauthorized)
    } else {
        None
    };
    let mut failures = shapes;
    failures.extend(key);
    failures.extend(token);
    failures.extend(registered(
        ctx,
        headers,
        names::ASP_ID,
        Some(client.asp_id),
        "ASP id",
    ));
    let id = client.crypto_key_id;
    failures.extend(registered(
        ctx,
        headers,
        names::CRYPTO_KEY_ID,
        id,
        "crypto key id",
    ));
    failures.extend(content_type(headers).map(|f| f.verifying(ctx.content_type_fact())));
    let read = request_body::read(ctx, headers, body);
    failures.extend(read.failures);
    RequestFindings {
        failures,
        rejection,
        inner: read.inner,
        json: read.json,
        text: read.text,
    }
}

/// One header parameter of an operation, as the spec declares it.
#[derive(Debug, Clone)]
struct HeaderParam {
    name: String,
    required: bool,
    /// JSON pointer of its schema.
    schema: String,
}

/// Presence and shape of every header the operation declares.
fn declared(ctx: &RequestContext, headers: &[(String, String)]) -> Vec<Failure> {
    let mut out = Vec::new();
    for param in header_params(ctx.spec, ctx.operation) {
        match header(headers, &param.name) {
            None if param.required => out.push(
                Failure::new(
                    CheckKind::RequestHeader,
                    &param.name,
                    "the header (mandatory)",
                    "no header",
                )
                .verifying(ctx.header_presence(&param.name)),
            ),
            None => {}
            Some(value) => out.extend(shape(ctx, &param, value)),
        }
    }
    out
}

/// The header parameters of `op`, `$ref`s followed. `X-KM-Access-Key` is "Conditional" in
/// the spec, the condition being a callback API; none of these operations is one, so the
/// vendor requires it.
fn header_params(spec: &Spec, op: &Operation) -> Vec<HeaderParam> {
    let pointer = format!(
        "/paths/{}/post/parameters",
        op.path.replace('~', "~0").replace('/', "~1")
    );
    let Some(Value::Array(params)) = spec.doc.pointer(&pointer) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (i, raw) in params.iter().enumerate() {
        let (param, at) = match raw.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => (spec.doc.pointer(&r[1..]), r[1..].to_string()),
            _ => (Some(raw), format!("{pointer}/{i}")),
        };
        let Some(param) = param.filter(|p| p.get("in").and_then(Value::as_str) == Some("header"))
        else {
            continue;
        };
        let name = param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let required = param.get("required").and_then(Value::as_bool) == Some(true)
            || name.eq_ignore_ascii_case(names::ACCESS_KEY);
        out.push(HeaderParam {
            name: name.to_string(),
            required,
            schema: format!("{at}/schema"),
        });
    }
    out
}

/// The value against the parameter's schema: one failure per header, however many rules break,
/// naming the fact of each.
fn shape(ctx: &RequestContext, param: &HeaderParam, value: &str) -> Option<Failure> {
    let validator = ctx.spec.schemas.get(&param.schema).ok()?;
    let broken = violations(&validator, &Value::String(value.to_string()));
    if broken.is_empty() {
        return None;
    }
    let facts = broken
        .iter()
        .filter_map(|v| aspect_of_keyword(&v.keyword))
        .filter_map(|a| ctx.header_fact(&param.name, a));
    // The rules in the page's words; the value by its shape only (a secret header's too).
    let (expected, actual) = rule_words::header_value(ctx.spec, &param.schema, &broken, value);
    Some(
        Failure::new(CheckKind::RequestHeader, &param.name, expected, actual)
            .verifying(facts.collect::<Vec<_>>()),
    )
}

/// A header the client was given a value for must carry that value.
fn registered(
    ctx: &RequestContext,
    headers: &[(String, String)],
    name: &str,
    expected: Option<&str>,
    what: &str,
) -> Option<Failure> {
    let (actual, expected) = (header(headers, name)?, expected?);
    (actual != expected).then(|| {
        Failure::new(
            CheckKind::RequestHeader,
            name,
            Said::words(format!("the profile's {what}")),
            Said::words(format!("another value ({})", shape::of_text(actual))),
        )
        .verifying(ctx.header_fact(name, Aspect::Registered))
    })
}

/// Bodies are JSON: `Content-Type: application/json` (parameters allowed).
fn content_type(headers: &[(String, String)]) -> Option<Failure> {
    let actual = header(headers, "content-type");
    let media = actual
        .and_then(|v| v.split(';').next())
        .map(|m| m.trim().to_ascii_lowercase());
    (media.as_deref() != Some(crate::spec::protocol::JSON)).then(|| {
        Failure::new(
            CheckKind::RequestHeader,
            "Content-Type",
            "application/json",
            actual.map_or("no Content-Type header".to_string(), |v| format!("\"{v}\"")),
        )
    })
}
