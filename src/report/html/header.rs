//! The top of the page: the verdict, the run facts, and the provenance of the verdict.

use maud::{Markup, html};

use super::super::RunInfo;
use super::super::code_matrix::{Totals, human_duration};
use super::super::summary::verdict_line;
use crate::provenance::FileHash;

/// `PASS`, `FAIL` or `NO CASES`: the verdict in one word.
pub fn verdict_word(t: &Totals) -> &'static str {
    match (t.cases, t.ok()) {
        (0, _) => "NO CASES",
        (_, true) => "PASS",
        (_, false) => "FAIL",
    }
}

/// The summary's verdict line without its emoji: the page says PASS or FAIL in words, and
/// fonts without emoji (headless browsers, some PDF printers) would show a box.
fn sentence(t: &Totals) -> String {
    let line = verdict_line(t);
    line.split_once(' ')
        .map_or(line.clone(), |(_, rest)| rest.to_string())
}

/// The heading and the verdict, as a word and a sentence (not as a colour alone).
pub fn banner(info: &RunInfo, t: &Totals) -> Markup {
    let class = if t.ok() && t.cases > 0 {
        "verdict pass"
    } else {
        "verdict fail"
    };
    html! {
        header {
            h1 { "KONA PLATE conformance report" }
            p class=(class) id="verdict" role="status" {
                (verdict_word(t)) ": " (sentence(t))
            }
            p.muted { "Target " code { (info.target) } " · environment " code { (info.environment) }
                " · started " (info.started_at) " · took " (human_duration(info.duration)) }
        }
    }
}

/// The run facts as a two-column table with row headers.
pub fn facts(info: &RunInfo, t: &Totals) -> Markup {
    let totals = format!(
        "{} cases: {} passed, {} flaky, {} failed, {} errors, {} skipped; {} warnings",
        t.cases, t.passed, t.flaky, t.failed, t.errors, t.skipped, t.warnings
    );
    let rows = [
        ("Run id", info.run_id.clone()),
        ("Started (UTC)", info.started_at.clone()),
        ("Duration", human_duration(info.duration)),
        ("Target", info.target.clone()),
        ("Environment", info.environment.clone()),
        ("Profile", info.profile.clone()),
        (
            "Spec",
            format!("{} (version {})", info.spec_path, info.spec_version),
        ),
        ("Strict", if info.strict { "yes" } else { "no" }.to_string()),
        ("Totals", totals),
    ];
    html! {
        section id="facts" aria-labelledby="facts-h" {
            h2 id="facts-h" { "Run" }
            table {
                caption { "What was run, where and when" }
                tbody {
                    @for (k, v) in rows { tr { th scope="row" { (k) } td { (v) } } }
                    @if let Some(c) = &info.constraints {
                        tr { th scope="row" { "Request constraints" } td { (c.line()) } }
                    }
                }
            }
        }
    }
}

/// What the verdict rests on: the tool, its commit, and the SHA-256 of each input.
pub fn provenance(info: &RunInfo) -> Markup {
    let spec_only = FileHash {
        path: info.spec_path.clone(),
        sha256: Some(info.spec_hash.clone()),
    };
    let p = info.provenance.as_ref();
    let spec = p.map_or(&spec_only, |p| &p.spec);
    html! {
        section id="provenance" aria-labelledby="provenance-h" {
            h2 id="provenance-h" { "Provenance" }
            table {
                caption { "The tool and the SHA-256 of every input this verdict rests on" }
                thead { tr { th scope="col" { "Input" } th scope="col" { "Path or value" } th scope="col" { "SHA-256" } } }
                tbody {
                    @if let Some(p) = p {
                        tr { th scope="row" { "Tool version" } td { (p.tool_version) } td.muted { "—" } }
                        tr { th scope="row" { "Git commit" }
                            td.mono { (p.git_commit.as_deref().unwrap_or("unknown")) } td.muted { "—" } }
                    }
                    (hash_row("Spec", spec))
                    @if let Some(p) = p {
                        (hash_row("Profile (secrets left out)", &p.profile))
                        @for f in &p.cases { (hash_row("Case file", f)) }
                        @for f in &p.scenarios { (hash_row("Scenario file", f)) }
                    }
                }
            }
        }
    }
}

fn hash_row(what: &str, f: &FileHash) -> Markup {
    html! {
        tr {
            th scope="row" { (what) }
            td { code { (f.path) } }
            td.mono.hash { (f.sha256.as_deref().unwrap_or("could not be read")) }
        }
    }
}
