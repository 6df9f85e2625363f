//! Body cases: the constraints of each field of the request schema, and each "at least one
//! of" group left empty. The cases of a field are `negatives.rs` (each constraint broken
//! alone) and `boundaries.rs` (each limit met exactly), over its `field_probe.rs`.

use super::bases::Bases;
use super::builder::{Builder, Draft};
use super::fields::{self, Field, Group};
use super::json::{json_request, remove};
use super::negatives::Negatives;
use super::{ConstraintKind, INVALID_INPUT, Location, NON_MEMBER};
use crate::case::{Body, Case};
use crate::spec::Spec;

impl Builder<'_> {
    pub(super) fn body(&mut self, spec: &Spec, bases: &Bases) {
        let Some(schema) = spec.doc.pointer(&self.op.request_schema) else {
            return;
        };
        let shape = fields::shape(&spec.schemas, schema);
        let invalid = self.op.error_code(INVALID_INPUT).map(|r| r.http);
        let reason = match (&bases.missing, &bases.valid, invalid) {
            (Some(missing), _, _) => Some(missing.clone()),
            (_, None, _) => Some("no documented success case to start from".to_string()),
            (_, _, None) => Some(format!("the operation documents no {INVALID_INPUT}")),
            _ => None,
        };
        if bases.harmless.is_none() && bases.valid.is_some() {
            self.note(format!(
                "positive boundaries not generated: the operation changes cards and has no documented {NON_MEMBER} case to start from"
            ));
        }
        for f in &shape.fields {
            let kinds = self.field_constraints(f);
            match (&reason, &bases.valid, invalid) {
                (None, Some(valid), Some(status)) => {
                    self.field_cases(f, &kinds, valid, bases.harmless.as_ref(), status);
                }
                _ => {
                    let r = reason.clone().unwrap_or_default();
                    for (_, i) in kinds {
                        self.not_covered(i, r.clone());
                    }
                }
            }
        }
        for g in &shape.groups {
            let i = self.constraint(Location::Body, &g.name(), ConstraintKind::AnyOf);
            match (&reason, &bases.valid, invalid) {
                (None, Some(valid), Some(status)) => self.group_case(g, i, valid, status),
                _ => self.not_covered(i, reason.clone().unwrap_or_default()),
            }
        }
        // A missing fixture is one note for all the operation's cases (`generate`).
        if let Some(r) = reason
            && bases.missing.is_none()
            && (!shape.fields.is_empty() || !shape.groups.is_empty())
        {
            self.note(format!("body cases not generated: {r}"));
        }
    }

    /// Registers the constraints of one field.
    fn field_constraints(&mut self, f: &Field) -> Vec<(ConstraintKind, usize)> {
        let dotted = f.dotted();
        let mut kinds = Vec::new();
        if f.required {
            kinds.push(ConstraintKind::Required);
        }
        if f.ty.is_some() {
            kinds.push(ConstraintKind::Type);
        }
        if f.min_length.is_some_and(|m| m > 0) {
            kinds.push(ConstraintKind::MinLength);
        }
        if f.max_length.is_some() {
            kinds.push(ConstraintKind::MaxLength);
        }
        if f.pattern.is_some() {
            kinds.push(ConstraintKind::Pattern);
        }
        if f.enumeration.is_some() {
            kinds.push(ConstraintKind::Enum);
        }
        if f.minimum.is_some() {
            kinds.push(ConstraintKind::Minimum);
        }
        if f.maximum.is_some() {
            kinds.push(ConstraintKind::Maximum);
        }
        kinds
            .into_iter()
            .map(|k| (k, self.constraint(Location::Body, &dotted, k)))
            .collect()
    }

    fn field_cases(
        &mut self,
        f: &Field,
        kinds: &[(ConstraintKind, usize)],
        valid: &Case,
        harmless: Option<&Case>,
        status: u16,
    ) {
        let Body::Json(valid_body) = &valid.request.body else {
            return;
        };
        let probe = self.field_probe(f, kinds);
        let negatives = Negatives {
            valid,
            body: valid_body,
            status,
        };
        self.negatives(&probe, &negatives);
        // Positive boundaries, on the harmless base.
        let Some(harmless) = harmless else {
            return;
        };
        let Body::Json(harmless_body) = &harmless.request.body else {
            return;
        };
        self.boundaries(&probe, harmless, harmless_body, negatives.base_text(f));
    }

    fn group_case(&mut self, g: &Group, index: usize, valid: &Case, status: u16) {
        let Body::Json(valid_body) = &valid.request.body else {
            return;
        };
        let mut b = valid_body.clone();
        for key in &g.keys {
            let mut p = g.parent.clone();
            p.push(key.clone());
            remove(&mut b, &p);
        }
        let names = g.dotted();
        let d = Draft {
            base: valid,
            field: g.name(),
            mutation: "none-given",
            tag: "negative",
            description: format!(
                "none of `{}` given (at least one is required): must not be accepted, and be answered {INVALID_INPUT}.",
                names.join("`, `")
            ),
            request: json_request(b),
            expect: self.rejected(names, status, g.assumes(), g.assumes()),
        };
        self.add(&[index], d);
    }
}
