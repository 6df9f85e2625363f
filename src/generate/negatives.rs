//! Body negatives: each constraint of one field broken alone (missing, wrong type, one
//! character too short or too long, off its pattern, outside its enum, one past its minimum
//! or maximum); each must not be accepted, and be answered `000_002` with its documented HTTP
//! status.

use serde_json::Value;

use super::builder::{Builder, Draft};
use super::field_probe::FieldProbe;
use super::fields::Field;
use super::json::{get, json_request, json_type, remove, set};
use super::{ConstraintKind, INVALID_INPUT, values};
use crate::case::Case;

/// The documented success case a field's negatives change, and the status they expect.
pub(super) struct Negatives<'a> {
    pub(super) valid: &'a Case,
    pub(super) body: &'a Value,
    pub(super) status: u16,
}

impl Negatives<'_> {
    /// The field's value in the valid body.
    fn base<'v>(&'v self, f: &Field) -> Option<&'v Value> {
        get(self.body, &f.path)
    }

    /// The field's text in the valid body (empty when it is not a string).
    pub(super) fn base_text(&self, f: &Field) -> &str {
        self.base(f).and_then(Value::as_str).unwrap_or("")
    }

    /// The valid body with the field set to `value`.
    fn with(&self, f: &Field, value: Value) -> Value {
        let mut b = self.body.clone();
        set(&mut b, &f.path, value);
        b
    }
}

impl Builder<'_> {
    /// Every negative of one field, in a fixed order.
    pub(super) fn negatives(&mut self, p: &FieldProbe, n: &Negatives) {
        self.presence_and_type(p, n);
        self.length_negatives(p, n);
        self.pattern_negative(p, n);
        self.enum_negative(p, n);
        self.range_negatives(p, n);
    }

    /// Adds the negative probing constraint `i`: `body` must be answered `000_002`.
    fn negative(
        &mut self,
        (p, n): (&FieldProbe, &Negatives),
        i: usize,
        mutation: &'static str,
        description: String,
        body: Value,
    ) {
        let d = Draft {
            base: n.valid,
            field: p.dotted.clone(),
            mutation,
            tag: "negative",
            description: format!(
                "{description}: must not be accepted, and be answered {INVALID_INPUT}."
            ),
            request: json_request(body),
            expect: self.rejected(
                vec![p.dotted.clone()],
                n.status,
                p.field.rests_on(mutation),
                p.field.assumes(mutation),
            ),
        };
        self.add(&[i], d);
    }

    fn presence_and_type(&mut self, p: &FieldProbe, n: &Negatives) {
        let (f, dotted) = (p.field, &p.dotted);
        if let Some(i) = p.index(ConstraintKind::Required) {
            let mut b = n.body.clone();
            remove(&mut b, &f.path);
            let description = format!("`{dotted}` left out (required)");
            self.negative((p, n), i, "missing", description, b);
        }
        if let (Some(i), Some(ty)) = (p.index(ConstraintKind::Type), &f.ty) {
            let v = values::wrong_type(ty, n.base(f));
            let description = format!("`{dotted}` sent as {} instead of {ty}", json_type(&v));
            self.negative((p, n), i, "wrong-type", description, n.with(f, v));
        }
    }

    fn length_negatives(&mut self, p: &FieldProbe, n: &Negatives) {
        let (f, dotted, text) = (p.field, &p.dotted, n.base_text(p.field));
        if let (Some(i), Some(min)) = (p.index(ConstraintKind::MinLength), p.min) {
            let v = values::fit(text, min - 1);
            let description = format!(
                "`{dotted}` {} characters long, one under its minimum length {min}",
                min - 1
            );
            self.negative(
                (p, n),
                i,
                "too-short",
                description,
                n.with(f, Value::String(v)),
            );
        }
        if let (Some(i), Some(max)) = (p.index(ConstraintKind::MaxLength), p.max)
            && max < 100_000
        {
            let v = values::fit(text, max + 1);
            let description = format!(
                "`{dotted}` {} characters long, one over its maximum length {max}",
                max + 1
            );
            self.negative(
                (p, n),
                i,
                "too-long",
                description,
                n.with(f, Value::String(v)),
            );
        }
    }

    fn pattern_negative(&mut self, p: &FieldProbe, n: &Negatives) {
        let (Some(i), Some(re)) = (p.index(ConstraintKind::Pattern), &p.pattern) else {
            return;
        };
        match values::breaking_pattern(n.base_text(p.field), p.min.unwrap_or(0), p.max, re) {
            Some(v) => {
                let description = format!(
                    "`{}` of a valid length that breaks its pattern `{}`",
                    p.dotted,
                    re.as_str()
                );
                let body = n.with(p.field, Value::String(v));
                self.negative((p, n), i, "pattern-mismatch", description, body);
            }
            None => self.not_covered(i, "no value of a valid length breaks the pattern"),
        }
    }

    fn enum_negative(&mut self, p: &FieldProbe, n: &Negatives) {
        let (Some(i), Some(all)) = (p.index(ConstraintKind::Enum), &p.field.enumeration) else {
            return;
        };
        let strings = p.members.clone().unwrap_or_default();
        if strings.len() != all.len() {
            self.not_covered(i, "enums of other values than strings are not generated");
            return;
        }
        match values::outside_enum(&strings, p.min.unwrap_or(0), p.max, p.pattern.as_ref()) {
            Some(v) => {
                let description = format!(
                    "`{}` = {v:?}, of a valid length but not one of the enum",
                    p.dotted
                );
                let body = n.with(p.field, Value::String(v));
                self.negative((p, n), i, "not-in-enum", description, body);
            }
            None => self.not_covered(i, "no value of a valid length lies outside the enum"),
        }
    }

    fn range_negatives(&mut self, p: &FieldProbe, n: &Negatives) {
        let (f, dotted) = (p.field, &p.dotted);
        if let Some(minimum) = &f.minimum
            && let Some(i) = p.index(ConstraintKind::Minimum)
        {
            match values::offset(minimum, -1) {
                Some(v) => {
                    let description = format!("`{dotted}` = {v}, one under its minimum {minimum}");
                    self.negative((p, n), i, "below-minimum", description, n.with(f, v));
                }
                None => self.not_covered(i, "the value under the minimum is not a JSON number"),
            }
        }
        if let Some(maximum) = &f.maximum
            && let Some(i) = p.index(ConstraintKind::Maximum)
        {
            match values::offset(maximum, 1) {
                Some(v) => {
                    let description = format!("`{dotted}` = {v}, one over its maximum {maximum}");
                    self.negative((p, n), i, "above-maximum", description, n.with(f, v));
                }
                None => self.not_covered(i, "the value over the maximum is not a JSON number"),
            }
        }
    }
}
