//! Input errors that point at a file, line and column, and the process exit codes.
//!
//! Every problem with what the user gave us (a case file, the spec, a profile, a flag) is an
//! [`InputError`]: it names the file and, where known, the line and column, and renders
//! rustc-style with the offending source line and a caret, so the user can fix it without
//! guessing.

use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code: every case passed.
pub const EXIT_OK: u8 = 0;
/// Exit code: a usage or input error (bad flag, malformed case file, spec or profile).
pub const EXIT_INPUT: u8 = 2;
/// Exit code: no case was selected or found.
pub const EXIT_NO_CASES: u8 = 4;
/// Exit code: a report file held a secret or a Luhn-valid card number that escaped masking.
/// The file was written masked, and the message names it; stronger than [`EXIT_FAILURES`],
/// since some code path skipped the masker (see [`crate::mask::guard`]).
pub const EXIT_REPORT_LEAK: u8 = 5;
/// Exit code: at least one case failed or could not be run.
pub const EXIT_FAILURES: u8 = 100;

/// A position in a text file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, serde::Serialize)]
pub struct Pos {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

/// A problem with an input file or flag, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    /// The file (or `<flag>` for command-line input).
    pub file: PathBuf,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// What is wrong, as a lowercase fragment.
    pub message: String,
    /// An optional hint, e.g. "did you mean `status`?".
    pub help: Option<String>,
    /// The source line the position points into, for rendering.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl InputError {
    /// An error about a whole file (no position).
    pub fn file(file: impl AsRef<Path>, message: impl Into<String>) -> Self {
        InputError {
            file: file.as_ref().to_path_buf(),
            pos: None,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// An error at a position; `source` is the whole file text, used to show the line.
    pub fn at(file: impl AsRef<Path>, source: &str, pos: Pos, message: impl Into<String>) -> Self {
        let source_line = source
            .lines()
            .nth(pos.line.saturating_sub(1))
            .map(str::to_owned);
        InputError {
            file: file.as_ref().to_path_buf(),
            pos: Some(pos),
            message: message.into(),
            help: None,
            source_line,
        }
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col` (or just `file`).
    pub fn location(&self) -> String {
        match self.pos {
            Some(p) => format!("{}:{}:{}", self.file.display(), p.line, p.col),
            None => self.file.display().to_string(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let (Some(pos), Some(line)) = (self.pos, &self.source_line) {
            let num = pos.line.to_string();
            let pad = " ".repeat(num.len());
            let caret_pad: String = line
                .chars()
                .take(pos.col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            write!(f, "\n{pad} |\n{num} | {line}\n{pad} | {caret_pad}^")?;
        }
        if let Some(help) = &self.help {
            let width = match (self.pos, &self.source_line) {
                (Some(p), Some(_)) => p.line.to_string().len(),
                _ => 1,
            };
            write!(f, "\n{} = help: {help}", " ".repeat(width))?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| {
            // Transpositions and one-letter slips in short words score low on Jaro-Winkler alone.
            let edits = strsim::damerau_levenshtein(&word.to_lowercase(), &c.to_lowercase());
            let close = edits <= (c.chars().count() / 3).max(1);
            (
                strsim::jaro_winkler(word, c) + if close { 1.0 } else { 0.0 },
                c,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_line_and_a_caret_under_the_column() {
        let src = "a: 1\n  stauts: 200\n";
        let e = InputError::at(
            "cases/x.yaml",
            src,
            Pos { line: 2, col: 3 },
            "unknown field `stauts`",
        )
        .with_help("did you mean `status`?");
        assert_eq!(
            e.to_string(),
            "error: unknown field `stauts`\n  --> cases/x.yaml:2:3\n  |\n2 |   stauts: 200\n  |   ^\n  = help: did you mean `status`?"
        );
    }

    #[test]
    fn suggests_only_close_words() {
        assert_eq!(
            did_you_mean("stauts", ["status", "code", "body"]),
            Some("status")
        );
        assert_eq!(did_you_mean("zzz", ["status", "code"]), None);
    }
}
