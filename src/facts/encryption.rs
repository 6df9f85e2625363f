//! Encryption facts: the "Encrypted" marker of an operation's Request Parameters and Response
//! Parameters, or its absence (a plain block), from `x-encryption`. A direction whose flag no
//! source shows (`x-encryption-provenance: unknown`) states nothing.

use super::fact::{About, Fact, Kind, Side, Source};
use super::provenance::{directed, operation_pointer};
use crate::spec::{Operation, Spec};

/// The request's flag, then the answer's.
pub(super) fn facts(spec: &Spec, op: &Operation, page: &Source) -> Vec<Fact> {
    let base = operation_pointer(op);
    let Some(node) = spec.doc.pointer(&base) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (side, encrypted) in [
        (Side::Request, op.encryption.request),
        (Side::Response, op.encryption.response),
    ] {
        let Some(source) = directed(node, "x-encryption-provenance", side, page) else {
            continue;
        };
        let states = if encrypted {
            "Encrypted: the body is {\"encData\": \"<JWE>\"} on the wire"
        } else {
            "not Encrypted: plain JSON"
        };
        let about = About::new(
            Kind::Encryption,
            format!("encryption.{}", side.name()),
            None,
        );
        let spec = format!("{base}/x-encryption/{}", side.name());
        out.push(Fact::new(&op.id, about, states.to_string(), source, spec));
    }
    out
}
