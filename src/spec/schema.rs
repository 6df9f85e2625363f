//! JSON Schema validators for request and response bodies, compiled once per operation.
//!
//! OpenAPI 3.1 Schema Objects are JSON Schema 2020-12, so `jsonschema` validates them as they
//! are. A schema's `$ref`s point into the document (`#/components/schemas/...`), so the whole
//! document is one resource of a registry, prepared once, and each validator is a root `$ref`
//! to the schema wanted: the references resolve against the document itself, with no network.
//! (Compiling each validator from its own copy of the document cloned and dropped the whole
//! spec a dozen times, over half of `run --list`'s instructions.)

use std::collections::HashMap;
use std::sync::{Arc, OnceLock, RwLock};

use jsonschema::{Draft, Registry, Validator};
use serde::Serialize;
use serde_json::Value;

/// One way a JSON document breaks its schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// JSON pointer into the instance, e.g. `/issuedCardList/0/digital`.
    pub path: String,
    /// The failing keyword, e.g. `maxLength`, `enum`, `required`.
    pub keyword: String,
    /// What is wrong, without the offending value (values may be card data).
    pub message: String,
}

/// Validators compiled on first use and then shared by every case (`Send + Sync`).
#[derive(Debug)]
pub struct Schemas {
    doc: Arc<Value>,
    /// The document as a prepared registry, on first compile.
    registry: OnceLock<Result<Registry<'static>, String>>,
    compiled: RwLock<HashMap<String, Arc<Validator>>>,
}

/// The document's URI in the registry (never fetched).
const DOC_URI: &str = "urn:konaplate:spec";

impl Schemas {
    /// Validators over `doc`, none compiled yet.
    pub fn new(doc: Arc<Value>) -> Schemas {
        Schemas {
            doc,
            registry: OnceLock::new(),
            compiled: RwLock::new(HashMap::new()),
        }
    }

    /// The validator of the schema at a JSON pointer into the document.
    pub fn get(&self, pointer: &str) -> Result<Arc<Validator>, String> {
        if let Some(v) = self
            .compiled
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .get(pointer)
        {
            return Ok(v.clone());
        }
        let registry = self
            .registry
            .get_or_init(|| {
                Registry::new()
                    .draft(Draft::Draft202012)
                    .add(DOC_URI, self.doc.clone())
                    .and_then(|b| b.prepare())
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let validator = Arc::new(compile(&self.doc, registry, pointer)?);
        self.compiled
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(pointer.to_string(), validator.clone());
        Ok(validator)
    }

    /// The schema at a JSON pointer, following `$ref`s.
    pub fn resolve<'a>(&'a self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..32 {
            match schema.get("$ref").and_then(Value::as_str) {
                Some(r) if r.starts_with('#') => match super::pointer::get(&self.doc, &r[1..]) {
                    Some(target) => schema = target,
                    None => return schema,
                },
                _ => return schema,
            }
        }
        schema
    }

    /// The whole document.
    pub fn doc(&self) -> &Value {
        &self.doc
    }
}

fn compile(doc: &Value, registry: &Registry<'static>, pointer: &str) -> Result<Validator, String> {
    if doc.pointer(pointer).is_none() {
        return Err(format!("no schema at `#{pointer}`"));
    }
    let root = serde_json::json!({ "$ref": format!("{DOC_URI}#{pointer}") });
    jsonschema::draft202012::options()
        .should_validate_formats(false)
        .with_registry(registry)
        .build(&root)
        .map_err(|e| e.masked().to_string())
}

/// Every violation of `instance` against `validator`, sorted by path for stable output.
pub fn violations(validator: &Validator, instance: &Value) -> Vec<Violation> {
    let mut out: Vec<Violation> = validator
        .iter_errors(instance)
        .map(|e| Violation {
            path: e.instance_path().to_string(),
            keyword: e.kind().keyword().to_string(),
            message: e.masked().to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.path.cmp(&b.path).then(a.keyword.cmp(&b.keyword)));
    out.dedup();
    out
}
