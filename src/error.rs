//! Input errors that point at a file, line and column, the process exit codes, and the one
//! way an error and its causes are worded on a line ([`with_causes`]).
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
/// Exit code: the run ended, but its report files could not be written (the report directory
/// is a file or read-only, a `latest` not made by this tool, or a concurrent run took
/// `latest`). Stronger than [`EXIT_FAILURES`]: without reports a run cannot be reviewed.
pub const EXIT_REPORTS: u8 = 3;
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
            let (line, col) = window(line, pos.col);
            let caret_pad: String = line
                .chars()
                .take(col.saturating_sub(1))
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

/// The most characters of a source line shown under an error.
const SHOWN_LINE_CHARS: usize = 120;

/// The part of a long source line around column `col` (1-based), with `…` where it is cut,
/// and the column of the same character in that part: a 400 KB line is not printed whole.
fn window(line: &str, col: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= SHOWN_LINE_CHARS {
        return (line.to_string(), col);
    }
    // From the line's start while the column is well inside the window, else centred on it.
    let start = if col + 20 <= SHOWN_LINE_CHARS {
        0
    } else {
        col.saturating_sub(SHOWN_LINE_CHARS / 2)
            .min(len - SHOWN_LINE_CHARS)
    };
    let mut shown: String = line.chars().skip(start).take(SHOWN_LINE_CHARS).collect();
    if start + SHOWN_LINE_CHARS < len {
        shown.push('…');
    }
    if start > 0 {
        return (format!("…{shown}"), col - start + 1);
    }
    (shown, col)
}

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

/// An error's message followed by those of its causes (`source()`), `: `-joined, each
/// left out when the text so far already says it: how every layer words an error from a
/// library (reqwest, hyper, std::io) in one line.
pub fn with_causes(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        let text = c.to_string();
        if !s.contains(&text) {
            s.push_str(": ");
            s.push_str(&text);
        }
        cur = c.source();
    }
    s
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
    fn a_long_line_is_shown_around_the_column_only() {
        let line = format!("{}X{}", "a".repeat(5_000), "b".repeat(5_000));
        let e = InputError::at(
            "f.yaml",
            &line,
            Pos {
                line: 1,
                col: 5_001,
            },
            "here",
        );
        let text = e.to_string();
        let shown = text.lines().nth(3).unwrap();
        let caret = text.lines().nth(4).unwrap();
        assert!(shown.chars().count() < SHOWN_LINE_CHARS + 10, "{shown}");
        let x = shown.chars().position(|c| c == 'X').unwrap();
        assert_eq!(caret.chars().position(|c| c == '^'), Some(x));
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
