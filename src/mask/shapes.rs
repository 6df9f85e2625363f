//! Shapes of sensitive data in free text, where no field name says what a value is: a
//! Tran-Token's MAC, the digits after a word naming a verification code, the userinfo of a URL.
//! Card numbers have their own module, [`super::cards`].

use std::borrow::Cow;

use super::REDACTED;

/// Masks the userinfo of every URL (`https://user:password@host` becomes
/// `https://[REDACTED]@host`): a base URL with credentials in it is echoed by error messages,
/// the run facts and every request line.
pub fn url_userinfo(s: &str) -> Cow<'_, str> {
    if !s.contains("://") || !s.contains('@') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("://") {
        let (before, after) = rest.split_at(i + 3);
        out.push_str(before);
        let authority_end = after
            .find(|c: char| "/?#\"'<>`()[]{} \t\r\n".contains(c))
            .unwrap_or(after.len());
        let authority = &after[..authority_end];
        match authority.rfind('@') {
            // The host part is scanned again: it may hold the next URL (`u:p@https://u:p@h`).
            Some(at) => {
                out.push_str(REDACTED);
                out.push('@');
                rest = &after[at + 1..];
            }
            // No userinfo: go on right after `://`, where the next URL may start.
            None => rest = after,
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Masks the digits after a word that names a verification code (`CVC 123`, `"cvv":"123"`,
/// `physicalCardCVC=123`, `"cvc": ["123"]`), for card data echoed in free text such as an HTML error page.
pub fn cvc_mentions(s: &str) -> Cow<'_, str> {
    let named = s
        .as_bytes()
        .windows(3)
        .any(|w| w.eq_ignore_ascii_case(b"cvc") || w.eq_ignore_ascii_case(b"cvv"));
    if !named {
        return Cow::Borrowed(s);
    }
    let lower = s.to_ascii_lowercase();
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
        while j < bytes.len() && b"\":= '\t[".contains(&bytes[j]) {
            j += 1;
        }
        let start = j;
        while j < bytes.len() && bytes[j].is_ascii_digit() {
            j += 1;
        }
        // Digits that go on, or go on as digit groups (`cvc 4111-1111-…`), are a longer
        // number, which the card rule masks whole.
        let goes_on = bytes.get(j).is_some_and(u8::is_ascii_digit)
            || (matches!(bytes.get(j), Some(b' ' | b'-'))
                && bytes.get(j + 1).is_some_and(u8::is_ascii_digit));
        if (3..=4).contains(&(j - start)) && !goes_on {
            out.push_str(&s[copied..start]);
            out.push_str(REDACTED);
            copied = j;
        }
        i = j.max(i + 3);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Masks the MAC of anything shaped like a Tran-Token (`KMV1:<time>:<mac>`).
pub fn tran_tokens(s: &str) -> Cow<'_, str> {
    if !s.contains("KMV1:") {
        return Cow::Borrowed(s);
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
        // Nothing token-like after the prefix (the page's pattern `^KMV1:[0-9]{17}:…`, quoted
        // in a failure's words): nothing to hide.
        if end > "KMV1:".len() {
            out.push_str(REDACTED);
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn userinfo_is_masked_in_any_url() {
        assert_eq!(
            url_userinfo("error for url (http://bob:s3cr%40t@127.0.0.1:9/api) x"),
            "error for url (http://[REDACTED]@127.0.0.1:9/api) x"
        );
        assert_eq!(
            url_userinfo("`https://token@h` and https://h/p?a=b@c"),
            "`https://[REDACTED]@h` and https://h/p?a=b@c"
        );
        for text in [
            "http://u:p@h",
            "https://user:pw@https://user:pw@KMV1:",
            "http://4111https://user:pw@",
        ] {
            let once = url_userinfo(text);
            assert!(!once.contains("pw"), "{once}");
            assert_eq!(url_userinfo(&once), once);
        }
    }

    #[test]
    fn a_tran_token_is_masked_and_the_pages_pattern_for_one_is_not() {
        assert_eq!(
            tran_tokens("got KMV1:20260310120000123:abc+/= here"),
            "got KMV1:[REDACTED] here"
        );
        let pattern = "matching `^KMV1:[0-9]{17}:[A-Za-z0-9+/]{43}=?$`";
        assert_eq!(tran_tokens(pattern), pattern);
        assert_eq!(tran_tokens("KMV1:"), "KMV1:");
        let masked = tran_tokens("KMV1:1:abc");
        assert_eq!(tran_tokens(&masked), masked);
    }

    #[test]
    fn cvcs_after_a_bracket_are_masked() {
        assert_eq!(
            cvc_mentions(r#"{"physicalCardCVC": ["751"]}"#),
            r#"{"physicalCardCVC": ["[REDACTED]"]}"#
        );
    }
}
