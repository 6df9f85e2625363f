//! The documented facts a client's request is held to: which fact of the ledger each finding of
//! the request checks ([`super::request`]) breaks, and which facts the request checks claim (the
//! request side of every operation's page: its body fields, its headers, its Encrypted flag).

use super::request_context::RequestContext;
use crate::facts::{self, Aspect, Fact, Kind, Side};

impl RequestContext<'_> {
    /// The id of the fact about `subject` of the operation, `aspect` of it, when a page states
    /// it.
    pub(super) fn fact(&self, subject: &str, aspect: Option<Aspect>) -> Option<String> {
        let id = facts::id(&self.operation.id, subject, aspect);
        self.spec.ledger().get(&id).map(|f| f.id.clone())
    }

    /// The id of the `aspect` fact of request header `name`.
    pub(super) fn header_fact(&self, name: &str, aspect: Aspect) -> Option<String> {
        self.fact(&facts::header_subject(Side::Request, name), Some(aspect))
    }

    /// The id of the presence fact (Required, Optional, Conditional) of request header `name`.
    pub(super) fn header_presence(&self, name: &str) -> Option<String> {
        let subject = facts::header_subject(Side::Request, name);
        let fact = self.spec.ledger().presence(&self.operation.id, &subject);
        fact.map(|f| f.id.clone())
    }

    /// The id of the request's `Content-Type` fact: the media type of its body.
    pub(super) fn content_type_fact(&self) -> Option<String> {
        self.header_fact("Content-Type", Aspect::Value)
    }

    /// The id of the request's Encrypted flag.
    pub(super) fn encryption_fact(&self) -> Option<String> {
        self.fact("encryption.request", None)
    }
}

/// Whether the request checks verify `fact`: a request body field, a request header, the
/// request's Encrypted flag.
pub fn claims(fact: &Fact) -> bool {
    match fact.kind {
        Kind::Field => fact.subject.starts_with("request."),
        Kind::Header => fact.subject.starts_with("requestHeader."),
        Kind::Encryption => fact.subject == "encryption.request",
        Kind::Code | Kind::TestData | Kind::Lifecycle => false,
    }
}
