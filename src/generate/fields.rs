//! A request schema as a flat list of constrained fields (depth first, nested objects as
//! deep as the schema goes) and of "at least one of" groups.

use serde_json::{Map, Number, Value};

use crate::assumption::Assumption;
use crate::spec::provenance;
use crate::spec::schema::Schemas;

/// How deep nested objects (and `$ref` chains through `allOf`) are followed.
const MAX_DEPTH: usize = 16;

/// One property of an object in the request schema, with its constraints.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Field {
    /// Keys from the body's root, e.g. `["cardInfo", "oldCardNo"]`.
    pub(crate) path: Vec<String>,
    /// Listed in its parent's `required`.
    pub(crate) required: bool,
    /// The declared JSON type (`string`, `integer`, `number`, `boolean`, `object`, `array`).
    pub(crate) ty: Option<String>,
    /// `minLength`.
    pub(crate) min_length: Option<u64>,
    /// `maxLength`.
    pub(crate) max_length: Option<u64>,
    /// `pattern`.
    pub(crate) pattern: Option<String>,
    /// `enum`.
    pub(crate) enumeration: Option<Vec<Value>>,
    /// `minimum`.
    pub(crate) minimum: Option<Number>,
    /// `maximum`.
    pub(crate) maximum: Option<Number>,
    /// The provenance marks of the property (`x-provenance`, `x-inferred`), as an object.
    pub(crate) marks: Value,
}

impl Field {
    /// The assumption the answer to a `mutation` of this field rests on: the spec's marks of
    /// the constraint it breaks (or hits), and for a broken `pattern` (a format) which code it
    /// gets, which the pages do not say. `None`: documented.
    pub(crate) fn assumes(&self, mutation: &str) -> Option<Assumption> {
        self.rests_on(mutation)
            .or((keyword(mutation) == "pattern").then_some(Assumption::FormatViolationCode))
    }

    /// The assumption the constraint a `mutation` breaks (or hits) rests on, by the spec's
    /// marks: what "such a request is not accepted" rests on. `None`: the page states it.
    pub(crate) fn rests_on(&self, mutation: &str) -> Option<Assumption> {
        provenance::of_node(&self.marks, keyword(mutation))
    }

    /// The dotted path, as the mock and the vendor name a field: `cardInfo.oldCardNo`.
    pub(crate) fn dotted(&self) -> String {
        self.path.join(".")
    }
}

/// The schema keyword a mutation breaks or hits (`""` for none).
fn keyword(mutation: &str) -> &'static str {
    match mutation {
        "missing" => "required",
        "wrong-type" => "type",
        "too-short" | "at-min-length" => "minLength",
        "too-long" | "at-max-length" | "at-length" => "maxLength",
        "pattern-mismatch" => "pattern",
        "not-in-enum" => "enum",
        "below-minimum" | "at-minimum" => "minimum",
        "above-maximum" | "at-maximum" => "maximum",
        _ => "",
    }
}

/// Fields of one object of which at least one must be present (`anyOf` / `oneOf` whose
/// branches are only `required` lists, like card status's `par` or `cardNo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Group {
    /// The object holding the fields (empty for the root).
    pub(crate) parent: Vec<String>,
    /// The fields' keys, in the schema's order, without repeats.
    pub(crate) keys: Vec<String>,
    /// The provenance marks of the object holding the group.
    pub(crate) marks: Value,
}

impl Group {
    /// `par-or-cardNo` (under a dotted parent: `cardInfo.par-or-cardNo`).
    pub(crate) fn name(&self) -> String {
        let keys = self.keys.join("-or-");
        if self.parent.is_empty() {
            keys
        } else {
            format!("{}.{keys}", self.parent.join("."))
        }
    }

    /// The assumption its "at least one" rests on (`None`: documented).
    pub(crate) fn assumes(&self) -> Option<Assumption> {
        provenance::of_node(&self.marks, "anyOf")
    }

    /// The dotted paths of its fields.
    pub(crate) fn dotted(&self) -> Vec<String> {
        self.keys
            .iter()
            .map(|k| {
                let mut p = self.parent.clone();
                p.push(k.clone());
                p.join(".")
            })
            .collect()
    }
}

/// A request schema, flattened.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Shape {
    /// Every property, depth first, keys in the schema's (sorted) order.
    pub(crate) fields: Vec<Field>,
    /// Every "at least one of" group.
    pub(crate) groups: Vec<Group>,
}

/// Flattens the object schema `schema` (following `$ref`s and `allOf`).
pub(crate) fn shape(schemas: &Schemas, schema: &Value) -> Shape {
    let mut out = Shape::default();
    object(schemas, schema, &[], &mut out, 0);
    out
}

fn object(schemas: &Schemas, schema: &Value, path: &[String], out: &mut Shape, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let merged = merged(schemas, schema, 0);
    let required: Vec<&str> = merged
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(props) = merged.get("properties").and_then(Value::as_object) {
        for (key, sub) in props {
            let sub = merged_value(schemas, sub);
            let mut p = path.to_vec();
            p.push(key.clone());
            out.fields
                .push(field(&sub, p.clone(), required.contains(&key.as_str())));
            if sub.get("properties").is_some() {
                object(schemas, &Value::Object(sub), &p, out, depth + 1);
            }
        }
    }
    for key in ["anyOf", "oneOf"] {
        let Some(branches) = merged.get(key).and_then(Value::as_array) else {
            continue;
        };
        let mut keys: Vec<String> = Vec::new();
        let mut only_required = !branches.is_empty();
        for b in branches {
            let b = schemas.resolve(b);
            let Some(obj) = b.as_object() else {
                only_required = false;
                break;
            };
            let listed = obj.get("required").and_then(Value::as_array);
            if listed.is_none() || obj.keys().any(|k| k != "required" && !k.starts_with("x-")) {
                only_required = false;
                break;
            }
            for k in listed.into_iter().flatten().filter_map(Value::as_str) {
                if !keys.iter().any(|x| x == k) {
                    keys.push(k.to_string());
                }
            }
        }
        if only_required && !keys.is_empty() {
            out.groups.push(Group {
                parent: path.to_vec(),
                keys,
                marks: marks(&merged),
            });
        }
    }
}

fn field(schema: &Map<String, Value>, path: Vec<String>, required: bool) -> Field {
    let uint = |k: &str| schema.get(k).and_then(Value::as_u64);
    let ty = match schema.get("type") {
        Some(Value::String(t)) => Some(t.clone()),
        // `[string, "null"]`: the first non-null type.
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .map(str::to_string),
        _ => None,
    };
    Field {
        path,
        required,
        ty,
        min_length: uint("minLength"),
        max_length: uint("maxLength"),
        pattern: schema
            .get("pattern")
            .and_then(Value::as_str)
            .map(str::to_string),
        enumeration: schema.get("enum").and_then(Value::as_array).cloned(),
        minimum: number(schema.get("minimum")),
        maximum: number(schema.get("maximum")),
        marks: marks(schema),
    }
}

/// The provenance keywords of a (merged) schema object.
fn marks(schema: &Map<String, Value>) -> Value {
    Value::Object(
        schema
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "x-provenance" | "x-inferred"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

fn number(v: Option<&Value>) -> Option<Number> {
    match v {
        Some(Value::Number(n)) => Some(n.clone()),
        _ => None,
    }
}

/// A schema as one object: the `$ref` target with the sibling keywords laid over it, and
/// `allOf` branches merged in (properties and `required` lists joined).
fn merged(schemas: &Schemas, schema: &Value, depth: usize) -> Map<String, Value> {
    let mut out = Map::new();
    if depth > MAX_DEPTH {
        return out;
    }
    let Some(obj) = schema.as_object() else {
        return out;
    };
    if obj.contains_key("$ref") {
        let target = schemas.resolve(schema);
        if !std::ptr::eq(target, schema) {
            out = merged(schemas, target, depth + 1);
        }
    }
    for (k, v) in obj {
        if k == "$ref" || k == "allOf" {
            continue;
        }
        match (k.as_str(), out.get_mut(k)) {
            ("required", Some(Value::Array(have))) => {
                for r in v.as_array().into_iter().flatten() {
                    if !have.contains(r) {
                        have.push(r.clone());
                    }
                }
            }
            ("properties", Some(Value::Object(have))) => {
                if let Some(more) = v.as_object() {
                    for (pk, pv) in more {
                        have.insert(pk.clone(), pv.clone());
                    }
                }
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    for branch in obj
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let b = merged(schemas, branch, depth + 1);
        for (k, v) in b {
            match (k.as_str(), out.get_mut(&k)) {
                ("required", Some(Value::Array(have))) => {
                    for r in v.as_array().into_iter().flatten() {
                        if !have.contains(r) {
                            have.push(r.clone());
                        }
                    }
                }
                ("properties", Some(Value::Object(have))) => {
                    if let Some(more) = v.as_object() {
                        for (pk, pv) in more {
                            have.entry(pk.clone()).or_insert_with(|| pv.clone());
                        }
                    }
                }
                (_, Some(_)) => {}
                (_, None) => {
                    out.insert(k, v);
                }
            }
        }
    }
    out
}

fn merged_value(schemas: &Schemas, schema: &Value) -> Map<String, Value> {
    merged(schemas, schema, 0)
}
