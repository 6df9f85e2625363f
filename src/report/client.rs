//! Client coverage in a proxy session's reports: which documented answers the client received
//! (the coverage matrix of its exchanges, each counted under the code it got) and which
//! documented request fields and headers it ever sent ([`ClientCoverage`]). The console's line
//! and `summary.md`'s section; `report.html` shows the same in its own section
//! (`html::client`).

use std::fmt::Write as _;

use super::code_matrix::{Cell, OperationCoverage};
use super::md;
use crate::client_coverage::{ClientCoverage, ClientOperation, Sent};

/// `documented answers received: 9 of 30; 12 of 17 documented request fields and …`.
pub fn line(rows: &[OperationCoverage], c: &ClientCoverage) -> String {
    let (received, documented) = answers(rows);
    format!(
        "client coverage: {received} of {documented} documented answers received; {}",
        c.line()
    )
}

/// `(received, documented)` over every operation's documented answers.
pub fn answers(rows: &[OperationCoverage]) -> (usize, usize) {
    let received = rows.iter().map(OperationCoverage::covered).sum();
    (received, rows.iter().map(|r| r.codes.len()).sum())
}

/// `summary.md`'s section, in place of a run's coverage matrix.
pub fn markdown(out: &mut String, rows: &[OperationCoverage], c: &ClientCoverage) {
    out.push_str("## Client coverage\n\n");
    let _ = writeln!(out, "{}.\n", md::text(&line(rows, c)));
    out.push_str(
        "Each documented answer (Response Code row) the client received, with how many \
         exchanges got it: ✅ no finding · ❌ a finding · ⚠️ not completed · — never received. \
         Then the documented request fields and headers it sent at least once.\n\n",
    );
    out.push_str(
        "| Operation | Exchanges | Answers received | Fields sent | Headers sent |\n|---|---|---|---|---|\n",
    );
    for (r, op) in rows.iter().zip(&c.operations) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md::cell(&md::code(&r.operation)),
            op.exchanges,
            md::cell(&answers_cell(r)),
            md::cell(&sent_cell(&op.fields)),
            md::cell(&sent_cell(&op.headers)),
        );
    }
    undocumented(out, &c.operations);
    if c.unmatched > 0 {
        let _ = writeln!(
            out,
            "\n{} exchange(s) went to a path that names no operation (passed through unchecked).",
            c.unmatched
        );
    }
    out.push('\n');
}

/// `2/6: `000_000` ✅ 3 · `003_022` ✅ 1`.
fn answers_cell(r: &OperationCoverage) -> String {
    let mut got: Vec<String> = r
        .codes
        .iter()
        .filter(|c| c.result != Cell::None)
        .map(|c| {
            format!(
                "{} {} {}",
                md::code(&c.code),
                c.result.symbol(),
                c.cases.len()
            )
        })
        .collect();
    got.extend(r.undocumented.iter().map(|c| {
        format!(
            "{} {} {} (undocumented)",
            md::code(&c.code),
            c.result.symbol(),
            c.cases.len()
        )
    }));
    let head = format!("{}/{}", r.covered(), r.codes.len());
    match got.is_empty() {
        true => head,
        false => format!("{head}: {}", got.join(" · ")),
    }
}

/// `3/4 (never: `reason`)`.
fn sent_cell(list: &[Sent]) -> String {
    let documented: Vec<&Sent> = list.iter().filter(|s| s.documented()).collect();
    let never: Vec<String> = documented
        .iter()
        .filter(|s| s.sent == 0)
        .map(|s| md::code(&s.name))
        .collect();
    let head = format!("{}/{}", documented.len() - never.len(), documented.len());
    match never.is_empty() {
        true => head,
        false => format!("{head} (never: {})", never.join(", ")),
    }
}

/// The fields and headers sent that no page documents, one line per operation with some.
fn undocumented(out: &mut String, ops: &[ClientOperation]) {
    for op in ops {
        let extra: Vec<String> = (op.fields.iter().chain(&op.headers))
            .filter(|s| !s.documented())
            .map(|s| format!("{} ({}×)", md::code(&s.name), s.sent))
            .collect();
        if !extra.is_empty() {
            let _ = writeln!(
                out,
                "\n{}: sent what its page does not list (the spec may infer it, `x-provenance`): {}.",
                md::code(&op.operation),
                extra.join(", ")
            );
        }
    }
}
