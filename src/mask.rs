//! Masking card data and secrets before anything is printed or written.
//!
//! Card data is recognised two ways, because a server may echo it anywhere: by field name
//! (`cardNo`, `*CVC`, `par`, ...) and by shape (a run of exactly 16 digits inside any string).
//! Known secrets (access key, secret key) are also replaced wherever they occur, verbatim.
//! Card numbers keep at most their first 6 and last 4 digits; CVCs, keys and Tran-Tokens keep
//! nothing; a PAR keeps its first 4 and last 4 characters.

use serde_json::Value;

/// Replacement for values that keep nothing.
pub const REDACTED: &str = "[REDACTED]";

/// Headers whose values are secrets.
const SECRET_HEADERS: &[&str] = &["x-km-access-key", "x-km-tran-token", "authorization"];

/// A masker that also knows the run's secret values.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    secrets: Vec<String>,
    off: bool,
}

impl Masker {
    /// A masker that also hides these exact values (empty ones are ignored).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Masker {
        let mut secrets: Vec<String> = secrets.into_iter().filter(|s| s.len() >= 4).collect();
        // Longest first, so a secret that contains another is replaced whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Masker {
            secrets,
            off: false,
        }
    }

    /// A masker that masks nothing: only for tests that prove a leak search finds what it seeks.
    pub fn disabled() -> Masker {
        Masker {
            secrets: Vec::new(),
            off: true,
        }
    }

    /// Masks free text: known secrets, Tran-Tokens and 16-digit runs.
    pub fn text(&self, s: &str) -> String {
        if self.off {
            return s.to_string();
        }
        let mut out = s.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        mask_cvc_mentions(&mask_tran_tokens(&mask_card_runs(&out)))
    }

    /// Masks a JSON value: by field name, then every string by shape.
    pub fn json(&self, v: &Value) -> Value {
        if self.off {
            return v.clone();
        }
        match v {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.field(k, v).unwrap_or_else(|| self.json(v))))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|v| self.json(v)).collect()),
            Value::String(s) => Value::String(self.text(s)),
            Value::Number(n) if n.to_string().len() == 16 => {
                Value::String(card_number(&n.to_string()))
            }
            other => other.clone(),
        }
    }

    /// Masks a header value by the header's name, then by shape.
    pub fn header(&self, name: &str, value: &str) -> String {
        if self.off {
            value.to_string()
        } else if SECRET_HEADERS.iter().any(|h| h.eq_ignore_ascii_case(name)) {
            REDACTED.to_string()
        } else {
            self.text(value)
        }
    }

    /// Masks a body given as text: as JSON when it parses, else as text.
    pub fn body(&self, s: &str) -> String {
        if self.off {
            return s.to_string();
        }
        match serde_json::from_str::<Value>(s) {
            Ok(v) if v.is_object() || v.is_array() => {
                serde_json::to_string(&self.json(&v)).unwrap_or_else(|_| self.text(s))
            }
            _ => self.text(s),
        }
    }

    fn field(&self, name: &str, v: &Value) -> Option<Value> {
        let lower = name.to_ascii_lowercase();
        let s = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        if lower.contains("cvc")
            || lower.contains("cvv")
            || lower == "secretkey"
            || lower == "accesskey"
            || lower == "encdata"
        {
            Some(Value::String(REDACTED.into()))
        } else if lower.ends_with("cardno") || lower == "pan" {
            Some(Value::String(card_number(&s)))
        } else if lower == "par" {
            Some(Value::String(par(&s)))
        } else {
            None
        }
    }
}

/// `941000******0001`: the first 6 and last 4 of a card number.
pub fn card_number(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() < 12 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// `Q1TE…0001`: the first and last 4 characters of a PAR.
pub fn par(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// Masks every run of exactly 16 ASCII digits.
fn mask_card_runs(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            let run = &s[start..i];
            if run.len() == 16 {
                out.push_str(&card_number(run));
            } else {
                out.push_str(run);
            }
        } else {
            let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
    }
    out
}

/// Masks the digits after a word that names a verification code (`CVC 123`, `"cvv":"123"`,
/// `physicalCardCVC=123`), for card data echoed in free text such as an HTML error page.
fn mask_cvc_mentions(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    if !lower.contains("cvc") && !lower.contains("cvv") {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while i + 3 <= bytes.len() {
        let word = &lower.as_bytes()[i..i + 3];
        if word != b"cvc" && word != b"cvv" {
            i += 1;
            continue;
        }
        // Skip separators (`":= ` and quotes), then mask a run of 3 or 4 digits.
        let mut j = i + 3;
        while j < bytes.len() && b"\":= '\t".contains(&bytes[j]) {
            j += 1;
        }
        let start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        if (3..=4).contains(&(j - start)) && !bytes.get(j).is_some_and(u8::is_ascii_digit) {
            out.push_str(&s[copied..start]);
            out.push_str(REDACTED);
            copied = j;
        }
        i = j.max(i + 3);
    }
    out.push_str(&s[copied..]);
    out
}

/// Masks the MAC of anything shaped like a Tran-Token (`KMV1:<time>:<mac>`).
fn mask_tran_tokens(s: &str) -> String {
    if !s.contains("KMV1:") {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("KMV1:") {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        // Already masked: keep it as it is, so masking twice changes nothing.
        if tail["KMV1:".len()..].starts_with(REDACTED) {
            out.push_str("KMV1:");
            out.push_str(REDACTED);
            rest = &tail["KMV1:".len() + REDACTED.len()..];
            continue;
        }
        let end = tail
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || "+/=:".contains(*c)))
            .map_or(tail.len(), |(j, _)| j);
        out.push_str("KMV1:");
        out.push_str(REDACTED);
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn card_numbers_keep_six_and_four() {
        assert_eq!(card_number("9410000000000001"), "941000******0001");
        let m = Masker::default();
        assert_eq!(
            m.text("card 9410123456780001 here"),
            "card 941012******0001 here"
        );
        // Longer or shorter digit runs are not card numbers (user ids, application numbers).
        assert_eq!(
            m.text("50000104652 CA20000000000000000001"),
            "50000104652 CA20000000000000000001"
        );
    }

    #[test]
    fn fields_are_masked_by_name_and_shape() {
        let m = Masker::default();
        let v = json!({"digital": {"cardNo": "9410000000000001", "par": "Q1TESTPAR000000000000000001", "mobileCardCVC": "123"},
                       "physicalCardCVC": "999", "note": "echo 9410000000000002", "userId": 50000104652u64});
        let out = m.json(&v).to_string();
        for leak in [
            "9410000000000001",
            "9410000000000002",
            "123\"",
            "999",
            "TESTPAR000000000000000",
        ] {
            assert!(!out.contains(leak), "{leak} leaked in {out}");
        }
        assert!(out.contains("50000104652"));
        assert!(out.contains("Q1TE*******************0001"));
    }

    #[test]
    fn masking_twice_changes_nothing() {
        let m = Masker::new(["my-secret-key".to_string()]);
        let once = m.text("KMV1:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg= 9410000000000001 cvc 123");
        assert_eq!(m.text(&once), once);
    }

    #[test]
    fn cvcs_in_free_text_are_masked() {
        let m = Masker::default();
        assert_eq!(m.text("<p>bad CVC 123</p>"), "<p>bad CVC [REDACTED]</p>");
        assert_eq!(
            m.text(r#"{"physicalCardCVC":"999"}"#),
            r#"{"physicalCardCVC":"[REDACTED]"}"#
        );
        assert_eq!(m.text("cvv=1234, cvc 12345"), "cvv=[REDACTED], cvc 12345");
    }

    #[test]
    fn secrets_and_tokens_never_show() {
        let m = Masker::new(["my-secret-key".to_string()]);
        assert_eq!(m.text("key=my-secret-key;"), "key=[REDACTED];");
        assert_eq!(m.header("X-KM-Access-Key", "abc"), REDACTED);
        assert_eq!(
            m.text("t KMV1:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg= x"),
            "t KMV1:[REDACTED] x"
        );
    }
}
