//! Cutting text short without cutting a secret in two.
//!
//! A secret or card number cut in part is no longer recognised by the masker, yet most of it
//! shows: 20 of 25 characters of a key, 15 of 16 digits. So text is masked first and then cut
//! ([`after_masking`], behind [`Masker::excerpt`](super::Masker::excerpt)). Code that must
//! cut without the run's masker (the checks, the HTTP layer) uses [`cut`], which never ends
//! inside a token or a card number: whatever it keeps of a secret is whole, and is
//! masked when written.

use super::cards;

/// Marks text that was cut.
const ELLIPSIS: char = '…';

/// Characters that can be part of one token: secrets, keys, tokens, card numbers and ids
/// are made of these (base64, base64url, hex, percent-encoding, `KMV1:<time>:<mac>`, the
/// `user:password@host` of a URL).
fn in_token(c: char) -> bool {
    c.is_alphanumeric() || "+/=_-.:~%*@".contains(c)
}

/// `s` cut to at most `max_chars` characters plus `…`, never inside a token or a card number
/// (as [`cards::find`] sees them in the whole of `s`): the one cut into is dropped whole.
pub fn cut(s: &str, max_chars: usize) -> String {
    let Some((end, _)) = s.char_indices().nth(max_chars) else {
        return s.to_string();
    };
    let cards = cards::find(s);
    let mut at = end;
    loop {
        let before = at;
        if s[..at].ends_with(in_token) && s[at..].starts_with(in_token) {
            at = s[..at].trim_end_matches(in_token).len();
        }
        if let Some(card) = cards.iter().find(|c| c.span.start < at && at < c.span.end) {
            at = card.span.start;
        }
        if at == before {
            break;
        }
    }
    format!("{}{ELLIPSIS}", s[..at].trim_end())
}

/// Already masked text cut to at most `max_chars` characters plus `…`.
pub fn after_masking(masked: &str, max_chars: usize) -> String {
    match masked.char_indices().nth(max_chars) {
        None => masked.to_string(),
        Some((end, _)) => format!("{}{ELLIPSIS}", &masked[..end]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mask::Masker;

    #[test]
    fn a_cut_never_keeps_part_of_a_token_or_a_card_number() {
        let secret = "SKtest5d8e2f4a9c0b1eXYZ12";
        let text = format!("key {secret} end");
        for n in 4..text.len() {
            let c = cut(&text, n);
            assert!(!c.contains("SKtest") || c.contains(secret), "{n}: {c}");
        }
        let text = "card 4111 1111 1111 1111 end";
        for n in 5..text.len() {
            let c = cut(text, n);
            assert!(
                !c.contains("4111 1") || c.contains("4111 1111 1111 1111"),
                "{n}: {c}"
            );
        }
        assert_eq!(cut("short", 10), "short");
        assert_eq!(cut("a few words here", 9), "a few…");
    }

    #[test]
    fn an_excerpt_masks_before_it_cuts() {
        let m = Masker::new(["SKtest5d8e2f4a9c0b1eXYZ12".to_string()]);
        let text = "x".repeat(100) + " SKtest5d8e2f4a9c0b1eXYZ12 4111111111111111";
        for n in 100..text.len() {
            let e = m.excerpt(&text, n);
            assert!(!e.contains("SKtest"), "{n}: {e}");
            assert!(!e.contains("41111111"), "{n}: {e}");
        }
    }
}
