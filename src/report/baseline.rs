//! The regression gate and the drift report: this run against an accepted earlier
//! `report.json`.
//!
//! A case got worse when it passed in the baseline and now fails or errors; only those fail the
//! gate. Cases failing in both runs, new cases, missing cases and skipped cases never do. Drift
//! is a diff of each case's response body against the baseline's, whatever the verdicts, so a
//! silent change of the vendor's answers shows even when every check still passes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use super::comparison::{Comparison, Drift};
use super::error::Error;
use super::json::{self, CaseReport, FORMAT, Report};
use crate::diff;
use crate::mask::Masker;
use crate::outcome::Outcome;
use crate::outcome::Status;

/// An accepted earlier run, read from its `report.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct Baseline {
    /// The file it was read from.
    pub path: PathBuf,
    /// Its document.
    pub report: Report,
}

/// Reads a baseline `report.json`; errors name the file, and the line and column of bad JSON.
pub fn load_baseline(path: &Path) -> Result<Baseline, Error> {
    let text =
        crate::input_file::read(path, crate::input_file::BASELINE_LIMIT).map_err(|source| {
            Error::ReadBaseline {
                path: path.to_path_buf(),
                source,
            }
        })?;
    let wrong_format = |found: String| Error::BaselineFormat {
        path: path.to_path_buf(),
        found,
        expected: FORMAT,
    };
    match json::parse(&text) {
        Ok(report) if report.format == FORMAT => Ok(Baseline {
            path: path.to_path_buf(),
            report,
        }),
        Ok(report) => Err(wrong_format(report.format)),
        Err(source) => {
            // A document of another version fails on its fields; name the version instead.
            #[derive(Deserialize)]
            struct Probe {
                format: String,
            }
            match serde_json::from_str::<Probe>(&text) {
                Ok(p) if p.format != FORMAT => Err(wrong_format(p.format)),
                _ => Err(Error::ParseBaseline {
                    path: path.to_path_buf(),
                    line: source.line(),
                    column: source.column(),
                    source,
                }),
            }
        }
    }
}

/// Compares a run with the baseline; drift diffs are masked by field name and shape only.
///
/// [`compare_masked`] also hides the run's known secrets: the report files use that.
pub fn compare(baseline: &Baseline, outcomes: &[Outcome]) -> Comparison {
    compare_masked(baseline, outcomes, &Masker::default())
}

/// Compares a run with the baseline, masking the response bodies with `masker` before diffing.
pub fn compare_masked(baseline: &Baseline, outcomes: &[Outcome], masker: &Masker) -> Comparison {
    let before: BTreeMap<&str, &CaseReport> = baseline
        .report
        .outcomes
        .iter()
        .map(|c| (c.name.as_str(), c))
        .collect();
    let mut now: Vec<&Outcome> = outcomes.iter().collect();
    now.sort_by(|a, b| a.name.cmp(&b.name));
    let mut c = Comparison {
        baseline_run: masker.text(&baseline.report.run.run_id),
        baseline_path: masker.text(&baseline.path.display().to_string()),
        ..Comparison::default()
    };
    for o in &now {
        // The baseline holds masked names; look this run's up the same way.
        let name = masker.text(&o.name);
        let Some(old) = before.get(name.as_str()) else {
            c.new_cases.push(name);
            continue;
        };
        let (was, is) = (old.verdict, Status::of(&o.verdict));
        if was.passed() && is.is_failing() {
            c.newly_failing.push(name.clone());
        } else if was.is_failing() && is.passed() {
            c.fixed.push(name.clone());
        } else if was.is_failing() && is.is_failing() {
            c.still_failing.push(name.clone());
        }
        if let Some(diff) = drift(old, o, masker) {
            c.drift.push(Drift { name, diff });
        }
    }
    let present: BTreeSet<String> = now.iter().map(|o| masker.text(&o.name)).collect();
    c.missing_cases = before
        .keys()
        .filter(|n| !present.contains(**n))
        .map(|n| n.to_string())
        .collect();
    c
}

/// The diff of the masked response bodies, when both runs got one and they differ.
fn drift(old: &CaseReport, new: &Outcome, masker: &Masker) -> Option<String> {
    let old = old.exchange.as_ref()?.response.as_ref()?;
    let new = new.exchange.as_ref()?.response.as_ref()?;
    // The baseline was masked when it was written, and is masked again here in case it was
    // made by hand. Masking is not idempotent for every shape (a masked Tran-Token gains a
    // second marker), so this run's body gets the same two passes: equal bodies stay equal.
    let text = |json: Option<&Value>, body: &str, passes: usize| {
        let mut s = match json {
            Some(v) => {
                let mut v = v.clone();
                for _ in 0..passes {
                    v = masker.json(&v);
                }
                diff::pretty(&v)
            }
            None => {
                let mut s = body.to_string();
                for _ in 0..passes {
                    s = masker.body(&s);
                }
                s
            }
        };
        if !s.ends_with('\n') {
            s.push('\n');
        }
        s
    };
    let before = text(old.json.as_ref(), &old.body, 1);
    let after = text(new.json.as_ref(), &new.body, 2);
    let unified = diff::unified(&before, &after, false)?;
    let hunks = unified
        .strip_prefix("--- expected\n+++ actual\n")
        .unwrap_or(&unified);
    Some(format!("--- baseline\n+++ this run\n{hunks}"))
}
