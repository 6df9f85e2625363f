//! `diffs/<operation>/<case>.diff`: what a failing case expected against what came back.
//!
//! A file starts with `#` comment lines (the case, its verdict, the failures other than schema
//! violations, then the schema violations with their JSON paths), followed by the unified diff
//! of the expected and actual `{"status", "body"}` views, pretty-printed with sorted keys.
//! Patch tools skip the comment lines, so the file still applies as a diff.

use std::fmt::Write as _;

use super::format::{Doc, Finished, Format};
use super::names::UniquePaths;
use super::{masked, names};
use crate::diff;
use crate::mask::Masker;
use crate::outcome::{CheckKind, Failure, Outcome, Verdict};

/// The diff file of a failed or errored case, masked; `None` for a pass or a skip.
pub fn render_case(outcome: &Outcome, masker: &Masker) -> Option<String> {
    render_masked(&masked::outcome(outcome, masker))
}

/// [`render_case`] for an outcome that is already masked.
fn render_masked(o: &Outcome) -> Option<String> {
    let mut out = String::new();
    let _ = writeln!(out, "# {}", o.name);
    match &o.verdict {
        Verdict::Pass | Verdict::Skipped { .. } | Verdict::Flaky { .. } => return None,
        Verdict::Fail { failures } => {
            let _ = writeln!(out, "# verdict: fail");
            let (schema, other): (Vec<&Failure>, Vec<&Failure>) =
                failures.iter().partition(|f| f.check == CheckKind::Schema);
            if !other.is_empty() {
                out.push_str("#\n# failures:\n");
                for f in other {
                    comment(&mut out, &f.line());
                }
            }
            if !schema.is_empty() {
                out.push_str("#\n# schema violations:\n");
                for f in schema {
                    let path = if f.path.is_empty() { "/" } else { &f.path };
                    comment(
                        &mut out,
                        &format!(
                            "{path}: {} [{}]",
                            f.actual_shown(),
                            schema_keyword(&f.expected.to_string())
                        ),
                    );
                }
            }
        }
        Verdict::Error { error } => {
            let _ = writeln!(out, "# verdict: error");
            out.push_str("#\n");
            comment(
                &mut out,
                &format!("error ({}): {}", error_kind(error.kind), error.message),
            );
        }
    }
    if !o.warnings.is_empty() {
        out.push_str("#\n# warnings:\n");
        for w in &o.warnings {
            comment(&mut out, &w.line());
        }
    }
    if let Some(d) = view_diff(o) {
        out.push_str("#\n");
        out.push_str(&d);
    } else {
        out.push_str("#\n# (the expected and actual views do not differ, or there is none)\n");
    }
    Some(out)
}

/// The `diffs/` files among the run's formats: one per failing or erroring outcome, under
/// names that never collide ([`names`]).
#[derive(Debug, Clone, Copy)]
pub struct Diffs;

impl Format for Diffs {
    fn name(&self) -> &'static str {
        "diffs"
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, super::Error> {
        let mut paths = UniquePaths::default();
        let files = run.outcomes.iter().filter_map(|o| {
            let text = render_any(o)?;
            // Two cases could sanitize to the same name; the later ones get a number.
            Some(Doc::text(paths.claim(&stem(o)), text))
        });
        Ok(files.collect())
    }
}

/// Where an outcome's diff file goes, without `.diff`: `diffs/<operation>/<case>`, and for a
/// scenario the step that did not pass, `diffs/scenario/<id>/<step>`.
pub(crate) fn stem(o: &Outcome) -> String {
    let case = if o.case_id.is_empty() {
        &o.name
    } else {
        &o.case_id
    };
    match o.failing_step() {
        Some((_, step)) => names::stem("diffs", &[&o.operation, case, &step.case_id]),
        None => names::stem("diffs", &[&o.operation, case]),
    }
}

/// The diff file of an already masked outcome: a case's own, or a scenario's failing step's
/// (headed by the scenario and the step).
fn render_any(o: &Outcome) -> Option<String> {
    let Some((_, step)) = o.failing_step() else {
        return render_masked(o);
    };
    let title = super::steps::failing_title(o)?;
    Some(format!("# {}: {title}\n{}", o.name, render_masked(step)?))
}

/// The unified diff of an already masked outcome's views, when they differ.
pub(crate) fn view_diff(o: &Outcome) -> Option<String> {
    let (e, a) = (o.expected.as_ref()?, o.actual.as_ref()?);
    diff::unified(&diff::pretty(e), &diff::pretty(a), false)
}

/// The keyword of a schema failure's expectation: `enum` from "`enum` to hold".
pub(crate) fn schema_keyword(expected: &str) -> &str {
    expected
        .strip_prefix('`')
        .and_then(|k| k.split_once("` to hold"))
        .map_or(expected, |(keyword, _)| keyword)
}

/// The kebab-case name of an error kind, as in `report.json`.
pub(crate) fn error_kind(kind: crate::outcome::RunErrorKind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{kind:?}"))
}

/// `#   text`, one comment line per line of text.
fn comment(out: &mut String, text: &str) {
    for line in text.lines() {
        let _ = writeln!(out, "#   {line}");
    }
}
