//! The console's masker: every line the command line prints goes through it.
//!
//! Standard output and standard error belong to the process, so the masker that guards them
//! does too. It starts as a masker of shapes only (card numbers, URL userinfo, Tran-Tokens),
//! and a run [installs](install) its own as soon as it knows its secrets, so a message printed
//! at any point, from any module, is masked with the most that is known then.
//!
//! What reaches a terminal is also made [`safe`] for it: a server's answer may hold escape
//! sequences that move the cursor, retitle the window or hide the lines before them.

use std::borrow::Cow;
use std::io::Write as _;
use std::sync::{PoisonError, RwLock};

use super::Masker;

static CONSOLE: RwLock<Option<Masker>> = RwLock::new(None);

/// Makes `masker` the console's masker for the rest of the process.
pub fn install(masker: Masker) {
    *CONSOLE.write().unwrap_or_else(PoisonError::into_inner) = Some(masker);
}

/// `s` masked as the console masks it.
pub fn masked(s: &str) -> String {
    match &*CONSOLE.read().unwrap_or_else(PoisonError::into_inner) {
        Some(m) => m.text(s),
        None => Masker::default().text(s),
    }
}

/// Writes a masked line to standard error.
///
/// A closed stream is not an error of the command's: like `print`'s, the line is dropped.
pub fn eprintln(s: &str) {
    let line = format!("{}\n", masked(s));
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// Writes masked text to standard output.
///
/// A reader that went away (`konaplate-conformance facts | head`) closes the pipe; the text is
/// dropped rather than the process panicking, as `print!` would on `EPIPE`.
pub fn print(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out
        .write_all(masked(s).as_bytes())
        .and_then(|()| out.flush());
}

/// `s` as a terminal can show it without being steered by it: every control character but
/// newline and tab (C0, DEL and C1: ESC, BEL, CR, backspace, CSI, ...), and the Unicode line
/// separators and bidirectional controls that reorder or hide text, written as a visible
/// `\u{…}` escape.
pub fn safe(s: &str) -> Cow<'_, str> {
    let harmful = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{061c}'
            )
            || ('\u{202a}'..='\u{202e}').contains(&c)
            || ('\u{2066}'..='\u{2069}').contains(&c)
    };
    if !s.chars().any(harmful) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if harmful(c) {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_escapes() {
        assert_eq!(
            safe("a\u{1b}[2Jb\u{7}c\rd\u{9b}e\u{202e}f"),
            "a\\u{1b}[2Jb\\u{7}c\\u{d}d\\u{9b}e\\u{202e}f"
        );
        assert!(matches!(
            safe("plain\ttext\nwith ünïcode"),
            Cow::Borrowed(_)
        ));
    }
}
