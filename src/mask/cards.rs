//! Card numbers by shape: where they are in a text, and their masked form.
//!
//! The masker and the final scan of the reports both find card numbers here, so what the scan
//! refuses is exactly what the masker hides. A card number is a run of digits, or digit groups
//! joined by single separators (a space, a dash, a dot, a no-break, figure, thin or narrow
//! no-break space, or `%20`: `4111 1111 1111 1111`, `3782-822463-10005`, `4111.1111.1111.1111`),
//! its digits ASCII or full-width (`４１１１…`), that is
//!
//! - exactly 16 digits, whatever its check digit: the vendor's test cards (`9410…0001`) fail
//!   the Luhn check, yet they are card numbers all the same; or
//! - 13 to 19 digits that pass the Luhn check, unless it starts with `0` (no card does, and
//!   the vendor's 15-digit ASP id does) or reads as a `yyyyMMddHHmmss[SSS]` time (the
//!   `X-KM-Tran-Time` and Tran-Token times would otherwise be masked one time in ten).
//!
//! Groups must be 3 to 6 digits, the first at least 4, so dates (`2026-11-30`), correlation ids
//! (`221108120814-0a1b2c3`) and version numbers never join into a card number.
//!
//! A base64 token (standard or URL-safe, 16 characters or more) whose decoded bytes hold a card
//! number is one too, masked whole. The harness's own values that only look like digits (the
//! SHA-256 digests of a run's provenance) are passed in as `own` and never searched.

use std::borrow::Cow;
use std::ops::Range;

use base64::Engine as _;

/// Card numbers are this long, in digits.
const CARD_DIGITS: std::ops::RangeInclusive<usize> = 13..=19;
/// The most groups a card number is written in.
const MAX_GROUPS: usize = 6;

/// What a found card number is, for the scan: every one is masked, only some are "real".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Its bytes in the text.
    pub span: Range<usize>,
    /// Whether it passes the Luhn check (a real card's number always does).
    pub luhn: bool,
    /// A base64 token that holds a card number once decoded: masked whole.
    pub encoded: bool,
}

impl Found {
    /// What masking puts in its place in `s`.
    pub fn masked_in(&self, s: &str) -> String {
        if self.encoded {
            super::REDACTED.to_string()
        } else {
            masked(&s[self.span.clone()])
        }
    }
}

/// Every card number in `s`, in order, not overlapping.
pub fn find(s: &str) -> Vec<Found> {
    find_except(s, &[])
}

/// Every card number in `s`, in order, not overlapping, outside the occurrences of `own`.
pub fn find_except(s: &str, own: &[String]) -> Vec<Found> {
    let (encoded, plain) = (encoded(s), plain(s));
    // The own values are looked for only where there is a card number to keep or drop: most
    // texts hold none, and one search per own value per text is what a run masks most.
    let kept = if encoded.is_empty() && plain.is_empty() {
        Vec::new()
    } else {
        own_spans(s, own)
    };
    let outside = |f: &Found| {
        !kept
            .iter()
            .any(|k| k.start < f.span.end && f.span.start < k.end)
    };
    let encoded: Vec<Found> = encoded.into_iter().filter(outside).collect();
    let mut found: Vec<Found> = plain
        .into_iter()
        .filter(|f| outside(f) && !encoded.iter().any(|e| overlap(&e.span, &f.span)))
        .collect();
    found.extend(encoded);
    found.sort_by_key(|f| f.span.start);
    found
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Where the values of `own` are in `s`.
fn own_spans(s: &str, own: &[String]) -> Vec<Range<usize>> {
    own.iter()
        .filter(|o| !o.is_empty())
        .flat_map(|o| s.match_indices(o.as_str()).map(|(i, m)| i..i + m.len()))
        .collect()
}

/// The card numbers written with digits.
fn plain(s: &str) -> Vec<Found> {
    let text = Scan::of(s);
    let bytes: &[u8] = &text.bytes;
    // A card number has at least 13 digits: a text with fewer holds none (most texts masked).
    if bytes.iter().filter(|b| b.is_ascii_digit()).count() < *CARD_DIGITS.start() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let groups = groups_at(bytes, i);
        let end = groups.last().map_or(i + 1, |g| g.end);
        // Digits next to the stars of a masked card number (`941000******0001`) are what
        // masking kept of it: they never join other groups into a new card number, so
        // masking twice changes nothing. Alone, they are too short to be one.
        let locked = Locked {
            first: masked_next(groups[0].len(), bytes[..i].iter().rev(), true),
            last: masked_next(groups[groups.len() - 1].len(), bytes[end..].iter(), false),
        };
        found.extend(cards_in(bytes, &groups, locked).into_iter().map(|f| Found {
            span: text.origin(f.span),
            ..f
        }));
        i = end;
    }
    found
}

/// The text as the scanner reads it: every digit ASCII and every separator one byte, with the
/// byte of the text each came from. Plain ASCII without `%20` is read as it is.
struct Scan<'a> {
    bytes: Cow<'a, [u8]>,
    /// `origin[i]` is where byte `i` starts in the text (one more entry: its end).
    origins: Option<Vec<usize>>,
}

/// A byte no rule reads: what any other character becomes.
const OTHER: u8 = 0x01;

impl<'a> Scan<'a> {
    fn of(s: &'a str) -> Scan<'a> {
        if s.is_ascii() && !s.contains("%20") {
            return Scan {
                bytes: Cow::Borrowed(s.as_bytes()),
                origins: None,
            };
        }
        let (mut bytes, mut origins) = (Vec::with_capacity(s.len()), Vec::with_capacity(s.len()));
        let mut chars = s.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let byte = match c {
                '%' if s[at..].starts_with("%20") => {
                    chars.next();
                    chars.next();
                    b' '
                }
                '\u{ff10}'..='\u{ff19}' => b'0' + (c as u32 - 0xff10) as u8,
                '\u{a0}' | '\u{2007}' | '\u{2009}' | '\u{202f}' => b' ',
                c if c.is_ascii() => c as u8,
                _ => OTHER,
            };
            bytes.push(byte);
            origins.push(at);
        }
        origins.push(s.len());
        Scan {
            bytes: Cow::Owned(bytes),
            origins: Some(origins),
        }
    }

    /// A span of the scanned bytes as a span of the text.
    fn origin(&self, span: Range<usize>) -> Range<usize> {
        match &self.origins {
            None => span,
            Some(o) => o[span.start]..o[span.end],
        }
    }
}

/// The shortest base64 token searched: a card number of 13 digits takes 18 characters.
const MIN_BASE64: usize = 16;

/// The base64 tokens that decode to text holding a card number.
fn encoded(s: &str) -> Vec<Found> {
    let bytes = s.as_bytes();
    let in_alphabet = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_');
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !in_alphabet(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && in_alphabet(bytes[i]) {
            i += 1;
        }
        let body = i;
        while i < bytes.len() && i < body + 2 && bytes[i] == b'=' {
            i += 1;
        }
        if body - start < MIN_BASE64 || !bytes[start..body].iter().any(u8::is_ascii_alphabetic) {
            continue;
        }
        let Some(decoded) = decode(&s[start..body]) else {
            continue;
        };
        let inner = plain(&String::from_utf8_lossy(&decoded));
        if !inner.is_empty() {
            found.push(Found {
                span: start..i,
                luhn: inner.iter().any(|f| f.luhn),
                encoded: true,
            });
        }
    }
    found
}

/// `token` decoded as base64, standard or URL-safe, padded or not.
fn decode(token: &str) -> Option<Vec<u8>> {
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    const ANY_PADDING: GeneralPurposeConfig =
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    // Made once: building an engine is most of decoding a short token.
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, ANY_PADDING);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, ANY_PADDING);
    let engine = if token.contains(['-', '_']) {
        &URL_SAFE
    } else {
        &STANDARD
    };
    engine.decode(token).ok()
}

/// Whether a digit group of `len` digits, with these bytes next to it (read away from it), is
/// what [`masked`] kept of a card number: its last 4 digits (`tail`), with 3 to 9 stars and
/// then 6 digits before it, or part of its first 6 digits, with 3 to 9 stars and then 4
/// digits after it (`941000******0001`, `4111 11** **** 1111`). Markdown bold
/// (`**4111 1111 1111 1111**`) or a star between two numbers (`751*4111-1111-1111-1111`) is
/// not.
fn masked_next<'a>(len: usize, away: impl Iterator<Item = &'a u8>, tail: bool) -> bool {
    let (fits, beyond) = if tail { (len == 4, 6) } else { (len <= 6, 4) };
    if !fits {
        return false;
    }
    let mut away = away.peekable();
    let mut stars = 0;
    while let Some(&&b) = away.peek() {
        match b {
            b'*' => stars += 1,
            b' ' | b'-' | b'.' => {}
            _ => break,
        }
        away.next();
    }
    // Exactly `beyond` digits (groups may be joined by separators), and no digit glued on.
    let mut digits = 0;
    while digits < beyond {
        match away.next() {
            Some(b'0'..=b'9') => digits += 1,
            Some(b' ' | b'-' | b'.') => {}
            _ => break,
        }
    }
    if away.peek().is_some_and(|b| b.is_ascii_digit()) {
        return false;
    }
    (3..=9).contains(&stars) && digits == beyond
}

/// Which end groups of a run belong to a masked card number and may not join others.
#[derive(Debug, Clone, Copy)]
struct Locked {
    first: bool,
    last: bool,
}

/// `s` with every card number masked (see [`masked`]).
pub fn mask(s: &str) -> String {
    mask_except(s, &[])
}

/// `s` with every card number outside the occurrences of `own` masked.
pub fn mask_except(s: &str, own: &[String]) -> String {
    let found = find_except(s, own);
    if found.is_empty() {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    for f in found {
        out.push_str(&s[copied..f.span.start]);
        out.push_str(&f.masked_in(s));
        copied = f.span.end;
    }
    out.push_str(&s[copied..]);
    out
}

/// A card number with all but its first 6 and last 4 digits starred; separators stay, so
/// `4111 1111 1111 1111` becomes `4111 11** **** 1111`. Fewer than 12 digits: all starred.
pub fn masked(s: &str) -> String {
    let is_digit = |c: char| c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c);
    // `%20` is a separator, whatever its digits.
    let separator = |at: usize| s[at..].starts_with("%20");
    let mut skip = 0u8;
    let digit_at: Vec<bool> = s
        .char_indices()
        .map(|(at, c)| {
            if separator(at) {
                skip = 3;
            }
            let counted = skip == 0 && is_digit(c);
            skip = skip.saturating_sub(1);
            counted
        })
        .collect();
    let n = digit_at.iter().filter(|d| **d).count();
    let mut seen = 0;
    s.chars()
        .zip(digit_at)
        .map(|(c, digit)| {
            if !digit {
                return c;
            }
            seen += 1;
            if n >= 12 && (seen <= 6 || seen > n - 4) {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Whether a string of digits passes the Luhn check.
///
/// Five lines of arithmetic: a crate for it would be a dependency for nothing.
pub fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2, d * 2) {
                (0, _) => d,
                (_, twice) if twice > 9 => twice - 9,
                (_, twice) => twice,
            }
        })
        .sum();
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// The digit groups from `start`: runs joined by one space or dash.
fn groups_at(bytes: &[u8], start: usize) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut i = start;
    loop {
        let from = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        groups.push(from..i);
        let joined = i + 1 < bytes.len()
            && matches!(bytes[i], b' ' | b'-' | b'.')
            && bytes[i + 1].is_ascii_digit();
        if !joined {
            return groups;
        }
        i += 1;
    }
}

/// The card numbers among consecutive groups: at each group, the longest run of groups that
/// is one.
fn cards_in(s: &[u8], groups: &[Range<usize>], locked: Locked) -> Vec<Found> {
    let mut found = Vec::new();
    let mut first = 0;
    let joins_locked = |from: usize, to: usize| {
        to - from > 1 && ((from == 0 && locked.first) || (to == groups.len() && locked.last))
    };
    while first < groups.len() {
        // A card number spans at most 6 groups (19 digits, the first group 4, the others 3):
        // looking further would make a long run of short groups quadratic.
        let hit = (first + 1..=groups.len().min(first + MAX_GROUPS))
            .rev()
            .filter(|&last| !joins_locked(first, last))
            .find_map(|last| card(s, &groups[first..last]).map(|f| (last, f)));
        match hit {
            Some((last, f)) => {
                found.push(f);
                first = last;
            }
            None => first += 1,
        }
    }
    found
}

/// The card number these groups make, if they make one.
fn card(s: &[u8], groups: &[Range<usize>]) -> Option<Found> {
    let lens: Vec<usize> = groups.iter().map(ExactSizeIterator::len).collect();
    if groups.len() > 1 && (lens[0] < 4 || lens.iter().any(|n| !(3..=6).contains(n))) {
        return None;
    }
    let span = groups[0].start..groups[groups.len() - 1].end;
    let digits: String = s[span.clone()]
        .iter()
        .filter(|b| b.is_ascii_digit())
        .map(|&b| char::from(b))
        .collect();
    let luhn = CARD_DIGITS.contains(&digits.len()) && luhn(&digits);
    let real = luhn && !digits.starts_with('0') && !is_timestamp(&digits);
    (digits.len() == 16 || real).then_some(Found {
        span,
        luhn: real,
        encoded: false,
    })
}

/// `yyyyMMddHHmmss` with up to 3 digits of milliseconds, in the years 1900–2099.
fn is_timestamp(d: &str) -> bool {
    let n = |r: Range<usize>| d[r].parse::<u32>().unwrap_or(99);
    (14..=17).contains(&d.len())
        && matches!(&d[..2], "19" | "20")
        && (1..=12).contains(&n(4..6))
        && (1..=31).contains(&n(6..8))
        && n(8..10) < 24
        && n(10..12) < 60
        && n(12..14) < 61
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cards(s: &str) -> Vec<&str> {
        find(s).into_iter().map(|f| &s[f.span]).collect()
    }

    #[test]
    fn a_long_run_of_short_groups_is_scanned_in_linear_time() {
        // 600,000 single digits joined by spaces: quadratic would take hours.
        let hostile = "1 ".repeat(300_000) + "4111 1111 1111 1111";
        let started = std::time::Instant::now();
        assert_eq!(cards(&hostile), ["4111 1111 1111 1111"]);
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        let digits = "7".repeat(1_000_000);
        assert!(cards(&digits).is_empty());
    }

    #[test]
    fn masked_numbers_never_join_and_bold_ones_are_still_found() {
        // What masking kept of a card number does not make a new one with its neighbours.
        let once = mask("4111 1111 1111 1111-3782-822463-10005");
        assert_eq!(once, "4111 11** **** 1111-3782-82****-*0005");
        assert_eq!(mask(&once), once);
        assert_eq!(
            cards("**4111 1111 1111 1111** and **4111111111111111**"),
            ["4111 1111 1111 1111", "4111111111111111"]
        );
        assert_eq!(cards("751*4111-1111-1111-1111"), ["4111-1111-1111-1111"]);
    }

    #[test]
    fn luhn_checks_the_last_digit() {
        assert!(luhn("4111111111111111"));
        assert!(!luhn("4111111111111112"));
        assert!(luhn("378282246310005"));
        assert!(!luhn(""));
    }

    #[test]
    fn grouped_and_odd_length_card_numbers_are_found() {
        assert_eq!(
            cards("a 4111 1111 1111 1111, b 3782-822463-10005 c"),
            ["4111 1111 1111 1111", "3782-822463-10005"]
        );
        // 13 and 19 digits, Luhn-valid.
        assert_eq!(cards("x4222222222222y"), ["4222222222222"]);
        assert_eq!(cards("6011000990139424 "), ["6011000990139424"]);
        assert_eq!(cards("4111111111111111110"), ["4111111111111111110"]);
        // A trailing group that does not belong is left out.
        assert_eq!(
            cards("4111 1111 1111 1111 5 items"),
            ["4111 1111 1111 1111"]
        );
        assert_eq!(
            masked("4111-1111-1111-1111"),
            "4111-11**-****-1111".to_string()
        );
    }

    #[test]
    fn dates_ids_times_and_wrong_check_digits_are_not_cards() {
        for text in [
            "2026-11-30 12:00:00",
            "221108120814-0a1b2c3",
            "20221108120814608",
            "000170000000000",
            "4111111111111112 is 16 digits",
            "4111111111111",
            "50000104652",
            "CA20000000000000000001",
        ] {
            let hits = cards(text);
            // Only the 16-digit rule may fire, and only on a 16-digit run.
            assert!(hits.iter().all(|h| h.len() == 16), "{text}: {hits:?}");
        }
        assert_eq!(cards("4111111111111112")[0], "4111111111111112");
        assert!(!find("4111111111111112")[0].luhn);
    }
}
