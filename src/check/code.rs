//! The result code `response.code` and the result text.

use serde_json::Value;

use crate::outcome::{CheckKind, Failure};

/// `response.code` must equal the expected code.
pub fn code(expected: &str, body: &Value) -> Option<Failure> {
    match body.pointer("/response/code") {
        Some(Value::String(actual)) if actual == expected => None,
        Some(Value::String(actual)) => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            quote(expected),
            quote(actual),
        )),
        Some(other) => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            quote(expected),
            format!("{other} (not a string)"),
        )),
        None => Some(Failure::new(
            CheckKind::Code,
            "/response/code",
            quote(expected),
            "no `response.code`",
        )),
    }
}

/// The result text must contain `needle`. It is looked for in the profile's field, else in
/// the spec's candidate fields in order (the vendor does not document which one it uses).
pub fn message(
    needle: &str,
    body: &Value,
    field: Option<&str>,
    candidates: &[String],
) -> Option<Failure> {
    let fields: Vec<&str> = match field {
        Some(f) => vec![f],
        None => candidates.iter().map(String::as_str).collect(),
    };
    let text = fields.iter().find_map(|f| {
        body.pointer(&format!("/response/{f}"))
            .and_then(Value::as_str)
    });
    match text {
        Some(t) if t.contains(needle) => None,
        Some(t) => Some(Failure::new(
            CheckKind::Message,
            "/response",
            format!("text containing {}", quote(needle)),
            quote(t),
        )),
        None => Some(Failure::new(
            CheckKind::Message,
            "/response",
            format!(
                "text containing {} in `{}`",
                quote(needle),
                fields.join("` or `")
            ),
            "no result text",
        )),
    }
}

fn quote(s: &str) -> String {
    format!("\"{s}\"")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn code_must_match() {
        let body = json!({"response": {"code": "000_000"}});
        assert_eq!(code("000_000", &body), None);
        assert_eq!(
            code("003_001", &body).unwrap().line(),
            "[code] at /response/code: expected \"003_001\", got \"000_000\""
        );
        assert_eq!(
            code("000_000", &json!({})).unwrap().actual,
            "no `response.code`"
        );
        assert!(
            code("000_000", &json!({"response": {"code": 0}}))
                .unwrap()
                .actual
                .contains("not a string")
        );
    }

    #[test]
    fn message_is_found_in_either_field() {
        let fields = vec!["description".to_string(), "message".to_string()];
        let body =
            json!({"response": {"code": "000_002", "message": "Invalid input parameter. userId"}});
        assert_eq!(message("userId", &body, None, &fields), None);
        assert!(message("userId", &body, Some("description"), &fields).is_some());
        assert!(message("cardNo", &body, None, &fields).is_some());
    }
}
