//! The Encrypted flag of the Response Parameters (`x-encryption.response`, fact
//! `<op>.encryption.response`): with encryption on, a success answer of an operation whose page
//! marks them "Encrypted" must come back as `{"encData": "<JWE>"}` (a plain one let the card
//! data travel in clear), and one whose page does not must come back plain.
//!
//! Only HTTP 200 is judged: the pages mark the Response Parameters block, i.e. the success
//! data; whether error envelopes are encrypted too is not documented, so it is not checked.
//! The JWE's algorithms are enforced where the answer is opened ([`crate::jwe`]).

use super::table::{Basis, Check};
use crate::facts::Kind;
use crate::outcome::{CheckKind, Exchange, Failure};
use crate::spec::Operation;

/// The subject of the answer's Encrypted flag.
const SUBJECT: &str = "encryption.response";

/// With encryption on, every success answer travels as its page says.
pub(super) const ENCRYPTED: Check = Check {
    name: "encrypted-answer",
    applies: |j| j.ctx.encrypting && j.received.status == 200,
    run: |j| {
        let (op, encrypting) = (j.ctx.operation, j.ctx.encrypting);
        encrypted_answer(op, j.exchange, encrypting)
            .into_iter()
            .collect()
    },
    verifies: |j| {
        let id = crate::facts::id(&j.ctx.operation.id, SUBJECT, None);
        let fact = j.ctx.spec.ledger().get(&id);
        fact.map(|f| f.id.clone()).into_iter().collect()
    },
    claims: |f| f.kind == Kind::Encryption && f.subject == SUBJECT,
    basis: Basis::Own,
};

/// A failure when `encrypting` and the 200 answer to `op` did not travel as its page marks it:
/// plain although the response is Encrypted, or encrypted although it is not.
pub fn encrypted_answer(op: &Operation, exchange: &Exchange, encrypting: bool) -> Option<Failure> {
    let received = exchange.response.as_ref()?;
    if !encrypting || received.status != 200 {
        return None;
    }
    match (op.encryption.response, exchange.encryption.response) {
        (true, false) => Some(Failure::new(
            CheckKind::Encryption,
            "encData",
            "an encrypted answer {\"encData\": \"<JWE>\"} (the page marks the response Encrypted)",
            "a plain JSON answer",
        )),
        (false, true) => Some(Failure::new(
            CheckKind::Encryption,
            "encData",
            "a plain JSON answer (the page does not mark the response Encrypted)",
            "an encrypted answer {\"encData\": \"<JWE>\"}",
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;
    use std::time::Duration;

    use super::*;
    use crate::outcome::{Received, SentRequest, WireEncryption};
    use crate::spec;

    fn exchange(status: u16, encrypted: bool) -> Exchange {
        Exchange {
            request: SentRequest {
                method: "POST".into(),
                url: "http://x".into(),
                headers: vec![],
                body: String::new(),
            },
            response: Some(Received {
                status,
                headers: vec![],
                body: "{}".into(),
                json: None,
            }),
            elapsed: Duration::ZERO,
            encryption: WireEncryption {
                request: false,
                response: encrypted,
            },
        }
    }

    #[test]
    fn a_plain_success_of_a_response_encrypted_operation_fails_when_encrypting() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap();
        let cancel = spec.operation("cardDeliveryCancel").unwrap();
        let status = spec.operation("cardStatusChange").unwrap();
        assert!(encrypted_answer(cancel, &exchange(200, false), true).is_some());
        assert!(encrypted_answer(cancel, &exchange(200, true), true).is_none());
        // Encryption off, an error answer: not judged.
        assert!(encrypted_answer(cancel, &exchange(200, false), false).is_none());
        assert!(encrypted_answer(cancel, &exchange(400, false), true).is_none());
        assert!(encrypted_answer(status, &exchange(200, false), true).is_none());
        // An operation whose answer is plain on the page, answered encrypted: the flag broken.
        assert!(encrypted_answer(status, &exchange(200, true), true).is_some());
    }
}
