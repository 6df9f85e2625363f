//! Positive boundaries: each string of one field at exactly its minimum and maximum length
//! (once for an exact length; an enum member of that length for enums), each number at exactly
//! its minimum and maximum. Each must NOT be answered `000_002`, and starts from the harmless
//! base, so an accepted value cannot change a card.

use serde_json::Value;

use super::builder::{Builder, Draft};
use super::field_probe::FieldProbe;
use super::json::{get, json_request, set};
use super::{ConstraintKind, INVALID_INPUT, values};
use crate::case::Case;

/// The harmless case a field's boundaries change, and the field's text in it.
struct Boundaries<'a> {
    harmless: &'a Case,
    body: &'a Value,
    text: &'a str,
}

impl Builder<'_> {
    /// Every positive boundary of one field, on the harmless base; `base_text` is the field's
    /// text in the valid body, used when the harmless body has none.
    pub(super) fn boundaries(
        &mut self,
        p: &FieldProbe,
        harmless: &Case,
        body: &Value,
        base_text: &str,
    ) {
        let text = get(body, &p.field.path)
            .and_then(Value::as_str)
            .unwrap_or(base_text);
        let b = Boundaries {
            harmless,
            body,
            text,
        };
        self.length_boundaries(p, &b);
        self.range_boundaries(p, &b);
    }

    /// Adds the boundary probing `probes`: the field set to `value` must not be answered
    /// `000_002`.
    fn boundary(
        &mut self,
        (p, b): (&FieldProbe, &Boundaries),
        probes: &[usize],
        mutation: &'static str,
        description: String,
        value: Value,
    ) {
        let mut body = b.body.clone();
        set(&mut body, &p.field.path, value);
        let d = Draft {
            base: b.harmless,
            field: p.dotted.clone(),
            mutation,
            tag: "boundary",
            description: format!("{description}: must not be answered {INVALID_INPUT}."),
            request: json_request(body),
            expect: Self::accepted(p.field.assumes(mutation)),
        };
        self.add(probes, d);
    }

    fn length_boundaries(&mut self, p: &FieldProbe, b: &Boundaries) {
        let dotted = &p.dotted;
        let string_at = |n: usize| -> Option<String> {
            match &p.members {
                Some(m) => m
                    .iter()
                    .find(|s| values::len(s) == n)
                    .map(|s| s.to_string()),
                None => values::at_length(b.text, n, p.pattern.as_ref()),
            }
        };
        let lo = p.index(ConstraintKind::MinLength).zip(p.min);
        let hi = p.index(ConstraintKind::MaxLength).zip(p.max);
        if let (Some((i, a)), Some((j, max))) = (lo, hi)
            && a == max
        {
            if let Some(v) = string_at(a) {
                let description =
                    format!("`{dotted}` exactly {a} characters long, its documented length");
                self.boundary((p, b), &[i, j], "at-length", description, Value::String(v));
            }
            return;
        }
        if let Some((i, a)) = lo
            && let Some(v) = string_at(a)
        {
            let description = format!("`{dotted}` exactly {a} characters long, its minimum length");
            self.boundary((p, b), &[i], "at-min-length", description, Value::String(v));
        }
        if let Some((j, max)) = hi
            && max < 100_000
            && let Some(v) = string_at(max)
        {
            let description =
                format!("`{dotted}` exactly {max} characters long, its maximum length");
            self.boundary((p, b), &[j], "at-max-length", description, Value::String(v));
        }
    }

    fn range_boundaries(&mut self, p: &FieldProbe, b: &Boundaries) {
        let (f, dotted) = (p.field, &p.dotted);
        if let (Some(i), Some(minimum)) = (p.index(ConstraintKind::Minimum), &f.minimum) {
            let description = format!("`{dotted}` = {minimum}, exactly its minimum");
            let value = Value::Number(minimum.clone());
            self.boundary((p, b), &[i], "at-minimum", description, value);
        }
        if let (Some(i), Some(maximum)) = (p.index(ConstraintKind::Maximum), &f.maximum) {
            let description = format!("`{dotted}` = {maximum}, exactly its maximum");
            let value = Value::Number(maximum.clone());
            self.boundary((p, b), &[i], "at-maximum", description, value);
        }
    }
}
