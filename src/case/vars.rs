//! `{{variable}}` substitution from the target profile.
//!
//! A placeholder that is the whole string takes the variable's value with its type, so
//! `userId: "{{member.active.userId}}"` sends a JSON number; a placeholder inside a longer
//! string is interpolated as text.

use serde_json::Value;

/// A placeholder that names no variable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undefined {
    /// JSON pointer of the string holding it, relative to the substituted value.
    pub pointer: String,
    /// The variable name.
    pub name: String,
    /// Why it cannot be used (not defined, or not a scalar inside a longer string).
    pub reason: &'static str,
}

/// Substitutes placeholders in `value`, looking names up with `lookup`.
pub fn substitute(
    value: &Value,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Result<Value, Undefined> {
    walk(value, lookup)
}

fn walk(value: &Value, lookup: &dyn Fn(&str) -> Option<Value>) -> Result<Value, Undefined> {
    // The pointer is built only for an error, segment by segment on the way out: a pointer
    // string per node was a sixth of loading 10,000 cases.
    Ok(match value {
        Value::String(s) => substitute_str(s, "", lookup)?,
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| walk(v, lookup).map_err(|u| u.under(&i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), walk(v, lookup).map_err(|u| u.under(&escape(k)))?)))
                .collect::<Result<_, Undefined>>()?,
        ),
        other => other.clone(),
    })
}

impl Undefined {
    /// The same problem, one level further down: `segment` goes in front of the pointer.
    fn under(mut self, segment: &str) -> Undefined {
        self.pointer = format!("/{segment}{}", self.pointer);
        self
    }
}

/// Substitutes placeholders in one string.
pub fn substitute_str(
    s: &str,
    pointer: &str,
    lookup: &dyn Fn(&str) -> Option<Value>,
) -> Result<Value, Undefined> {
    let undefined = |name: &str, reason| Undefined {
        pointer: pointer.to_string(),
        name: name.to_string(),
        reason,
    };
    let trimmed = s.trim();
    if let Some(name) = whole_placeholder(trimmed) {
        return lookup(name).ok_or_else(|| undefined(name, "is not defined in the target profile"));
    }
    if !s.contains("{{") {
        return Ok(Value::String(s.to_string()));
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let name = rest[start + 2..start + end].trim();
        match lookup(name) {
            Some(Value::String(v)) => out.push_str(&v),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => out.push_str(&v.to_string()),
            Some(_) => {
                return Err(undefined(
                    name,
                    "is not a scalar, so it cannot be part of a longer string",
                ));
            }
            None => return Err(undefined(name, "is not defined in the target profile")),
        }
        rest = &rest[start + end + 2..];
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

/// The variable name of a string that is one placeholder and nothing else (`{{ a.b }}`).
pub fn whole_placeholder(s: &str) -> Option<&str> {
    let inner = s.strip_prefix("{{")?.strip_suffix("}}")?;
    (!inner.contains("{{") && !inner.contains("}}")).then(|| inner.trim())
}

fn escape(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vars() -> Value {
        json!({"member": {"active": {"userId": 9999999999999999999u64}}, "card": {"no": "9410000000000001"}})
    }

    fn lookup(name: &str) -> Option<Value> {
        let v = vars();
        name.split('.').try_fold(&v, |v, k| v.get(k)).cloned()
    }

    #[test]
    fn whole_placeholder_keeps_the_type() {
        let out = substitute(&json!({"userId": "{{ member.active.userId }}"}), &lookup).unwrap();
        assert_eq!(out, json!({"userId": 9999999999999999999u64}));
        assert!(out["userId"].is_u64());
    }

    #[test]
    fn embedded_placeholders_interpolate() {
        let out = substitute(&json!(["x{{card.no}}y{{member.active.userId}}"]), &lookup).unwrap();
        assert_eq!(out, json!(["x9410000000000001y9999999999999999999"]));
    }

    #[test]
    fn undefined_names_report_where() {
        let err = substitute(&json!({"a": [1, "{{card.nope}}"]}), &lookup).unwrap_err();
        assert_eq!(err.pointer, "/a/1");
        assert_eq!(err.name, "card.nope");
    }

    #[test]
    fn objects_cannot_be_interpolated() {
        let err = substitute(&json!("id-{{member.active}}"), &lookup).unwrap_err();
        assert!(err.reason.contains("not a scalar"));
    }
}
