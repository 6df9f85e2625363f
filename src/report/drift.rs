//! `drift/<operation>/<case>.diff`: with a baseline, one file per case whose answer body is not
//! the one the baseline run recorded (the diff comes masked from the comparison).

use super::error::Error;
use super::format::{Doc, Finished, Format};
use super::names::{self, UniquePaths};

/// The `drift/` files among the run's formats.
#[derive(Debug, Clone, Copy)]
pub struct DriftFiles;

impl Format for DriftFiles {
    fn name(&self) -> &'static str {
        "drift"
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, Error> {
        let mut paths = UniquePaths::default();
        let drift = run.comparison.iter().flat_map(|c| &c.drift);
        let files = drift.map(|d| {
            let (op, case) = d.name.split_once("::").unwrap_or(("", &d.name));
            Doc::text(
                paths.claim(&names::stem("drift", &[op, case])),
                d.diff.clone(),
            )
        });
        Ok(files.collect())
    }
}
