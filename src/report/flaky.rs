//! The `Flaky` section of `summary.md`: cases that passed only after the target was briefly
//! unavailable (`--retries`), with what each earlier attempt got and how long the run waited.
//!
//! They pass the gate (unless `--fail-on-flaky`), but a sandbox that needs retries is worth
//! telling the vendor about, so the summary lists them rather than folding them into passes.

use std::fmt::Write as _;

use super::md;
use crate::outcome::{Outcome, Verdict};

/// Appends the section when some case is flaky. `outcomes` are masked already.
pub fn section(out: &mut String, ordered: &[&Outcome]) {
    let flaky: Vec<(&Outcome, &[crate::outcome::Retry])> = ordered
        .iter()
        .filter_map(|o| match &o.verdict {
            Verdict::Flaky { retries } => Some((*o, retries.as_slice())),
            _ => None,
        })
        .collect();
    if flaky.is_empty() {
        return;
    }
    out.push_str("## Flaky\n\n");
    out.push_str("Passed only after a retry (`--fail-on-flaky` fails the run on these):\n\n");
    for (o, retries) in flaky {
        let attempts: Vec<String> = retries
            .iter()
            .map(|r| format!("{} (waited {} ms)", md::text(&r.answer), r.waited_ms))
            .collect();
        let _ = writeln!(
            out,
            "- 🔁 {}: passed at attempt {} after {}",
            md::code(&o.name),
            retries.len() + 1,
            attempts.join(", ")
        );
    }
    out.push('\n');
}
