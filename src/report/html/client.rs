//! A proxy session's coverage, in place of a run's matrix: each documented answer of each
//! operation with the exchanges in which the client received it (as the run's matrix shows a
//! code's cases), then each documented request field and header with how often the client
//! sent it, and the undocumented ones it sent.

use maud::{Markup, html};

use super::super::client;
use super::super::code_matrix::{self, Cell, CodeCoverage, OperationCoverage};
use super::anchors::Anchors;
use super::marks::{class, symbol};
use super::matrix::cell;
use crate::client_coverage::{ClientCoverage, ClientOperation, Sent};
use crate::outcome::Outcome;
use crate::spec::Spec;

/// The section.
pub fn section(spec: &Spec, outcomes: &[Outcome], c: &ClientCoverage, anchors: &Anchors) -> Markup {
    let rows = code_matrix::matrix(spec, outcomes);
    html! {
        section id="coverage" aria-labelledby="coverage-h" {
            h2 id="coverage-h" { "Client coverage" }
            p { (client::line(&rows, c)) "." }
            table.matrix {
                caption { "Operation × documented answer: the exchanges in which the client received it (click one to see it)" }
                thead { tr {
                    th scope="col" { "Operation" } th scope="col" { "Result code" }
                    th scope="col" { "HTTP" } th scope="col" { "Documented message" }
                    th scope="col" { "Exchanges that received it" }
                } }
                @for r in &rows { (answers(r, anchors)) }
            }
            table.matrix {
                caption { "Request fields and headers: the page's mark, and in how many of the operation's exchanges the client sent each" }
                thead { tr {
                    th scope="col" { "Operation" } th scope="col" { "Field or header" }
                    th scope="col" { "Page's mark" } th scope="col" { "Sent" }
                } }
                @for op in &c.operations { (sent(op)) }
            }
        }
    }
}

/// An operation's documented answers, then the undocumented codes it received.
fn answers(r: &OperationCoverage, anchors: &Anchors) -> Markup {
    let rows: Vec<&CodeCoverage> = r.codes.iter().chain(&r.undocumented).collect();
    html! {
        tbody {
            @for (i, row) in rows.iter().enumerate() {
                tr {
                    @if i == 0 { th scope="rowgroup" rowspan=(rows.len()) { code { (r.operation) } } }
                    th scope="row" { code { (row.code) } }
                    td { (row.http.map_or(String::from("undocumented"), |h| h.to_string())) }
                    td { (row.message.as_deref().unwrap_or("(not in the spec)")) }
                    @if row.result == Cell::None {
                        td class=(class(Cell::None)) {
                            span class={ "res " (class(Cell::None)) } { (symbol(Cell::None)) " never received" }
                        }
                    } @else {
                        (cell(row.result, &row.cases, anchors))
                    }
                }
            }
        }
    }
}

/// An operation's fields and headers.
fn sent(op: &ClientOperation) -> Markup {
    let rows: Vec<(&str, &Sent)> = (op.fields.iter().map(|s| ("field", s)))
        .chain(op.headers.iter().map(|s| ("header", s)))
        .collect();
    html! {
        tbody {
            @for (i, (kind, s)) in rows.iter().enumerate() {
                tr {
                    @if i == 0 { th scope="rowgroup" rowspan=(rows.len()) { code { (op.operation) } } }
                    th scope="row" { (kind) " " code { (s.name) } }
                    td { (s.mark) }
                    @let result = if s.sent > 0 { Cell::Pass } else { Cell::None };
                    td class=(class(result)) {
                        span class={ "res " (class(result)) } {
                            @if s.sent > 0 { (symbol(result)) " " (s.sent) " of " (op.exchanges) }
                            @else { (symbol(result)) " never sent" }
                        }
                    }
                }
            }
        }
    }
}
