//! How one result is marked wherever the page shows it (the matrix, the heat map, the cases,
//! a proxy session's coverage): its CSS class, its symbol and its word.

use super::super::code_matrix::Cell;

/// The CSS class of a result.
pub fn class(c: Cell) -> &'static str {
    match c {
        Cell::Pass => "pass",
        Cell::Fail => "fail",
        Cell::Error => "error",
        Cell::Skipped => "skipped",
        Cell::None => "none",
    }
}

/// The result as a symbol common fonts have (the summary's emoji are often missing).
pub fn symbol(c: Cell) -> &'static str {
    match c {
        Cell::Pass => "✓",
        Cell::Fail => "✗",
        Cell::Error => "⚠",
        Cell::Skipped => "○",
        Cell::None => "·",
    }
}

/// The result in a word, so the colour is never the only signal.
pub fn word(c: Cell) -> &'static str {
    match c {
        Cell::Pass => "pass",
        Cell::Fail => "FAIL",
        Cell::Error => "ERROR",
        Cell::Skipped => "skipped",
        Cell::None => "no case",
    }
}
