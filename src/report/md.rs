//! Markdown building blocks that stay correct whatever the text holds: code spans and fences
//! long enough for the backticks inside, escaped plain text, table cells and HTML.

/// The longest run of `ch` in `s`.
fn longest_run(s: &str, ch: char) -> usize {
    let (mut best, mut run) = (0, 0);
    for c in s.chars() {
        run = if c == ch { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// An inline code span of `s` on one line.
pub fn code(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let ticks = "`".repeat(longest_run(&s, '`') + 1);
    let pad = if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{s}{pad}{ticks}")
}

/// A fenced code block, with a fence longer than any backtick run in `body`.
pub fn fenced(lang: &str, body: &str) -> String {
    let fence = "`".repeat((longest_run(body, '`') + 1).max(3));
    let nl = if body.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{lang}\n{body}{nl}{fence}\n")
}

/// Plain text with every character Markdown could read as syntax escaped, on one line.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A table cell: `|` escaped, so a pipe inside a code span does not end the cell.
pub fn cell(s: &str) -> String {
    s.replace('|', "\\|")
}

/// Text for an HTML context (`<summary>`).
pub fn html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_fences_outgrow_the_backticks_inside() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("`x` to hold"), "`` `x` to hold ``");
        assert_eq!(fenced("diff", "a\n"), "```diff\na\n```\n");
        assert_eq!(fenced("", "```\n"), "````\n```\n````\n");
    }

    #[test]
    fn text_and_cells_are_escaped() {
        assert_eq!(text("a|b *c*"), "a\\|b \\*c\\*");
        assert_eq!(cell("`a|b`"), "`a\\|b`");
        assert_eq!(html("<a & b>"), "&lt;a &amp; b&gt;");
    }
}
