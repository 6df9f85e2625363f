//! The coverage matrix: its heat map ([`heatmap`]), then one row per documented result code
//! of each operation, with what the documented cases and the generated ones came to, in two
//! columns, each cell linking to its cases.

use maud::{Markup, html};

use super::super::RunInfo;
use super::super::code_matrix::{self, Cell, CodeCoverage, OperationCoverage};
use super::anchors::Anchors;
use super::heatmap;
use super::marks::{class, symbol, word};
use crate::outcome::{Outcome, Status};
use crate::spec::Spec;

/// How many cases a cell links to before it only counts the rest.
const MAX_LINKS: usize = 6;

/// The matrix section.
pub fn section(spec: &Spec, outcomes: &[Outcome], info: &RunInfo, anchors: &Anchors) -> Markup {
    let (generated, documented): (Vec<Outcome>, Vec<Outcome>) =
        outcomes.iter().cloned().partition(Outcome::is_generated);
    let doc = code_matrix::matrix(spec, &documented);
    let covered: usize = doc.iter().map(OperationCoverage::covered).sum();
    let total: usize = doc.iter().map(|o| o.codes.len()).sum();
    html! {
        section id="coverage" aria-labelledby="coverage-h" {
            h2 id="coverage-h" { "Coverage matrix" }
            p { (covered) " of " (total) " documented result codes have a documented case that ran." }
            @if let Some(c) = &info.constraints { p { (c.line()) "." } }
            figure {
                (heatmap::picture_of(spec, outcomes))
                figcaption { "Each cell: what that operation's cases of that code came to, and how many there are. A dashed empty cell is a documented code no documented case expects; no cell, a code the operation does not document. The table below has every cell with its cases." }
            }
            table.matrix {
                caption { "Operation × documented result code: what the documented and the generated cases came to (click a case to see it)" }
                thead { tr {
                    th scope="col" { "Operation" } th scope="col" { "Result code" }
                    th scope="col" { "HTTP" } th scope="col" { "Documented message" }
                    th scope="col" { "Documented cases" } th scope="col" { "Generated cases" }
                } }
                @for d in &doc { (operation(d, &generated, anchors)) }
            }
        }
    }
}

/// The generated cases of an operation that expect `code` (`None`: no particular code): what
/// they came to and their names. Worked out here rather than by the matrix, so the column
/// does not depend on how the matrix treats generated cases.
fn generated_cell(op: &str, code: Option<&str>, generated: &[Outcome]) -> (Cell, Vec<String>) {
    let mine: Vec<&Outcome> = generated
        .iter()
        .filter(|o| o.operation == op && o.expected_code.as_deref() == code)
        .collect();
    let cell = Cell::of(mine.iter().map(|o| Status::of(&o.verdict)));
    (cell, mine.iter().map(|o| o.name.clone()).collect())
}

/// The rows of one operation, in a `<tbody>` of its own: its documented codes, the codes its
/// cases expect that the spec does not list, and its cases that expect no code.
fn operation(doc: &OperationCoverage, generated: &[Outcome], anchors: &Anchors) -> Markup {
    let mut rows: Vec<&CodeCoverage> = doc.codes.iter().chain(&doc.undocumented).collect();
    let mut extra: Vec<CodeCoverage> = Vec::new();
    for o in generated.iter().filter(|o| o.operation == doc.operation) {
        let Some(code) = o.expected_code.as_deref() else {
            continue;
        };
        if !rows.iter().any(|r| r.code == code) && !extra.iter().any(|r| r.code == code) {
            extra.push(CodeCoverage {
                code: code.to_string(),
                http: None,
                message: None,
                result: Cell::None,
                cases: vec![],
            });
        }
    }
    rows.extend(&extra);
    let span = rows.len() + 1;
    let (no_code, no_code_cases) = generated_cell(&doc.operation, None, generated);
    html! {
        tbody {
            @for (i, row) in rows.iter().enumerate() {
                @let (g, g_cases) = generated_cell(&doc.operation, Some(&row.code), generated);
                tr {
                    @if i == 0 { th scope="rowgroup" rowspan=(span) { code { (doc.operation) } } }
                    th scope="row" { code { (row.code) } }
                    td { (row.http.map_or(String::from("undocumented"), |h| h.to_string())) }
                    td { (row.message.as_deref().unwrap_or("(not in the spec)")) }
                    (cell(row.result, &row.cases, anchors))
                    (cell(g, &g_cases, anchors))
                }
            }
            tr {
                @if rows.is_empty() { th scope="rowgroup" { code { (doc.operation) } } }
                th scope="row" { "no code expected" }
                td.muted { "—" } td.muted { "—" }
                (cases_only(&doc.without_code, anchors))
                @if no_code_cases.is_empty() { (cases_only(&[], anchors)) }
                @else { (cell(no_code, &no_code_cases, anchors)) }
            }
        }
    }
}

/// One cell: the result as a symbol and a word, and links to the cases.
pub(super) fn cell(result: Cell, cases: &[String], anchors: &Anchors) -> Markup {
    html! {
        td class=(class(result)) {
            span class={ "res " (class(result)) } { (symbol(result)) " " (word(result)) }
            (links(cases, anchors))
        }
    }
}

fn cases_only(cases: &[String], anchors: &Anchors) -> Markup {
    html! { td { @if cases.is_empty() { span.muted { "—" } } @else { (links(cases, anchors)) } } }
}

/// Up to [`MAX_LINKS`] links, failing cases first, then a count of the rest.
fn links(cases: &[String], anchors: &Anchors) -> Markup {
    let mut sorted: Vec<&String> = cases.iter().collect();
    sorted.sort_by_key(|n| !anchors.href(n).starts_with("#fail-"));
    let more = sorted.len().saturating_sub(MAX_LINKS);
    html! {
        @if !sorted.is_empty() {
            ul {
                @for n in sorted.iter().take(MAX_LINKS) { li { a href=(anchors.href(n)) { (short(n)) } } }
                @if more > 0 { li.muted { "and " (more) " more (see All cases)" } }
            }
        }
    }
}

/// A trial name without its operation: the matrix row already says it.
fn short(name: &str) -> &str {
    name.split_once("::").map_or(name, |(_, rest)| rest)
}
