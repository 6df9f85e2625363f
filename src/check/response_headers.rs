//! The headers an answer declares besides the correlation id (which [`super::headers`] checks
//! with its own words): `X-KM-Crypto-Key-Id`, Optional, `Length : 32` when present. Read from
//! the spec's `responses.<status>.headers`, so a header the contract adds is checked without a
//! line here: a Required one must come, and every value of a declared one must hold its
//! schema (each broken keyword names the fact it breaks).

use serde_json::Value;

use super::Judged;
use super::table::{Basis, Check};
use crate::facts::{self, Aspect, Kind, Side, aspect_of_keyword};
use crate::outcome::{CheckKind, Failure};
use crate::spec::protocol::header as names;
use crate::spec::schema::violations;
use crate::spec::{Operation, Spec};

/// How deep `$ref`s are followed.
const MAX_REFS: usize = 16;

/// Every declared header of a documented answer, as documented.
pub(super) const DECLARED: Check = Check {
    name: "response-headers",
    applies: |j| !declared(j.ctx.spec, j.ctx.operation, j.received.status).is_empty(),
    run: |j| {
        declared(j.ctx.spec, j.ctx.operation, j.received.status)
            .iter()
            .flat_map(|h| h.check(j))
            .collect()
    },
    verifies: |j| {
        declared(j.ctx.spec, j.ctx.operation, j.received.status)
            .iter()
            .flat_map(|h| h.verifies(j))
            .collect()
    },
    claims: |f| {
        f.kind == Kind::Header
            && f.subject.starts_with("responseHeader.")
            && f.subject != facts::header_subject(Side::Response, names::CORRELATION_ID)
    },
    basis: Basis::Own,
};

/// One header a documented answer declares.
#[derive(Debug, Clone)]
struct Declared {
    name: String,
    required: bool,
    /// JSON pointer of its schema.
    schema: String,
}

impl Declared {
    fn fact(&self, j: &Judged, aspect: Aspect) -> Option<String> {
        let subject = facts::header_subject(Side::Response, &self.name);
        let id = facts::id(&j.ctx.operation.id, &subject, Some(aspect));
        j.ctx.spec.ledger().get(&id).map(|f| f.id.clone())
    }

    fn presence(&self, j: &Judged) -> Option<String> {
        let subject = facts::header_subject(Side::Response, &self.name);
        let found = j.ctx.spec.ledger().presence(&j.ctx.operation.id, &subject);
        found.map(|f| f.id.clone())
    }

    /// Its presence fact, and the facts of its shape when it came.
    fn verifies(&self, j: &Judged) -> Vec<String> {
        let mut out: Vec<String> = self.presence(j).into_iter().collect();
        if j.received.header(&self.name).is_some() {
            out.extend(
                [Aspect::Length, Aspect::Format]
                    .map(|a| self.fact(j, a))
                    .into_iter()
                    .flatten(),
            );
        }
        out
    }

    /// Missing although Required, or a value that breaks its schema: one failure per value,
    /// naming the facts of the keywords it breaks.
    fn check(&self, j: &Judged) -> Vec<Failure> {
        let values = j.received.header_values(&self.name);
        if values.is_empty() {
            return match self.required {
                true => vec![
                    Failure::new(
                        CheckKind::Header,
                        &self.name,
                        "the header (Required)",
                        "no header",
                    )
                    .verifying(self.presence(j)),
                ],
                false => vec![],
            };
        }
        let Ok(validator) = j.ctx.spec.schemas.get(&self.schema) else {
            return vec![];
        };
        let mut out = Vec::new();
        for value in values {
            let broken = violations(&validator, &Value::String(value.to_string()));
            if broken.is_empty() {
                continue;
            }
            let rules: Vec<&str> = broken.iter().map(|v| v.keyword.as_str()).collect();
            let facts = broken
                .iter()
                .filter_map(|v| aspect_of_keyword(&v.keyword))
                .filter_map(|a| self.fact(j, a));
            out.push(
                Failure::new(
                    CheckKind::Header,
                    &self.name,
                    format!("`{}` to hold", rules.join("`, `")),
                    format!("{} characters", value.chars().count()),
                )
                .verifying(facts.collect::<Vec<_>>()),
            );
        }
        out
    }
}

/// The headers the answer of `status` declares, but the correlation id: none for a status the
/// operation does not document.
fn declared(spec: &Spec, op: &Operation, status: u16) -> Vec<Declared> {
    let base = format!(
        "/paths/{}/post/responses/{status}",
        op.path.replace('~', "~0").replace('/', "~1")
    );
    let Some((answer, at)) = resolve(&spec.doc, &base) else {
        return vec![];
    };
    let Some(headers) = answer.get("headers").and_then(Value::as_object) else {
        return vec![];
    };
    headers
        .keys()
        .filter(|name| !name.eq_ignore_ascii_case(names::CORRELATION_ID))
        .filter_map(|name| {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            let (node, at) = resolve(&spec.doc, &format!("{at}/headers/{escaped}"))?;
            Some(Declared {
                name: name.clone(),
                required: node.get("required").and_then(Value::as_bool) == Some(true),
                schema: format!("{at}/schema"),
            })
        })
        .collect()
}

/// The node at `pointer`, its `$ref`s followed, with the pointer it was found at.
fn resolve<'a>(doc: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut at = pointer.to_string();
    let mut node = doc.pointer(&at)?;
    for _ in 0..MAX_REFS {
        match node.get("$ref").and_then(Value::as_str) {
            Some(r) if r.starts_with('#') => {
                at = r[1..].to_string();
                node = doc.pointer(&at)?;
            }
            _ => break,
        }
    }
    Some((node, at))
}
