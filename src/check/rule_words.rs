//! The rule a schema violation breaks, in words, from the spec's node for the field: what the
//! page says of the value (`exactly 16 characters`, `one of READY, SHIPPING`), so a failure's
//! expected text is the rule and never the value the answer carried.
//!
//! Only the spec's own values appear here (lengths, patterns, enum lists, property names): no
//! byte of the answer (a header's value only by its [`shape`]).

use serde_json::Value;

use crate::mask::shape;
use crate::outcome::Said;
use crate::spec::Spec;
use crate::spec::provenance;
use crate::spec::schema::Violation;

/// `keyword` at the instance `path` of a body checked against the schema at `root`, in words;
/// `None` when the spec's node does not say more than the keyword.
pub fn of_violation(
    spec: &Spec,
    root: &Value,
    path: &str,
    keyword: &str,
    message: &str,
) -> Option<String> {
    let node = spec
        .schemas
        .resolve(provenance::walk(&spec.schemas, root, path)?);
    let number = |k: &str| node.get(k).and_then(Value::as_u64);
    match keyword {
        "minLength" | "maxLength" => Some(length(number("minLength"), number("maxLength"))),
        "minItems" | "maxItems" => {
            let words = length(number("minItems"), number("maxItems"));
            Some(
                words
                    .replace("characters", "items")
                    .replace("character", "item"),
            )
        }
        "pattern" => {
            let re = node.get("pattern").and_then(Value::as_str)?;
            Some(format!("matching `{re}`"))
        }
        "enum" => {
            let values = node.get("enum").and_then(Value::as_array)?;
            let words: Vec<String> = values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect();
            Some(format!("one of {}", words.join(", ")))
        }
        "type" => {
            let ty = node.get("type")?;
            Some(format!(
                "a {}",
                ty.as_str().map_or_else(|| ty.to_string(), str::to_string)
            ))
        }
        // The validator names the missing property first, in quotes.
        "required" => {
            let missing = message.split('"').nth(1)?;
            let declared = node.get("required").and_then(Value::as_array)?;
            declared
                .iter()
                .any(|r| r.as_str() == Some(missing))
                .then(|| format!("`{missing}` present"))
        }
        _ => None,
    }
}

/// What a header's value must hold, in words: the keywords it `broken` and, where the schema
/// at the spec's pointer `schema` says more, each rule (`` `minLength` to hold: exactly 40
/// characters ``), and how the value differs, by its shape only (`value is shorter than 40
/// characters (3 characters: letters)`): a header may be a secret, so no byte of its value.
pub fn header_value(spec: &Spec, schema: &str, broken: &[Violation], value: &str) -> (Said, Said) {
    let root = spec.doc.pointer(schema);
    let keywords: Vec<&str> = broken.iter().map(|v| v.keyword.as_str()).collect();
    let rules: Vec<String> = (broken.iter())
        .filter_map(|v| of_violation(spec, root?, "", &v.keyword, &v.message))
        .collect();
    let rules = match rules.is_empty() {
        true => String::new(),
        false => format!(": {}", rules.join("; ")),
    };
    let expected = Said::words(format!("`{}` to hold{rules}", keywords.join("`, `")));
    let first = broken.first().map_or("", |v| v.message.as_str());
    let actual =
        Said::text(first.to_string()).then(Said::words(format!(" ({})", shape::of_text(value))));
    (expected, actual)
}

/// `exactly 16 characters`, `at least 1 character`, `1 to 40 characters`.
fn length(min: Option<u64>, max: Option<u64>) -> String {
    let chars = |n: u64| match n {
        1 => "1 character".to_string(),
        n => format!("{n} characters"),
    };
    match (min, max) {
        (Some(a), Some(b)) if a == b => format!("exactly {}", chars(a)),
        (Some(a), Some(b)) => format!("{a} to {}", chars(b)),
        (Some(a), None) => format!("at least {}", chars(a)),
        (None, Some(b)) => format!("at most {}", chars(b)),
        (None, None) => "a length the spec gives".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec;

    #[test]
    fn the_rule_is_the_specs_node_in_words() {
        let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
        let op = spec.operation("preIssueWaitingPhysical").unwrap();
        let root = spec.doc.pointer(op.response_schema(200).unwrap()).unwrap();
        let digital = "/issuedCardList/0/digital";
        let words = |path: &str, keyword: &str, message: &str| {
            of_violation(&spec, root, path, keyword, message)
        };
        let card = format!("{digital}/cardNo");
        assert_eq!(
            words(&card, "minLength", "").as_deref(),
            Some("exactly 16 characters")
        );
        assert_eq!(
            words(&card, "pattern", "").as_deref(),
            Some("matching `^[0-9]+$`")
        );
        let cvc = format!("{digital}/mobileCardCVC");
        assert_eq!(
            words(&cvc, "maxLength", "").as_deref(),
            Some("exactly 3 characters")
        );
        let missing = "\"par\" is a required property";
        assert_eq!(
            words(digital, "required", missing).as_deref(),
            Some("`par` present")
        );
        assert_eq!(words("/nowhere", "minLength", ""), None);
    }

    #[test]
    fn a_secret_headers_rule_is_words_and_its_value_only_a_shape() {
        let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
        let key_id = spec.response_headers("preIssueWaitingPhysical", 200);
        let key_id = (key_id.iter())
            .find(|h| h.name.eq_ignore_ascii_case("X-KM-Crypto-Key-Id"))
            .unwrap();
        let validator = spec.schemas.get(&key_id.schema).unwrap();
        let value = "Q1w2".repeat(8)[..31].to_string();
        let broken = crate::spec::schema::violations(&validator, &Value::String(value.clone()));
        let (expected, actual) = header_value(&spec, &key_id.schema, &broken, &value);
        assert_eq!(expected, "`minLength` to hold: exactly 32 characters");
        assert_eq!(
            actual,
            "value is shorter than 32 characters (31 characters: letters and digits)"
        );
        // Nothing in them is a value a writer would mask as the header's (`[REDACTED]`).
        let pieces = expected.pieces().iter().chain(actual.pieces());
        assert!(
            pieces
                .clone()
                .all(|p| !matches!(p, crate::outcome::Piece::Value(_)))
        );
        assert!(!actual.contains(&value[..8]));
    }
}
