//! Masking card data and secrets before anything is printed or written.
//!
//! One [`Masker`] guards every byte a run writes: the console (through [`console`]), the
//! failure messages libtest prints, and every report file, which [`guard`] scans once more
//! before it is written. Card data is recognised two ways, because a server may echo it
//! anywhere: by field or header name (`cardNo`, `*CVC`, `par`, `X-Card-CVC`, ...), also when the
//! value is an array or object under that name, and by shape ([`cards`]: 16-digit runs and
//! Luhn-valid 13–19-digit numbers, also in groups; `shapes`: Tran-Tokens, CVCs after their
//! name, URL userinfo). The run's secrets (access key, secret key, crypto key id, base URL
//! credentials, key material from the environment) are replaced wherever they occur, verbatim.
//! Card numbers keep at most their first 6 and last 4 digits; CVCs, keys and Tran-Tokens keep
//! nothing; a PAR keeps its first 4 and last 4 characters.
//!
//! Text is masked before it is cut ([`Masker::excerpt`]); code that must cut without the
//! masker cuts between tokens ([`cut`]), so a secret is either whole, and masked later, or
//! absent.

pub mod cards;
pub mod console;
mod cut;
pub mod guard;
pub mod shape;
mod shapes;

use std::borrow::Cow;

use memchr::memmem::Finder;
use serde_json::Value;

pub use cut::cut;

/// Replacement for values that keep nothing.
pub const REDACTED: &str = "[REDACTED]";

/// Headers whose values are credentials, lowercase.
const SECRET_HEADERS: &[&str] = &[
    "x-km-access-key",
    "x-km-tran-token",
    "x-km-crypto-key-id",
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
];

/// Secrets shorter than this are not searched for: they would mask ordinary words.
const MIN_SECRET_LEN: usize = 4;

/// How a field name says its value is masked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Nothing kept (CVCs, keys, encrypted data).
    Redact,
    /// First 6 and last 4 digits kept.
    Card,
    /// First 4 and last 4 characters kept.
    Par,
}

/// A masker that also knows the run's secret values.
#[derive(Debug, Clone, Default)]
pub struct Masker {
    secrets: Vec<String>,
    /// A searcher for each secret, in the same order: made once, as every masked text is
    /// searched for every secret.
    finders: Vec<Finder<'static>>,
    own: Vec<String>,
    off: bool,
}

impl Masker {
    /// A masker that also hides these exact values (ones shorter than 4 characters are
    /// ignored).
    pub fn new(secrets: impl IntoIterator<Item = String>) -> Masker {
        Masker::default().with_secrets(secrets)
    }

    /// This masker, also hiding these exact values.
    pub fn with_secrets(mut self, more: impl IntoIterator<Item = String>) -> Masker {
        self.secrets
            .extend(more.into_iter().filter(|s| s.len() >= MIN_SECRET_LEN));
        // Longest first, so a secret that contains another is replaced whole.
        self.secrets
            .sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        self.secrets.dedup();
        self.finders = self
            .secrets
            .iter()
            .map(|s| Finder::new(s.as_bytes()).into_owned())
            .collect();
        self
    }

    /// A masker that masks nothing: only for tests that prove a leak search finds what it seeks.
    pub fn disabled() -> Masker {
        Masker::default().without_masking()
    }

    /// This masker with masking switched off but its secrets kept, so the final [`guard`]
    /// still knows what to look for: only for tests of that guard.
    pub fn without_masking(mut self) -> Masker {
        self.off = true;
        self
    }

    /// This masker, also knowing values the harness itself computed that only look like card
    /// data (the SHA-256 digests of a run's provenance): they are never masked, nor refused by
    /// the [`guard`]. Only these exact values: a digest-shaped text from a server is not one.
    pub fn with_own_values(mut self, values: impl IntoIterator<Item = String>) -> Masker {
        self.own
            .extend(values.into_iter().filter(|v| !v.is_empty()));
        self.own.sort();
        self.own.dedup();
        self
    }

    /// The harness's own values this masker leaves alone (see [`Masker::with_own_values`]).
    pub fn own_values(&self) -> &[String] {
        &self.own
    }

    /// The exact values this masker hides, longest first.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }

    /// Masks free text: known secrets, URL userinfo, card numbers, Tran-Tokens and CVCs.
    pub fn text(&self, s: &str) -> String {
        if self.off {
            return s.to_string();
        }
        let mut out = Cow::Borrowed(s);
        for (secret, finder) in self.secrets.iter().zip(&self.finders) {
            if finder.find(out.as_bytes()).is_some() {
                out = Cow::Owned(out.replace(secret.as_str(), REDACTED));
            }
        }
        let userinfo = shapes::url_userinfo(&out);
        let tokens = shapes::tran_tokens(&userinfo);
        // Card numbers last: no later rule then takes digits from a masked one, so what the
        // guard sees ([`cards::find`] on the result) is what this masker left.
        cards::mask_except(&shapes::cvc_mentions(&tokens), &self.own)
    }

    /// Masks free text, then cuts it to at most `max_chars` characters (and `…`): a cut before
    /// masking could leave part of a secret that masking no longer recognises.
    pub fn excerpt(&self, s: &str, max_chars: usize) -> String {
        cut::after_masking(&self.text(s), max_chars)
    }

    /// Masks a JSON value: by field name, then every string and number by shape.
    pub fn json(&self, v: &Value) -> Value {
        self.json_keeping(v, &|_| false)
    }

    /// [`Masker::json`], except that a string `words` accepts is the harness's own words (a
    /// matcher such as `<len:16>` in a case's expected view): masked by shape as free text is
    /// ([`Masker::text`]), never as the value of the field it sits in, so
    /// `"cardNo": "<len:16>"` keeps its words.
    pub fn json_keeping(&self, v: &Value, words: &dyn Fn(&str) -> bool) -> Value {
        if self.off {
            return v.clone();
        }
        self.json_under(None, v, words)
    }

    /// A string or number of a JSON value, masked as [`Masker::json`] masks it where it sits:
    /// `keys` are the names of the objects around it, outermost first (an array adds none).
    pub fn json_leaf(&self, keys: &[&str], leaf: &Value) -> Value {
        if self.off {
            return leaf.clone();
        }
        self.leaf(keys.iter().find_map(|k| field_rule(k)), leaf, &|_| false)
    }

    /// `v` masked, inside a field whose name calls for `rule` (the outermost such name wins:
    /// everything under `"physicalCardCVC": [...]` is a CVC).
    fn json_under(&self, rule: Option<Rule>, v: &Value, words: &dyn Fn(&str) -> bool) -> Value {
        match v {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (k, v) in map {
                    let masked = self.json_under(rule.or_else(|| field_rule(k)), v, words);
                    out.insert(self.key(k, &out), masked);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(
                items
                    .iter()
                    .map(|v| self.json_under(rule, v, words))
                    .collect(),
            ),
            leaf => self.leaf(rule, leaf, words),
        }
    }

    /// An object key, masked by shape as text is (a server may key an object by card number);
    /// one that masks like a key already in `taken` gets ` (2)`, ` (3)`, ... so none is lost.
    fn key(&self, k: &str, taken: &serde_json::Map<String, Value>) -> String {
        let masked = self.text(k);
        if masked == k || !taken.contains_key(&masked) {
            return masked;
        }
        (2..)
            .map(|n| format!("{masked} ({n})"))
            .find(|candidate| !taken.contains_key(candidate))
            .unwrap_or(masked)
    }

    /// One string or number: by the rule of the field it is in, else by shape.
    fn leaf(&self, rule: Option<Rule>, v: &Value, words: &dyn Fn(&str) -> bool) -> Value {
        match (rule, v) {
            (_, Value::String(s)) if words(s) => Value::String(self.text(s)),
            (Some(rule), Value::String(s)) => Value::String(scalar(rule, s)),
            (Some(rule), Value::Number(n)) => Value::String(scalar(rule, &n.to_string())),
            (None, Value::String(s)) => Value::String(self.text(s)),
            (None, Value::Number(n)) => {
                let digits = n.to_string();
                let masked = cards::mask(&digits);
                if masked == digits {
                    v.clone()
                } else {
                    Value::String(masked)
                }
            }
            (_, other) => other.clone(),
        }
    }

    /// Masks a header value by the header's name, then by shape.
    pub fn header(&self, name: &str, value: &str) -> String {
        if self.off {
            return value.to_string();
        }
        let lower = name.to_ascii_lowercase();
        if SECRET_HEADERS.contains(&lower.as_str()) {
            return REDACTED.to_string();
        }
        let bare = lower
            .strip_prefix("x-km-")
            .or_else(|| lower.strip_prefix("x-"))
            .unwrap_or(&lower);
        match field_rule(bare) {
            Some(rule) => scalar(rule, &self.text(value)),
            None => self.text(value),
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
}

/// The rule a field or header name calls for; case, `-` and `_` do not matter.
fn field_rule(name: &str) -> Option<Rule> {
    let key: String = name
        .chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let redact = [
        "cvc",
        "cvv",
        "securitycode",
        "secretkey",
        "accesskey",
        "cryptokeyid",
        "password",
    ];
    if redact.iter().any(|w| key.contains(w)) || matches!(key.as_str(), "encdata" | "trantoken") {
        Some(Rule::Redact)
    } else if key.ends_with("cardno") || key.ends_with("cardnumber") || key == "pan" {
        Some(Rule::Card)
    } else if key == "par" {
        Some(Rule::Par)
    } else {
        None
    }
}

fn scalar(rule: Rule, s: &str) -> String {
    match rule {
        Rule::Redact => REDACTED.to_string(),
        Rule::Card => card_number(s),
        Rule::Par => par(s),
    }
}

/// The credentials in a URL's userinfo, in every form a request, an echo or an error may show
/// them: the password as written and percent-decoded, `user:password`, and the `Basic`
/// credential a client sends for it. Empty when the URL has no password or does not parse.
pub fn url_credentials(url: &str) -> Vec<String> {
    use base64::Engine as _;
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return Vec::new();
    };
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let (user, password) = (parsed.username(), parsed.password().unwrap_or_default());
    if user.is_empty() && password.is_empty() {
        return Vec::new();
    }
    let pair = format!("{}:{}", decode(user), decode(password));
    let mut out = vec![
        format!("{user}:{password}"),
        base64::engine::general_purpose::STANDARD.encode(&pair),
        pair,
    ];
    // Without a password the user name is the credential (`https://<token>@host`); with one,
    // the user name may be a common word (`user`), so only the password is searched alone.
    let alone = if password.is_empty() { user } else { password };
    out.extend([alone.to_string(), decode(alone)]);
    out
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
    fn url_credentials_cover_every_form() {
        let c = url_credentials("http://bob:pa%40ss-word@127.0.0.1:9/api");
        for form in [
            "pa%40ss-word",
            "pa@ss-word",
            "bob:pa@ss-word",
            "Ym9iOnBhQHNzLXdvcmQ=",
        ] {
            assert!(c.contains(&form.to_string()), "{form} in {c:?}");
        }
        assert!(url_credentials("http://127.0.0.1:9/").is_empty());
        let m = Masker::new(c);
        assert_eq!(
            m.header("X-Echo", "Basic Ym9iOnBhQHNzLXdvcmQ="),
            "Basic [REDACTED]"
        );
    }

    #[test]
    fn card_data_under_a_named_field_is_masked_in_any_shape() {
        let m = Masker::default();
        let v = json!({"physicalCardCVC": ["751", {"v": 752}], "cardNo": {"value": "4111111111111111"},
                       "X-Card-CVC": 753, "list": [4111111111111111u64, "6011 0009 9013 9424"]});
        let out = m.json(&v).to_string();
        for leak in ["751", "752", "753", "4111111111111111", "0009 9013"] {
            assert!(!out.contains(leak), "{leak} leaked in {out}");
        }
        assert_eq!(m.header("X-Card-CVC", "751"), REDACTED);
        assert_eq!(m.header("x_physical_card_cvv", "751"), REDACTED);
        assert_eq!(m.header("X-KM-Crypto-Key-Id", "0123456789abcdef"), REDACTED);
        assert_eq!(
            m.header("X-Card-No", "9410000000000001"),
            "941000******0001"
        );
    }

    #[test]
    fn card_numbers_in_object_keys_are_masked() {
        let m = Masker::default();
        let v =
            json!({"4111111111111111": 1, "a": {"9410000000000001": {"6011 0009 9013 9424": "x"}}});
        for out in [m.json(&v).to_string(), m.body(&v.to_string())] {
            for leak in ["4111111111111111", "9410000000000001", "0009 9013"] {
                assert!(!out.contains(leak), "{leak} leaked in {out}");
            }
            assert!(out.contains("411111******1111"), "{out}");
        }
        // Two keys that mask alike are both kept.
        let two = json!({"4111111111111111": 1, "4111110000001111": 2});
        assert_eq!(m.json(&two).as_object().unwrap().len(), 2);
    }

    #[test]
    fn card_numbers_with_other_separators_and_other_names_for_a_cvc_are_masked() {
        let m = Masker::default();
        for card in [
            "4111.1111.1111.1111",
            "4111\u{a0}1111\u{a0}1111\u{a0}1111",
            "4111\u{202f}1111\u{202f}1111\u{202f}1111",
            "4111%201111%201111%201111",
            "４１１１１１１１１１１１１１１１",
            "４１１１ １１１１ １１１１ １１１１",
        ] {
            let once = m.text(&format!("card {card} end"));
            assert!(!once.contains(card) && once.contains('*'), "{card}: {once}");
            assert_eq!(m.text(&once), once, "{card}");
            assert!(guard::leaks(&format!("card {card} end"), &m), "{card}");
            assert!(!guard::leaks(&once, &m), "{card}: {once}");
        }
        let v = json!({"securityCode": "123", "card": {"security_code": 456}});
        let out = m.json(&v).to_string();
        assert!(!out.contains("123") && !out.contains("456"), "{out}");
        assert_eq!(m.header("X-Security-Code", "123"), REDACTED);
    }

    #[test]
    fn base64_card_numbers_are_masked_whole() {
        use base64::Engine as _;
        let m = Masker::default();
        let engines = [
            base64::engine::general_purpose::STANDARD,
            base64::engine::general_purpose::URL_SAFE_NO_PAD,
        ];
        for plain in [
            "4111111111111111",
            r#"{"cardNo":"4111 1111 1111 1111","x":1}"#,
        ] {
            for engine in &engines {
                let encoded = engine.encode(plain);
                let once = m.text(&format!("token={encoded}; next"));
                assert!(!once.contains(&encoded), "{plain}: {once}");
                assert_eq!(once, format!("token={REDACTED}; next"));
                assert_eq!(m.text(&once), once);
            }
        }
        // Base64 of anything else stays.
        let other = base64::engine::general_purpose::STANDARD.encode("just some words here");
        assert_eq!(m.text(&other), other);
    }

    #[test]
    fn the_harness_own_digests_are_not_card_numbers() {
        // A SHA-256 digest holding a Luhn-valid 16-digit run.
        let digest = "ab4111111111111111cd0123456789abcdef0123456789abcdef0123456789ab";
        let m = Masker::default().with_own_values([digest.to_string()]);
        let text = format!("sha256: {digest}, card 4111111111111111");
        let once = m.text(&text);
        assert!(once.starts_with(&format!("sha256: {digest},")), "{once}");
        assert!(once.ends_with("card 411111******1111"), "{once}");
        assert!(!guard::leaks(&format!("sha256: {digest}"), &m));
        // Another digest-shaped text is not one of the run's: masked as before.
        let planted = "ffffffffffffffffffffffffffffffffffffffffffffff4111111111111111";
        assert!(!m.text(planted).contains("4111111111111111"));
        assert!(guard::leaks(planted, &m));
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
