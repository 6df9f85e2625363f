//! The cases: each failing one in full (checks, diff, exchange), then every case in one table
//! that the filter form narrows (failed only, operation, tag) when JavaScript runs.

use std::collections::BTreeSet;

use maud::{Markup, html};

use super::super::code_matrix::{Cell, human_duration};
use super::super::diffs::{error_kind, view_diff};
use super::super::{RunInfo, steps};
use super::anchors::Anchors;
use super::exchange;
use super::marks::{class, symbol, word};
use crate::outcome::{Failure, Outcome, Retry, Status, Verdict};

/// The filterable attributes of a case's row or article.
fn data(o: &Outcome, info: &RunInfo) -> (String, &'static str, String) {
    let status = Status::of(&o.verdict);
    let tags = info
        .tags
        .get(&o.name)
        .map(|t| t.join(" "))
        .unwrap_or_default();
    let failing = if status.is_failing() { "yes" } else { "no" };
    (class(cell_of(status)).to_string(), failing, tags)
}

/// The matrix's cell kind of one case's status, to share its words and classes.
fn cell_of(s: Status) -> Cell {
    Cell::of([s])
}

/// Every failing or erroring case in full.
pub fn failures(ordered: &[&Outcome], info: &RunInfo, anchors: &Anchors) -> Markup {
    let failing: Vec<&&Outcome> = ordered
        .iter()
        .filter(|o| Status::of(&o.verdict).is_failing())
        .collect();
    html! {
        section id="failures" aria-labelledby="failures-h" {
            h2 id="failures-h" { "Failures (" (failing.len()) ")" }
            @if failing.is_empty() { p { "None: every case that ran passed." } }
            @for o in failing { (article(o, info, anchors)) }
        }
    }
}

/// One failing case: what it checked and what came back.
fn article(o: &Outcome, info: &RunInfo, anchors: &Anchors) -> Markup {
    let (status, failing, tags) = data(o, info);
    html! {
        article.case.error[status == "error"] id=(anchors.article(&o.name))
            data-status=(status) data-failing=(failing) data-operation=(o.operation) data-tags=(tags) {
            h3 { (badge(Status::of(&o.verdict))) " " code { (o.name) } }
            p.muted {
                "Operation " code { (o.operation) }
                @if let Some(c) = &o.expected_code { " · expected code " code { (c) } }
                " · " (kind(o)) @if o.steps.is_empty() { " case" }
                " · " (human_duration(o.duration))
                " · " a href={ "#" (anchors.row(&o.name)) } { "row in All cases" }
            }
            (body(o))
        }
    }
}

/// `documented`, `generated` or `scenario`.
fn kind(o: &Outcome) -> &'static str {
    if !o.steps.is_empty() {
        "scenario"
    } else if o.is_generated() {
        "generated"
    } else {
        "documented"
    }
}

/// The checks and error of an outcome, then its evidence; for a scenario, the step that did not
/// pass, every step in a table, and that step's evidence.
fn body(o: &Outcome) -> Markup {
    let failing_step = o.failing_step();
    html! {
        @if let Some(title) = steps::failing_title(o) { p { strong { "At " (title) } } }
        @match &o.verdict {
            Verdict::Fail { failures } => (checks("Failed checks", failures)),
            Verdict::Error { error } => p { strong { "Error (" (error_kind(error.kind)) "): " } (error.message) },
            Verdict::Skipped { reason } => p { "Skipped: " (reason) },
            Verdict::Flaky { retries } => p { (retried(retries)) },
            Verdict::Pass => {},
        }
        @if !o.steps.is_empty() { (steps_table(o)) }
        @match failing_step {
            Some((_, step)) => (evidence(step)),
            None => (evidence(o)),
        }
    }
}

/// A scenario's steps: what each expected and came to, and its request in brief.
fn steps_table(o: &Outcome) -> Markup {
    html! {
        table.steps {
            caption { "Steps of the scenario, in order" }
            thead { tr {
                th scope="col" { "#" } th scope="col" { "Step" } th scope="col" { "Operation" }
                th scope="col" { "Expected code" } th scope="col" { "Result" } th scope="col" { "Exchange" }
            } }
            tbody { @for (i, s) in o.steps.iter().enumerate() { tr {
                td { (i + 1) }
                th scope="row" { code { (s.case_id) } }
                td { code { (s.operation) } }
                td { (s.expected_code.as_deref().unwrap_or("—")) }
                td { (result(s)) }
                td { @if let Some(x) = &s.exchange {
                    code { (x.request.method) " " (x.request.url) }
                    @if let Some(r) = &x.response { " → HTTP " (r.status) }
                } }
            } } }
        }
    }
}

/// Warnings, the diff and the exchange of a case or of a scenario's step.
fn evidence(o: &Outcome) -> Markup {
    html! {
        @if !o.warnings.is_empty() { (checks("Warnings", &o.warnings)) }
        @if let Some(d) = view_diff(o) { (diff(&d)) }
        @if let Some(x) = &o.exchange {
            details.exchange open {
                summary { "Exchange (masked)" }
                (exchange::render(x))
            }
        }
    }
}

/// A table of failed checks or warnings, each with its basis: documented, or the assumption
/// it rests on and what that assumes.
fn checks(title: &str, failures: &[Failure]) -> Markup {
    html! {
        table.checks {
            caption { (title) }
            thead { tr {
                th scope="col" { "Check" } th scope="col" { "Where" }
                th scope="col" { "Expected" } th scope="col" { "Got" } th scope="col" { "Basis" }
            } }
            tbody { @for f in failures { tr {
                th scope="row" { (f.check.name()) }
                td { code { (if f.path.is_empty() { "—" } else { &f.path }) } }
                td { code { (f.expected) } }
                td { code { (f.actual_shown()) } }
                td {
                    (f.basis())
                    @if let Some(a) = f.assumption { br; span.muted { (a.claim()) } }
                }
            } } }
        }
    }
}

/// The unified diff of the expected and actual views, one span per line: `-` lines are what
/// was expected, `+` lines what came back; the classes only colour them.
fn diff(text: &str) -> Markup {
    let kind = |line: &str| match line.as_bytes().first() {
        _ if line.starts_with("---") || line.starts_with("+++") => "head",
        Some(b'@') => "hunk",
        Some(b'-') => "del",
        Some(b'+') => "add",
        _ => "ctx",
    };
    html! {
        h4 { "Diff (" code { "-" } " expected, " code { "+" } " actual)" }
        pre.diff { @for line in text.lines() { span class=(kind(line)) { (line) "\n" } } }
    }
}

/// A result as a symbol and a word in its colour; a flaky pass says so.
fn badge(s: Status) -> Markup {
    let c = cell_of(s);
    html! {
        @if s == Status::Flaky { span.res.pass { "↻ flaky" } }
        @else { span class={ "res " (class(c)) } { (symbol(c)) " " (word(c)) } }
    }
}

/// The result of a case or step, with why it was skipped or what its retries got.
fn result(o: &Outcome) -> Markup {
    html! {
        (badge(Status::of(&o.verdict)))
        @match &o.verdict {
            Verdict::Skipped { reason } => { " " span.muted { (reason) } },
            Verdict::Flaky { retries } => { " " span.muted { (retried(retries)) } },
            _ => {},
        }
    }
}

/// `passed at attempt 3 after HTTP 503 (waited 200 ms), HTTP 503 (waited 400 ms)`.
fn retried(retries: &[Retry]) -> String {
    let attempts: Vec<String> = retries
        .iter()
        .map(|r| format!("{} (waited {} ms)", r.answer, r.waited_ms))
        .collect();
    format!(
        "passed at attempt {} after {}",
        retries.len() + 1,
        attempts.join(", ")
    )
}

/// Every case, one row each, under the filter form.
pub fn all(ordered: &[&Outcome], info: &RunInfo, anchors: &Anchors) -> Markup {
    html! {
        section id="cases" aria-labelledby="cases-h" {
            h2 id="cases-h" { "All cases (" (ordered.len()) ")" }
            (filters(ordered, info))
            table.all {
                caption { "Every case of the run, in report order" }
                thead { tr {
                    th scope="col" { "Case" } th scope="col" { "Operation" } th scope="col" { "Kind" }
                    th scope="col" { "Expected code" } th scope="col" { "Result" }
                    th scope="col" { "Duration" } th scope="col" { "Tags" }
                } }
                tbody { @for o in ordered { (row(o, info, anchors)) } }
            }
        }
    }
}

fn row(o: &Outcome, info: &RunInfo, anchors: &Anchors) -> Markup {
    let (status, failing, tags) = data(o, info);
    html! {
        tr id=(anchors.row(&o.name)) data-status=(status) data-failing=(failing)
            data-operation=(o.operation) data-tags=(tags) {
            th scope="row" {
                @if failing == "yes" { a href=(anchors.href(&o.name)) { code { (o.case_id) } } }
                @else { code { (o.case_id) } }
            }
            td { code { (o.operation) } }
            td { (kind(o)) }
            td { (o.expected_code.as_deref().unwrap_or("—")) }
            td { (result(o)) }
            td { (human_duration(o.duration)) }
            td { (tags) }
        }
    }
}

/// The filter form: hidden until the script shows it, so without JavaScript all shows.
fn filters(ordered: &[&Outcome], info: &RunInfo) -> Markup {
    let operations: BTreeSet<&str> = ordered.iter().map(|o| o.operation.as_str()).collect();
    let tags: BTreeSet<&str> = info.tags.values().flatten().map(String::as_str).collect();
    html! {
        form #filters .filters hidden aria-label="Filter the cases" {
            label { input type="checkbox" name="failed-only"; " Failed only" }
            label { "Operation " select name="operation" {
                option value="" { "all" }
                @for op in &operations { option value=(op) { (op) } }
            } }
            label { "Tag " select name="tag" {
                option value="" { "all" }
                @for t in &tags { option value=(t) { (t) } }
            } }
            output #filter-count aria-live="polite" {}
        }
    }
}
