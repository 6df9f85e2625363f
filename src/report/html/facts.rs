//! The documentation coverage section: the line, one bar per operation of the facts held,
//! broken and not exercised ([`fact_bars`]), the table of the same numbers, then per operation
//! the facts × cases matrix: one row per fact of the ledger, one column per case, scenario or
//! group of generated cases that exercised a fact of it, each cell what that column made of
//! that fact; a fact no column exercised says why instead.

use maud::{Markup, html};

use super::anchors::Anchors;
use super::fact_bars::{self, FactRow};
use crate::report::fact_coverage::{FactCoverage, FactResult, Mark, OperationFacts, State};

/// The section.
pub fn section(c: &FactCoverage, anchors: &Anchors) -> Markup {
    let rows: Vec<FactRow> = c
        .operations
        .iter()
        .map(|o| FactRow {
            label: o.operation.clone(),
            held: o.counts.held,
            broken: o.counts.broken,
            not_exercised: o.counts.not_exercised,
        })
        .collect();
    html! {
        section id="documentation" aria-labelledby="documentation-h" {
            h2 id="documentation-h" { "Documentation coverage" }
            p { (c.line()) @if c.counts.not_checkable > 0 {
                "; " (c.counts.not_checkable) " not checkable from outside (" code { "facts" } " says why)"
            } "." }
            @if let Some(picture) = fact_bars::picture_of(&rows) {
                figure {
                    (picture)
                    figcaption { "Each bar: the facts the vendor pages state of that operation, split into those a check of this run held, broke, and did not exercise. The table below has the same numbers; each operation's matrix, which case exercised which fact." }
                }
            }
            table {
                caption { "Documented facts per operation" }
                thead { tr {
                    th scope="col" { "Operation" } th scope="col" { "Verified" } th scope="col" { "Held" }
                    th scope="col" { "Broken" } th scope="col" { "Not exercised" }
                } }
                tbody { @for o in &c.operations { tr {
                    th scope="row" { code { (o.operation) } }
                    td { (o.counts.verified) } td { (o.counts.held) } td { (o.counts.broken) }
                    td { (o.counts.not_exercised) }
                } } }
            }
            @for o in &c.operations { (matrix(o, anchors)) }
        }
    }
}

/// One operation's facts × cases matrix, in a `<details>` open by default (without JavaScript
/// everything shows).
fn matrix(o: &OperationFacts, anchors: &Anchors) -> Markup {
    let mut columns: Vec<&str> = o
        .facts
        .iter()
        .flat_map(|f| f.cases.keys().map(String::as_str))
        .collect();
    columns.sort_unstable();
    columns.dedup();
    html! {
        details.fact-matrix open {
            summary { code { (o.operation) } ": " (o.counts.words()) }
            div.scroll { table.fact-matrix {
                caption { "Fact × case: " code { (o.operation) } }
                thead { tr {
                    th scope="col" { "Fact" }
                    @for c in &columns { th scope="col" { (column(c, anchors)) } }
                    th scope="col" { "Not exercised because" }
                } }
                tbody { @for f in &o.facts { (row(f, &columns, &o.operation)) } }
            } }
        }
    }
}

/// A column's heading: a link to the case, or the group of generated cases (or exchanges) as
/// words.
fn column(name: &str, anchors: &Anchors) -> Markup {
    let short = name.split_once("::").map_or(name, |(_, rest)| rest);
    html! {
        @if short.ends_with('*') { (short) }
        @else { a href=(anchors.href(name)) { (short) } }
    }
}

fn row(f: &FactResult, columns: &[&str], operation: &str) -> Markup {
    let id =
        f.id.strip_prefix(operation)
            .and_then(|s| s.strip_prefix('.'))
            .unwrap_or(&f.id);
    let why = match (&f.why, f.result) {
        (Some(w), _) => w.words(),
        (None, State::NotCheckable) => "not checkable from outside".to_string(),
        (None, _) => String::new(),
    };
    html! {
        tr {
            th scope="row" { code { (id) } }
            @for c in columns { (cell(f.cases.get(*c))) }
            td.muted { (why) }
        }
    }
}

/// What one column made of one fact: a symbol and a word, and how many times when more than
/// once.
fn cell(mark: Option<&Mark>) -> Markup {
    let Some(m) = mark else {
        return html! { td {} };
    };
    let (class, symbol, word, n) = match m.broken {
        0 => ("pass", "✓", "held", m.held),
        b => ("fail", "✗", "broken", b),
    };
    html! {
        td class=(class) { span class={ "res " (class) } { (symbol) " " (word) } @if n > 1 { " ×" (n) } }
    }
}
