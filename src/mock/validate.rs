//! Hand-written body checks shared by the operations: types, lengths, enums and ranges.
//!
//! The mock deliberately does not read the harness's OpenAPI spec: its rules are written here
//! from the vendor pages, so that a mistake in the spec shows up as a disagreement between the
//! two. The first failing field is reported with its dotted path (`addressInfo.zipCode`).

use std::cell::RefCell;
use std::sync::LazyLock;

use serde_json::{Map, Value};

use super::rejection::Rejection;

thread_local! {
    /// The fields whose validation is skipped for the request being parsed on this thread
    /// ([`MockConfig::skip_validation`](super::MockConfig::skip_validation), a test hook).
    static SKIPPED: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` (an operation's parsing) with `paths` skipped by the field checks of this module,
/// on this thread only; the previous list is restored afterwards, even if `f` panics.
pub(crate) fn skipping<R>(paths: &[String], f: impl FnOnce() -> R) -> R {
    struct Restore(Vec<String>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = std::mem::take(&mut self.0);
            SKIPPED.with(|s| *s.borrow_mut() = previous);
        }
    }
    if paths.is_empty() {
        return f();
    }
    let previous = SKIPPED.with(|s| std::mem::replace(&mut *s.borrow_mut(), paths.to_vec()));
    let _restore = Restore(previous);
    f()
}

fn skipped(path: &str) -> bool {
    SKIPPED.with(|s| s.borrow().iter().any(|p| p == path))
}

/// What a nested object with skipped validation reads as when it is not an object.
static EMPTY: LazyLock<Map<String, Value>> = LazyLock::new(Map::new);

/// The largest documented `userId` (19 digits; above `i64::MAX`, below `u64::MAX`).
pub(crate) const USER_ID_MAX: u64 = 9_999_999_999_999_999_999;

/// A string length rule, in characters.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Len {
    /// "Length : N".
    Exact(usize),
    /// "Min : a , Max : b".
    Range(usize, usize),
}

impl Len {
    fn admits(self, text: &str) -> bool {
        let n = text.chars().count();
        match self {
            Self::Exact(len) => n == len,
            Self::Range(min, max) => (min..=max).contains(&n),
        }
    }
}

/// The fields of one JSON object, with the dotted path that leads to it.
#[derive(Debug, Clone)]
pub(crate) struct Fields<'a> {
    map: &'a Map<String, Value>,
    prefix: String,
}

impl<'a> Fields<'a> {
    /// The top-level object of a body; anything else is `000_002 body`.
    pub(crate) fn root(body: &'a Value) -> Result<Self, Rejection> {
        match body {
            Value::Object(map) => Ok(Self {
                map,
                prefix: String::new(),
            }),
            _ => Err(Rejection::InvalidInput("body".to_owned())),
        }
    }

    /// The dotted path of `key` in this object.
    pub(crate) fn path(&self, key: &str) -> String {
        if self.prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.prefix)
        }
    }

    fn invalid(&self, key: &str) -> Rejection {
        Rejection::InvalidInput(self.path(key))
    }

    /// The field's value, treating JSON `null` as absent.
    fn present(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|value| !value.is_null())
    }

    /// The field as text when its validation is skipped: a string as it is, anything else
    /// (absent included) as empty text. `None` when the field is validated as usual.
    fn unchecked(&self, key: &str) -> Option<&'a str> {
        skipped(&self.path(key)).then(|| match self.present(key) {
            Some(Value::String(text)) => text.as_str(),
            _ => "",
        })
    }

    /// A required nested object.
    pub(crate) fn object(&self, key: &str) -> Result<Fields<'a>, Rejection> {
        match self.present(key) {
            Some(Value::Object(map)) => Ok(Fields {
                map,
                prefix: self.path(key),
            }),
            _ if skipped(&self.path(key)) => Ok(Fields {
                map: &EMPTY,
                prefix: self.path(key),
            }),
            _ => Err(self.invalid(key)),
        }
    }

    /// A required member id: a JSON integer in `1..=9999999999999999999`, read exactly as `u64`.
    ///
    /// Floats (`1.0`), negatives, `0`, strings and numbers beyond the range are all rejected.
    pub(crate) fn user_id(&self, key: &str) -> Result<u64, Rejection> {
        if skipped(&self.path(key)) {
            let value = self.present(key);
            let text = self.unchecked(key).unwrap_or_default();
            return Ok(value
                .and_then(Value::as_u64)
                .unwrap_or_else(|| text.parse().unwrap_or(0)));
        }
        self.present(key)
            .and_then(Value::as_u64)
            .filter(|id| (1..=USER_ID_MAX).contains(id))
            .ok_or_else(|| self.invalid(key))
    }

    /// A required string of the given length.
    pub(crate) fn string(&self, key: &str, len: Len) -> Result<&'a str, Rejection> {
        if let Some(text) = self.unchecked(key) {
            return Ok(text);
        }
        self.optional_string(key, len)?
            .ok_or_else(|| self.invalid(key))
    }

    /// An optional string: absent or `null` gives `None`; present must have the given length.
    pub(crate) fn optional_string(
        &self,
        key: &str,
        len: Len,
    ) -> Result<Option<&'a str>, Rejection> {
        if let Some(text) = self.unchecked(key) {
            return Ok(self.present(key).map(|_| text));
        }
        match self.present(key) {
            None => Ok(None),
            Some(Value::String(text)) if len.admits(text) => Ok(Some(text)),
            Some(_) => Err(self.invalid(key)),
        }
    }

    /// A required card number: exactly `len` characters, digits only. The pages give only the
    /// length; digits only is our reading (the spec marks it `x-inferred`), which the mock
    /// holds to so that a generated probe has something to pass against.
    pub(crate) fn card_number(&self, key: &str, len: Len) -> Result<&'a str, Rejection> {
        let text = self.string(key, len)?;
        self.digits_only(key, Some(text)).map(|_| text)
    }

    /// An optional card number, as [`Self::card_number`] when present.
    pub(crate) fn optional_card_number(
        &self,
        key: &str,
        len: Len,
    ) -> Result<Option<&'a str>, Rejection> {
        let text = self.optional_string(key, len)?;
        self.digits_only(key, text).map(|_| text)
    }

    fn digits_only(&self, key: &str, text: Option<&str>) -> Result<(), Rejection> {
        let digits = text.is_none_or(|t| t.bytes().all(|b| b.is_ascii_digit()));
        if digits || self.unchecked(key).is_some() {
            Ok(())
        } else {
            Err(self.invalid(key))
        }
    }

    /// A required string that must be one of `allowed` (exact, case-sensitive).
    pub(crate) fn one_of(&self, key: &str, allowed: &[&str]) -> Result<&'a str, Rejection> {
        if let Some(text) = self.unchecked(key) {
            return Ok(text);
        }
        match self.present(key) {
            Some(Value::String(text)) if allowed.contains(&text.as_str()) => Ok(text),
            _ => Err(self.invalid(key)),
        }
    }

    /// A required `YYMM` string: four digits with a month `01`..`12`.
    pub(crate) fn yymm(&self, key: &str) -> Result<&'a str, Rejection> {
        if let Some(text) = self.unchecked(key) {
            return Ok(text);
        }
        let text = self.string(key, Len::Exact(4))?;
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        let month = text.get(2..).and_then(|m| m.parse::<u32>().ok());
        if digits && matches!(month, Some(1..=12)) {
            Ok(text)
        } else {
            Err(self.invalid(key))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn path_of(r: Result<impl std::fmt::Debug, Rejection>) -> String {
        match r {
            Err(Rejection::InvalidInput(path)) => path,
            other => panic!("expected 000_002, got {other:?}"),
        }
    }

    #[test]
    fn root_must_be_an_object() {
        for body in [json!([]), json!("x"), json!(1), json!(null)] {
            assert_eq!(path_of(Fields::root(&body)), "body");
        }
    }

    #[test]
    fn user_id_is_an_exact_u64_in_range() {
        let ok = |v: Value| {
            Fields::root(&json!({ "userId": v }))
                .unwrap()
                .user_id("userId")
        };
        assert_eq!(ok(json!(1)), Ok(1));
        assert_eq!(ok(json!(50000104652_u64)), Ok(50_000_104_652));
        assert_eq!(ok(json!(USER_ID_MAX)), Ok(USER_ID_MAX));
        for bad in [
            json!(0),
            json!(-1),
            json!(1.0),
            json!(1.5),
            json!("1"),
            json!(true),
            json!(null),
            json!(10_000_000_000_000_000_000_u64),
            json!(u64::MAX),
        ] {
            assert_eq!(path_of(ok(bad.clone())), "userId", "{bad}");
        }
    }

    #[test]
    fn user_id_beyond_u64_from_text_is_rejected() {
        for text in [
            r#"{"userId":18446744073709551616}"#,
            r#"{"userId":99999999999999999999999}"#,
            r#"{"userId":1e3}"#,
            r#"{"userId":9999999999999999999.0}"#,
        ] {
            let body: Value = serde_json::from_str(text).unwrap();
            assert_eq!(
                path_of(Fields::root(&body).unwrap().user_id("userId")),
                "userId",
                "{text}"
            );
        }
        let max: Value = serde_json::from_str(r#"{"userId":9999999999999999999}"#).unwrap();
        assert_eq!(
            Fields::root(&max).unwrap().user_id("userId"),
            Ok(USER_ID_MAX)
        );
    }

    #[test]
    fn missing_user_id_is_named() {
        assert_eq!(
            path_of(Fields::root(&json!({})).unwrap().user_id("userId")),
            "userId"
        );
    }

    #[test]
    fn strings_check_type_and_length_in_characters() {
        let body = json!({"a": "12345", "b": 12345, "c": "", "k": "서울특별시"});
        let f = Fields::root(&body).unwrap();
        assert_eq!(f.string("a", Len::Exact(5)), Ok("12345"));
        assert_eq!(path_of(f.string("a", Len::Exact(4))), "a");
        assert_eq!(path_of(f.string("b", Len::Exact(5))), "b");
        assert_eq!(path_of(f.string("c", Len::Range(1, 255))), "c");
        assert_eq!(path_of(f.string("missing", Len::Range(1, 255))), "missing");
        assert_eq!(f.string("k", Len::Exact(5)), Ok("서울특별시"));
    }

    #[test]
    fn optional_strings_treat_null_as_absent() {
        let body = json!({"par": null, "cardNo": 7});
        let f = Fields::root(&body).unwrap();
        assert_eq!(f.optional_string("par", Len::Exact(27)), Ok(None));
        assert_eq!(f.optional_string("none", Len::Exact(27)), Ok(None));
        assert_eq!(
            path_of(f.optional_string("cardNo", Len::Exact(16))),
            "cardNo"
        );
    }

    #[test]
    fn nested_paths_are_dotted() {
        let body = json!({"cardInfo": {"oldCardNo": "123"}, "userInfo": 5});
        let f = Fields::root(&body).unwrap();
        let card = f.object("cardInfo").unwrap();
        assert_eq!(
            path_of(card.string("oldCardNo", Len::Exact(16))),
            "cardInfo.oldCardNo"
        );
        assert_eq!(path_of(f.object("userInfo")), "userInfo");
        assert_eq!(path_of(f.object("addressInfo")), "addressInfo");
    }

    #[test]
    fn enums_are_exact() {
        let body = json!({"s": "SUSPEND", "t": "suspend", "u": 1});
        let f = Fields::root(&body).unwrap();
        assert_eq!(f.one_of("s", &["SUSPEND", "RESUME"]), Ok("SUSPEND"));
        assert_eq!(path_of(f.one_of("t", &["SUSPEND", "RESUME"])), "t");
        assert_eq!(path_of(f.one_of("u", &["SUSPEND", "RESUME"])), "u");
    }

    #[test]
    fn skipped_fields_are_taken_as_they_come() {
        let body = json!({"cvc": "12345", "n": 7, "id": "42", "inner": 5, "s": "STOP"});
        let f = Fields::root(&body).unwrap();
        let skip = |paths: &[&str], check: &dyn Fn()| {
            let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
            skipping(&paths, check);
        };
        skip(
            &["cvc", "n", "missing", "id", "inner", "s", "inner.x"],
            &|| {
                assert_eq!(f.string("cvc", Len::Exact(3)), Ok("12345"));
                assert_eq!(f.string("n", Len::Exact(3)), Ok(""));
                assert_eq!(f.string("missing", Len::Exact(3)), Ok(""));
                assert_eq!(f.optional_string("missing", Len::Exact(3)), Ok(None));
                assert_eq!(f.optional_string("n", Len::Exact(3)), Ok(Some("")));
                assert_eq!(f.user_id("id"), Ok(42));
                assert_eq!(f.user_id("missing"), Ok(0));
                assert_eq!(f.one_of("s", &["SUSPEND"]), Ok("STOP"));
                assert_eq!(f.yymm("cvc"), Ok("12345"));
                let inner = f.object("inner").unwrap();
                assert_eq!(inner.string("x", Len::Exact(1)), Ok(""));
            },
        );
        // Outside the scope, and for every other field, the checks are back.
        assert_eq!(path_of(f.string("cvc", Len::Exact(3))), "cvc");
        skip(&["other"], &|| {
            assert_eq!(path_of(f.string("cvc", Len::Exact(3))), "cvc");
        });
        let caught = std::panic::catch_unwind(|| {
            skipping(&["cvc".to_string()], || panic!("a rule panicked"));
        });
        assert!(caught.is_err());
        assert_eq!(path_of(f.string("cvc", Len::Exact(3))), "cvc");
    }

    #[test]
    fn card_numbers_are_digits_only() {
        let body = json!({"cardNo": "94100000000000A1", "ok": "9410000000000001"});
        let fields = Fields::root(&body).unwrap();
        assert_eq!(
            path_of(fields.card_number("cardNo", Len::Exact(16))),
            "cardNo"
        );
        assert_eq!(
            path_of(fields.optional_card_number("cardNo", Len::Exact(16))),
            "cardNo"
        );
        assert!(fields.card_number("ok", Len::Exact(16)).is_ok());
        assert_eq!(
            fields.optional_card_number("none", Len::Exact(16)).unwrap(),
            None
        );
    }

    #[test]
    fn yymm_needs_digits_and_a_real_month() {
        let body = json!({"ok": "3108", "m0": "3100", "m13": "3113", "x": "31a8", "n": "310"});
        let f = Fields::root(&body).unwrap();
        assert_eq!(f.yymm("ok"), Ok("3108"));
        for key in ["m0", "m13", "x", "n"] {
            assert_eq!(path_of(f.yymm(key)), key);
        }
    }
}
