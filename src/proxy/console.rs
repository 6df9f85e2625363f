//! What the proxy says: one line per exchange, and a summary at the end (exchanges seen,
//! findings by kind). Both are built from masked findings and masked once more as a whole.

use std::collections::BTreeMap;

use serde::Serialize;

use super::inspect::{Captured, Inspected, Side};
use crate::mask::Masker;

/// `#3 POST /api/v1/card/status cardStatusChange -> 401 000_001 (4 ms): 1 finding: request
/// [tran-token] at X-KM-Tran-Token: …`, masked.
pub fn line(seq: u64, c: &Captured, i: &Inspected, m: &Masker) -> String {
    let op = i.operation.as_deref().unwrap_or("-");
    let answer = match (i.status, &i.code) {
        (Some(s), Some(code)) => format!("{s} {code}"),
        (Some(s), None) => s.to_string(),
        (None, _) => "no answer".to_string(),
    };
    let verdict = match i.findings.len() {
        0 => "ok".to_string(),
        n => {
            let all: Vec<String> = i
                .findings
                .iter()
                .map(|f| format!("{} {}", side(f.side), f.detail))
                .collect();
            format!("{n} finding{}: {}", plural(n), all.join("; "))
        }
    };
    let notes: String = i.notes.iter().map(|n| format!(" ({n})")).collect();
    m.text(&format!(
        "#{seq} {} {} {op} -> {answer} ({} ms): {verdict}{notes}",
        c.method,
        c.path,
        c.elapsed.as_millis()
    ))
}

fn side(s: Side) -> &'static str {
    match s {
        Side::Request => "request",
        Side::Response => "response",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Counts over the exchanges seen so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Exchanges that passed through.
    pub exchanges: u64,
    /// Exchanges with at least one finding.
    pub with_findings: u64,
    /// Exchanges with a body or answer that could not be inspected.
    pub not_inspected: u64,
    /// Findings by kind, request and response apart: `request tran-token` → 2.
    pub findings: BTreeMap<String, u64>,
}

impl Summary {
    /// Counts one exchange.
    pub fn add(&mut self, i: &Inspected) {
        self.exchanges += 1;
        if !i.findings.is_empty() {
            self.with_findings += 1;
        }
        if i.notes.iter().any(|n| n.contains("not inspected")) {
            self.not_inspected += 1;
        }
        for f in &i.findings {
            *self
                .findings
                .entry(format!("{} {}", side(f.side), f.kind))
                .or_default() += 1;
        }
    }

    /// How many findings of `kind` (either side).
    pub fn count(&self, kind: &str) -> u64 {
        self.findings
            .iter()
            .filter(|(k, _)| k.rsplit(' ').next() == Some(kind))
            .map(|(_, n)| n)
            .sum()
    }

    /// The summary as lines: totals, then one line per kind.
    pub fn render(&self) -> String {
        let total: u64 = self.findings.values().sum();
        let mut out = format!(
            "proxy: {} exchange{}, {} with findings, {total} finding{}, {} not fully inspected\n",
            self.exchanges,
            plural(self.exchanges as usize),
            self.with_findings,
            plural(total as usize),
            self.not_inspected,
        );
        for (kind, n) in &self.findings {
            out.push_str(&format!("  {n:>5}  {kind}\n"));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::inspect::{Finding, fixtures};
    use super::*;

    fn inspected(findings: Vec<Finding>) -> Inspected {
        fixtures::inspected(Some("cardStatusChange"), findings)
    }

    fn captured() -> Captured {
        fixtures::captured()
    }

    #[test]
    fn a_line_names_the_exchange_and_each_finding() {
        let f = Finding {
            side: Side::Request,
            kind: "tran-token".into(),
            detail: "[tran-token] at X-KM-Tran-Token: expected a, got b".into(),
            basis: "documented".into(),
            failure: None,
        };
        let l = line(3, &captured(), &inspected(vec![f]), &Masker::default());
        assert_eq!(
            l,
            "#3 POST /api/v1/card/status cardStatusChange -> 401 000_001 (4 ms): 1 finding: \
             request [tran-token] at X-KM-Tran-Token: expected a, got b"
        );
        let ok = line(4, &captured(), &inspected(vec![]), &Masker::default());
        assert!(ok.ends_with(": ok"), "{ok}");
    }

    #[test]
    fn the_summary_counts_by_side_and_kind() {
        let f = |side, kind: &str| Finding {
            side,
            kind: kind.into(),
            detail: String::new(),
            basis: "documented".into(),
            failure: None,
        };
        let mut s = Summary::default();
        s.add(&inspected(vec![
            f(Side::Request, "tran-token"),
            f(Side::Response, "schema"),
        ]));
        s.add(&inspected(vec![]));
        s.add(&inspected(vec![f(Side::Request, "tran-token")]));
        assert_eq!((s.exchanges, s.with_findings), (3, 2));
        assert_eq!(s.count("tran-token"), 2);
        assert_eq!(s.count("schema"), 1);
        assert!(
            s.render().contains("      2  request tran-token"),
            "{}",
            s.render()
        );
    }
}
