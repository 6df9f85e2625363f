//! The shape every operation of the mock has: its path, which of its bodies the vendor page
//! marks "Encrypted", the page's message table, and the function that answers it.
//!
//! Each operation declares one [`Operation`] value in its own file under `ops/`, and
//! [`ops::ALL`](super::ops::ALL) lists them once; routing, encryption, messages and rules all
//! read from that value, so a sixth operation is one new file (plus its fixtures).

use std::fmt;

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use super::rejection::Rejection;
use super::state::State;

/// What an operation's rules produce: the data fields beside `response`, or a documented
/// rejection.
pub(crate) type Outcome = Result<Map<String, Value>, Rejection>;

/// An operation's answer to a JSON body (already admitted and decrypted), applied to the state
/// at a KST instant: parse the fields, then apply the rules.
pub(crate) type Handle = fn(&Value, &mut State, DateTime<FixedOffset>) -> Outcome;

/// One documented POST endpoint.
pub(crate) struct Operation {
    /// The request path.
    pub(crate) path: &'static str,
    /// The vendor page marks the request "Encrypted".
    pub(crate) request_encrypted: bool,
    /// The vendor page marks the answer "Encrypted".
    pub(crate) response_encrypted: bool,
    /// The page's message table, verbatim: `(code, Message)`, success first. The pages
    /// disagree on details such as the trailing period ("Success." vs "Success"), so each
    /// operation carries its own.
    pub(crate) messages: &'static [(&'static str, &'static str)],
    /// Parses the body and applies the rules.
    pub(crate) handle: Handle,
}

impl Operation {
    /// The page's message for `code`, if the page documents it.
    pub(crate) fn message(&self, code: &str) -> Option<&'static str> {
        self.messages
            .iter()
            .find(|(documented, _)| *documented == code)
            .map(|(_, message)| *message)
    }

    /// The result codes the page documents, in the page's order.
    pub(crate) fn codes(&self) -> impl Iterator<Item = &'static str> {
        self.messages.iter().map(|(code, _)| *code)
    }
}

impl fmt::Debug for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "POST {}", self.path)
    }
}

impl PartialEq for Operation {
    /// Paths are unique (they route), so the path is the identity.
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path
    }
}

impl Eq for Operation {}
