//! `report.html`: the run as one self-contained page for people who do not read JUnit: the
//! verdict and provenance, findings grouped by cause (documented or inferred), the coverage
//! matrix (a heat map above its table), the documentation coverage (bars, a table, each
//! operation's facts × cases matrix), the answer times of each operation (a picture above
//! its table), each failing case with its checks, diff and exchange, and every case in a
//! filterable table. The pictures are inline SVG (the `svg` module says how they stay within
//! the page's rules).
//!
//! Markup is written with [`maud`]: every `(value)` spliced into the page is HTML-escaped by the
//! macro unless it is wrapped in `PreEscaped`, which only the two static assets are, so a case
//! id or a server's message cannot add markup. The page loads nothing (the `assets` module
//! has the Content-Security-Policy) and works from `file://`. It is rendered from the same masked
//! outcomes as the other reports, and the final guard scans it like every file
//! ([`crate::mask::guard`] also looks for HTML-escaped secrets in `.html` files).
//!
//! Without JavaScript everything shows: the failures are `<details>` open by default and the
//! filter form stays hidden. Colour never carries meaning alone: each result is a word and a
//! symbol, each diff line starts with `-` or `+`.

mod anchors;
mod assets;
mod cases;
mod client;
mod exchange;
pub mod fact_bars;
mod facts;
mod findings;
mod header;
mod heatmap;
mod marks;
mod matrix;
mod svg;
mod timing;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::RunInfo;
use super::code_matrix::{self, Totals};
use super::fact_coverage::FactCoverage;
use super::format::{Doc, Finished, Format};
use super::masked;
use crate::mask::Masker;
use crate::outcome::Outcome;
use crate::spec::Spec;
use anchors::Anchors;

/// The file name beside `summary.md`.
pub const FILE_NAME: &str = "report.html";

/// `report.html`, masked: the run facts and outcomes are masked here first.
pub fn render(info: &RunInfo, spec: &Spec, outcomes: &[Outcome], masker: &Masker) -> String {
    let outcomes = masked::outcomes(outcomes, masker);
    let documented = FactCoverage::of_outcomes(spec.ledger(), &outcomes);
    render_masked(&masked::info(info, masker), spec, (&outcomes, &documented))
}

/// [`render`] of run facts and outcomes that are masked already.
fn render_masked(
    info: &RunInfo,
    spec: &Spec,
    (outcomes, documented): (&[Outcome], &FactCoverage),
) -> String {
    let ordered = code_matrix::ordered(spec, outcomes);
    let anchors = Anchors::new(&ordered);
    let totals = Totals::of(outcomes);
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(assets::csp());
                meta name="referrer" content="no-referrer";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "KONA PLATE conformance: " (header::verdict_word(&totals)) " (" (info.run_id) ")" }
                style { (PreEscaped(assets::CSS)) }
            }
            body {
                (header::banner(info, &totals))
                (contents())
                main {
                    div.facts {
                        (header::facts(info, &totals))
                        (header::provenance(info))
                    }
                    (findings::section(&ordered, &anchors))
                    @if let Some(c) = &info.client { (client::section(spec, outcomes, c, &anchors)) }
                    @else { (matrix::section(spec, outcomes, info, &anchors)) }
                    (facts::section(documented, &anchors))
                    (timing::section(spec, &info.answer_times))
                    (cases::failures(&ordered, info, &anchors))
                    (cases::all(&ordered, info, &anchors))
                }
                script { (PreEscaped(assets::JS)) }
            }
        }
    };
    page.into_string()
}

/// `report.html` among the run's formats.
#[derive(Debug, Clone, Copy)]
pub struct Html;

impl Format for Html {
    fn name(&self) -> &'static str {
        FILE_NAME
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, super::Error> {
        let text = render_masked(run.info, run.spec, (run.outcomes, run.facts));
        Ok(vec![Doc::text(FILE_NAME, text)])
    }
}

/// The table of contents.
fn contents() -> Markup {
    let sections = [
        ("facts", "Run"),
        ("provenance", "Provenance"),
        ("findings", "Findings"),
        ("coverage", "Coverage matrix"),
        ("documentation", "Documentation coverage"),
        ("timing", "Answer times"),
        ("failures", "Failures"),
        ("cases", "All cases"),
    ];
    html! {
        nav aria-label="Sections" {
            ul { @for (id, title) in sections { li { a href={ "#" (id) } { (title) } } } }
        }
    }
}
