//! The message a failing trial prints: one line per failure, then a compact diff.

use std::fmt::Write as _;

use super::diffs::error_kind;
use super::{masked, steps};
use crate::diff;
use crate::mask::Masker;
use crate::outcome::{Outcome, Retry, Verdict};

/// The text libtest shows for a failed or errored case, masked; `None` when it passed.
///
/// It renders from a [masked](masked::outcome) copy of the outcome, so a failure at a field
/// such as `mobileCardCVC` shows no value, as in the report files.
pub fn failure_message(outcome: &Outcome, masker: &Masker, color: bool) -> Option<String> {
    // Most cases pass: nothing to say, so nothing to mask (masking every exchange was a
    // fifteenth of a short run).
    let quiet = matches!(
        outcome.verdict,
        Verdict::Pass | Verdict::Skipped { .. } | Verdict::Flaky { .. }
    );
    if quiet && outcome.steps.is_empty() {
        return None;
    }
    let o = masked::outcome(outcome, masker);
    if !o.steps.is_empty() {
        return scenario_message(&o, color);
    }
    message(&o, color)
}

/// A scenario's message: which step did not pass, that step's message, then every step.
fn scenario_message(o: &Outcome, color: bool) -> Option<String> {
    let title = steps::failing_title(o)?;
    let (_, step) = o.failing_step()?;
    let mut out = format!(
        "{title} did not pass:
"
    );
    out.push_str(&message(step, color)?);
    out.push_str(
        "

steps:
",
    );
    for line in steps::lines(o) {
        let _ = writeln!(out, "  {line}");
    }
    Some(out.trim_end().to_string())
}

/// The message of one masked outcome (a case, or a step of a scenario).
fn message(o: &Outcome, color: bool) -> Option<String> {
    let mut out = String::new();
    match &o.verdict {
        Verdict::Pass | Verdict::Skipped { .. } | Verdict::Flaky { .. } => return None,
        Verdict::Fail { failures } => {
            for f in failures {
                let _ = writeln!(out, "{}", f.line());
            }
            if let (Some(e), Some(a)) = (&o.expected, &o.actual)
                && let Some(d) = diff::unified(&diff::pretty(e), &diff::pretty(a), color)
            {
                out.push('\n');
                out.push_str(&d);
            }
        }
        Verdict::Error { error } => {
            let _ = writeln!(out, "error ({}): {}", error_kind(error.kind), error.message);
        }
    }
    for w in &o.warnings {
        let _ = writeln!(out, "warning: {}", w.line());
    }
    Some(out.trim_end().to_string())
}

/// `flaky: passed after 2 retries (HTTP 503, waited 250 ms; …)`, masked.
pub fn flaky_line(retries: &[Retry], masker: &Masker) -> String {
    let each: Vec<String> = retries
        .iter()
        .map(|r| format!("{}, waited {} ms", masker.text(&r.answer), r.waited_ms))
        .collect();
    format!(
        "flaky: passed after {} retr{} ({})",
        retries.len(),
        if retries.len() == 1 { "y" } else { "ies" },
        each.join("; ")
    )
}

/// The unified diff of the expected and actual views, masked, when they differ.
pub fn body_diff(outcome: &Outcome, masker: &Masker, color: bool) -> Option<String> {
    let (e, a) = (outcome.expected.as_ref()?, outcome.actual.as_ref()?);
    diff::unified(
        &diff::pretty(&masked::view(e, masker)),
        &diff::pretty(&masked::view(a, masker)),
        color,
    )
}
