//! The checks: each compares one aspect of an answer with the contract or the case (or, for
//! the proxy, of a client's request with what the vendor accepts), and returns failures as
//! data. None of them panics or does I/O.
//!
//! The checks of an answer are the table [`ANSWER`], which the judge walks in order: a new
//! check is its file (the entry: when it applies, what it runs, which documented facts it
//! verifies, what it rests on) and its line in the table.

mod body;
mod code;
mod context;
pub mod conventions;
mod encryption;
mod headers;
mod judge;
mod message;
mod message_text;
mod refusal;
mod request;
mod request_body;
mod request_context;
mod request_facts;
mod response_headers;
mod rule_words;
mod schema;
mod settle;
mod status;
mod table;
mod token;
mod unknown;

pub use body::{body, matches_subset, project};
pub use code::{code, code_not, documented_code};
pub use context::{Context, Findings, Judged};
pub use encryption::encrypted_answer;
pub use headers::{content_type, correlation_id};
pub use judge::{Judgement, error, judge};
pub use message::{message, message_location, message_names, names_word};
pub use message_text::same_text;
pub use refusal::{accepted, client_error};
pub use request::{Rejection, RequestFindings, request};
pub use request_context::{Client, Inner, RequestContext, header};
pub use request_facts::claims as request_claims;
pub use schema::schema;
pub use settle::settle;
pub use status::{documented, status};
pub use table::{Basis, Check, claims_none, no_facts, walk};
pub use unknown::unknown_fields;

/// The checks of an answer whose body parsed as JSON, in the order their failures are
/// reported: first whether a request the case expects refused was accepted, the answer the
/// case expects, then the conventions every answer keeps, the result text, the schema, the
/// case's body, the encryption.
pub const ANSWER: &[Check] = &[
    refusal::NOT_ACCEPTED,
    status::EXPECTED,
    status::DOCUMENTED,
    code::EXPECTED,
    code::NOT,
    code::DOCUMENTED,
    headers::CONTENT_TYPE,
    headers::CORRELATION_ID,
    response_headers::DECLARED,
    message::MESSAGE_LOCATION,
    message::MESSAGE_NAMES,
    message::MESSAGE,
    message_text::DOCUMENTED,
    schema::SCHEMA,
    unknown::UNKNOWN_FIELDS,
    body::BODY,
    encryption::ENCRYPTED,
];

/// The checks of an answer to a request the case expects refused with any client error
/// (`client_error`: a method the operation does not declare), JSON or not: the status class
/// alone, since no page says what else such an answer carries.
pub const CLIENT_ERROR: &[Check] = &[refusal::CLIENT_ERROR];
