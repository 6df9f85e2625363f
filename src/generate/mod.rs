//! Generated negative and boundary cases, from each operation's request schema and headers.
//!
//! For every operation the generator takes the documented success case (from
//! `cases/<operation>.yaml`, variables already substituted) as a known-good body and changes
//! ONE thing at a time, so only that thing is wrong:
//!
//! - **Body negatives** (must be answered `000_002` with its documented HTTP status): each
//!   required field missing, each field of the wrong JSON type, each string one character under
//!   its `minLength` (skipped when that is 0) and over its `maxLength`, each string breaking its
//!   `pattern`, each enum field with a value outside the enum (same length rules, so only the
//!   enum is broken), each number one under its `minimum` and over its `maximum` (exact
//!   integers: `userId` gets `0` and `10000000000000000000`), each "at least one of" group left
//!   empty. Nested objects are followed as deep as the schema goes (`cardInfo.oldCardNo`).
//! - **Positive boundaries** (must NOT be answered `000_002`, see
//!   [`Expect::code_not`](crate::case::Expect::code_not)): each string at exactly its
//!   `minLength` and `maxLength` (once for an exact length; an enum member of that length for
//!   enums), each number at exactly its `minimum` and `maximum`.
//! - **Header negatives**: each mandatory `X-KM-*` header missing, one character too short and
//!   too long, breaking its pattern (correlation id, Tran-Time, Tran-Token); a well-formed
//!   access key that is not the project's, and a well-formed Tran-Token whose MAC does not
//!   match the body. The vendor does not document these answers, so they come from the target
//!   profile's `header-errors` (`malformed` for shapes, `unauthorized` for the key and the
//!   MAC); without `header-errors` no header case is generated, and the run says why.
//!
//! **State.** A generated case must never change a card when the target accepts it. Body
//! negatives are rejected before any business rule on a conforming target. Positive boundaries
//! and header cases of a state-changing operation start instead from the documented
//! `001_006` case (a valid body whose member does not exist), so an accepted value cannot
//! suspend, reissue or cancel anything; non-state-changing operations use the success body.
//!
//! **Message names.** When the target profile sets `message-field` (it says where the result
//! text is, so it is known to carry one), every negative case also requires the text to name
//! the mutated field or header as a whole word
//! ([`Expect::message_names`](crate::case::Expect::message_names)); the reference mock does.
//! Without `message-field` (the sandbox) that check is off.
//!
//! Cases are named `<operation>::generated::<field>::<mutation>`, and the output is
//! deterministic: the same spec, cases and profile give the same cases in the same order.
//! [`case_files`] renders them as ordinary case files for review (`generate --out DIR`).

mod fields;
mod values;
mod write;

#[cfg(test)]
mod tests;

use base64::Engine as _;
use regex::Regex;
use serde_json::Value;

pub use crate::coverage::{Constraint, ConstraintCoverage, ConstraintKind, Location, NotCovered};
pub use write::case_files;

use crate::assumption::Assumption;
use crate::case::{Body, Case, Expect, LoadedFile, Origin, Request};
use crate::profile::{Answer, Profile};
use crate::spec::protocol::header;
use crate::spec::{Operation, Spec};
use fields::{Field, Group};

/// The result code of a request that breaks a field constraint, on every page.
pub const INVALID_INPUT: &str = "000_002";

/// The result code of the documented success.
pub const SUCCESS: &str = "000_000";

/// The result code of a non-member ("Wallet user not found"): its documented case is the
/// harmless base of state-changing operations.
pub const NON_MEMBER: &str = "001_006";

/// The id prefix of generated cases: trials are `<operation>::generated::<field>::<mutation>`.
pub const ID_PREFIX: &str = "generated";

/// A correlation id of the documented shape, for header mutations.
pub const SAMPLE_CORRELATION_ID: &str = "221108120814-abcdef0";

/// A Tran-Time of the documented shape, for header mutations.
pub const SAMPLE_TRAN_TIME: &str = "20221108120814";

/// A well-formed access key (40 characters) that is nobody's: the credential probe.
pub const WRONG_ACCESS_KEY: &str = "KPWRONGACCESSKEY000000000000000000000000";

/// Headers the spec marks `Conditional` but that every one of its operations must carry:
/// the access key is excluded only for callback APIs, and none of the operations is one.
/// (`X-KM-Crypto-Key-Id` is conditional on encryption and gets no generated case.)
pub const ALSO_MANDATORY: &[&str] = &[header::ACCESS_KEY];

/// A well-formed Tran-Token whose MAC (base64 of 32 zero bytes) matches no body.
pub fn zero_mac_token() -> String {
    format!(
        "KMV1:20221108120814608:{}",
        base64::engine::general_purpose::STANDARD.encode([0u8; 32])
    )
}

/// What the generator made.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// The cases, sorted by name.
    pub cases: Vec<Case>,
    /// Every request constraint, in spec order, with the cases that probe it.
    pub constraints: Vec<Constraint>,
    /// Why some cases were not generated, one line per reason and operation.
    pub notes: Vec<String>,
}

impl Generated {
    /// The account of the constraints; `enabled` false when the cases will not run.
    pub fn coverage(&self, enabled: bool) -> ConstraintCoverage {
        ConstraintCoverage::of(&self.constraints, enabled)
    }
}

/// Generates the cases of every operation of `spec`, from the documented cases in `files`,
/// for the target `profile`.
pub fn generate(spec: &Spec, files: &[LoadedFile], profile: &Profile) -> Generated {
    let mut out = Generated::default();
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for op in &spec.operations {
        let documented: Vec<&Case> = files
            .iter()
            .flat_map(|f| &f.cases)
            .filter(|c| c.operation == op.id && c.origin == Origin::Documented)
            .collect();
        let mut b = Builder {
            op,
            profile,
            names_on: profile.message_field().is_some(),
            cases: Vec::new(),
            constraints: Vec::new(),
            notes: Vec::new(),
        };
        let bases = Bases::find(op, &documented);
        b.body(spec, &bases);
        b.headers(spec, &bases);
        out.cases.extend(b.cases);
        out.constraints.extend(b.constraints);
        for n in b.notes {
            match notes.iter_mut().find(|(text, _)| *text == n) {
                Some((_, ops)) => ops.push(op.id.clone()),
                None => notes.push((n, vec![op.id.clone()])),
            }
        }
    }
    // One line per reason, naming the operations it applies to.
    out.notes = notes
        .into_iter()
        .map(|(text, ops)| {
            if ops.len() > 1 && ops.len() == spec.operations.len() {
                format!("every operation: {text}")
            } else {
                format!("{}: {text}", ops.join(", "))
            }
        })
        .collect();
    for c in &mut out.constraints {
        c.cases.sort();
        c.cases.dedup();
        if c.cases.is_empty() && c.not_covered.is_none() {
            c.not_covered = Some("no value could be made for it".into());
        }
    }
    // Cached: `name` formats a string, once per case rather than once per comparison.
    out.cases.sort_by_cached_key(Case::name);
    out
}

/// The known-good bodies an operation's cases start from.
struct Bases<'a> {
    /// The documented success case: body negatives mutate it.
    valid: Option<&'a Case>,
    /// A body the target accepts field by field but that cannot change a card: the success
    /// case of a read-only operation, the `001_006` case of a state-changing one.
    harmless: Option<&'a Case>,
}

impl<'a> Bases<'a> {
    fn find(op: &Operation, documented: &[&'a Case]) -> Bases<'a> {
        let json_object = |c: &&&'a Case| matches!(&c.request.body, Body::Json(Value::Object(_)));
        let with_code = |code: &str| -> Option<&'a Case> {
            let mut found: Vec<&'a Case> = documented
                .iter()
                .filter(json_object)
                .filter(|c| c.expect.code.as_deref() == Some(code))
                .copied()
                .collect();
            // The documented `success` first, then file order.
            found.sort_by_key(|c| c.id != "success");
            found.first().copied()
        };
        let valid = with_code(SUCCESS);
        let harmless = if op.state_changing {
            with_code(NON_MEMBER)
        } else {
            valid
        };
        Bases { valid, harmless }
    }
}

/// Collects one operation's cases and constraints.
struct Builder<'a> {
    op: &'a Operation,
    profile: &'a Profile,
    names_on: bool,
    cases: Vec<Case>,
    constraints: Vec<Constraint>,
    notes: Vec<String>,
}

/// One generated case before it becomes a [`Case`].
struct Draft<'c> {
    base: &'c Case,
    field: String,
    mutation: &'static str,
    tag: &'static str,
    description: String,
    request: Request,
    expect: Expect,
}

impl Builder<'_> {
    fn constraint(&mut self, location: Location, field: &str, kind: ConstraintKind) -> usize {
        self.constraints.push(Constraint {
            operation: self.op.id.clone(),
            location,
            field: field.to_string(),
            kind,
            cases: Vec::new(),
            not_covered: None,
        });
        self.constraints.len() - 1
    }

    fn not_covered(&mut self, index: usize, reason: impl Into<String>) {
        let c = &mut self.constraints[index];
        if c.cases.is_empty() && c.not_covered.is_none() {
            c.not_covered = Some(reason.into());
        }
    }

    fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    fn add(&mut self, probes: &[usize], d: Draft) {
        let id = format!("{ID_PREFIX}::{}::{}", d.field, d.mutation);
        let name = format!("{}::{id}", self.op.id);
        for &i in probes {
            self.constraints[i].cases.push(name.clone());
            self.constraints[i].not_covered = None;
        }
        self.cases.push(Case {
            file: d.base.file.clone(),
            at: d.base.at.clone(),
            operation: self.op.id.clone(),
            id,
            test_data: None,
            source: d.base.source.clone(),
            description: Some(d.description),
            tags: vec![ID_PREFIX.to_string(), d.tag.to_string()],
            ignore: None,
            origin: Origin::Generated,
            request: d.request,
            expect: d.expect,
        });
    }

    fn names(&self, names: Vec<String>) -> Vec<String> {
        if self.names_on { names } else { vec![] }
    }

    /// Must be answered `000_002`; documented unless `assumes` says otherwise.
    fn rejected(&self, names: Vec<String>, status: u16, assumes: Option<Assumption>) -> Expect {
        Expect::rejected(status, INVALID_INPUT, self.names(names)).assuming(assumes)
    }

    /// Must not be answered `000_002`.
    fn accepted(assumes: Option<Assumption>) -> Expect {
        Expect::accepted(INVALID_INPUT).assuming(assumes)
    }

    /// The profile's answer to a bad header: the vendor does not document it.
    fn answered(&self, answer: &Answer, header_name: &str) -> Expect {
        let names = self.names(vec![header_name.to_string()]);
        Expect::rejected(answer.status, &answer.code, names)
            .assuming(Some(Assumption::HeaderErrorAnswer))
    }

    fn body(&mut self, spec: &Spec, bases: &Bases) {
        let Some(schema) = spec.doc.pointer(&self.op.request_schema) else {
            return;
        };
        let shape = fields::shape(&spec.schemas, schema);
        let invalid = self.op.error_code(INVALID_INPUT).map(|r| r.http);
        let reason = match (bases.valid, invalid) {
            (None, _) => Some("no documented success case to start from".to_string()),
            (_, None) => Some(format!("the operation documents no {INVALID_INPUT}")),
            _ => None,
        };
        if bases.harmless.is_none() && bases.valid.is_some() {
            self.note(format!(
                "positive boundaries not generated: the operation changes cards and has no documented {NON_MEMBER} case to start from"
            ));
        }
        for f in &shape.fields {
            let kinds = self.field_constraints(f);
            match (&reason, bases.valid, invalid) {
                (None, Some(valid), Some(status)) => {
                    self.field_cases(f, &kinds, valid, bases.harmless, status);
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
            match (&reason, bases.valid, invalid) {
                (None, Some(valid), Some(status)) => self.group_case(g, i, valid, status),
                _ => self.not_covered(i, reason.clone().unwrap_or_default()),
            }
        }
        if let Some(r) = reason
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

    fn headers(&mut self, spec: &Spec, bases: &Bases) {
        let params = header_params(spec, self.op);
        let answers = self.profile.file.header_errors.clone();
        let reason = match (&answers, bases.harmless) {
            (None, _) => Some(
                "the target profile has no `header-errors` (the vendor does not document how a bad header is answered)"
                    .to_string(),
            ),
            (_, None) if bases.valid.is_none() => {
                Some("no documented success case to start from".to_string())
            }
            (_, None) => Some(format!(
                "the operation changes cards and has no documented {NON_MEMBER} case to carry header cases"
            )),
            _ => None,
        };
        for p in &params {
            let mut kinds = vec![ConstraintKind::Required];
            if p.min_length.is_some_and(|m| m > 0) {
                kinds.push(ConstraintKind::MinLength);
            }
            if p.max_length.is_some() {
                kinds.push(ConstraintKind::MaxLength);
            }
            if p.pattern.is_some() {
                kinds.push(ConstraintKind::Pattern);
            }
            if p.name.eq_ignore_ascii_case(header::ACCESS_KEY) {
                kinds.push(ConstraintKind::Credential);
            }
            if p.name.eq_ignore_ascii_case(header::TRAN_TOKEN) {
                kinds.push(ConstraintKind::Signature);
            }
            let kinds: Vec<(ConstraintKind, usize)> = kinds
                .into_iter()
                .map(|k| (k, self.constraint(Location::Header, &p.name, k)))
                .collect();
            match (&reason, &answers, bases.harmless) {
                (None, Some(answers), Some(base)) => self.header_cases(p, &kinds, answers, base),
                _ => {
                    for (_, i) in &kinds {
                        self.not_covered(*i, reason.clone().unwrap_or_default());
                    }
                }
            }
        }
        if let Some(r) = reason
            && !params.is_empty()
        {
            self.note(format!("header cases not generated: {r}"));
        }
    }

    fn header_cases(
        &mut self,
        p: &HeaderParam,
        kinds: &[(ConstraintKind, usize)],
        answers: &crate::profile::HeaderErrors,
        base: &Case,
    ) {
        let index = |k: ConstraintKind| kinds.iter().find(|(x, _)| *x == k).map(|(_, i)| *i);
        let name = p.name.clone();
        let sample = sample(&name, self.profile);
        let pattern = p.pattern.as_deref().and_then(|s| Regex::new(s).ok());
        let well_formed = values::len(&sample) >= p.min_length.unwrap_or(0)
            && p.max_length.is_none_or(|m| values::len(&sample) <= m)
            && pattern.as_ref().is_none_or(|re| re.is_match(&sample));
        let draft = |this: &Self,
                     mutation,
                     description: String,
                     value: Option<String>,
                     answer: &Answer| {
            let mut request = json_request(match &base.request.body {
                Body::Json(v) => v.clone(),
                _ => Value::Object(serde_json::Map::new()),
            });
            request.headers = vec![(name.clone(), value)];
            Draft {
                base,
                field: name.clone(),
                mutation,
                tag: "header",
                description: format!(
                    "{description}: must be answered HTTP {} {} (the profile's `header-errors`).",
                    answer.status, answer.code
                ),
                request,
                expect: this.answered(answer, &name),
            }
        };
        if let Some(i) = index(ConstraintKind::Required) {
            let d = draft(
                self,
                "missing",
                format!("`{name}` left out (mandatory)"),
                None,
                &answers.malformed,
            );
            self.add(&[i], d);
        }
        if !well_formed {
            for (k, i) in kinds {
                if !matches!(k, ConstraintKind::Required) {
                    self.not_covered(*i, "no well-formed sample value of the header to mutate");
                }
            }
            return;
        }
        if let (Some(i), Some(min)) = (index(ConstraintKind::MinLength), p.min_length) {
            let d = draft(
                self,
                "too-short",
                format!("`{name}` {} characters long, one under {min}", min - 1),
                Some(values::fit(&sample, min - 1)),
                &answers.malformed,
            );
            self.add(&[i], d);
        }
        if let (Some(i), Some(max)) = (index(ConstraintKind::MaxLength), p.max_length) {
            let d = draft(
                self,
                "too-long",
                format!("`{name}` {} characters long, one over {max}", max + 1),
                Some(values::fit(&sample, max + 1)),
                &answers.malformed,
            );
            self.add(&[i], d);
        }
        if let Some(i) = index(ConstraintKind::Pattern) {
            let broken = pattern.as_ref().and_then(|re| {
                values::breaking_pattern(&sample, p.min_length.unwrap_or(0), p.max_length, re)
            });
            match broken {
                Some(v) => {
                    let d = draft(
                        self,
                        "malformed",
                        format!("`{name}` of a valid length that breaks its pattern"),
                        Some(v),
                        &answers.malformed,
                    );
                    self.add(&[i], d);
                }
                None => self.not_covered(i, "no value of a valid length breaks the pattern"),
            }
        }
        if let Some(i) = index(ConstraintKind::Credential) {
            let d = draft(
                self,
                "wrong-key",
                format!("`{name}` well-formed but not the project's"),
                Some(WRONG_ACCESS_KEY.to_string()),
                &answers.unauthorized,
            );
            self.add(&[i], d);
        }
        if let Some(i) = index(ConstraintKind::Signature) {
            let d = draft(
                self,
                "hmac-mismatch",
                format!("`{name}` well-formed, but its MAC does not match the body"),
                Some(zero_mac_token()),
                &answers.unauthorized,
            );
            self.add(&[i], d);
        }
    }
}

/// A well-formed value of a header, to cut, lengthen or break.
fn sample(name: &str, profile: &Profile) -> String {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is(header::ASP_ID) {
        profile.file.asp_id.clone()
    } else if is(header::CORRELATION_ID) {
        SAMPLE_CORRELATION_ID.to_string()
    } else if is(header::ACCESS_KEY) {
        // Never the real key: a cut or lengthened secret would end up in reports.
        WRONG_ACCESS_KEY.to_string()
    } else if is(header::TRAN_TOKEN) {
        zero_mac_token()
    } else if is(header::TRAN_TIME) {
        SAMPLE_TRAN_TIME.to_string()
    } else if is(header::TIME_ZONE) {
        profile.zone.name.clone()
    } else {
        String::new()
    }
}

/// A mandatory request header of an operation, as the spec declares it.
#[derive(Debug, Clone)]
struct HeaderParam {
    name: String,
    min_length: Option<usize>,
    max_length: Option<usize>,
    pattern: Option<String>,
}

/// The operation's mandatory header parameters (path-level ones first), in spec order.
fn header_params(spec: &Spec, op: &Operation) -> Vec<HeaderParam> {
    let escaped = op.path.replace('~', "~0").replace('/', "~1");
    let mut out: Vec<HeaderParam> = Vec::new();
    for pointer in [
        format!("/paths/{escaped}/parameters"),
        format!("/paths/{escaped}/post/parameters"),
    ] {
        for p in spec
            .doc
            .pointer(&pointer)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let p = spec.schemas.resolve(p);
            if p.get("in").and_then(Value::as_str) != Some("header") {
                continue;
            }
            let Some(name) = p.get("name").and_then(Value::as_str) else {
                continue;
            };
            let required = p.get("required").and_then(Value::as_bool) == Some(true)
                || ALSO_MANDATORY.iter().any(|m| m.eq_ignore_ascii_case(name));
            if !required {
                continue;
            }
            let schema = p
                .get("schema")
                .map(|s| spec.schemas.resolve(s))
                .cloned()
                .unwrap_or(Value::Null);
            let uint = |k: &str| {
                schema
                    .get(k)
                    .and_then(Value::as_u64)
                    .and_then(|n| usize::try_from(n).ok())
            };
            let param = HeaderParam {
                name: name.to_string(),
                min_length: uint("minLength"),
                max_length: uint("maxLength"),
                pattern: schema
                    .get("pattern")
                    .and_then(Value::as_str)
                    .map(str::to_string),
            };
            // An operation-level parameter overrides a path-level one of the same name.
            out.retain(|q| !q.name.eq_ignore_ascii_case(name));
            out.push(param);
        }
    }
    out
}

fn json_request(body: Value) -> Request {
    Request {
        headers: vec![],
        body: Body::Json(body),
    }
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The value at a path of object keys.
fn get<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// Sets the value at a path, creating (or replacing non-objects with) objects on the way.
fn set(v: &mut Value, path: &[String], new: Value) {
    let Some((last, parents)) = path.split_last() else {
        *v = new;
        return;
    };
    let mut here = v;
    for k in parents {
        if !here.is_object() {
            *here = Value::Object(serde_json::Map::new());
        }
        let Value::Object(m) = here else {
            return;
        };
        here = m.entry(k.clone()).or_insert(Value::Null);
    }
    if !here.is_object() {
        *here = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(m) = here {
        m.insert(last.clone(), new);
    }
}

/// Removes the value at a path (nothing when it is not there).
fn remove(v: &mut Value, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut here = v;
    for k in parents {
        match here.get_mut(k) {
            Some(next) => here = next,
            None => return,
        }
    }
    if let Some(m) = here.as_object_mut() {
        m.remove(last);
    }
}
