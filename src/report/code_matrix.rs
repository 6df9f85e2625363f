//! Totals of a run and the coverage matrix (endpoint × documented result code), as opposed to
//! the request-constraint coverage of [`crate::constraint_coverage`].
//!
//! Pure functions over outcomes; the summary and `report.json` both render from them.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;
pub use crate::outcome::Status;
use crate::spec::Spec;

/// How many cases ended which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// All outcomes.
    pub cases: usize,
    /// Passed.
    pub passed: usize,
    /// Failed a check.
    pub failed: usize,
    /// Could not complete the exchange.
    pub errors: usize,
    /// Not run.
    pub skipped: usize,
    /// Warnings, over all cases (they do not fail a case).
    pub warnings: usize,
    /// Cases that passed only after a retry (not counted in `passed`).
    #[serde(default)]
    pub flaky: usize,
}

impl Totals {
    /// The totals of these outcomes.
    pub fn of(outcomes: &[Outcome]) -> Totals {
        let mut t = Totals::default();
        outcomes.iter().for_each(|o| t.add(o));
        t
    }

    /// Counts one more outcome.
    pub fn add(&mut self, o: &Outcome) {
        self.cases += 1;
        match Status::of(&o.verdict) {
            Status::Pass => self.passed += 1,
            Status::Fail => self.failed += 1,
            Status::Error => self.errors += 1,
            Status::Skipped => self.skipped += 1,
            Status::Flaky => self.flaky += 1,
        }
        self.warnings += o.warnings.len();
    }

    /// No failure and no error.
    pub fn ok(&self) -> bool {
        self.failed == 0 && self.errors == 0
    }
}

/// What the cases of one result code came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cell {
    /// At least one case, all passed (skipped ones aside).
    Pass,
    /// At least one case failed.
    Fail,
    /// No failure, but at least one case errored.
    Error,
    /// Every case was skipped.
    Skipped,
    /// No case expects this code.
    None,
}

impl Cell {
    /// The cell of a set of case statuses: fail beats error beats pass beats skipped.
    pub fn of(statuses: impl IntoIterator<Item = Status>) -> Cell {
        let statuses: Vec<Status> = statuses.into_iter().collect();
        if statuses.contains(&Status::Fail) {
            Cell::Fail
        } else if statuses.contains(&Status::Error) {
            Cell::Error
        } else if statuses.iter().any(|s| s.passed()) {
            Cell::Pass
        } else if statuses.is_empty() {
            Cell::None
        } else {
            Cell::Skipped
        }
    }

    /// The emoji the summary shows.
    pub fn symbol(self) -> &'static str {
        match self {
            Cell::Pass => "✅",
            Cell::Fail => "❌",
            Cell::Error => "⚠️",
            Cell::Skipped => "⏭️",
            Cell::None => "—",
        }
    }
}

/// One result code of one operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCoverage {
    /// `NNN_NNN`.
    pub code: String,
    /// The documented HTTP status (`null` for a code the spec does not list).
    pub http: Option<u16>,
    /// The documented message (`null` for a code the spec does not list).
    pub message: Option<String>,
    /// What its cases came to.
    pub result: Cell,
    /// The names of the cases that expect it.
    pub cases: Vec<String>,
}

/// One row of the matrix: an operation and each of its codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationCoverage {
    /// `operationId`.
    pub operation: String,
    /// Every documented code, in the spec's order.
    pub codes: Vec<CodeCoverage>,
    /// Codes that cases expect but the spec does not document (normally empty).
    pub undocumented: Vec<CodeCoverage>,
    /// The operation's cases that expect no particular code.
    pub without_code: Vec<String>,
    /// The generated cases, apart: by the code they expect (`null`: any code but one), so
    /// a failing generated case never colours a documented code's cell.
    #[serde(default)]
    pub generated: Vec<GeneratedCoverage>,
}

/// The generated cases of one operation that expect one code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GeneratedCoverage {
    /// The code they expect; `null` for the positive boundaries (any code but `000_002`).
    pub code: Option<String>,
    /// What they came to.
    pub result: Cell,
    /// How many there are.
    pub cases: usize,
    /// How many passed.
    pub passed: usize,
}

impl OperationCoverage {
    /// How many documented codes have a case that ran (pass, fail or error).
    pub fn covered(&self) -> usize {
        self.codes
            .iter()
            .filter(|c| !matches!(c.result, Cell::None | Cell::Skipped))
            .count()
    }
}

/// The matrix: one row per operation of the spec, in the spec's order.
pub fn matrix(spec: &Spec, outcomes: &[Outcome]) -> Vec<OperationCoverage> {
    spec.operations
        .iter()
        .map(|op| {
            let (generated, mine): (Vec<&Outcome>, Vec<&Outcome>) = outcomes
                .iter()
                .filter(|o| o.operation == op.id)
                .partition(|o| o.is_generated());
            let cell = |code: &str| {
                let cases: Vec<&&Outcome> = mine
                    .iter()
                    .filter(|o| o.expected_code.as_deref() == Some(code))
                    .collect();
                (
                    Cell::of(cases.iter().map(|o| Status::of(&o.verdict))),
                    cases.iter().map(|o| o.name.clone()).collect::<Vec<_>>(),
                )
            };
            let codes = op
                .error_codes
                .iter()
                .map(|e| {
                    let (result, cases) = cell(&e.code);
                    CodeCoverage {
                        code: e.code.clone(),
                        http: Some(e.http),
                        message: Some(e.message.clone()),
                        result,
                        cases,
                    }
                })
                .collect();
            let mut extra: Vec<&str> = mine
                .iter()
                .filter_map(|o| o.expected_code.as_deref())
                .filter(|c| op.error_code(c).is_none())
                .collect();
            extra.sort_unstable();
            extra.dedup();
            let undocumented = extra
                .into_iter()
                .map(|code| {
                    let (result, cases) = cell(code);
                    CodeCoverage {
                        code: code.to_string(),
                        http: None,
                        message: None,
                        result,
                        cases,
                    }
                })
                .collect();
            OperationCoverage {
                operation: op.id.clone(),
                codes,
                undocumented,
                without_code: mine
                    .iter()
                    .filter(|o| o.expected_code.is_none())
                    .map(|o| o.name.clone())
                    .collect(),
                generated: generated_cells(&generated),
            }
        })
        .collect()
}

/// The generated cases by expected code, in code order (`null` last).
fn generated_cells(generated: &[&Outcome]) -> Vec<GeneratedCoverage> {
    let mut by_code: std::collections::BTreeMap<(bool, Option<&str>), Vec<Status>> =
        std::collections::BTreeMap::new();
    for o in generated {
        let code = o.expected_code.as_deref();
        by_code
            .entry((code.is_none(), code))
            .or_default()
            .push(Status::of(&o.verdict));
    }
    by_code
        .into_iter()
        .map(|((_, code), statuses)| GeneratedCoverage {
            code: code.map(str::to_string),
            passed: statuses.iter().filter(|s| **s == Status::Pass).count(),
            cases: statuses.len(),
            result: Cell::of(statuses),
        })
        .collect()
}

/// The outcomes in report order: by the operation's place in the spec (unknown ones last,
/// by name), then by case name. Completion order is not stable, so reports never use it.
pub fn ordered<'a>(spec: &Spec, outcomes: &'a [Outcome]) -> Vec<&'a Outcome> {
    order(spec, outcomes)
        .into_iter()
        .map(|i| &outcomes[i])
        .collect()
}

/// [`ordered`] as indices into `outcomes`.
pub fn order(spec: &Spec, outcomes: &[Outcome]) -> Vec<usize> {
    let rank: std::collections::HashMap<&str, usize> = (spec.operations.iter().enumerate())
        .map(|(i, op)| (op.id.as_str(), i))
        .rev()
        .collect();
    let key = |i: usize| {
        let o = &outcomes[i];
        let r = rank
            .get(o.operation.as_str())
            .copied()
            .unwrap_or(usize::MAX);
        (r, &o.operation, &o.name)
    };
    let mut v: Vec<usize> = (0..outcomes.len()).collect();
    v.sort_by(|&a, &b| key(a).cmp(&key(b)));
    v
}

/// `950 ms`, `12.35 s`, `3 min 05 s`.
pub fn human_duration(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        let secs = d.as_secs();
        format!("{} min {:02} s", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail_beats_error_beats_pass_beats_skipped() {
        use Status::*;
        assert_eq!(Cell::of([Pass, Error, Fail]), Cell::Fail);
        assert_eq!(Cell::of([Pass, Error, Skipped]), Cell::Error);
        assert_eq!(Cell::of([Skipped, Pass]), Cell::Pass);
        assert_eq!(Cell::of([Skipped]), Cell::Skipped);
        assert_eq!(Cell::of([]), Cell::None);
    }

    #[test]
    fn durations_read_as_people_write_them() {
        assert_eq!(human_duration(Duration::from_millis(950)), "950 ms");
        assert_eq!(human_duration(Duration::from_millis(12_346)), "12.35 s");
        assert_eq!(human_duration(Duration::from_secs(185)), "3 min 05 s");
    }
}
