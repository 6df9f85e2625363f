//! The checks: each compares one aspect of an answer with the contract or the case (or, for
//! the proxy, of a client's request with what the vendor accepts), and returns failures as
//! data. None of them panics or does I/O.

mod body;
mod code;
pub mod conventions;
mod encryption;
mod headers;
mod judge;
mod request;
mod request_body;
mod schema;
mod settle;
mod status;
mod token;
mod unknown;

pub use body::{body, matches_subset, project};
pub use code::{
    code, code_not, documented_code, message, message_location, message_names, names_word,
};
pub use encryption::encrypted_answer;
pub use headers::{content_type, correlation_id};
pub use judge::{Judgement, error, judge};
pub use request::{Client, Inner, Rejection, RequestContext, RequestFindings, header, request};
pub use schema::schema;
pub use settle::settle;
pub use status::{documented, status};
pub use unknown::unknown_fields;

use serde_json::Value;

use crate::assumption::Policy;
use crate::expect::Expect;
use crate::outcome::{Failure, Received, SentRequest};
use crate::spec::{Operation, Spec};

/// What the checks need besides the exchange.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The contract.
    pub spec: &'a Spec,
    /// The case's operation.
    pub operation: &'a Operation,
    /// Unknown fields fail the case instead of warning (assumptions: see `policy`).
    pub strict: bool,
    /// What a failed assumption does: fail, warn or nothing.
    pub policy: Policy<'a>,
    /// Message encryption is on: answers the spec flags encrypted must be.
    pub encrypting: bool,
    /// The target echoes the request's correlation id.
    pub echoes_correlation_id: bool,
    /// Where the result text lives, if the profile says.
    pub message_field: Option<&'a str>,
}

/// The findings on one answer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Findings {
    /// Failures: the case fails.
    pub failures: Vec<Failure>,
    /// Warnings: reported, the case still passes.
    pub warnings: Vec<Failure>,
}

/// Runs every check on an answer whose body parsed as JSON.
pub fn response(
    ctx: &Context,
    expect: &Expect,
    sent: &SentRequest,
    received: &Received,
    body: &Value,
) -> Findings {
    let mut f = Findings::default();
    let mut answer = Vec::new();
    match expect.status {
        Some(expected) => answer.extend(status(expected, received.status)),
        None => answer.extend(documented(ctx.operation, received.status)),
    }
    if let Some(expected) = &expect.code {
        answer.extend(code(expected, body));
    }
    if let Some(unwanted) = &expect.code_not {
        answer.extend(code_not(unwanted, body));
        if expect.code.is_none() {
            answer.extend(documented_code(ctx.operation, body));
        }
    }
    // The expected answer is documented, or rests on the case's assumption as a whole.
    f.failures
        .extend(answer.into_iter().map(|a| a.assuming(expect.assumes)));
    f.failures.extend(content_type(received));
    f.failures
        .extend(correlation_id(sent, received, ctx.echoes_correlation_id));
    if !expect.message_names.is_empty() || expect.message_contains.is_some() {
        f.failures.extend(message_location(
            body,
            ctx.message_field,
            &ctx.spec.message_fields,
        ));
    }
    f.failures.extend(message_names(
        &expect.message_names,
        body,
        ctx.message_field,
        &ctx.spec.message_fields,
    ));
    if let Some(needle) = &expect.message_contains {
        f.failures.extend(message(
            needle,
            body,
            ctx.message_field,
            &ctx.spec.message_fields,
        ));
    }
    // The schema of the status that came back: a wrong status is already a failure above.
    if expect.schema && ctx.operation.response_schema(received.status).is_some() {
        f.failures
            .extend(schema(ctx.spec, ctx.operation, received.status, body));
        let unknown = unknown_fields(ctx.spec, ctx.operation, received.status, body);
        if ctx.strict {
            f.failures.extend(unknown);
        } else {
            f.warnings.extend(unknown);
        }
    }
    if let Some(expected) = &expect.body {
        // A body may require more than the page only under a named assumption (case load).
        let mismatches = expected.mismatches(body).into_iter();
        f.failures
            .extend(mismatches.map(|m| m.assuming(expect.assumes)));
    }
    f
}
