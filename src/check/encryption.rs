//! The Encrypted flag: with encryption on, a success answer of an operation whose page marks
//! its Response Parameters "Encrypted" (`x-encryption.response`) must come back as
//! `{"encData": "<JWE>"}`. A plain one is a documented failure: the card data travelled in
//! clear.
//!
//! Only HTTP 200 is judged: the pages mark the Response Parameters block, i.e. the success
//! data; whether error envelopes are encrypted too is not documented, so it is not checked.
//! The JWE's algorithms are enforced where the answer is opened ([`crate::jwe`]).

use crate::outcome::{CheckKind, Exchange, Failure};
use crate::spec::Operation;

/// A failure when `encrypting` and the 200 answer to a response-encrypted `op` came back plain.
pub fn encrypted_answer(op: &Operation, exchange: &Exchange, encrypting: bool) -> Option<Failure> {
    let received = exchange.response.as_ref()?;
    let plain = encrypting
        && op.encryption.response
        && received.status == 200
        && !exchange.encryption.response;
    plain.then(|| {
        Failure::new(
            CheckKind::Encryption,
            "encData",
            "an encrypted answer {\"encData\": \"<JWE>\"} (the page marks the response Encrypted)",
            "a plain JSON answer",
        )
    })
}
