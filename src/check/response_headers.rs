//! The headers an answer declares besides the correlation id (which [`super::headers`] checks
//! with its own words): `X-KM-Crypto-Key-Id`, Optional, `Length : 32` when present. Read from
//! the spec's `responses.<status>.headers`, so a header the contract adds is checked without a
//! line here: a Required one must come, and every value of a declared one must hold its
//! schema (each broken keyword names the fact it breaks).

use serde_json::Value;

use super::Judged;
use super::rule_words;
use super::table::{Basis, Check};
use crate::facts::{self, Aspect, Kind, Side, aspect_of_keyword};
use crate::outcome::{CheckKind, Failure};
use crate::spec::DeclaredHeader;
use crate::spec::protocol::header as names;
use crate::spec::schema::violations;

/// Every declared header of a documented answer, as documented.
pub(super) const DECLARED: Check = Check {
    name: "response-headers",
    applies: |j| declared(j).next().is_some(),
    run: |j| declared(j).flat_map(|h| check(h, j)).collect(),
    verifies: |j| declared(j).flat_map(|h| verifies(h, j)).collect(),
    claims: |f| {
        f.kind == Kind::Header
            && f.subject.starts_with("responseHeader.")
            && f.subject != facts::header_subject(Side::Response, names::CORRELATION_ID)
    },
    basis: Basis::Own,
};

fn fact(h: &DeclaredHeader, j: &Judged, aspect: Aspect) -> Option<String> {
    j.fact_id(&facts::header_subject(Side::Response, &h.name), aspect)
}

fn presence(h: &DeclaredHeader, j: &Judged) -> Option<String> {
    let subject = facts::header_subject(Side::Response, &h.name);
    let found = j.ctx.spec.ledger().presence(&j.ctx.operation.id, &subject);
    found.map(|f| f.id.clone())
}

/// Its presence fact, and the facts of its shape when it came.
fn verifies(h: &DeclaredHeader, j: &Judged) -> Vec<String> {
    let mut out: Vec<String> = presence(h, j).into_iter().collect();
    if j.received.header(&h.name).is_some() {
        out.extend(
            [Aspect::Length, Aspect::Format]
                .map(|a| fact(h, j, a))
                .into_iter()
                .flatten(),
        );
    }
    out
}

/// Missing although Required, or a value that breaks its schema: one failure per value,
/// naming the facts of the keywords it breaks.
fn check(h: &DeclaredHeader, j: &Judged) -> Vec<Failure> {
    let values = j.received.header_values(&h.name);
    if values.is_empty() {
        return match h.required {
            true => vec![
                Failure::new(
                    CheckKind::Header,
                    &h.name,
                    "the header (Required)",
                    "no header",
                )
                .verifying(presence(h, j)),
            ],
            false => vec![],
        };
    }
    let Ok(validator) = j.ctx.spec.schemas.get(&h.schema) else {
        return vec![];
    };
    let mut out = Vec::new();
    for value in values {
        let broken = violations(&validator, &Value::String(value.to_string()));
        if broken.is_empty() {
            continue;
        }
        let facts = broken
            .iter()
            .filter_map(|v| aspect_of_keyword(&v.keyword))
            .filter_map(|a| fact(h, j, a));
        let (expected, actual) = rule_words::header_value(j.ctx.spec, &h.schema, &broken, value);
        out.push(
            Failure::new(CheckKind::Header, &h.name, expected, actual)
                .verifying(facts.collect::<Vec<_>>()),
        );
    }
    out
}

/// The headers the answer declares, but the correlation id: none for a status the operation
/// does not document.
fn declared<'j>(j: &'j Judged) -> impl Iterator<Item = &'j DeclaredHeader> {
    let (ctx, status) = (&j.ctx, j.received.status);
    (ctx.spec.response_headers(&ctx.operation.id, status).iter())
        .filter(|h| !h.name.eq_ignore_ascii_case(names::CORRELATION_ID))
}
