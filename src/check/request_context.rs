//! What a request check is given (the contract, the operation, the client as registered), how
//! far a request's body could be read, and the header lookup both the header and the body
//! checks use. Shared by `request.rs` and `request_body.rs`, so neither imports the other.

use crate::jwe::PrivateKey;
use crate::spec::{Operation, Spec};

/// What the vendor knows about the client: its registration and, when the caller has it, the
/// server's private key.
#[derive(Debug, Clone, Copy)]
pub struct Client<'a> {
    /// `X-KM-User-AspId` it was given.
    pub asp_id: &'a str,
    /// `X-KM-Access-Key` it was given.
    pub access_key: &'a str,
    /// The Tran-Token HMAC key.
    pub secret_key: &'a str,
    /// `X-KM-Crypto-Key-Id` it was given, if any.
    pub crypto_key_id: Option<&'a str>,
    /// Whether the flagged operations must travel encrypted (the profile's `encryption`).
    pub encryption_required: bool,
    /// The server's private key, to open encrypted request bodies.
    pub server_key: Option<&'a PrivateKey>,
}

/// What the checks need besides the request.
#[derive(Debug, Clone, Copy)]
pub struct RequestContext<'a> {
    /// The contract.
    pub spec: &'a Spec,
    /// The operation the request's path names.
    pub operation: &'a Operation,
    /// The client, as registered.
    pub client: Client<'a>,
}

/// How far the body could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inner {
    /// A plain JSON body, checked.
    Plain,
    /// An encrypted body, opened with the server key and checked.
    Opened,
    /// An encrypted body that could not be opened, with why (no server key, a bad JWE).
    NotInspected(String),
    /// Not JSON, or empty: nothing to read.
    Unreadable,
}

/// The first header with this name, case-insensitively.
pub fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}
