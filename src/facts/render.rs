//! The ledger for a reader (`facts`) or a program (`facts --format json`).

use std::fmt::Write as _;

use serde_json::json;

use super::ledger::{Counts, Ledger};
use crate::spec::Spec;

/// One line of counts: `512 documented facts (field 230, …); 502 checkable, 10 not checkable
/// from outside`.
pub fn summary(counts: &Counts) -> String {
    let kinds: Vec<String> = counts
        .by_kind
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    format!(
        "{} documented facts ({}); {} checkable, {} not checkable from outside",
        counts.total,
        kinds.join(", "),
        counts.checkable,
        counts.not_checkable
    )
}

/// Every fact, operation by operation: `  <id>: <what the page states>`, then `(reference)`
/// when the seed page does not show it, and the reason a fact cannot be checked.
pub fn text(spec: &Spec, ledger: &Ledger) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (sha256 {}): {}",
        spec.path.display(),
        spec.short_hash(),
        summary(&ledger.counts())
    );
    for op in &spec.operations {
        let _ = writeln!(out, "\n{}  [{}]", op.id, op.seed);
        for fact in ledger.of_operation(&op.id) {
            let referenced = if fact.source.reference.is_some() {
                "  (reference)"
            } else {
                ""
            };
            let _ = writeln!(out, "  {}: {}{referenced}", fact.id, fact.states);
            if let Some(why) = &fact.not_checkable {
                let _ = writeln!(out, "      not checkable: {why}");
            }
        }
    }
    out
}

/// `{"spec", "sha256", "counts", "facts": [...]}`, pretty-printed.
pub fn json(spec: &Spec, ledger: &Ledger) -> String {
    let doc = json!({
        "spec": spec.path.display().to_string(),
        "sha256": spec.hash,
        "counts": ledger.counts(),
        "facts": ledger.facts,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n"
}
