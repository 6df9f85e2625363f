//! Reading case files into checked [`Case`]s.
//!
//! A file that cannot be read or parsed, or names an unknown operation, is one error for the
//! whole file; a problem inside one case (an undocumented code, an undefined variable, a
//! duplicate id) is an error for that case only, so every other case still runs.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::file::{CaseDef, CaseFile, Names};
use super::model::{Body, Case, Expect, Origin, Request};
use super::vars;
use crate::error::{InputError, Pos, did_you_mean};
use crate::profile::Profile;
use crate::spec::{Operation, Spec};
use crate::yaml::{self, SpanIndex};

/// The result of loading one file.
#[derive(Debug)]
pub struct LoadedFile {
    /// The file.
    pub path: PathBuf,
    /// Its good cases.
    pub cases: Vec<Case>,
    /// Cases that could not be loaded, by test name, with why.
    pub case_errors: Vec<(String, InputError)>,
    /// Set when the whole file is unusable.
    pub file_error: Option<InputError>,
}

/// Loads every `*.yaml` / `*.yml` file directly in `dir`, sorted by name.
pub fn load_dir(dir: &Path, spec: &Spec, profile: &Profile) -> Result<Vec<LoadedFile>, InputError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read the cases directory: {e}")))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            // Not `is_file`: a FIFO or device named `*.yaml` is reported by `load_file`, not
            // silently skipped.
            !p.is_dir() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    paths.sort();
    Ok(paths.iter().map(|p| load_file(p, spec, profile)).collect())
}

/// Loads one file.
pub fn load_file(path: &Path, spec: &Spec, profile: &Profile) -> LoadedFile {
    match crate::input_file::read(path, crate::input_file::CASE_FILE_LIMIT) {
        Ok(text) => load_str(path, &text, spec, profile),
        Err(e) => LoadedFile {
            path: path.to_path_buf(),
            cases: vec![],
            case_errors: vec![],
            file_error: Some(InputError::file(
                path,
                format!("cannot read the case file: {e}"),
            )),
        },
    }
}

/// Loads a file given as text; `path` is used for messages.
pub fn load_str(path: &Path, text: &str, spec: &Spec, profile: &Profile) -> LoadedFile {
    let mut out = LoadedFile {
        path: path.to_path_buf(),
        cases: vec![],
        case_errors: vec![],
        file_error: None,
    };
    let file: CaseFile = match yaml::parse(path, text) {
        Ok(f) => f,
        Err(e) => {
            out.file_error = Some(e);
            return out;
        }
    };
    let spans = SpanIndex::build(text);
    let ctx = Ctx {
        path,
        text,
        spans: &spans,
    };
    let Some(op) = spec.operation(&file.operation) else {
        let mut e = ctx.at(
            "/operation",
            format!("unknown operation `{}`", file.operation),
        );
        e = match did_you_mean(&file.operation, spec.operation_ids()) {
            Some(best) => e.with_help(format!("did you mean `{best}`?")),
            None => e.with_help(format!(
                "the spec has: {}",
                spec.operation_ids().collect::<Vec<_>>().join(", ")
            )),
        };
        out.file_error = Some(e);
        return out;
    };
    if file.cases.is_empty() {
        out.file_error = Some(ctx.at("/cases", "the file has no cases".into()));
        return out;
    }
    let mut seen: Vec<(&str, usize)> = Vec::new();
    for (i, def) in file.cases.iter().enumerate() {
        let name = format!("{}::{}", op.id, def.id);
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == def.id) {
            let first_line = spans
                .value(&format!("/cases/{first}/id"))
                .map(|p| p.line)
                .unwrap_or(0);
            let e = ctx.at(
                &format!("/cases/{i}/id"),
                format!("duplicate case id `{}`", def.id),
            );
            out.case_errors.push((
                format!("{name}#{}", i + 1),
                e.with_help(format!("first used on line {first_line}")),
            ));
            continue;
        }
        seen.push((&def.id, i));
        match case(&ctx, i, def, &file, op, profile) {
            Ok(c) => out.cases.push(c),
            Err(e) => out.case_errors.push((name, e)),
        }
    }
    out
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    spans: &'a SpanIndex,
}

impl Ctx<'_> {
    fn at(&self, pointer: &str, message: String) -> InputError {
        match self.spans.key_or_value(pointer) {
            Some(pos) => InputError::at(self.path, self.text, pos, message),
            None => InputError::file(self.path, message),
        }
    }
}

fn case(
    ctx: &Ctx,
    i: usize,
    def: &CaseDef,
    file: &CaseFile,
    op: &Operation,
    profile: &Profile,
) -> Result<Case, InputError> {
    let base = format!("/cases/{i}");
    if let Some(problem) = crate::ids::case_id_problem(&def.id) {
        return Err(ctx.at(&format!("{base}/id"), problem));
    }
    let expect = &def.expect;
    let status = match (expect.status, &expect.code, &expect.code_not) {
        (Some(s), ..) => Some(s),
        (None, Some(_), _) => {
            return Err(ctx.at(
                &format!("{base}/expect/code"),
                "`code` needs the `status` it comes with".into(),
            ));
        }
        (None, None, Some(_)) => None,
        (None, None, None) => {
            return Err(ctx.at(
                &format!("{base}/expect"),
                "give the expected `status` (usually with `code`), or the `code-not` that must not come back".into(),
            ));
        }
    };
    let documented = || {
        let codes: Vec<&str> = op.error_codes.iter().map(|e| e.code.as_str()).collect();
        format!("documented codes: {}", codes.join(", "))
    };
    if let (Some(code), Some(status)) = (&expect.code, status) {
        // A code the operation documents, or the profile's answer to a bad header (the vendor
        // documents none for headers).
        let profile_answer = profile.file.header_errors.as_ref().and_then(|h| {
            [&h.malformed, &h.unauthorized]
                .into_iter()
                .find(|a| &a.code == code)
        });
        match (op.error_code(code), profile_answer) {
            (Some(row), _) if row.http != status => {
                return Err(ctx.at(
                    &format!("{base}/expect/status"),
                    format!(
                        "`{code}` is documented with HTTP {}, the case expects {status}",
                        row.http
                    ),
                ));
            }
            (Some(_), _) => {}
            (None, Some(answer)) if answer.status != status => {
                return Err(ctx.at(
                    &format!("{base}/expect/status"),
                    format!(
                        "`{code}` comes with HTTP {} in the profile's `header-errors`, the case expects {status}",
                        answer.status
                    ),
                ));
            }
            (None, Some(_)) => {}
            (None, None) => {
                let e = ctx.at(
                    &format!("{base}/expect/code"),
                    format!("`{}` does not document result code `{code}`", op.id),
                );
                return Err(e.with_help(documented()));
            }
        }
    }
    if let Some(code) = &expect.code_not
        && op.error_code(code).is_none()
    {
        let e = ctx.at(
            &format!("{base}/expect/code-not"),
            format!("`{}` does not document result code `{code}`", op.id),
        );
        return Err(e.with_help(documented()));
    }
    if let Some(label) = &def.test_data {
        let Some(td) = op.test_data(label) else {
            let e = ctx.at(
                &format!("{base}/test-data"),
                format!("`{}` has no Test Data item `{label}`", op.id),
            );
            return Err(
                match did_you_mean(label, op.test_data.iter().map(|t| t.label.as_str())) {
                    Some(best) => e.with_help(format!("did you mean `{best}`?")),
                    None => e,
                },
            );
        };
        if expect.code.as_deref().is_some_and(|c| c != td.code) {
            return Err(ctx.at(
                &format!("{base}/expect/code"),
                format!(
                    "Test Data `{label}` answers `{}`, the case expects `{}`",
                    td.code,
                    expect.code.as_deref().unwrap_or("")
                ),
            ));
        }
    }
    let lookup = |name: &str| profile.var(name).cloned();
    let subst = |value: &Value, pointer: &str| {
        vars::substitute(value, &lookup).map_err(|u| {
            let e = ctx.at(
                &format!("{pointer}{}", u.pointer),
                format!("variable `{}` {}", u.name, u.reason),
            );
            let names = profile.var_names();
            match did_you_mean(&u.name, names.iter().map(String::as_str)) {
                Some(best) => e.with_help(format!(
                    "did you mean `{best}`? (defined in {})",
                    profile.path.display()
                )),
                None => e.with_help(format!(
                    "define it under `vars` in {}",
                    profile.path.display()
                )),
            }
        })
    };
    let body = match (&def.request.body, &def.request.raw_body) {
        (Some(_), Some(_)) => {
            return Err(ctx.at(
                &format!("{base}/request/raw-body"),
                "give `body` or `raw-body`, not both".into(),
            ));
        }
        (Some(b), None) => Body::Json(subst(b, &format!("{base}/request/body"))?),
        (None, Some(raw)) => match subst(
            &Value::String(raw.clone()),
            &format!("{base}/request/raw-body"),
        )? {
            Value::String(s) => Body::Raw(s),
            other => Body::Raw(other.to_string()),
        },
        (None, None) => Body::Empty,
    };
    let mut headers = Vec::new();
    for (name, value) in &def.request.headers {
        let pointer = format!("{base}/request/headers/{name}");
        // No HTTP client can send these: an input error here, not a transport error later.
        if reqwest::header::HeaderName::from_bytes(name.as_bytes()).is_err() {
            return Err(ctx.at(
                &pointer,
                format!("`{name}` is not a valid HTTP header name"),
            ));
        }
        let value = match value {
            Some(v) => match subst(&Value::String(v.clone()), &pointer)? {
                Value::String(s) => Some(s),
                other => Some(other.to_string()),
            },
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
    let expect_body = match &expect.body {
        Some(b) => Some(subst(b, &format!("{base}/expect/body"))?),
        None => None,
    };
    if let Some((pointer, problem)) = expect_body
        .as_ref()
        .and_then(crate::check::malformed_matcher)
    {
        return Err(ctx.at(
            &format!("{base}/expect/body{pointer}"),
            format!("malformed matcher {problem}"),
        ));
    }
    Ok(Case {
        file: ctx.path.to_path_buf(),
        pos: ctx
            .spans
            .value(&format!("{base}/id"))
            .unwrap_or(Pos { line: 1, col: 1 }),
        operation: op.id.clone(),
        id: def.id.clone(),
        test_data: def.test_data.clone(),
        source: file.source.clone(),
        description: def.description.clone(),
        tags: def.tags.clone(),
        ignore: def.ignore.clone(),
        origin: Origin::Documented,
        request: Request { headers, body },
        expect: Expect {
            status,
            code: expect.code.clone(),
            code_not: expect.code_not.clone(),
            message_contains: expect.message_contains.clone(),
            message_names: expect
                .message_names
                .as_ref()
                .map(Names::to_vec)
                .unwrap_or_default(),
            body: expect_body,
            schema: expect.schema,
        },
    })
}
