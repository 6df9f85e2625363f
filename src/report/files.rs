//! Writing a run's report files: `<root>/<run-id>/` and a real copy in `<root>/latest/`.
//!
//! Two ways, one result. [`write()`] renders every file in memory first, so a rendering problem
//! writes nothing: for runs whose outcomes are all at hand (explore, tests). [`write_spooled`]
//! finishes what a run spooled as it went ([`spool`](super::spool)): `report.json` and
//! `junit.xml` are assembled in the run's staging directory, the smaller files rendered next
//! to them, and the directory is renamed to `<run-id>` only when complete. Either way `latest`
//! is filled under a temporary name and then swapped in, so it is never half old, half new
//! ([`latest`](super::latest)).

use std::path::{Path, PathBuf};

use super::baseline::{self, Baseline};
use super::collect::Collected;
use super::comparison::Comparison;
use super::encrypted::Encrypted;
use super::error::Error;
use super::latest::{self, LATEST};
use super::names::{self, UniquePaths};
use super::spool::{self, Spool};
use super::{RunInfo, Written, code_matrix, diffs, html, json, junit, masked, summary};
use crate::mask::guard::Escape;
use crate::mask::{self, Masker};
use crate::outcome::Outcome;
use crate::spec::Spec;

/// `summary.md`'s name in the run directory.
const SUMMARY: &str = "summary.md";

/// Writes every report of the run; see the [module docs](super).
pub fn write(
    root: &Path,
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    masker: &Masker,
    baseline: Option<&Baseline>,
) -> Result<Written, Error> {
    let run_dir = run_dir_name(&info.run_id)?;
    let mut files = render_all(info, spec, outcomes, masker, baseline)?;
    // The last look before anything is written: nothing that escaped masking reaches a file.
    let escapes = mask::guard::files(&mut files, masker);
    let dir = root.join(&run_dir);
    write_tree(&dir, &files)?;
    let latest = latest::stage(root, &run_dir, &files)?.install()?;
    Ok(Written {
        dir,
        latest,
        escapes,
    })
}

/// Every file of a run, as (path relative to the run directory, contents).
pub fn render_all(
    info: &RunInfo,
    spec: &Spec,
    outcomes: &[Outcome],
    masker: &Masker,
    baseline: Option<&Baseline>,
) -> Result<Vec<(PathBuf, String)>, Error> {
    let comparison = baseline.map(|b| baseline::compare_masked(b, outcomes, masker));
    let comparison = comparison.as_ref();
    // Mask once; every renderer below reads the same masked copy.
    let info = &masked::info(info, masker);
    let outcomes = &masked::outcomes(outcomes, masker);
    let encrypted = &Encrypted::of(outcomes);
    let junit = junit::build_masked(info, outcomes)
        .to_string()
        .map_err(|e| render_error(spool::JUNIT_XML, e))?;
    let mut files = vec![
        (
            PathBuf::from(SUMMARY),
            summary::render_masked(info, spec, (outcomes, encrypted), comparison),
        ),
        (PathBuf::from(spool::JUNIT_XML), junit),
        (
            PathBuf::from(spool::REPORT_JSON),
            json::to_string(&json::build_masked(info, spec, outcomes, comparison)),
        ),
        (
            PathBuf::from(html::FILE_NAME),
            html::render_masked(info, spec, outcomes),
        ),
    ];
    files.extend(evidence(outcomes, comparison));
    Ok(files)
}

/// Writes every report of a run whose outcomes were collected as it went
/// ([`Collector`](super::collect::Collector)): `report.json` and `junit.xml` from the spool,
/// the other files rendered from what was kept, all in the spool's staging directory, which
/// then becomes the run directory; `latest` gets a copy. The files are those of [`write()`]
/// for the same outcomes.
pub fn write_spooled(
    mut spool: Spool,
    info: &RunInfo,
    spec: &Spec,
    collected: &Collected,
    masker: &Masker,
) -> Result<Written, Error> {
    spool.check()?;
    let (outcomes, spooled) = (&collected.outcomes, &collected.spooled);
    let comparison = collected.comparison.as_ref();
    let info = &masked::info(info, masker);
    let order = code_matrix::order(spec, outcomes);
    let json_escape = spool.write_json(
        json::frame_text(info, spec, outcomes, comparison),
        order.iter().map(|&i| spooled[i]),
        masker,
    )?;
    let pieces =
        junit::frame_pieces(info, outcomes).map_err(|e| render_error(spool::JUNIT_XML, e))?;
    let suites = junit::suites(outcomes)
        .into_iter()
        .map(|suite| suite.into_iter().map(|i| spooled[i]).collect())
        .collect();
    let junit_escape = spool.write_junit(pieces, suites, masker)?;
    let mut files = vec![
        (
            PathBuf::from(SUMMARY),
            summary::render_masked(info, spec, (outcomes, &collected.encrypted), comparison),
        ),
        (
            PathBuf::from(html::FILE_NAME),
            html::render_masked(info, spec, outcomes),
        ),
    ];
    files.extend(evidence(outcomes, comparison));
    let mut escapes: Vec<Option<Escape>> = files
        .iter_mut()
        .map(|(path, text)| mask::guard::file(path, text, masker))
        .collect();
    // In the order of [`render_all`]'s files, as [`write()`] reports them.
    escapes.splice(1..1, [junit_escape, json_escape]);
    write_tree(spool.staging(), &files)?;
    let mut rels: Vec<PathBuf> = files.into_iter().map(|(path, _)| path).collect();
    rels.extend([spool::JUNIT_XML, spool::REPORT_JSON].map(PathBuf::from));
    spool.install(&rels, escapes.into_iter().flatten().collect())
}

/// The diff of each failing outcome (masked already) and, with a baseline, of each drifted
/// answer, under names that never collide.
fn evidence(outcomes: &[Outcome], comparison: Option<&Comparison>) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut paths = UniquePaths::default();
    for o in outcomes {
        let Some(text) = diffs::render_any(o) else {
            continue;
        };
        // Two cases could sanitize to the same name; the later ones get a number.
        files.push((paths.claim(&diffs::stem(o)), text));
    }
    for d in comparison.iter().flat_map(|c| &c.drift) {
        let (op, case) = d.name.split_once("::").unwrap_or(("", &d.name));
        let stem = names::stem("drift", &[op, case]);
        files.push((paths.claim(&stem), d.diff.clone()));
    }
    files
}

/// A file that could not be rendered.
pub(super) fn render_error(file: &str, e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::Render {
        path: PathBuf::from(file),
        source: Box::new(e),
    }
}

/// The run id as a directory name: refused when it is empty, `latest`, or not a plain name.
pub(super) fn run_dir_name(run_id: &str) -> Result<String, Error> {
    let plain = !run_id.is_empty()
        && run_id != LATEST
        && !run_id.starts_with('.')
        && run_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if plain {
        Ok(run_id.to_string())
    } else {
        Err(Error::RunId {
            run_id: run_id.to_string(),
        })
    }
}

/// Writes each `(relative path, text)` under `dir`, making directories as needed.
pub(super) fn write_tree<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = &'a (PathBuf, String)>,
) -> Result<(), Error> {
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Error::CreateDir {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&path, text).map_err(|source| Error::WriteFile { path, source })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_must_be_plain_names() {
        assert!(run_dir_name("20240506T070809Z-beef").is_ok());
        for bad in ["", "latest", "..", "../x", "a/b", ".hidden"] {
            assert!(run_dir_name(bad).is_err(), "{bad}");
        }
    }
}
