//! Writing a run's report files: `<root>/<run-id>/` and a real copy in `<root>/latest/`, each
//! file of each registered format ([`formats`](super::formats)), in one loop over them.
//!
//! Two ways, one result. [`write()`] renders every file in memory first, so a rendering problem
//! writes nothing: for runs whose outcomes are all at hand (explore, tests). [`write_spooled`]
//! finishes what a run spooled as it went ([`spool`](super::spool)): each file is written in
//! the run's staging directory, the entries a format placed copied from its part file, and the
//! directory is renamed to `<run-id>` only when complete. Either way `latest` is filled under
//! a temporary name and then swapped in, so it is never half old, half new
//! ([`latest`](super::latest)).

use std::path::{Path, PathBuf};

use super::baseline::{self, Baseline};
use super::collect::Collected;
use super::encrypted::Encrypted;
use super::error::Error;
use super::fact_coverage::FactCoverage;
use super::format::{Finished, Formats};
use super::latest;
use super::spool::Spool;
use super::{RunInfo, Written, dir, masked};
use crate::mask::{self, Masker};
use crate::outcome::Outcome;
use crate::spec::Spec;

/// Writes every report of the run; see the [module docs](super).
pub fn write(
    root: &Path,
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    masker: &Masker,
    baseline: Option<&Baseline>,
) -> Result<Written, Error> {
    Formats::standard().write(root, info, spec, outcomes, masker, baseline)
}

/// Every file of a run, as (path relative to the run directory, contents), before the final
/// guard.
pub fn render_all(
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    masker: &Masker,
    baseline: Option<&Baseline>,
) -> Result<Vec<(PathBuf, String)>, Error> {
    Formats::standard().render(info, spec, outcomes, masker, baseline)
}

impl Formats {
    /// [`write()`] in these formats.
    pub fn write(
        &self,
        root: &Path,
        info: &RunInfo,
        spec: &Spec,
        outcomes: &[Outcome],
        masker: &Masker,
        baseline: Option<&Baseline>,
    ) -> Result<Written, Error> {
        let run_dir = latest::run_dir_name(&info.run_id)?;
        let mut files = self.render(info, spec, outcomes, masker, baseline)?;
        // The last look before anything is written: nothing that escaped masking reaches a
        // file.
        let escapes = mask::guard::files(&mut files, masker);
        let dir = root.join(&run_dir);
        dir::write_tree(&dir, &files)?;
        let latest = latest::stage(root, &run_dir, &files)?.install()?;
        Ok(Written {
            dir,
            latest,
            escapes,
        })
    }

    /// [`render_all`] in these formats.
    pub fn render(
        &self,
        info: &RunInfo,
        spec: &Spec,
        outcomes: &[Outcome],
        masker: &Masker,
        baseline: Option<&Baseline>,
    ) -> Result<Vec<(PathBuf, String)>, Error> {
        let comparison = baseline.map(|b| baseline::compare_masked(b, outcomes, masker));
        // Mask once; every format below reads the same masked copy.
        let outcomes = &masked::outcomes(outcomes, masker);
        let facts = FactCoverage::of_outcomes(spec.ledger(), outcomes);
        let run = Finished {
            info: &masked::info(info, masker),
            spec,
            outcomes,
            encrypted: &Encrypted::of(outcomes),
            comparison: comparison.as_ref(),
            facts: &facts,
        };
        let mut files = Vec::new();
        for (_, format) in self.iter() {
            for doc in format.files(&run)? {
                files.push(doc.assemble(|i| format.entry(&outcomes[i]))?);
            }
        }
        Ok(files)
    }
}

/// Writes every report of a run whose outcomes were collected as it went
/// ([`Collector`](super::collect::Collector)), in the collector's formats: each file in the
/// spool's staging directory, which then becomes the run directory; `latest` gets a copy. The
/// files are those of [`write()`] for the same outcomes.
pub fn write_spooled(
    spool: Spool,
    info: &RunInfo,
    spec: &Spec,
    collected: &Collected,
    masker: &Masker,
) -> Result<Written, Error> {
    let run = Finished {
        info: &masked::info(info, masker),
        spec,
        outcomes: &collected.outcomes,
        encrypted: &collected.encrypted,
        comparison: collected.comparison.as_ref(),
        facts: &collected.fact_coverage(spec),
    };
    write_finished(spool, &run, collected, masker)
}

/// [`write_spooled`] of the run as it finished.
pub(super) fn write_finished(
    mut spool: Spool,
    run: &Finished<'_>,
    collected: &Collected,
    masker: &Masker,
) -> Result<Written, Error> {
    spool.check()?;
    let (mut rels, mut escapes) = (Vec::new(), Vec::new());
    for (k, format) in collected.formats.iter() {
        for doc in format.files(run)? {
            let (rel, escape) = spool.write_doc(k, doc, &collected.spooled, masker)?;
            rels.push(rel);
            escapes.extend(escape);
        }
    }
    spool.install(&rels, escapes)
}
