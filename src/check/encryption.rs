//! The Encrypted flag: with encryption on, a success answer of an operation whose page marks
//! its Response Parameters "Encrypted" (`x-encryption.response`) must come back as
//! `{"encData": "<JWE>"}`. A plain one is a documented failure: the card data travelled in
//! clear.
//!
//! Only HTTP 200 is judged: the pages mark the Response Parameters block, i.e. the success
//! data; whether error envelopes are encrypted too is not documented, so it is not checked.
//! The JWE's algorithms are enforced where the answer is opened ([`crate::jwe`]).

use super::table::{Basis, Check, Severity};
use crate::outcome::{CheckKind, Exchange, Failure};
use crate::spec::Operation;

/// With encryption on, the answers the operation's page marks encrypted.
pub(super) const ENCRYPTED: Check = Check {
    name: "encrypted-answer",
    applies: |j| j.ctx.encrypting && j.ctx.operation.encryption.response,
    run: |j| {
        let (op, encrypting) = (j.ctx.operation, j.ctx.encrypting);
        encrypted_answer(op, j.exchange, encrypting)
            .into_iter()
            .collect()
    },
    basis: Basis::Own,
    severity: Severity::Fails,
};

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
        // Encryption off, an error answer, an operation whose answer is plain: not judged.
        assert!(encrypted_answer(cancel, &exchange(200, false), false).is_none());
        assert!(encrypted_answer(cancel, &exchange(400, false), true).is_none());
        assert!(encrypted_answer(status, &exchange(200, false), true).is_none());
    }
}
