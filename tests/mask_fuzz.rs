//! The masker under random text: fragments of secrets, card numbers in every shape, CVC
//! mentions, Tran-Tokens, URLs with userinfo, separators and odd characters, joined at random.
//! Nothing may panic, and the masker keeps its laws: masking twice never shows more, nothing it
//! leaves is what the final guard refuses, and a cut or an excerpt keeps no part of a secret
//! that it does not keep whole.

mod support;

use konaplate_conformance::mask::{self, Masker, guard};
use support::fuzz::{Rng, fuzz, no_panic};

const SECRETS: [&str; 3] = [
    "AKfuzz7f3c9a1e2b5d8c0e",
    "SKfuzz-5d8e2f4a9c0b1e3d",
    "CKfuzz0a1b2c3d4e5f607182",
];

const FRAGMENTS: &[&str] = &[
    "AKfuzz7f3c9a1e2b5d8c0e",
    "SKfuzz-5d8e2f4a9c0b1e3d",
    "CKfuzz0a1b2c3d4e5f607182",
    "AKfuzz7f3c",
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "4111111111111111",
    "3782-822463-10005",
    "4222222222222",
    "6011000990139424",
    "4111111111111111110",
    "9410000000000001",
    "4111 ",
    "1111",
    "20221108120814608",
    "000170000000000",
    "cvc ",
    "CVC: ",
    "\"physicalCardCVC\": [\"",
    "751",
    "KMV1:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=",
    "KMV1:",
    "http://",
    "https://user:pw@",
    "@",
    "127.0.0.1:9/",
    "[REDACTED]",
    "*",
    " ",
    "-",
    "\n",
    "\"",
    "é",
    "한",
    "😀",
    "\u{0}",
];

fn masker() -> Masker {
    Masker::new(SECRETS.map(str::to_string))
}

fn text(rng: &mut Rng) -> String {
    let n = 1 + rng.below(12);
    (0..n).map(|_| *rng.pick(FRAGMENTS)).collect()
}

/// The laws of one input; a broken law is reported like a panic.
fn laws(m: &Masker, input: &str, n: usize) {
    let once = m.text(input);
    // Masking what is masked never shows more. (It may hide more: a CVC or Tran-Token rule
    // that takes the first digits of a masked card number leaves the rest looking new.)
    let twice = m.text(&once);
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
    assert!(
        digits(&twice) <= digits(&once),
        "masking twice showed more: {twice:?}"
    );
    assert!(
        !guard::leaks(&once, m),
        "the guard refuses what masking left: {once:?}"
    );
    for secret in SECRETS {
        assert!(!once.contains(secret), "{secret} left in {once:?}");
    }
    let excerpt = m.excerpt(input, n);
    assert!(
        excerpt.chars().count() <= n + 1,
        "excerpt too long: {excerpt:?}"
    );
    assert!(
        once.starts_with(excerpt.trim_end_matches('…')),
        "an excerpt is the start of the masked text: {excerpt:?}"
    );
    let cut = mask::cut(input, n);
    assert!(cut.chars().count() <= n + 1, "cut too long: {cut:?}");
    let kept = cut.trim_end_matches('…');
    assert!(
        input.starts_with(kept),
        "a cut is the start of the text: {cut:?}"
    );
    let secrets = SECRETS
        .iter()
        .flat_map(|s| input.match_indices(s).map(|(at, s)| at..at + s.len()));
    let cards = mask::cards::find(input).into_iter().map(|f| f.span);
    for span in secrets.chain(cards) {
        assert!(
            kept.len() <= span.start || kept.len() >= span.end,
            "the cut ends inside {:?}: {cut:?}",
            &input[span]
        );
    }
}

#[test]
fn the_masker_never_panics_and_keeps_its_laws() {
    let m = masker();
    fuzz("masker", |rng, _| {
        let input = text(rng);
        let n = rng.below(input.chars().count() + 2);
        let result = no_panic(|| laws(&m, &input, n));
        (format!("{input:?} cut at {n}"), result)
    });
}
