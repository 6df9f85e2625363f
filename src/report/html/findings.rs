//! Findings: the failures, errors and warnings of the run grouped by cause
//! ([`findings::group`], shared with the console tail and `summary.md`), each with its basis
//! (documented, or the assumption it rests on) and the cases it affects, linked.

use maud::{Markup, html};

use super::super::findings::{self, Finding, Severity};
use super::anchors::Anchors;
use crate::outcome::Outcome;

/// The findings section: a table of causes.
pub fn section(ordered: &[&Outcome], anchors: &Anchors) -> Markup {
    let groups = findings::group(ordered);
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
                    tbody { @for f in &groups { (row(f, anchors)) } }
                }
            }
        }
    }
}

fn row(f: &Finding, anchors: &Anchors) -> Markup {
    let (class, word) = match f.severity {
        Severity::Failure => ("res fail", "FAIL"),
        Severity::Error => ("res error", "ERROR"),
        Severity::Warning => ("res skipped", "warning"),
    };
    html! {
        tr.finding {
            td { span class=(class) { (word) } }
            th scope="row" { code { (f.what) } }
            td.basis { (findings::basis_words(f)) }
            td.cases-in {
                span.count { (f.cases.len()) " case(s)" }
                ul { @for c in &f.cases { li { a href=(anchors.href(c)) { (c) } } } }
            }
            td { code { (f.example) } }
        }
    }
}
