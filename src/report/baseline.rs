//! The regression gate and the drift report: this run against an accepted earlier
//! `report.json`.
//!
//! A case got worse when it passed in the baseline and now fails or errors; only those fail the
//! gate. Cases failing in both runs, new cases, missing cases and skipped cases never do. Drift
//! is a diff of each case's response body against the baseline's, whatever the verdicts, so a
//! silent change of the vendor's answers shows even when every check still passes.

use std::borrow::Borrow;
use std::collections::BTreeMap;
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
    let mut comparing = Comparing::new(baseline, masker);
    for o in outcomes {
        comparing.add(o);
    }
    comparing.finish()
}

/// The comparison with a baseline, one outcome at a time as the trials end, so that no
/// outcome has to keep its answer for the drift until the run is over. [`compare_masked`] is
/// this over a whole run; the lists come out sorted by (masked) name whatever the order in.
#[derive(Debug)]
pub struct Comparing<B> {
    baseline: B,
    /// The baseline's cases by name: indices into its outcomes, sorted by name (the last of
    /// two cases of one name, as a map keeps it).
    by_name: Vec<usize>,
    /// Which of `by_name` this run has.
    seen: Vec<bool>,
    masker: Masker,
    so_far: Comparison,
}

impl<B: Borrow<Baseline>> Comparing<B> {
    /// A comparison with `baseline` that has seen no outcome yet.
    pub fn new(baseline: B, masker: &Masker) -> Comparing<B> {
        let b = baseline.borrow();
        let names: BTreeMap<&str, usize> = (b.report.outcomes.iter().enumerate())
            .map(|(i, c)| (c.name.as_str(), i))
            .collect();
        let by_name: Vec<usize> = names.into_values().collect();
        let so_far = Comparison {
            baseline_run: masker.text(&b.report.run.run_id),
            baseline_path: masker.text(&b.path.display().to_string()),
            ..Comparison::default()
        };
        Comparing {
            seen: vec![false; by_name.len()],
            by_name,
            masker: masker.clone(),
            so_far,
            baseline,
        }
    }

    /// Compares one outcome (as judged, not yet masked) with its baseline case.
    pub fn add(&mut self, o: &Outcome) {
        let cases = &self.baseline.borrow().report.outcomes;
        // The baseline holds masked names; look this run's up the same way.
        let name = self.masker.text(&o.name);
        let found = self
            .by_name
            .binary_search_by(|&i| cases[i].name.as_str().cmp(&name));
        let Ok(at) = found else {
            self.so_far.new_cases.push(name);
            return;
        };
        self.seen[at] = true;
        let old = &cases[self.by_name[at]];
        let c = &mut self.so_far;
        let (was, is) = (old.verdict, Status::of(&o.verdict));
        if was.passed() && is.is_failing() {
            c.newly_failing.push(name.clone());
        } else if was.is_failing() && is.passed() {
            c.fixed.push(name.clone());
        } else if was.is_failing() && is.is_failing() {
            c.still_failing.push(name.clone());
        }
        if let Some(diff) = drift(old, o, &self.masker) {
            c.drift.push(Drift { name, diff });
        }
    }

    /// The comparison: every list sorted by name, and the baseline's cases this run lacks.
    pub fn finish(self) -> Comparison {
        let cases = &self.baseline.borrow().report.outcomes;
        let mut c = self.so_far;
        for names in [
            &mut c.new_cases,
            &mut c.newly_failing,
            &mut c.fixed,
            &mut c.still_failing,
        ] {
            names.sort();
        }
        c.drift
            .sort_by(|a, b| (&a.name, &a.diff).cmp(&(&b.name, &b.diff)));
        c.missing_cases = (self.by_name.iter().zip(&self.seen))
            .filter(|(_, seen)| !**seen)
            .map(|(&i, _)| cases[i].name.clone())
            .collect();
        c
    }
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
