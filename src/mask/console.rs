//! The console's masker: every line the command line prints goes through it.
//!
//! Standard output and standard error belong to the process, so the masker that guards them
//! does too. It starts as a masker of shapes only (card numbers, URL userinfo, Tran-Tokens),
//! and a run [installs](install) its own as soon as it knows its secrets, so a message printed
//! at any point, from any module, is masked with the most that is known then.

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
