//! `summary.md`: the run at a glance, written to read well as a GitHub step summary.
//!
//! Layout: a heading, a one-line verdict, a table of run facts, the coverage matrix (one row per
//! operation, one `code symbol` entry per documented result code), the documentation coverage
//! ([`fact_report`]), the findings grouped by
//! cause ([`findings`]), the failures with their diffs, warnings, skipped cases, and the baseline comparison when one was given.

use std::fmt::Write as _;

use super::RunInfo;
use super::code_matrix::{self, Cell, OperationCoverage, Totals};
use super::comparison::Comparison;
use super::diffs::{self, error_kind, schema_keyword};
use super::encrypted::Encrypted;
use super::fact_coverage::FactCoverage;
use super::fact_report;
use super::findings;
use super::format::{Doc, Finished, Format};
use super::{client, md};
use super::{flaky, masked, replay, steps};
use crate::mask::Masker;
use crate::outcome::{CheckKind, Failure, Outcome, Verdict};
use crate::spec::Spec;

/// At most this many case names per finding; the per-case sections list them all.
pub const MAX_FINDING_CASES: usize = 12;

/// Diffs longer than this are cut in the summary; the full one is in `diffs/`.
pub const MAX_DIFF_LINES: usize = 120;

/// `summary.md`, masked. `comparison` is rendered as given: [`compare_masked`] masks it.
///
/// [`compare_masked`]: super::compare_masked
pub fn render(
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    comparison: Option<&Comparison>,
    masker: &Masker,
) -> String {
    let outcomes = masked::outcomes(outcomes, masker);
    let encrypted = Encrypted::of(&outcomes);
    let facts = FactCoverage::of_outcomes(spec.ledger(), &outcomes);
    render_masked(
        &masked::info(info, masker),
        spec,
        (&outcomes, &encrypted, &facts),
        comparison,
    )
}

/// [`render`] of run facts and outcomes that are masked already. A passing outcome may come
/// without its exchange ([`collect`](super::collect)): `encrypted` counts the exchanges.
fn render_masked(
    info: &RunInfo,
    spec: &Spec,
    (outcomes, encrypted, documented): (&[Outcome], &Encrypted, &FactCoverage),
    comparison: Option<&Comparison>,
) -> String {
    let ordered = code_matrix::ordered(spec, outcomes);
    let totals = Totals::of(outcomes);
    let mut out = String::new();
    out.push_str("# KONA PLATE conformance\n\n");
    let _ = writeln!(out, "**{}**\n", verdict_line(&totals));
    if let Some(c) = comparison {
        let _ = writeln!(out, "{}\n", gate_line(c));
    }
    facts(&mut out, info, encrypted);
    let rows = code_matrix::matrix(spec, outcomes);
    match &info.client {
        Some(c) => client::markdown(&mut out, &rows, c),
        None => matrix(&mut out, &rows),
    }
    fact_report::markdown(&mut out, documented);
    out.push_str(&findings::markdown(
        &findings::group(&ordered),
        MAX_FINDING_CASES,
    ));
    failures(&mut out, &ordered, info);
    flaky::section(&mut out, &ordered);
    warnings(&mut out, &ordered);
    skipped(&mut out, &ordered);
    if let Some(c) = comparison {
        baseline(&mut out, c);
    }
    out
}

/// `summary.md`'s name in the run directory.
pub const FILE_NAME: &str = "summary.md";

/// `summary.md` among the run's formats.
#[derive(Debug, Clone, Copy)]
pub struct Summary;

impl Format for Summary {
    fn name(&self) -> &'static str {
        FILE_NAME
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, super::Error> {
        let data = (run.outcomes, run.encrypted, run.facts);
        let text = render_masked(run.info, run.spec, data, run.comparison);
        Ok(vec![Doc::text(FILE_NAME, text)])
    }
}

/// `✅ 31 passed`, `✅ 29 passed, 2 skipped`, `❌ 2 failed, 1 error of 31 (27 passed, 1 skipped)`.
pub fn verdict_line(t: &Totals) -> String {
    if t.cases == 0 {
        return "⚠️ no cases ran".to_string();
    }
    let skipped = if t.skipped > 0 {
        format!(", {} skipped", t.skipped)
    } else {
        String::new()
    };
    let skipped = if t.flaky > 0 {
        format!(", {} flaky{skipped}", t.flaky)
    } else {
        skipped
    };
    if t.ok() {
        return format!("✅ {} passed{skipped}", t.passed);
    }
    let mut bad = Vec::new();
    if t.failed > 0 {
        bad.push(format!("{} failed", t.failed));
    }
    if t.errors > 0 {
        bad.push(format!(
            "{} error{}",
            t.errors,
            if t.errors == 1 { "" } else { "s" }
        ));
    }
    format!(
        "❌ {} of {} ({} passed{skipped})",
        bad.join(", "),
        t.cases,
        t.passed
    )
}

/// `Regression gate: ❌ 1 newly failing · 2 fixed · 1 still failing · 1 drifted (see Baseline)`.
pub fn gate_line(c: &Comparison) -> String {
    let symbol = if c.gate_failed() { "❌" } else { "✅" };
    format!(
        "Regression gate: {symbol} {} newly failing · {} fixed · {} still failing · {} drifted \
         (see [Baseline](#baseline))",
        c.newly_failing.len(),
        c.fixed.len(),
        c.still_failing.len(),
        c.drift.len()
    )
}

fn facts(out: &mut String, i: &RunInfo, encrypted: &Encrypted) {
    let row = |out: &mut String, k: &str, v: String| {
        let _ = writeln!(out, "| {k} | {} |", md::cell(&v));
    };
    row(out, "Run", md::code(&i.run_id));
    out.push_str("|---|---|\n");
    row(out, "Target", md::code(&i.target));
    row(
        out,
        "Profile",
        format!("{} ({})", md::code(&i.profile), md::code(&i.environment)),
    );
    let hash = &i.spec_hash[..i
        .spec_hash
        .char_indices()
        .nth(12)
        .map_or(i.spec_hash.len(), |(n, _)| n)];
    row(
        out,
        "Spec",
        format!(
            "{} version {} (sha256 {})",
            md::code(&i.spec_path),
            md::code(&i.spec_version),
            md::code(hash)
        ),
    );
    row(
        out,
        "Strict",
        if i.strict { "yes" } else { "no" }.to_string(),
    );
    if let Some(line) = encrypted.line() {
        row(out, "Encryption", line);
    }
    row(out, "Started", md::text(&i.started_at));
    row(out, "Duration", code_matrix::human_duration(i.duration));
    if let Some(c) = &i.constraints {
        row(out, "Constraints", md::text(&c.line()));
    }
    out.push('\n');
}

/// `JWE on 9 of 31 exchanges: 5 requests, 7 answers (decrypted bodies shown)`, or `None`
/// when nothing was encrypted.
pub fn encryption_line(outcomes: &[Outcome]) -> Option<String> {
    Encrypted::of(outcomes).line()
}

fn matrix(out: &mut String, rows: &[OperationCoverage]) {
    out.push_str("## Coverage\n\n");
    out.push_str(
        "Each documented result code of each endpoint, by its documented cases: ✅ pass · \
         ❌ fail · ⚠️ error · ⏭️ skipped · — no case. Generated cases are counted apart, by \
         the code they expect.\n\n",
    );
    out.push_str(
        "| Endpoint | Covered | Result codes (documented cases) | Generated cases |\n|---|---|---|---|\n",
    );
    for r in rows {
        let mut cells: Vec<String> = r
            .codes
            .iter()
            .map(|c| format!("{} {}", md::code(&c.code), c.result.symbol()))
            .collect();
        for c in &r.undocumented {
            cells.push(format!(
                "{} {} (undocumented)",
                md::code(&c.code),
                c.result.symbol()
            ));
        }
        if !r.without_code.is_empty() {
            cells.push(format!("+{} without a code", r.without_code.len()));
        }
        let _ = writeln!(
            out,
            "| {} | {}/{} | {} | {} |",
            md::cell(&md::code(&r.operation)),
            r.covered(),
            r.codes.len(),
            md::cell(&cells.join(" · ")),
            md::cell(&generated_cell(r)),
        );
    }
    let gaps: usize = rows
        .iter()
        .map(|r| r.codes.iter().filter(|c| c.result == Cell::None).count())
        .sum();
    if gaps > 0 {
        let _ = writeln!(
            out,
            "\n{gaps} documented result code{} no case.",
            if gaps == 1 { " has" } else { "s have" }
        );
    }
    out.push('\n');
}

/// `` `000_002` ✅ 17/17 · not `000_002` ✅ 9/9 ``, or `—` without generated cases.
fn generated_cell(r: &OperationCoverage) -> String {
    if r.generated.is_empty() {
        return "—".to_string();
    }
    r.generated
        .iter()
        .map(|g| {
            let code = g
                .code
                .as_deref()
                .map_or_else(|| "other codes".to_string(), md::code);
            format!("{code} {} {}/{}", g.result.symbol(), g.passed, g.cases)
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn failures(out: &mut String, ordered: &[&Outcome], info: &RunInfo) {
    let failing: Vec<&&Outcome> = ordered
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Fail { .. } | Verdict::Error { .. }))
        .collect();
    if failing.is_empty() {
        return;
    }
    out.push_str("## Failures\n\n");
    for o in failing {
        // A scenario shows the step that did not pass, then all its steps.
        let (shown, at_step) = match (o.failing_step(), steps::failing_title(o)) {
            (Some((_, step)), Some(title)) => (step, Some(title)),
            _ => (&**o, None),
        };
        let icon = if matches!(o.verdict, Verdict::Error { .. }) {
            "⚠️"
        } else {
            "❌"
        };
        let _ = writeln!(
            out,
            "### {icon} {}{}\n",
            md::code(&o.name),
            encrypted_note(shown)
        );
        if let Some(title) = &at_step {
            let _ = writeln!(out, "- at {}", md::text(title));
        }
        match &o.verdict {
            Verdict::Fail { failures } => {
                for f in failures {
                    let _ = writeln!(out, "- {}", failure_item(f));
                }
            }
            Verdict::Error { error } => {
                let kind = error_kind(error.kind);
                let _ = writeln!(out, "- **error** ({kind}): {}", md::text(&error.message));
            }
            Verdict::Pass | Verdict::Skipped { .. } | Verdict::Flaky { .. } => {}
        }
        out.push('\n');
        if let Some(d) = diffs::view_diff(shown) {
            out.push_str(&md::fenced("diff", &cut(&d, o)));
            out.push('\n');
        }
        if at_step.is_some() {
            out.push_str("Steps:\n\n");
            for line in steps::lines(o) {
                let _ = writeln!(out, "- {}", md::text(&line));
            }
            out.push('\n');
        }
        replay_line(out, info, o);
    }
}

/// How to send a failing case (or scenario) again; a broken case file has nothing to send, nor
/// has a proxy session (its exchanges are the client's).
fn replay_line(out: &mut String, info: &RunInfo, o: &Outcome) {
    if !o.operation.is_empty() && info.client.is_none() {
        let command = replay::command(info, &o.name);
        let _ = writeln!(out, "Replay: {}\n", md::code(&command));
    }
}

/// ` (JWE request and answer)` after a case name whose exchange was encrypted.
fn encrypted_note(o: &Outcome) -> &'static str {
    match o
        .exchange
        .as_ref()
        .map(|x| (x.encryption.request, x.encryption.response))
    {
        Some((true, true)) => " (JWE request and answer)",
        Some((true, false)) => " (JWE request)",
        Some((false, true)) => " (JWE answer)",
        _ => "",
    }
}

/// A diff cut to [`MAX_DIFF_LINES`], pointing at the full file.
fn cut(d: &str, o: &Outcome) -> String {
    let lines: Vec<&str> = d.lines().collect();
    if lines.len() <= MAX_DIFF_LINES {
        return d.to_string();
    }
    let mut s = lines[..MAX_DIFF_LINES].join("\n");
    let _ = writeln!(
        s,
        "\n… {} more lines in {}.diff",
        lines.len() - MAX_DIFF_LINES,
        diffs::stem(o)
    );
    s
}

/// `**check** at `path`: expected `x`, got `y``; for the schema, `**schema** at `path`:
/// message (`keyword`)`.
fn failure_item(f: &Failure) -> String {
    match f.assumption {
        Some(a) => format!("{} *(inferred: {a})*", documented_item(f)),
        None => documented_item(f),
    }
}

fn documented_item(f: &Failure) -> String {
    let at = if f.path.is_empty() {
        String::new()
    } else {
        format!(" at {}", md::code(&f.path))
    };
    if f.check == CheckKind::Schema {
        return format!(
            "**schema**{at}: {} ({})",
            md::text(&f.actual_shown()),
            md::code(schema_keyword(&f.expected.to_string()))
        );
    }
    format!(
        "**{}**{at}: expected {}, got {}",
        f.check.name(),
        md::code(&f.expected.to_string()),
        md::code(&f.actual_shown())
    )
}

fn warnings(out: &mut String, ordered: &[&Outcome]) {
    let n: usize = ordered.iter().map(|o| o.warnings.len()).sum();
    if n == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "## Warnings\n\n{n} finding{} that do{} not fail a case (they would under `--strict`, unless the profile's `assumptions:` settle them).\n",
        if n == 1 { "" } else { "s" },
        if n == 1 { "es" } else { "" }
    );
    for o in ordered {
        for w in &o.warnings {
            let _ = writeln!(out, "- {}: {}", md::code(&o.name), failure_item(w));
        }
    }
    out.push('\n');
}

fn skipped(out: &mut String, ordered: &[&Outcome]) {
    let skipped: Vec<(&str, &str)> = ordered
        .iter()
        .filter_map(|o| match &o.verdict {
            Verdict::Skipped { reason } => Some((o.name.as_str(), reason.as_str())),
            _ => None,
        })
        .collect();
    if skipped.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "<details><summary>{} skipped</summary>\n",
        skipped.len()
    );
    for (name, reason) in skipped {
        let _ = writeln!(out, "- {}: {}", md::code(name), md::text(reason));
    }
    out.push_str("\n</details>\n\n");
}

fn baseline(out: &mut String, c: &Comparison) {
    out.push_str("## Baseline\n\n");
    let gate = if c.gate_failed() {
        format!(
            "❌ the gate fails: {} case{} got worse",
            c.newly_failing.len(),
            if c.newly_failing.len() == 1 { "" } else { "s" }
        )
    } else {
        "✅ the gate passes: no case got worse".to_string()
    };
    let _ = writeln!(
        out,
        "Compared with run {} ({}): {gate}.\n",
        md::code(&c.baseline_run),
        md::code(&c.baseline_path)
    );
    out.push_str("| Change | Cases |\n|---|---|\n");
    for (label, names) in [
        ("❌ Newly failing", &c.newly_failing),
        ("✅ Fixed", &c.fixed),
        ("⚠️ Still failing", &c.still_failing),
        ("🆕 New", &c.new_cases),
        ("➖ Missing", &c.missing_cases),
    ] {
        let cases = if names.is_empty() {
            "—".to_string()
        } else {
            names
                .iter()
                .map(|n| md::code(n))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let _ = writeln!(out, "| {label} | {} |", md::cell(&cases));
    }
    out.push('\n');
    out.push_str("### Drift\n\n");
    if c.drift.is_empty() {
        out.push_str("No response body changed since the baseline.\n");
        return;
    }
    let _ = writeln!(
        out,
        "{} case{} answered differently from the baseline:\n",
        c.drift.len(),
        if c.drift.len() == 1 { "" } else { "s" }
    );
    for d in &c.drift {
        let _ = writeln!(
            out,
            "<details><summary><code>{}</code></summary>\n",
            md::html(&d.name)
        );
        out.push_str(&md::fenced("diff", &d.diff));
        out.push_str("\n</details>\n\n");
    }
}
