//! The checks: each compares one aspect of an answer with the contract or the case (or, for
//! the proxy, of a client's request with what the vendor accepts), and returns failures as
//! data. None of them panics or does I/O.

mod body;
mod code;
mod headers;
mod judge;
mod request;
mod request_body;
mod schema;
mod status;
mod token;
mod unknown;

pub use body::{body, matches_subset, project};
pub use code::{code, code_not, message, message_names, names_word};
pub use headers::{content_type, correlation_id};
pub use judge::{Judgement, error, judge};
pub use request::{Client, Inner, Rejection, RequestContext, RequestFindings, header, request};
pub use schema::schema;
pub use status::{documented, status};
pub use unknown::unknown_fields;

use serde_json::Value;

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
    /// Unknown fields fail the case instead of warning.
    pub strict: bool,
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
    match expect.status {
        Some(expected) => f.failures.extend(status(expected, received.status)),
        None => f
            .failures
            .extend(documented(ctx.operation, received.status)),
    }
    f.failures.extend(content_type(received));
    f.failures
        .extend(correlation_id(sent, received, ctx.echoes_correlation_id));
    if let Some(expected) = &expect.code {
        f.failures.extend(code(expected, body));
    }
    if let Some(unwanted) = &expect.code_not {
        f.failures.extend(code_not(unwanted, body));
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
        f.failures.extend(expected.mismatches(body));
    }
    f
}
