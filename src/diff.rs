//! Unified diffs of expected vs actual, for the console and `diffs/`.
//!
//! Both sides are pretty-printed JSON with sorted keys (serde_json's default map is sorted),
//! so only real differences show. Rendering writes into any `fmt::Write`; colour is a flag,
//! off in tests and when output is not a terminal.

use std::fmt::Write as _;
use std::time::Duration;

use serde_json::Value;
use similar::{Algorithm, ChangeTag, TextDiff};

/// Pretty JSON with sorted keys and a final newline.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string());
    s.push('\n');
    s
}

/// A unified diff (`--- expected` / `+++ actual`), or `None` when the texts are equal.
pub fn unified(expected: &str, actual: &str, color: bool) -> Option<String> {
    if expected == actual {
        return None;
    }
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(Duration::from_millis(500))
        .diff_lines(expected, actual);
    let mut out = String::new();
    let (red, green, cyan, reset) = if color {
        ("\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[0m")
    } else {
        ("", "", "", "")
    };
    let _ = writeln!(out, "{red}--- expected{reset}");
    let _ = writeln!(out, "{green}+++ actual{reset}");
    for group in diff.grouped_ops(3) {
        let (Some(first), Some(last)) = (group.first(), group.last()) else {
            continue;
        };
        let old = first.old_range().start..last.old_range().end;
        let new = first.new_range().start..last.new_range().end;
        let _ = writeln!(
            out,
            "{cyan}@@ -{},{} +{},{} @@{reset}",
            old.start + 1,
            old.len(),
            new.start + 1,
            new.len()
        );
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, colour) = match change.tag() {
                    ChangeTag::Delete => ('-', red),
                    ChangeTag::Insert => ('+', green),
                    ChangeTag::Equal => (' ', ""),
                };
                let text = change.value();
                let reset = if colour.is_empty() { "" } else { reset };
                let _ = write!(out, "{colour}{sign}{text}{reset}");
                if !text.ends_with('\n') {
                    out.push_str("\n\\ No newline at end of file\n");
                }
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sorted_pretty_json_diffs_only_what_differs() {
        let e = pretty(&json!({"status": "READY", "response": {"code": "000_000"}}));
        let a = pretty(&json!({"response": {"code": "000_000"}, "status": "SHIPPING"}));
        let d = unified(&e, &a, false).unwrap();
        assert_eq!(
            d,
            "--- expected\n+++ actual\n@@ -2,5 +2,5 @@\n   \"response\": {\n     \"code\": \"000_000\"\n   },\n-  \"status\": \"READY\"\n+  \"status\": \"SHIPPING\"\n }\n"
        );
        assert!(unified(&e, &e, false).is_none());
    }

    #[test]
    fn colour_is_optional() {
        let d = unified("a\n", "b\n", true).unwrap();
        assert!(d.contains("\x1b[31m-a\n\x1b[0m"));
        assert!(!unified("a\n", "b\n", false).unwrap().contains('\x1b'));
    }
}
