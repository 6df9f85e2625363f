//! Edits of a JSON request body at a path of object keys.

use serde_json::Value;

use crate::case::{Body, Request};

pub(super) fn json_request(body: Value) -> Request {
    Request {
        method: None,
        headers: vec![],
        body: Body::Json(body),
    }
}

pub(super) fn json_type(v: &Value) -> &'static str {
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
pub(super) fn get<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter().try_fold(v, |v, k| v.get(k))
}

/// Sets the value at a path, creating (or replacing non-objects with) objects on the way.
pub(super) fn set(v: &mut Value, path: &[String], new: Value) {
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
pub(super) fn remove(v: &mut Value, path: &[String]) {
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
