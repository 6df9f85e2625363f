//! The values the mutations put in a field: strings of a given length made from the field's
//! known-good value, numbers just outside (or exactly at) a range, values of another type.
//! Every function is deterministic: the same inputs give the same value.

use regex::Regex;
use serde_json::{Number, Value};

/// What fills a string when the base has no value to repeat.
const FILLER: &str = "0";

/// `seed` repeated (or cut) to exactly `n` characters; [`FILLER`] when `seed` is empty.
pub(crate) fn fit(seed: &str, n: usize) -> String {
    let seed = if seed.is_empty() { FILLER } else { seed };
    seed.chars().cycle().take(n).collect()
}

/// Character count.
pub(crate) fn len(s: &str) -> usize {
    s.chars().count()
}

/// A string of exactly `n` characters that passes `pattern` (when given), preferring the
/// base value itself, then the base repeated or cut, then a few fillers.
pub(crate) fn at_length(base: &str, n: usize, pattern: Option<&Regex>) -> Option<String> {
    let ok = |s: &str| pattern.is_none_or(|re| re.is_match(s));
    let mut candidates = Vec::new();
    if len(base) == n {
        candidates.push(base.to_string());
    }
    candidates.push(fit(base, n));
    for filler in ["0", "1", "a", "A"] {
        candidates.push(fit(filler, n));
    }
    candidates.into_iter().find(|c| len(c) == n && ok(c))
}

/// A string within the length range that breaks `pattern`: the base (or a string of a
/// valid length) with one character, then all of them, replaced by `#`.
pub(crate) fn breaking_pattern(
    base: &str,
    min: usize,
    max: Option<usize>,
    pattern: &Regex,
) -> Option<String> {
    let n = if len(base) >= min && max.is_none_or(|m| len(base) <= m) && !base.is_empty() {
        len(base)
    } else {
        min.max(1)
    };
    if max.is_some_and(|m| n > m) {
        return None;
    }
    let start = fit(base, n);
    let replace = |at: usize| -> String {
        start
            .chars()
            .enumerate()
            .map(|(i, c)| if i == at { '#' } else { c })
            .collect()
    };
    [replace(0), replace(n - 1), replace(n / 2), "#".repeat(n)]
        .into_iter()
        .find(|c| !pattern.is_match(c))
}

/// A string within the length range (and passing `pattern`) that is not in `allowed`: the
/// lower-cased members first (a case-sensitivity probe), then members with a character
/// changed, then fillers.
pub(crate) fn outside_enum(
    allowed: &[&str],
    min: usize,
    max: Option<usize>,
    pattern: Option<&Regex>,
) -> Option<String> {
    let fits = |s: &str| {
        len(s) >= min
            && max.is_none_or(|m| len(s) <= m)
            && pattern.is_none_or(|re| re.is_match(s))
            && !allowed.contains(&s)
    };
    let mut candidates: Vec<String> = allowed.iter().map(|a| a.to_lowercase()).collect();
    candidates.extend(allowed.iter().map(|a| {
        let mut chars: Vec<char> = a.chars().collect();
        if let Some(last) = chars.last_mut() {
            *last = if *last == 'X' { 'Y' } else { 'X' };
        }
        chars.into_iter().collect()
    }));
    let n = min.max(1);
    for filler in ["X", "x", "0", "9"] {
        candidates.push(fit(filler, n));
    }
    candidates.into_iter().find(|c| fits(c))
}

/// A value of another JSON type than `ty`, made from the base value where that makes the
/// classic confusion: a numeric string sent as a number, a number sent as a string, an
/// object sent as its JSON text.
pub(crate) fn wrong_type(ty: &str, base: Option<&Value>) -> Value {
    match ty {
        "string" => match base.and_then(Value::as_str) {
            Some(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => s
                .parse::<u64>()
                .map_or_else(|_| Value::from(0), Value::from),
            _ => Value::from(0),
        },
        "integer" | "number" => Value::String(match base {
            Some(Value::Number(n)) => n.to_string(),
            _ => "1".to_string(),
        }),
        "boolean" => Value::String("true".into()),
        "object" => Value::String(match base {
            Some(v @ Value::Object(_)) => v.to_string(),
            _ => "{}".to_string(),
        }),
        "array" => Value::Object(serde_json::Map::new()),
        // `null` and unknown types: a string is wrong for them all.
        _ => Value::String("x".into()),
    }
}

/// A number as an exact integer, when it is one.
fn as_i128(n: &Number) -> Option<i128> {
    if let Some(u) = n.as_u64() {
        return Some(i128::from(u));
    }
    if let Some(i) = n.as_i64() {
        return Some(i128::from(i));
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0 && f.abs() < 1e30).then_some(f as i128)
}

/// An exact integer as JSON (`u64` when it is not negative, so a 19- or 20-digit id stays
/// exact), or `None` beyond `u64` / `i64`.
fn from_i128(i: i128) -> Option<Value> {
    if i >= 0 {
        u64::try_from(i).ok().map(Value::from)
    } else {
        i64::try_from(i).ok().map(Value::from)
    }
}

/// `n + delta`, exactly for integers (`9999999999999999999 + 1` is `10000000000000000000`).
pub(crate) fn offset(n: &Number, delta: i128) -> Option<Value> {
    match as_i128(n) {
        Some(i) => from_i128(i + delta),
        None => {
            let f = n.as_f64()? + delta as f64;
            Number::from_f64(f).map(Value::Number)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strings_are_cut_or_repeated_to_length() {
        assert_eq!(fit("123", 2), "12");
        assert_eq!(fit("123", 7), "1231231");
        assert_eq!(fit("", 3), "000");
        assert_eq!(fit("서울", 3), "서울서");
        assert_eq!(fit("abc", 0), "");
    }

    #[test]
    fn boundary_strings_prefer_the_base_and_respect_the_pattern() {
        let digits = Regex::new("^[0-9]{4}$").unwrap();
        assert_eq!(at_length("3108", 4, Some(&digits)).unwrap(), "3108");
        assert_eq!(at_length("ab", 4, Some(&digits)).unwrap(), "0000");
        assert_eq!(at_length("Seoul", 1, None).unwrap(), "S");
        assert!(at_length("x", 3, Some(&Regex::new("^[0-9]{4}$").unwrap())).is_none());
    }

    #[test]
    fn pattern_breakers_keep_the_length() {
        let re = Regex::new("^[0-9]{12}-[0-9A-Fa-f]{7}$").unwrap();
        let bad = breaking_pattern("221108120814-abcdef0", 20, Some(20), &re).unwrap();
        assert_eq!(bad, "#21108120814-abcdef0");
        let any = Regex::new(".*").unwrap();
        assert!(breaking_pattern("abc", 1, Some(5), &any).is_none());
    }

    #[test]
    fn enum_outsiders_fit_the_length() {
        assert_eq!(
            outside_enum(&["SUSPEND", "RESUME"], 6, Some(7), None).unwrap(),
            "suspend"
        );
        assert_eq!(outside_enum(&["A", "a"], 1, Some(1), None).unwrap(), "X");
    }

    #[test]
    fn wrong_types_make_the_classic_confusions() {
        assert_eq!(wrong_type("string", Some(&json!("123"))), json!(123));
        assert_eq!(wrong_type("string", Some(&json!("SUSPEND"))), json!(0));
        assert_eq!(
            wrong_type("integer", Some(&json!(50000104652u64))),
            json!("50000104652")
        );
        assert_eq!(
            wrong_type("object", Some(&json!({"a": 1}))),
            json!("{\"a\":1}")
        );
        assert_eq!(wrong_type("array", None), json!({}));
    }

    #[test]
    fn integer_offsets_are_exact_beyond_i64() {
        let max = Number::from(9_999_999_999_999_999_999u64);
        let above = offset(&max, 1).unwrap();
        assert_eq!(above.as_u64(), Some(10_000_000_000_000_000_000));
        assert_eq!(
            serde_json::to_string(&above).unwrap(),
            "10000000000000000000"
        );
        assert_eq!(offset(&Number::from(1u64), -1), Some(json!(0)));
        assert_eq!(offset(&Number::from(0u64), -1), Some(json!(-1)));
        assert_eq!(offset(&Number::from(u64::MAX), 1), None);
        assert_eq!(
            offset(&Number::from_f64(1.5).unwrap(), -1),
            Some(json!(0.5))
        );
    }
}
