//! The message a failing trial prints: one line per failure, then a compact diff.

use std::fmt::Write as _;

use crate::diff;
use crate::mask::Masker;
use crate::outcome::{Outcome, Verdict};

/// The text libtest shows for a failed or errored case, masked; `None` when it passed.
pub fn failure_message(outcome: &Outcome, masker: &Masker, color: bool) -> Option<String> {
    let mut out = String::new();
    match &outcome.verdict {
        Verdict::Pass | Verdict::Skipped { .. } => return None,
        Verdict::Fail { failures } => {
            for f in failures {
                let _ = writeln!(out, "{}", f.line());
            }
            if let Some(d) = body_diff(outcome, masker, color) {
                out.push('\n');
                out.push_str(&d);
            }
        }
        Verdict::Error { error } => {
            let _ = writeln!(out, "error ({:?}): {}", error.kind, error.message);
        }
    }
    for w in &outcome.warnings {
        let _ = writeln!(out, "warning: {}", w.line());
    }
    Some(masker.text(out.trim_end()))
}

/// The unified diff of the expected and actual views, masked, when they differ.
pub fn body_diff(outcome: &Outcome, masker: &Masker, color: bool) -> Option<String> {
    let (e, a) = (outcome.expected.as_ref()?, outcome.actual.as_ref()?);
    diff::unified(
        &diff::pretty(&masker.json(e)),
        &diff::pretty(&masker.json(a)),
        color,
    )
}
