//! A request field as the contract describes it: its schema (references followed), whether its
//! constraints are documented or our inference, and whether a value breaks them.
//!
//! Explore needs this twice: to make a value that breaks a field (a field error) where the
//! documented cases give none, and to know whether the `000_002` such a value must get rests
//! on a page or on the spec's inference (`x-provenance: inferred`).

use serde_json::Value;

/// One request field of an operation.
#[derive(Debug, Clone)]
pub struct Field {
    /// The dotted request path, e.g. `cardInfo.oldCardNo`.
    pub path: String,
    /// Its schema, `$ref`s followed.
    pub schema: Value,
    /// The field, or an object it sits in, is marked `x-provenance: inferred`.
    pub inferred: bool,
    /// Its place in its object's `required` list (the page's order), if it is required.
    pub order: Option<usize>,
}

impl Field {
    /// The field at `path` of the request schema at `pointer` in `doc`; `None` when the schema
    /// has no such property.
    pub fn find(doc: &Value, pointer: &str, path: &str) -> Option<Field> {
        let mut at = resolve(doc, doc.pointer(pointer)?);
        let mut inferred = false;
        let mut order = None;
        for key in path.split('.') {
            order = at
                .get("required")
                .and_then(Value::as_array)
                .and_then(|r| r.iter().position(|k| k == key));
            let property = resolve(doc, at.get("properties")?.get(key)?);
            inferred |= property.get("x-provenance").and_then(Value::as_str) == Some("inferred");
            at = property;
        }
        Some(Field {
            path: path.to_string(),
            schema: at.clone(),
            inferred,
            order,
        })
    }

    /// Whether `value` breaks the field's constraints, and if so whether the broken constraint
    /// is documented (`Some(true)`) or inferred (`Some(false)`).
    pub fn breaks(&self, value: &Value) -> Option<bool> {
        let s = &self.schema;
        let documented = !self.inferred;
        if let Some(allowed) = s.get("enum").and_then(Value::as_array) {
            return (!allowed.contains(value)).then_some(documented);
        }
        match (s.get("type").and_then(Value::as_str), value) {
            (Some("string"), Value::String(text)) => {
                let n = text.chars().count() as u64;
                let short = s
                    .get("minLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n < m);
                let long = s
                    .get("maxLength")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| n > m);
                if short || long {
                    return Some(documented);
                }
                let pattern = s.get("pattern").and_then(Value::as_str)?;
                let pattern_inferred = s.pointer("/x-inferred/pattern").is_some();
                let re = regex::Regex::new(pattern).ok()?;
                (!re.is_match(text)).then_some(documented && !pattern_inferred)
            }
            (Some("string"), _) => Some(documented),
            _ => None,
        }
    }

    /// A value one character shorter than the field's exact documented length (a field error
    /// every page answers `000_002`), for a string field of a fixed length; `None` otherwise.
    pub fn too_short(&self) -> Option<Value> {
        let s = &self.schema;
        let min = s.get("minLength").and_then(Value::as_u64)?;
        let exact = s.get("maxLength").and_then(Value::as_u64) == Some(min);
        (s.get("type").and_then(Value::as_str) == Some("string") && exact && min > 1)
            .then(|| Value::String("0".repeat(min as usize - 1)))
    }
}

/// A schema with its `$ref` (a local `#/...` pointer) followed, repeatedly.
fn resolve<'a>(doc: &'a Value, mut schema: &'a Value) -> &'a Value {
    for _ in 0..8 {
        let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
            Some(target) => schema = target,
            None => break,
        }
    }
    schema
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn doc() -> Value {
        json!({
            "req": {"$ref": "#/components/R"},
            "components": {
                "R": {"properties": {
                    "status": {"type": "string", "enum": ["SUSPEND", "RESUME"]},
                    "cardInfo": {"x-provenance": "inferred", "properties": {
                        "oldCardNo": {"type": "string", "minLength": 16, "maxLength": 16,
                                      "pattern": "^[0-9]+$", "x-inferred": {"pattern": "digits"}}
                    }},
                    "cvc": {"type": "string", "minLength": 3, "maxLength": 3},
                    "userId": {"$ref": "#/components/U"}
                }},
                "U": {"type": "integer"}
            }
        })
    }

    #[test]
    fn a_field_breaks_by_length_or_enum_and_an_inferred_field_says_so() {
        let doc = doc();
        let cvc = Field::find(&doc, "/req", "cvc").unwrap();
        assert_eq!(cvc.breaks(&json!("12")), Some(true));
        assert_eq!(cvc.breaks(&json!("123")), None);
        assert_eq!(cvc.too_short(), Some(json!("00")));
        let status = Field::find(&doc, "/req", "status").unwrap();
        assert_eq!(status.breaks(&json!("STOP")), Some(true));
        assert_eq!(status.breaks(&json!("RESUME")), None);
        let old = Field::find(&doc, "/req", "cardInfo.oldCardNo").unwrap();
        assert!(old.inferred);
        assert_eq!(old.breaks(&json!("1")), Some(false));
        let mut digits = old.clone();
        digits.inferred = false;
        assert_eq!(digits.breaks(&json!("123456789012345x")), Some(false));
        let user = Field::find(&doc, "/req", "userId").unwrap();
        assert_eq!((user.breaks(&json!(1)), user.too_short()), (None, None));
        assert!(Field::find(&doc, "/req", "nope").is_none());
    }
}
