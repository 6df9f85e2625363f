//! The documentation coverage in words: the console's line ([`FactCoverage::line`]) and
//! `summary.md`'s section, per operation, with the facts broken (and by which cases) and those
//! not exercised, grouped by why. `report.html` shows the same in its own section
//! (`html::facts`), `report.json` as data (`facts`).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::fact_coverage::{FactCoverage, FactResult, OperationFacts, State};
use super::md;

/// How many case names a broken fact lists before it only counts the rest.
const MAX_CASES: usize = 6;

/// `summary.md`'s section.
pub fn markdown(out: &mut String, c: &FactCoverage) {
    out.push_str("## Documentation coverage\n\n");
    let _ = writeln!(
        out,
        "{}{}.\n",
        md::text(&c.line()),
        not_checkable(c.counts.not_checkable)
    );
    out.push_str(
        "Each fact the vendor pages state (`konaplate-conformance facts` lists them): *held* \
         when a check of this run verified it, *broken* when a documented failure broke it, \
         *not exercised* when no check verified it.\n\n",
    );
    out.push_str(
        "| Operation | Verified | Held | Broken | Not exercised |\n|---|---|---|---|---|\n",
    );
    for op in &c.operations {
        let n = &op.counts;
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md::cell(&md::code(&op.operation)),
            n.verified,
            n.held,
            n.broken,
            n.not_exercised
        );
    }
    out.push('\n');
    broken(out, &c.operations);
    not_exercised(out, &c.operations);
}

/// `; 6 not checkable from outside`, or nothing.
fn not_checkable(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!("; {n} not checkable from outside (`facts` says why)"),
    }
}

fn broken(out: &mut String, ops: &[OperationFacts]) {
    let broken: Vec<&FactResult> = ops
        .iter()
        .flat_map(|o| &o.facts)
        .filter(|f| f.result == State::Broken)
        .collect();
    if broken.is_empty() {
        return;
    }
    out.push_str("### Facts broken\n\n");
    for f in broken {
        let by: Vec<String> = f
            .cases
            .iter()
            .filter(|(_, m)| m.broken > 0)
            .map(|(case, _)| md::code(case))
            .collect();
        let more = by.len().saturating_sub(MAX_CASES);
        let mut cases = by
            .into_iter()
            .take(MAX_CASES)
            .collect::<Vec<_>>()
            .join(", ");
        if more > 0 {
            let _ = write!(cases, " and {more} more");
        }
        let _ = writeln!(out, "- {} by {cases}", md::code(&f.id));
    }
    out.push('\n');
}

fn not_exercised(out: &mut String, ops: &[OperationFacts]) {
    if ops.iter().all(|o| o.counts.not_exercised == 0) {
        return;
    }
    out.push_str("### Facts not exercised\n\n");
    for op in ops.iter().filter(|o| o.counts.not_exercised > 0) {
        if op.counts.verified == 0 {
            let _ = writeln!(
                out,
                "{}: all {} of its facts; no case of this run reaches the operation.\n",
                md::code(&op.operation),
                op.counts.not_exercised
            );
            continue;
        }
        let _ = writeln!(out, "{}:\n", md::code(&op.operation));
        for (why, ids) in by_why(op) {
            let ids: Vec<String> = ids.iter().map(|id| md::code(id)).collect();
            let _ = writeln!(out, "- {}: {}", md::text(&why), ids.join(", "));
        }
        out.push('\n');
    }
}

/// The facts of `op` not exercised, by why, in words.
pub fn by_why(op: &OperationFacts) -> BTreeMap<String, Vec<&str>> {
    let mut by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for f in &op.facts {
        if let Some(why) = &f.why {
            by.entry(why.words()).or_default().push(&f.id);
        }
    }
    by
}
