//! Reading the OpenAPI document into a [`Spec`], with file:line:col errors.

use std::path::Path;
use std::sync::Arc;

use serde_json::Value;

use super::model::{Encryption, ErrorCode, Operation, Spec, TestData};
use super::schema::Schemas;
use super::typed::typed;
use crate::error::InputError;
use crate::provenance::sha256_hex;
use crate::yaml::{self, SpanIndex};

/// Where the spec lives, relative to the project root.
pub const DEFAULT_SPEC_PATH: &str = "specs/konaplate-card.openapi.yaml";

/// When the body schemas' validators are compiled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validators {
    /// All of them at load, so a schema that does not compile is an input error with its
    /// position, before anything is sent.
    AtLoad,
    /// Each on its first use, for a caller that judges nothing (`run --list`): compiling them
    /// all was a third of its instructions.
    OnFirstUse,
}

/// Reads and checks the spec at `path`, its validators compiled.
pub fn load(path: &Path) -> Result<Spec, InputError> {
    load_with(path, Validators::AtLoad)
}

/// Reads and checks the spec at `path`, its validators compiled when `validators` says.
pub fn load_with(path: &Path, validators: Validators) -> Result<Spec, InputError> {
    let text = crate::input_file::read(path, crate::input_file::SPEC_LIMIT)
        .map_err(|e| InputError::file(path, format!("cannot read the spec: {e}")))?;
    load_str_with(path, &text, validators)
}

/// Checks the spec given as text, its validators compiled; `path` is used for messages.
pub fn load_str(path: &Path, text: &str) -> Result<Spec, InputError> {
    load_str_with(path, text, Validators::AtLoad)
}

/// Checks the spec given as text, its validators compiled when `validators` says.
pub fn load_str_with(path: &Path, text: &str, validators: Validators) -> Result<Spec, InputError> {
    let doc: Value = yaml::parse(path, text)?;
    // Positions are needed only for an error: index the document then, not on every start.
    let spans = std::cell::OnceCell::new();
    let at = |pointer: &str, message: String| match spans
        .get_or_init(|| SpanIndex::build(text))
        .key_or_value(pointer)
    {
        Some(pos) => InputError::at(path, text, pos, message),
        None => InputError::file(path, message),
    };

    check_version(&doc, &at)?;
    let info_version = doc
        .pointer("/info/version")
        .and_then(Value::as_str)
        .ok_or_else(|| at("/info", "missing `info.version`".into()))?
        .to_string();
    let message_fields = match doc.pointer("/x-konaplate/message-fields") {
        Some(v) => typed::<Vec<String>>(v, "/x-konaplate/message-fields", &at)?,
        None => vec!["description".into(), "message".into()],
    };

    let operations = read_operations(&doc, &at)?;
    super::extensions::check_document(&doc, &at)?;
    if let Some((pointer, chain)) = super::ref_cycle::find(&doc) {
        return Err(at(
            &pointer,
            format!("`$ref` cycle with no schema in it ({chain}): it would accept any value"),
        ));
    }

    let doc = Arc::new(doc);
    let schemas = Schemas::new(doc.clone());
    if validators == Validators::AtLoad {
        compile_schemas(&schemas, &operations, &at)?;
    }
    Ok(Spec {
        path: path.to_path_buf(),
        version: info_version,
        hash: sha256_hex(text.as_bytes()),
        doc,
        operations,
        message_fields,
        schemas,
        ledger: Default::default(),
        response_headers: Default::default(),
    })
}

fn check_version(doc: &Value, at: &impl Fn(&str, String) -> InputError) -> Result<(), InputError> {
    match doc.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.1") => Ok(()),
        Some(v) => Err(at(
            "/openapi",
            format!("expected OpenAPI 3.1.x, found `{v}`"),
        )),
        None => Err(at(
            "",
            "not an OpenAPI document: no `openapi` version".into(),
        )),
    }
}

/// Every `post` operation under `paths`, in the order of the vendor's seed pages.
fn read_operations(
    doc: &Value,
    at: &impl Fn(&str, String) -> InputError,
) -> Result<Vec<Operation>, InputError> {
    let paths = doc
        .get("paths")
        .and_then(Value::as_object)
        .ok_or_else(|| at("", "missing `paths`".into()))?;
    let mut operations: Vec<Operation> = Vec::new();
    for (url, item) in paths {
        let base = format!("/paths/{}", escape(url));
        let Some(op) = item.get("post") else {
            return Err(at(&base, format!("path `{url}` has no `post` operation")));
        };
        let base = format!("{base}/post");
        let operation = read_operation(doc, url, op, &base, at)?;
        if let Some(prev) = operations.iter().find(|o| o.id == operation.id) {
            return Err(at(
                &format!("{base}/operationId"),
                format!(
                    "duplicate operationId `{}` (also on `{}`)",
                    operation.id, prev.path
                ),
            ));
        }
        operations.push(operation);
    }
    // JSON maps are sorted by key; the seed pages give the vendor's own order.
    operations.sort_by(|a, b| a.seed.cmp(&b.seed).then(a.id.cmp(&b.id)));
    if operations.is_empty() {
        return Err(at("/paths", "the spec defines no operations".into()));
    }

    Ok(operations)
}

/// Compiles every schema now, so a broken schema is an input error at load, not a case
/// failure.
fn compile_schemas(
    schemas: &Schemas,
    operations: &[Operation],
    at: &impl Fn(&str, String) -> InputError,
) -> Result<(), InputError> {
    // Every body schema of every operation, each with what its error would be called.
    let mut wanted: Vec<(&str, String)> = Vec::new();
    for op in operations {
        wanted.push((&op.request_schema, format!("request schema of `{}`", op.id)));
        for (status, pointer) in &op.response_schemas {
            wanted.push((pointer, format!("response schema {status} of `{}`", op.id)));
        }
    }
    // Compiled on every core (a sixth of a short run's start); the first error in spec order.
    let compiled = crate::parallel::map(&wanted, |(pointer, _)| schemas.get(pointer).err());
    match wanted.iter().zip(compiled).find_map(|(w, e)| Some((w, e?))) {
        Some(((pointer, what), e)) => Err(at(pointer, format!("{what}: {e}"))),
        None => Ok(()),
    }
}

fn read_operation(
    doc: &Value,
    url: &str,
    op: &Value,
    base: &str,
    at: &impl Fn(&str, String) -> InputError,
) -> Result<Operation, InputError> {
    let field = |name: &str| {
        op.get(name)
            .ok_or_else(|| at(base, format!("operation `{url}` has no `{name}`")))
    };
    let id = typed::<String>(field("operationId")?, &format!("{base}/operationId"), at)?;
    if let Some(problem) = crate::ids::operation_id_problem(&id) {
        return Err(at(&format!("{base}/operationId"), problem));
    }
    let error_codes: Vec<ErrorCode> = typed(
        field("x-error-codes")?,
        &format!("{base}/x-error-codes"),
        at,
    )?;
    let test_data: Vec<TestData> =
        typed(field("x-test-data")?, &format!("{base}/x-test-data"), at)?;
    for (i, t) in test_data.iter().enumerate() {
        if !error_codes.iter().any(|e| e.code == t.code) {
            return Err(at(
                &format!("{base}/x-test-data/{i}/code"),
                format!(
                    "Test Data `{}` maps to `{}`, which `{id}` does not document",
                    t.label, t.code
                ),
            ));
        }
    }
    super::extensions::check_operation(op, base, &error_codes, at)?;
    let request_schema = format!("{base}/requestBody/content/application~1json/schema");
    if op
        .pointer("/requestBody/content/application~1json/schema")
        .is_none()
    {
        return Err(at(
            base,
            format!("`{id}` has no application/json request body schema"),
        ));
    }
    let response_schemas = response_schemas(doc, field("responses")?, base, at)?;
    Ok(Operation {
        summary: op
            .get("summary")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        seed: typed(field("x-seed")?, &format!("{base}/x-seed"), at)?,
        encryption: match op.get("x-encryption") {
            Some(v) => typed(v, &format!("{base}/x-encryption"), at)?,
            None => Encryption::default(),
        },
        state_changing: op
            .get("x-state-changing")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        path: url.to_string(),
        id,
        error_codes,
        test_data,
        request_schema,
        response_schemas,
    })
}

/// The JSON pointer of each response's application/json schema, by HTTP status. A response
/// may be a local `$ref` (`#/components/responses/...`, shared by the operations); its
/// schema is then found under the component.
fn response_schemas(
    doc: &Value,
    responses: &Value,
    base: &str,
    at: &impl Fn(&str, String) -> InputError,
) -> Result<Vec<(u16, String)>, InputError> {
    let responses = responses.as_object().ok_or_else(|| {
        at(
            &format!("{base}/responses"),
            "`responses` must be a mapping".into(),
        )
    })?;
    let mut schemas = Vec::new();
    for (status, response) in responses {
        let Ok(code) = status.parse::<u16>() else {
            continue;
        };
        let mut pointer = format!("{base}/responses/{}", escape(status));
        if let Some(reference) = response.get("$ref") {
            let target = reference
                .as_str()
                .and_then(|r| r.strip_prefix('#'))
                .filter(|p| doc.pointer(p).is_some())
                .ok_or_else(|| {
                    at(
                        &format!("{pointer}/$ref"),
                        format!(
                            "response {status}: `$ref` {reference} names nothing in this document"
                        ),
                    )
                })?;
            pointer = target.to_string();
        }
        let schema = format!("{pointer}/content/application~1json/schema");
        if doc.pointer(&schema).is_some() {
            schemas.push((code, schema));
        }
    }
    Ok(schemas)
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
