//! Findings: the failures, errors and warnings of the run grouped by cause, each with the cases
//! it affects, so twenty cases failing for one reason read as one finding.
//!
//! The section renders a list of [`Group`]s; [`groups`] makes them from masked outcomes.

use std::collections::BTreeMap;

use maud::{Markup, html};

use super::anchors::Anchors;
use crate::outcome::{Failure, Outcome, Verdict};

/// One cause and the cases it affects.
pub struct Group {
    /// `FAIL`, `ERROR` or `warning`.
    pub severity: &'static str,
    /// The cause: `[check] at path`, or `error (kind)`.
    pub what: String,
    /// What it rests on, when the run knows.
    pub basis: Option<String>,
    /// The trial names.
    pub cases: Vec<String>,
    /// The first case's line: what it expected and got.
    pub example: String,
}

/// The groups of `ordered` (masked, report order): failures, errors, then warnings; within
/// each, the cause affecting the most cases first. A cause is a check at a place (its JSON
/// path or header), or an error kind.
pub fn groups(ordered: &[&Outcome]) -> Vec<Group> {
    let mut by_cause: BTreeMap<(u8, String), Group> = BTreeMap::new();
    let mut add = |rank: u8, severity, what: String, example: String, case: &str| {
        let g = by_cause.entry((rank, what.clone())).or_insert(Group {
            severity,
            what,
            basis: None,
            cases: vec![],
            example,
        });
        if g.cases.last().map(String::as_str) != Some(case) {
            g.cases.push(case.to_string());
        }
    };
    let cause = |f: &Failure| match f.path.as_str() {
        "" => format!("[{}]", f.check.name()),
        p => format!("[{}] at {p}", f.check.name()),
    };
    for o in ordered {
        match &o.verdict {
            Verdict::Fail { failures } => failures
                .iter()
                .for_each(|f| add(0, "FAIL", cause(f), f.line(), &o.name)),
            Verdict::Error { error } => {
                let what = format!("error ({})", super::super::diffs::error_kind(error.kind));
                add(1, "ERROR", what, error.message.clone(), &o.name);
            }
            Verdict::Pass | Verdict::Skipped { .. } => {}
        }
        for w in &o.warnings {
            add(2, "warning", cause(w), w.line(), &o.name);
        }
    }
    let mut out: Vec<((u8, String), Group)> = by_cause.into_iter().collect();
    out.sort_by_key(|((rank, _), g)| (*rank, std::cmp::Reverse(g.cases.len())));
    out.into_iter().map(|(_, g)| g).collect()
}

/// The findings section: a table of causes.
pub fn section(ordered: &[&Outcome], anchors: &Anchors) -> Markup {
    let groups = groups(ordered);
    html! {
        section id="findings" aria-labelledby="findings-h" {
            h2 id="findings-h" { "Findings" }
            @if groups.is_empty() {
                p { "No failure, error or warning." }
            } @else {
                table.findings {
                    caption { (groups.len()) " finding(s), grouped by cause" }
                    thead { tr {
                        th scope="col" { "Severity" } th scope="col" { "Cause" }
                        th scope="col" { "Basis" } th scope="col" { "Cases" } th scope="col" { "Example" }
                    } }
                    tbody { @for g in &groups { (row(g, anchors)) } }
                }
            }
        }
    }
}

fn row(g: &Group, anchors: &Anchors) -> Markup {
    let class = match g.severity {
        "FAIL" => "res fail",
        "ERROR" => "res error",
        _ => "res skipped",
    };
    html! {
        tr.finding {
            td { span class=(class) { (g.severity) } }
            th scope="row" { code { (g.what) } }
            td.basis { (g.basis.as_deref().unwrap_or("—")) }
            td.cases-in {
                span.count { (g.cases.len()) " case(s)" }
                ul { @for c in &g.cases { li { a href=(anchors.href(c)) { (c) } } } }
            }
            td { code { (g.example) } }
        }
    }
}
