//! The console's masker: every line the command line prints goes through it.
//!
//! Standard output and standard error belong to the process, so the masker that guards them
//! does too. It starts as a masker of shapes only (card numbers, URL userinfo, Tran-Tokens),
//! and a run [installs](install) its own as soon as it knows its secrets, so a message printed
//! at any point, from any module, is masked with the most that is known then.

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
#[expect(
    clippy::print_stderr,
    reason = "the console's diagnostics go to stderr"
)]
pub fn eprintln(s: &str) {
    eprintln!("{}", masked(s));
}

/// Writes masked text to standard output.
#[expect(clippy::print_stdout, reason = "the command's output goes to stdout")]
pub fn print(s: &str) {
    print!("{}", masked(s));
}
