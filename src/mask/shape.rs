//! The diagnosable shape of a value the masker hides: its length, its classes of characters
//! and, for a number long enough to be a card's, whether it passes the Luhn check
//! (`15 digits, Luhn fails`, `26 characters: letters and digits`, `4 digits`).
//!
//! A shape says what a length or format defect needs and nothing a value could be recovered
//! from: no character of the value, only counts and classes. Beside the masked value (at most
//! PCI's first 6 and last 4 of a card number) it is all a reader gets, and all they need to
//! see a 15-digit card number or a PAR one character short.

use serde_json::Value;

use super::cards;

/// Digits from which a run of digits is told as a card number's: Luhn is said.
const CARD_MIN_DIGITS: usize = 12;

/// The shape of a JSON value as a failure shows it (a string's characters, a number's digits).
pub fn of_value(v: &Value) -> String {
    match v {
        Value::String(s) => of_text(s),
        Value::Number(n) => format!("a number of {}", of_text(&n.to_string())),
        Value::Null => "null".into(),
        Value::Bool(_) => "a boolean".into(),
        Value::Array(items) => format!("an array of {}", count(items.len(), "item")),
        Value::Object(map) => format!("an object of {}", count(map.len(), "field")),
    }
}

/// The shape of a failure's actual text: read as JSON when it parses (a value as the checks
/// write it, `"5412…"`), else as the characters it is.
pub fn of_actual(s: &str) -> String {
    match serde_json::from_str::<Value>(s) {
        Ok(v) => of_value(&v),
        Err(_) => of_text(s),
    }
}

/// The shape of a string: `empty`, `15 digits, Luhn fails`, `16 characters: letters and digits`.
pub fn of_text(s: &str) -> String {
    let n = s.chars().count();
    if n == 0 {
        return "empty".into();
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        let luhn = match (n >= CARD_MIN_DIGITS, cards::luhn(s)) {
            (false, _) => "",
            (true, true) => ", Luhn passes",
            (true, false) => ", Luhn fails",
        };
        return format!("{}{luhn}", count(n, "digit"));
    }
    let classes = classes(s);
    format!("{}: {}", count(n, "character"), and(&classes))
}

/// The classes of characters `s` holds, in a fixed order.
fn classes(s: &str) -> Vec<&'static str> {
    let has = |f: fn(char) -> bool| s.chars().any(f);
    let mut out = Vec::new();
    if has(|c| c.is_alphabetic()) {
        out.push("letters");
    }
    if has(|c| c.is_ascii_digit()) {
        out.push("digits");
    }
    if has(|c| c.is_numeric() && !c.is_ascii_digit()) {
        out.push("non-ASCII digits");
    }
    if has(char::is_whitespace) {
        out.push("spaces");
    }
    if has(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
        out.push("other characters");
    }
    out
}

fn count(n: usize, what: &str) -> String {
    match n {
        1 => format!("1 {what}"),
        n => format!("{n} {what}s"),
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_shape_says_length_classes_and_luhn_and_no_character_of_the_value() {
        assert_eq!(of_text("541234123456001"), "15 digits, Luhn fails");
        assert_eq!(of_text("4111111111111111"), "16 digits, Luhn passes");
        assert_eq!(of_text("1234"), "4 digits");
        assert_eq!(
            of_text("Q1TESTPAR00000000000000077"),
            "26 characters: letters and digits"
        );
        assert_eq!(
            of_text("54123412345600AB"),
            "16 characters: letters and digits"
        );
        assert_eq!(of_text("５４１２"), "4 characters: non-ASCII digits");
        assert_eq!(
            of_text("5412 3412-34"),
            "12 characters: digits, spaces and other characters"
        );
        assert_eq!(of_text(""), "empty");
        assert_eq!(of_actual("\"123\""), "3 digits");
        assert_eq!(
            of_actual("5412341234560001"),
            "a number of 16 digits, Luhn fails"
        );
        assert_eq!(of_value(&json!(null)), "null");
        assert_eq!(of_value(&json!(["a"])), "an array of 1 item");
    }
}
