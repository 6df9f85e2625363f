//! Header cases: each mandatory `X-KM-*` header missing, cut, lengthened or malformed, a
//! well-formed access key that is not the project's, and a Tran-Token whose MAC does not match.
//!
//! Each changes the operation's success request (on the generated cases' own fixtures for an
//! operation that changes cards), so that with the header put right it would succeed: a
//! target that skips the header's check accepts it, and fails the documented "not accepted",
//! not only the profile's reading of which code refuses it.

use base64::Engine as _;
use regex::Regex;
use serde_json::Value;

use super::bases::Bases;
use super::builder::{Builder, Draft, index_of};
use super::json::json_request;
use super::{ConstraintKind, Location, values};
use crate::case::{Body, Case};
use crate::profile::{Answer, HeaderErrors, Profile};
use crate::spec::protocol::header;
use crate::spec::{Operation, Spec};

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

impl Builder<'_> {
    pub(super) fn headers(&mut self, spec: &Spec, bases: &Bases) {
        let params = header_params(spec, self.op);
        let answers = self.profile.file.header_errors.clone();
        let reason = match (&answers, &bases.valid) {
            _ if bases.missing.is_some() => bases.missing.clone(),
            (None, _) => Some(
                "the target profile has no `header-errors` (the vendor does not document how a bad header is answered)"
                    .to_string(),
            ),
            (_, None) => Some("no documented success case to start from".to_string()),
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
            match (&reason, &answers, &bases.valid) {
                (None, Some(answers), Some(base)) => self.header_cases(p, &kinds, answers, base),
                _ => {
                    for (_, i) in &kinds {
                        self.not_covered(*i, reason.clone().unwrap_or_default());
                    }
                }
            }
        }
        if let Some(r) = reason
            && bases.missing.is_none()
            && !params.is_empty()
        {
            self.note(format!("header cases not generated: {r}"));
        }
    }

    fn header_cases(
        &mut self,
        p: &HeaderParam,
        kinds: &[(ConstraintKind, usize)],
        answers: &HeaderErrors,
        base: &Case,
    ) {
        let sample = sample(&p.name, self.profile);
        let pattern = p.pattern.as_deref().and_then(compiled);
        let well_formed = values::len(&sample) >= p.min_length.unwrap_or(0)
            && p.max_length.is_none_or(|m| values::len(&sample) <= m)
            && pattern.as_ref().is_none_or(|re| re.is_match(&sample));
        let h = HeaderProbe {
            param: p,
            kinds,
            answers,
            base,
            sample,
            pattern,
        };
        if let Some(i) = index_of(kinds, ConstraintKind::Required) {
            let description = format!("`{}` left out (mandatory)", p.name);
            self.header_case(&h, i, "missing", description, None, &answers.malformed);
        }
        if !well_formed {
            for (k, i) in kinds {
                if !matches!(k, ConstraintKind::Required) {
                    self.not_covered(*i, "no well-formed sample value of the header to mutate");
                }
            }
            return;
        }
        self.shape_cases(&h);
        self.identity_cases(&h);
    }

    /// The sample cut one under its minimum length, lengthened one over its maximum, and
    /// broken against its pattern at a valid length.
    fn shape_cases(&mut self, h: &HeaderProbe) {
        let (p, name, sample) = (h.param, &h.param.name, &h.sample);
        let malformed = &h.answers.malformed;
        if let (Some(i), Some(min)) = (h.index(ConstraintKind::MinLength), p.min_length) {
            let description = format!("`{name}` {} characters long, one under {min}", min - 1);
            let value = Some(values::fit(sample, min - 1));
            self.header_case(h, i, "too-short", description, value, malformed);
        }
        if let (Some(i), Some(max)) = (h.index(ConstraintKind::MaxLength), p.max_length) {
            let description = format!("`{name}` {} characters long, one over {max}", max + 1);
            let value = Some(values::fit(sample, max + 1));
            self.header_case(h, i, "too-long", description, value, malformed);
        }
        if let Some(i) = h.index(ConstraintKind::Pattern) {
            let broken = h.pattern.as_ref().and_then(|re| {
                values::breaking_pattern(sample, p.min_length.unwrap_or(0), p.max_length, re)
            });
            match broken {
                Some(v) => {
                    let description = format!("`{name}` of a valid length that breaks its pattern");
                    self.header_case(h, i, "malformed", description, Some(v), malformed);
                }
                None => self.not_covered(i, "no value of a valid length breaks the pattern"),
            }
        }
    }

    /// A well-formed access key that is not the project's, and a well-formed Tran-Token whose
    /// MAC does not match the body.
    fn identity_cases(&mut self, h: &HeaderProbe) {
        let name = &h.param.name;
        let unauthorized = &h.answers.unauthorized;
        if let Some(i) = h.index(ConstraintKind::Credential) {
            let description = format!("`{name}` well-formed but not the project's");
            let value = Some(WRONG_ACCESS_KEY.to_string());
            self.header_case(h, i, "wrong-key", description, value, unauthorized);
        }
        if let Some(i) = h.index(ConstraintKind::Signature) {
            let description = format!("`{name}` well-formed, but its MAC does not match the body");
            let value = Some(zero_mac_token());
            self.header_case(h, i, "hmac-mismatch", description, value, unauthorized);
        }
    }

    /// Adds the case probing constraint `i`: the base request with the header set to `value`
    /// (left out when `None`) must be answered as the profile's `answer` says.
    fn header_case(
        &mut self,
        h: &HeaderProbe,
        i: usize,
        mutation: &'static str,
        description: String,
        value: Option<String>,
        answer: &Answer,
    ) {
        let name = &h.param.name;
        let mut request = json_request(match &h.base.request.body {
            Body::Json(v) => v.clone(),
            _ => Value::Object(serde_json::Map::new()),
        });
        request.headers = vec![(name.clone(), value)];
        let d = Draft {
            base: h.base,
            field: name.clone(),
            mutation,
            tag: "header",
            description: format!(
                "{description}: must not be accepted, and be answered HTTP {} {} (the profile's `header-errors`).",
                answer.status, answer.code
            ),
            request,
            expect: self.answered(answer, name),
        };
        self.add(&[i], d);
    }
}

/// One mandatory header and what its cases share: its constraints (kind, index), the
/// profile's answers, the success case they change, a well-formed sample value to mutate and
/// its compiled pattern.
struct HeaderProbe<'a> {
    param: &'a HeaderParam,
    kinds: &'a [(ConstraintKind, usize)],
    answers: &'a HeaderErrors,
    base: &'a Case,
    sample: String,
    pattern: Option<Regex>,
}

impl HeaderProbe<'_> {
    fn index(&self, k: ConstraintKind) -> Option<usize> {
        index_of(self.kinds, k)
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

/// The header's pattern compiled, or `None` when it does not compile. Every operation declares
/// the same `X-KM-*` headers, so the same three patterns: compiled once per thread instead of
/// once per operation (15 compilations and their first searches were 6 % of `run --list`'s
/// instructions). A `Regex` clone shares the compiled program.
fn compiled(pattern: &str) -> Option<Regex> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, Option<Regex>>> =
            Default::default();
    }
    COMPILED.with_borrow_mut(|memo| {
        memo.entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).ok())
            .clone()
    })
}
