//! The coverage matrix as a picture: operations down, result codes across, in two panels, the
//! documented cases and the generated ones apart (as the table beside it keeps them). A cell
//! is what that operation's cases of that code came to, as a colour, a symbol and a count; a
//! documented code no documented case expects is an empty dashed cell (a gap in coverage); a
//! code the operation does not document is no cell at all. The last column holds the cases
//! that expect no particular code.
//!
//! The generated panel draws only the cells generated cases reach: they probe request
//! constraints (mostly `000_002`), not every code.

use maud::{Markup, html};

use super::super::code_matrix::Cell;
use super::marks::{class, symbol, word};
use super::svg::{num, picture, text_width};
use crate::outcome::{Outcome, Status};
use crate::spec::Spec;

/// A cell's size, and the gaps around the panels.
const CELL: (f64, f64) = (38.0, 24.0);
const PAD: f64 = 8.0;
const PANEL_TITLE: f64 = 22.0;
const LEGEND: f64 = 34.0;
const LEGEND_STEP: f64 = 100.0;
/// The column labels are turned by this many degrees.
const SLANT: f64 = 50.0;

/// What one operation's cases of one code came to in one panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Spot {
    result: Cell,
    cases: usize,
}

/// The picture's data: the columns (a code, or `None` for "no code") and, per operation, a
/// spot or nothing for each column in each panel.
#[derive(Debug)]
struct Grid {
    columns: Vec<Option<String>>,
    rows: Vec<(String, [Vec<Option<Spot>>; 2])>,
}

fn grid(spec: &Spec, outcomes: &[Outcome]) -> Grid {
    let mut codes: Vec<String> = spec
        .operations
        .iter()
        .flat_map(|op| op.error_codes.iter().map(|e| e.code.clone()))
        .chain(outcomes.iter().filter_map(|o| o.expected_code.clone()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    let mut columns: Vec<Option<String>> = codes.into_iter().map(Some).collect();
    columns.push(None);
    let rows = spec
        .operations
        .iter()
        .map(|op| {
            let panel = |generated: bool| -> Vec<Option<Spot>> {
                columns
                    .iter()
                    .map(|code| {
                        let statuses: Vec<Status> = outcomes
                            .iter()
                            .filter(|o| o.operation == op.id && o.is_generated() == generated)
                            .filter(|o| o.expected_code.as_ref() == code.as_ref())
                            .map(|o| Status::of(&o.verdict))
                            .collect();
                        let documented =
                            code.as_deref().is_some_and(|c| op.error_code(c).is_some());
                        (!statuses.is_empty() || (documented && !generated)).then(|| Spot {
                            cases: statuses.len(),
                            result: Cell::of(statuses),
                        })
                    })
                    .collect()
            };
            (op.id.clone(), [panel(false), panel(true)])
        })
        .collect();
    Grid { columns, rows }
}

/// The heat map of these (masked) outcomes.
pub fn picture_of(spec: &Spec, outcomes: &[Outcome]) -> Markup {
    let grid = grid(spec, outcomes);
    let label = |c: &Option<String>| c.clone().unwrap_or_else(|| "no code".to_string());
    let left = grid
        .rows
        .iter()
        .map(|(op, _)| text_width(op))
        .fold(0.0, f64::max)
        + PAD * 2.0;
    let slant = SLANT.to_radians();
    let widest = grid
        .columns
        .iter()
        .map(|c| text_width(&label(c)))
        .fold(0.0, f64::max);
    let top = widest * slant.sin() + PAD * 2.0;
    let panel_height = PANEL_TITLE + grid.rows.len() as f64 * CELL.1;
    // A panel with no cell (no generated case ran) is left out; its `<desc>` says so.
    let shown: Vec<(usize, &str)> = ["Documented cases", "Generated cases"]
        .into_iter()
        .enumerate()
        .filter(|(p, _)| {
            grid.rows
                .iter()
                .any(|(_, s)| s[*p].iter().any(Option::is_some))
        })
        .collect();
    let panels: Vec<(usize, &str, f64)> = shown
        .iter()
        .enumerate()
        .map(|(k, (p, name))| (*p, *name, top + k as f64 * (panel_height + PAD)))
        .collect();
    let width = (left + grid.columns.len() as f64 * CELL.0 + widest * slant.cos() + PAD)
        .max(PAD + LEGEND_STEP * 5.0);
    let height = top + panels.len() as f64 * (panel_height + PAD) + LEGEND;
    let body = html! {
        @for (i, c) in grid.columns.iter().enumerate() {
            @let x = left + (i as f64 + 0.5) * CELL.0;
            text.code x=(num(x)) y=(num(top - PAD / 2.0))
                transform={ "rotate(-" (num(SLANT)) " " (num(x)) " " (num(top - PAD / 2.0)) ")" } { (label(c)) }
        }
        @for (p, name, y) in panels.iter().copied() {
            text.panel x="0" y=(num(y + PANEL_TITLE - 7.0)) { (name) }
            @for (r, (op, spots)) in grid.rows.iter().enumerate() {
                @let row_y = y + PANEL_TITLE + r as f64 * CELL.1;
                text.op x=(num(PAD)) y=(num(row_y + CELL.1 / 2.0 + 4.0)) { (op) }
                @for (i, spot) in spots[p].iter().enumerate() {
                    @if let Some(spot) = spot {
                        (cell(*spot, (left + i as f64 * CELL.0, row_y), &format!("{op} {}", label(&grid.columns[i]))))
                    }
                }
            }
        }
        (legend(height - LEGEND + 8.0))
    };
    picture(
        "heatmap",
        (width, height),
        (
            "Coverage heat map: operation × result code",
            &describe(&grid),
        ),
        body,
    )
}

/// One cell: its colour, its symbol and case count, and a tooltip that says it in words.
fn cell(spot: Spot, (x, y): (f64, f64), what: &str) -> Markup {
    let class = class(spot.result);
    let count = if spot.cases == 0 {
        String::new()
    } else {
        format!(" {}", spot.cases)
    };
    html! {
        g.spot {
            title { (what) ": " (word(spot.result)) " (" (spot.cases) " case(s))" }
            rect class={ "cell " (class) } x=(num(x + 1.0)) y=(num(y + 1.0))
                width=(num(CELL.0 - 2.0)) height=(num(CELL.1 - 2.0)) rx="3" {}
            text class={ "mark " (class) } x=(num(x + CELL.0 / 2.0)) y=(num(y + CELL.1 / 2.0 + 4.0))
                text-anchor="middle" { (symbol(spot.result)) (count) }
        }
    }
}

/// The key: each result as a swatch, its symbol and its word.
fn legend(y: f64) -> Markup {
    let results = [
        Cell::Pass,
        Cell::Fail,
        Cell::Error,
        Cell::Skipped,
        Cell::None,
    ];
    html! {
        g.legend {
            @for (i, r) in results.iter().enumerate() {
                @let x = PAD + i as f64 * LEGEND_STEP;
                rect class={ "cell " (class(*r)) } x=(num(x)) y=(num(y)) width="22" height="16" rx="3" {}
                text class={ "mark " (class(*r)) } x=(num(x + 11.0)) y=(num(y + 12.0)) text-anchor="middle" { (symbol(*r)) }
                text x=(num(x + 28.0)) y=(num(y + 12.0)) { (word(*r)) }
            }
        }
    }
}

/// The picture in words, for its `<desc>`: how many cells of each result, per panel.
fn describe(grid: &Grid) -> String {
    let mut parts = Vec::new();
    for (p, name) in ["documented cases", "generated cases"].iter().enumerate() {
        let spots: Vec<Spot> = grid
            .rows
            .iter()
            .flat_map(|(_, s)| s[p].iter().flatten().copied())
            .collect();
        if spots.is_empty() {
            parts.push(format!("no {name} ran"));
            continue;
        }
        let count = |c: Cell| spots.iter().filter(|s| s.result == c).count();
        parts.push(format!(
            "{name}: {} code(s) pass, {} fail, {} error, {} skipped, {} without a case",
            count(Cell::Pass),
            count(Cell::Fail),
            count(Cell::Error),
            count(Cell::Skipped),
            count(Cell::None)
        ));
    }
    format!(
        "{} operations by {} result codes. {}. The table below lists every cell with its cases.",
        grid.rows.len(),
        grid.columns.len() - 1,
        parts.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{CheckKind, Failure, Verdict};

    fn outcome(op: &str, id: &str, code: Option<&str>, fails: bool) -> Outcome {
        let verdict = if fails {
            Verdict::from_failures(vec![Failure::new(
                CheckKind::Code,
                "/response/code",
                "\"000_000\"",
                "\"009_999\"",
            )])
        } else {
            Verdict::Pass
        };
        let name = format!("{op}::{id}");
        Outcome::new(
            name,
            op.into(),
            id.into(),
            code.map(str::to_string),
            verdict,
        )
    }

    #[test]
    fn documented_gaps_show_generated_cells_only_where_cases_are() {
        let spec = crate::spec::load(std::path::Path::new(crate::spec::DEFAULT_SPEC_PATH)).unwrap();
        let op = &spec.operations[0];
        let first = op.error_codes[0].code.clone();
        let outcomes = vec![
            outcome(&op.id, "a", Some(&first), true),
            outcome(&op.id, "generated::x::y", Some("000_002"), false),
        ];
        let grid = grid(&spec, &outcomes);
        let (name, panels) = &grid.rows[0];
        assert_eq!(name, &op.id);
        let at = |code: &str| {
            grid.columns
                .iter()
                .position(|c| c.as_deref() == Some(code))
                .unwrap()
        };
        assert_eq!(
            panels[0][at(&first)],
            Some(Spot {
                result: Cell::Fail,
                cases: 1
            })
        );
        // Every other documented code: an empty cell, a gap; the generated panel: one cell.
        let documented = panels[0].iter().flatten().count();
        assert_eq!(documented, op.error_codes.len());
        assert_eq!(panels[1].iter().flatten().count(), 1);
        assert_eq!(
            panels[1][at("000_002")],
            Some(Spot {
                result: Cell::Pass,
                cases: 1
            })
        );
        let svg = picture_of(&spec, &outcomes).into_string();
        assert!(
            svg.contains("documented cases: 0 code(s) pass, 1 fail, 0 error, 0 skipped"),
            "{svg}"
        );
        assert_eq!(
            svg.matches(r#"<rect class="cell fail""#).count(),
            2,
            "the cell and the key"
        );
        // Without generated cases their panel is left out, and the description says why.
        let svg = picture_of(&spec, &outcomes[..1]).into_string();
        assert!(!svg.contains("Generated cases"), "{svg}");
        assert!(svg.contains("no generated cases ran"), "{svg}");
        assert!(svg.contains(">Documented cases<"), "{svg}");
    }
}
