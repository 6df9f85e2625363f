//! The parts a case and a step of a scenario share, each checked against the spec and the
//! profile at load: an id, an expectation (status, codes, a body pattern compiled once) and a
//! request (body and header overrides with `{{variables}}` substituted).

use std::path::Path;

use serde_json::Value;

use super::file::{ExpectDef, RequestDef};
use super::model::{Body, Request};
use super::vars::{self, Undefined};
use crate::error::{InputError, did_you_mean};
use crate::expect::{Expect, Pattern};
use crate::profile::Profile;
use crate::spec::Operation;
use crate::yaml::Positions;

/// Where the file being loaded is, to point errors at a line and column.
pub(crate) struct Ctx<'a> {
    pub path: &'a Path,
    /// Its text, indexed only when an error needs a position.
    pub positions: &'a Positions,
}

impl Ctx<'_> {
    /// An error at the key or value a JSON pointer names (or at the file, if it names none).
    pub fn at(&self, pointer: &str, message: String) -> InputError {
        let text = self.positions.text();
        match self.positions.index().key_or_value(pointer) {
            Some(pos) => InputError::at(self.path, text, pos, message),
            None => InputError::file(self.path, message),
        }
    }
}

/// The variables a request or an expectation may name: the profile's, and in a scenario the
/// captures of earlier steps (which stay placeholders until the step is sent).
pub(crate) struct Vars<'a> {
    pub profile: &'a Profile,
    /// Captures defined by earlier steps.
    pub captured: Vec<String>,
}

/// The prefix of a placeholder that names a captured value: `{{captured.NAME}}`.
pub const CAPTURED: &str = "captured.";

impl<'a> Vars<'a> {
    /// The profile's variables only (a case).
    pub fn profile(profile: &'a Profile) -> Vars<'a> {
        Vars {
            profile,
            captured: vec![],
        }
    }

    fn lookup(&self, name: &str) -> Option<Value> {
        match name.strip_prefix(CAPTURED) {
            // Kept as a placeholder: resolved just before the step is sent.
            Some(c) if self.captured.iter().any(|n| n == c) => {
                Some(Value::String(format!("{{{{{name}}}}}")))
            }
            Some(_) => None,
            None => self.profile.var(name).cloned(),
        }
    }

    fn undefined(&self, ctx: &Ctx, pointer: &str, u: &Undefined) -> InputError {
        let at = format!("{pointer}{}", u.pointer);
        if let Some(c) = u.name.strip_prefix(CAPTURED) {
            let why = format!("`{}` is not captured by an earlier step", u.name);
            let e = ctx.at(&at, why);
            let best = did_you_mean(c, self.captured.iter().map(String::as_str));
            return e.with_help(match best {
                Some(best) => format!("did you mean `{CAPTURED}{best}`?"),
                None if self.captured.is_empty() => {
                    "no earlier step captures anything (`capture:`)".to_string()
                }
                None => format!("earlier steps capture: {}", self.captured.join(", ")),
            });
        }
        let e = ctx.at(&at, format!("variable `{}` {}", u.name, u.reason));
        let names = self.profile.var_names();
        let path = self.profile.path.display();
        match did_you_mean(&u.name, names.iter().map(String::as_str)) {
            Some(best) => e.with_help(format!("did you mean `{best}`? (defined in {path})")),
            None => e.with_help(format!("define it under `vars` in {path}")),
        }
    }

    /// `value` with its placeholders substituted; errors point at `pointer` inside the file.
    pub fn substitute(&self, ctx: &Ctx, value: &Value, pointer: &str) -> Result<Value, InputError> {
        vars::substitute(value, &|n| self.lookup(n)).map_err(|u| self.undefined(ctx, pointer, &u))
    }

    fn substitute_text(&self, ctx: &Ctx, text: &str, pointer: &str) -> Result<String, InputError> {
        Ok(
            match self.substitute(ctx, &Value::String(text.into()), pointer)? {
                Value::String(s) => s,
                other => other.to_string(),
            },
        )
    }
}

/// A case, scenario or step id (`what`): see [`crate::ids`] (letters, digits, `-`, `_`, `.`
/// and `:`, bounded length).
pub(crate) fn check_id(ctx: &Ctx, pointer: &str, id: &str, what: &str) -> Result<(), InputError> {
    match crate::ids::id_problem(what, id) {
        Some(problem) => Err(ctx.at(pointer, problem)),
        None => Ok(()),
    }
}

/// The expectation under `base`: a status (with the code it comes with) or a `code-not`,
/// codes the operation documents, and a well-formed body pattern.
pub(crate) fn expectation(
    ctx: &Ctx,
    base: &str,
    def: &ExpectDef,
    op: &Operation,
    profile: &Profile,
    vars: &Vars,
) -> Result<Expect, InputError> {
    let status = status(ctx, base, def)?;
    if let (Some(code), Some(status)) = (&def.code, status) {
        documented_code(ctx, base, code, status, op, profile)?;
    }
    if let Some(code) = &def.code_not
        && op.error_code(code).is_none()
    {
        let e = ctx.at(
            &format!("{base}/expect/code-not"),
            format!("`{}` does not document result code `{code}`", op.id),
        );
        return Err(e.with_help(documented(op)));
    }
    let body = match &def.body {
        Some(b) => Some(Pattern::compile(&vars.substitute(
            ctx,
            b,
            &format!("{base}/expect/body"),
        )?)),
        None => None,
    };
    if let Some((pointer, problem)) = body.as_ref().and_then(Pattern::malformed) {
        return Err(ctx.at(
            &format!("{base}/expect/body{pointer}"),
            format!("malformed matcher {problem}"),
        ));
    }
    Ok(def.to_expect(status, body))
}

fn status(ctx: &Ctx, base: &str, def: &ExpectDef) -> Result<Option<u16>, InputError> {
    if def.client_error {
        return client_error_alone(ctx, base, def).map(|()| None);
    }
    match (def.status, &def.code, &def.code_not) {
        (Some(s), ..) => Ok(Some(s)),
        (None, Some(_), _) => Err(ctx.at(
            &format!("{base}/expect/code"),
            "`code` needs the `status` it comes with".into(),
        )),
        (None, None, Some(_)) => Ok(None),
        (None, None, None) => Err(ctx.at(
            &format!("{base}/expect"),
            "give the expected `status` (usually with `code`), or the `code-not` that must not come back".into(),
        )),
    }
}

/// `client-error` judges the status class alone: an answer to a method the operation does not
/// declare has no documented code, text, body or schema to hold it to.
fn client_error_alone(ctx: &Ctx, base: &str, def: &ExpectDef) -> Result<(), InputError> {
    let others = [
        ("status", def.status.is_some()),
        ("code", def.code.is_some()),
        ("code-not", def.code_not.is_some()),
        ("message-contains", def.message_contains.is_some()),
        ("message-names", def.message_names.is_some()),
        ("body", def.body.is_some()),
        ("not-accepted", def.not_accepted.is_some()),
    ];
    match others.iter().find(|(_, given)| *given) {
        Some((key, _)) => Err(ctx.at(
            &format!("{base}/expect/{key}"),
            format!(
                "`client-error` stands alone: it judges only that the answer is a 4xx, not `{key}`"
            ),
        )),
        None => Ok(()),
    }
}

fn documented(op: &Operation) -> String {
    let codes: Vec<&str> = op.error_codes.iter().map(|e| e.code.as_str()).collect();
    format!("documented codes: {}", codes.join(", "))
}

/// A code the operation documents with this status, or the profile's answer to a bad header
/// (the vendor documents none for headers).
fn documented_code(
    ctx: &Ctx,
    base: &str,
    code: &str,
    status: u16,
    op: &Operation,
    profile: &Profile,
) -> Result<(), InputError> {
    let profile_answer = profile.file.header_errors.as_ref().and_then(|h| {
        [&h.malformed, &h.unauthorized]
            .into_iter()
            .find(|a| a.code == code)
    });
    let wrong_status = |message: String| Err(ctx.at(&format!("{base}/expect/status"), message));
    match (op.error_code(code), profile_answer) {
        (Some(row), _) if row.http != status => wrong_status(format!(
            "`{code}` is documented with HTTP {}, the case expects {status}",
            row.http
        )),
        (None, Some(answer)) if answer.status != status => wrong_status(format!(
            "`{code}` comes with HTTP {} in the profile's `header-errors`, the case expects {status}",
            answer.status
        )),
        (Some(_), _) | (None, Some(_)) => Ok(()),
        (None, None) => {
            let e = ctx.at(
                &format!("{base}/expect/code"),
                format!("`{}` does not document result code `{code}`", op.id),
            );
            Err(e.with_help(documented(op)))
        }
    }
}

/// The Test Data label a case reproduces: documented, and answered with the expected code.
pub(crate) fn test_data(
    ctx: &Ctx,
    base: &str,
    label: &str,
    expect: &Expect,
    op: &Operation,
) -> Result<(), InputError> {
    let Some(td) = op.test_data(label) else {
        let e = ctx.at(
            &format!("{base}/test-data"),
            format!("`{}` has no Test Data item `{label}`", op.id),
        );
        let labels = op.test_data.iter().map(|t| t.label.as_str());
        return Err(match did_you_mean(label, labels) {
            Some(best) => e.with_help(format!("did you mean `{best}`?")),
            None => e,
        });
    };
    match &expect.code {
        Some(code) if code != &td.code => Err(ctx.at(
            &format!("{base}/expect/code"),
            format!(
                "Test Data `{label}` answers `{}`, the case expects `{code}`",
                td.code
            ),
        )),
        _ => Ok(()),
    }
}

/// The request under `base`: a JSON body or a raw one, and valid header overrides.
pub(crate) fn request(
    ctx: &Ctx,
    base: &str,
    def: &RequestDef,
    vars: &Vars,
) -> Result<Request, InputError> {
    let body = match (&def.body, &def.raw_body) {
        (Some(_), Some(_)) => {
            return Err(ctx.at(
                &format!("{base}/request/raw-body"),
                "give `body` or `raw-body`, not both".into(),
            ));
        }
        (Some(b), None) => Body::Json(vars.substitute(ctx, b, &format!("{base}/request/body"))?),
        (None, Some(raw)) => {
            Body::Raw(vars.substitute_text(ctx, raw, &format!("{base}/request/raw-body"))?)
        }
        (None, None) => Body::Empty,
    };
    let mut headers = Vec::new();
    for (name, value) in &def.headers {
        let pointer = format!("{base}/request/headers/{name}");
        // No HTTP client can send these: an input error here, not a transport error later.
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(ctx.at(
                &pointer,
                format!("`{name}` is not a valid HTTP header name"),
            ));
        }
        let value = match value {
            Some(v) => Some(vars.substitute_text(ctx, v, &pointer)?),
            None => None,
        };
        if let Some(v) = &value
            && reqwest::header::HeaderValue::from_str(v).is_err()
        {
            return Err(ctx.at(
                &pointer,
                format!("the value of header `{name}` is not a valid HTTP header value (a line break or control character?)"),
            ));
        }
        headers.push((name.clone(), value));
    }
    let method = match &def.method {
        Some(m) if !is_method(m) => {
            return Err(ctx.at(
                &format!("{base}/request/method"),
                format!("`{m}` is not an HTTP method (upper-case letters, as `PUT`)"),
            ));
        }
        Some(m) if m == crate::case::model::POST => None,
        other => other.clone(),
    };
    Ok(Request {
        method,
        headers,
        body,
    })
}

/// An HTTP method token as the case files write them: upper-case ASCII letters.
fn is_method(m: &str) -> bool {
    !m.is_empty() && m.len() <= 16 && m.bytes().all(|b| b.is_ascii_uppercase())
}
