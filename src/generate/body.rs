//! Body cases: each field constraint broken alone (negatives), each at its exact limit
//! (positive boundaries), and each "at least one of" group left empty.

use regex::Regex;
use serde_json::Value;

use super::bases::Bases;
use super::builder::{Builder, Draft};
use super::fields::{self, Field, Group};
use super::json::{get, json_request, json_type, remove, set};
use super::{ConstraintKind, INVALID_INPUT, Location, NON_MEMBER, values};
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
        let index = |k: ConstraintKind| kinds.iter().find(|(x, _)| *x == k).map(|(_, i)| *i);
        let dotted = f.dotted();
        let here = vec![dotted.clone()];
        let base = get(valid_body, &f.path);
        let base_text = base.and_then(Value::as_str).unwrap_or("");
        let negative = |this: &Self, mutation, description: String, body: Value| Draft {
            base: valid,
            field: dotted.clone(),
            mutation,
            tag: "negative",
            description: format!("{description}: must be answered {INVALID_INPUT}."),
            request: json_request(body),
            expect: this.rejected(here.clone(), status, f.assumes(mutation)),
        };
        let with = |value: Value| {
            let mut b = valid_body.clone();
            set(&mut b, &f.path, value);
            b
        };

        if let Some(i) = index(ConstraintKind::Required) {
            let mut b = valid_body.clone();
            remove(&mut b, &f.path);
            let d = negative(
                self,
                "missing",
                format!("`{dotted}` left out (required)"),
                b,
            );
            self.add(&[i], d);
        }
        if let (Some(i), Some(ty)) = (index(ConstraintKind::Type), &f.ty) {
            let v = values::wrong_type(ty, base);
            let d = negative(
                self,
                "wrong-type",
                format!("`{dotted}` sent as {} instead of {ty}", json_type(&v)),
                with(v),
            );
            self.add(&[i], d);
        }

        let pattern = match &f.pattern {
            Some(p) => match Regex::new(p) {
                Ok(re) => Some(re),
                Err(_) => {
                    if let Some(i) = index(ConstraintKind::Pattern) {
                        self.not_covered(i, "the pattern does not compile as a Rust regex");
                    }
                    None
                }
            },
            None => None,
        };
        let min = f
            .min_length
            .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
        let max = f
            .max_length
            .map(|m| usize::try_from(m).unwrap_or(usize::MAX));
        if let (Some(i), Some(min)) = (index(ConstraintKind::MinLength), min) {
            let v = values::fit(base_text, min - 1);
            let d = negative(
                self,
                "too-short",
                format!(
                    "`{dotted}` {} characters long, one under its minimum length {min}",
                    min - 1
                ),
                with(Value::String(v)),
            );
            self.add(&[i], d);
        }
        if let (Some(i), Some(max)) = (index(ConstraintKind::MaxLength), max)
            && max < 100_000
        {
            let v = values::fit(base_text, max + 1);
            let d = negative(
                self,
                "too-long",
                format!(
                    "`{dotted}` {} characters long, one over its maximum length {max}",
                    max + 1
                ),
                with(Value::String(v)),
            );
            self.add(&[i], d);
        }
        if let (Some(i), Some(re)) = (index(ConstraintKind::Pattern), &pattern) {
            match values::breaking_pattern(base_text, min.unwrap_or(0), max, re) {
                Some(v) => {
                    let d = negative(
                        self,
                        "pattern-mismatch",
                        format!(
                            "`{dotted}` of a valid length that breaks its pattern `{}`",
                            re.as_str()
                        ),
                        with(Value::String(v)),
                    );
                    self.add(&[i], d);
                }
                None => self.not_covered(i, "no value of a valid length breaks the pattern"),
            }
        }
        let members: Option<Vec<&str>> = f
            .enumeration
            .as_ref()
            .map(|e| e.iter().filter_map(Value::as_str).collect());
        if let (Some(i), Some(all)) = (index(ConstraintKind::Enum), &f.enumeration) {
            let strings = members.clone().unwrap_or_default();
            if strings.len() != all.len() {
                self.not_covered(i, "enums of other values than strings are not generated");
            } else {
                match values::outside_enum(&strings, min.unwrap_or(0), max, pattern.as_ref()) {
                    Some(v) => {
                        let d = negative(
                            self,
                            "not-in-enum",
                            format!(
                                "`{dotted}` = {v:?}, of a valid length but not one of the enum"
                            ),
                            with(Value::String(v)),
                        );
                        self.add(&[i], d);
                    }
                    None => self.not_covered(i, "no value of a valid length lies outside the enum"),
                }
            }
        }
        if let Some(minimum) = &f.minimum
            && let Some(i) = index(ConstraintKind::Minimum)
        {
            match values::offset(minimum, -1) {
                Some(v) => {
                    let d = negative(
                        self,
                        "below-minimum",
                        format!("`{dotted}` = {v}, one under its minimum {minimum}"),
                        with(v),
                    );
                    self.add(&[i], d);
                }
                None => self.not_covered(i, "the value under the minimum is not a JSON number"),
            }
        }
        if let Some(maximum) = &f.maximum
            && let Some(i) = index(ConstraintKind::Maximum)
        {
            match values::offset(maximum, 1) {
                Some(v) => {
                    let d = negative(
                        self,
                        "above-maximum",
                        format!("`{dotted}` = {v}, one over its maximum {maximum}"),
                        with(v),
                    );
                    self.add(&[i], d);
                }
                None => self.not_covered(i, "the value over the maximum is not a JSON number"),
            }
        }

        // Positive boundaries, on the harmless base.
        let Some(harmless) = harmless else {
            return;
        };
        let Body::Json(harmless_body) = &harmless.request.body else {
            return;
        };
        let h_text = get(harmless_body, &f.path)
            .and_then(Value::as_str)
            .unwrap_or(base_text);
        let accepted = |mutation, description: String, value: Value| {
            let mut b = harmless_body.clone();
            set(&mut b, &f.path, value);
            Draft {
                base: harmless,
                field: dotted.clone(),
                mutation,
                tag: "boundary",
                description: format!("{description}: must not be answered {INVALID_INPUT}."),
                request: json_request(b),
                expect: Self::accepted(f.assumes(mutation)),
            }
        };
        let string_at = |n: usize| -> Option<String> {
            match &members {
                Some(m) => m
                    .iter()
                    .find(|s| values::len(s) == n)
                    .map(|s| s.to_string()),
                None => values::at_length(h_text, n, pattern.as_ref()),
            }
        };
        let lo = index(ConstraintKind::MinLength).zip(min);
        let hi = index(ConstraintKind::MaxLength).zip(max);
        match (lo, hi) {
            (Some((i, a)), Some((j, b))) if a == b => {
                if let Some(v) = string_at(a) {
                    let d = accepted(
                        "at-length",
                        format!("`{dotted}` exactly {a} characters long, its documented length"),
                        Value::String(v),
                    );
                    self.add(&[i, j], d);
                }
            }
            _ => {
                if let Some((i, a)) = lo
                    && let Some(v) = string_at(a)
                {
                    let d = accepted(
                        "at-min-length",
                        format!("`{dotted}` exactly {a} characters long, its minimum length"),
                        Value::String(v),
                    );
                    self.add(&[i], d);
                }
                if let Some((j, b)) = hi
                    && b < 100_000
                    && let Some(v) = string_at(b)
                {
                    let d = accepted(
                        "at-max-length",
                        format!("`{dotted}` exactly {b} characters long, its maximum length"),
                        Value::String(v),
                    );
                    self.add(&[j], d);
                }
            }
        }
        if let (Some(i), Some(minimum)) = (index(ConstraintKind::Minimum), &f.minimum) {
            let d = accepted(
                "at-minimum",
                format!("`{dotted}` = {minimum}, exactly its minimum"),
                Value::Number(minimum.clone()),
            );
            self.add(&[i], d);
        }
        if let (Some(i), Some(maximum)) = (index(ConstraintKind::Maximum), &f.maximum) {
            let d = accepted(
                "at-maximum",
                format!("`{dotted}` = {maximum}, exactly its maximum"),
                Value::Number(maximum.clone()),
            );
            self.add(&[i], d);
        }
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
                "none of `{}` given (at least one is required): must be answered {INVALID_INPUT}.",
                names.join("`, `")
            ),
            request: json_request(b),
            expect: self.rejected(names, status, g.assumes()),
        };
        self.add(&[index], d);
    }
}
