//! This run against an accepted baseline, as plain data: which cases got worse, which got
//! better, and whose answers drifted. Its own file so that `report.json` (which embeds it) and
//! the baseline loader (which computes it) do not import each other.

use serde::{Deserialize, Serialize};

/// One case whose response body changed since the baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Drift {
    /// The case name.
    pub name: String,
    /// Unified diff, `--- baseline` / `+++ this run`, masked.
    pub diff: String,
}

/// This run against the baseline; every list holds case names, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comparison {
    /// The baseline's run id.
    pub baseline_run: String,
    /// The baseline file, as given.
    pub baseline_path: String,
    /// Failing or erroring before, passing now.
    pub fixed: Vec<String>,
    /// Passing before, failing or erroring now: these fail the gate.
    pub newly_failing: Vec<String>,
    /// Failing or erroring in both runs.
    pub still_failing: Vec<String>,
    /// Cases the baseline does not have.
    pub new_cases: Vec<String>,
    /// Baseline cases this run does not have.
    pub missing_cases: Vec<String>,
    /// Cases whose response body changed.
    pub drift: Vec<Drift>,
}

impl Comparison {
    /// Whether the gate fails: some case got worse.
    pub fn gate_failed(&self) -> bool {
        !self.newly_failing.is_empty()
    }
}
