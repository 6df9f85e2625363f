//! How to send a failing case again: the `replay` command line that each failure in
//! `summary.md` carries, so whoever reads the summary can show the vendor the exchange (and
//! write a curl script for the ticket) without working out the flags.

use super::RunInfo;

/// `konaplate-conformance replay '<name>' --target '<profile>' [--base-url '<url>']`.
pub fn command(info: &RunInfo, name: &str) -> String {
    let mut line = format!(
        "konaplate-conformance replay {} --target {}",
        shell_word(name),
        shell_word(&info.profile)
    );
    // A run against the embedded mock names no URL: replay starts its own.
    if !info.target.starts_with("embedded") {
        line.push_str(&format!(" --base-url {}", shell_word(&info.target)));
    }
    line
}

/// `s` as one POSIX shell word: bare when it is plainly safe, else single-quoted.
pub fn shell_word(s: &str) -> String {
    let safe = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=@,+%".contains(c));
    if safe {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_only_when_needed_and_quotes_survive() {
        assert_eq!(
            shell_word("cardStatusChange::success"),
            "cardStatusChange::success"
        );
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$(rm -rf /)"), "'$(rm -rf /)'");
        assert_eq!(shell_word(""), "''");
    }
}
