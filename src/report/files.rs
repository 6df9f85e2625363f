//! Writing a run's report files: `<root>/<run-id>/` and a real copy in `<root>/latest/`.
//!
//! Everything is rendered in memory first, so a rendering problem writes nothing. `latest` is
//! filled under a temporary name and then swapped in, so it is never half old, half new
//! ([`latest`](super::latest)).

use std::path::{Path, PathBuf};

use super::baseline::{self, Baseline};
use super::diffs;
use super::error::Error;
use super::latest::{self, LATEST};
use super::names::{self, UniquePaths};
use super::{RunInfo, Written, html, json, junit, masked, summary};
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
    let junit = junit::build_masked(info, outcomes)
        .to_string()
        .map_err(|e| Error::Render {
            path: PathBuf::from("junit.xml"),
            source: Box::new(e),
        })?;
    let mut files = vec![
        (
            PathBuf::from("summary.md"),
            summary::render_masked(info, spec, outcomes, comparison),
        ),
        (PathBuf::from("junit.xml"), junit),
        (
            PathBuf::from("report.json"),
            json::to_string(&json::build_masked(info, spec, outcomes, comparison)),
        ),
        (
            PathBuf::from(html::FILE_NAME),
            html::render_masked(info, spec, outcomes),
        ),
    ];
    let mut paths = UniquePaths::default();
    for o in outcomes {
        let Some(text) = diffs::render_any(o) else {
            continue;
        };
        // Two cases could sanitize to the same name; the later ones get a number.
        files.push((paths.claim(&diffs::stem(o)), text));
    }
    if let Some(c) = comparison {
        for d in &c.drift {
            let (op, case) = d.name.split_once("::").unwrap_or(("", &d.name));
            let stem = names::stem("drift", &[op, case]);
            files.push((paths.claim(&stem), d.diff.clone()));
        }
    }
    Ok(files)
}

/// The run id as a directory name: refused when it is empty, `latest`, or not a plain name.
fn run_dir_name(run_id: &str) -> Result<String, Error> {
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
