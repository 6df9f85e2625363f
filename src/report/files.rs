//! Writing a run's report files: `<root>/<run-id>/` and a real copy in `<root>/latest/`.
//!
//! Everything is rendered in memory first, so a rendering problem writes nothing. `latest` is
//! filled under a temporary name and then swapped in, so it is never half old, half new.

use std::path::{Path, PathBuf};

use super::baseline::{self, Baseline};
use super::diffs::{self, file_stem};
use super::error::Error;
use super::{RunInfo, Written, html, json, junit, masked, summary};
use crate::mask::{self, Masker};
use crate::outcome::Outcome;
use crate::spec::Spec;

/// The directory name that always holds a copy of the newest run.
pub const LATEST: &str = "latest";

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
    let latest = root.join(LATEST);
    write_tree(&dir, &files)?;
    let staging = root.join(format!(".{LATEST}.{run_dir}.tmp"));
    remove_any(&staging).map_err(|source| Error::CreateDir {
        path: staging.clone(),
        source,
    })?;
    write_tree(&staging, &files)?;
    let replace = |source| Error::ReplaceLatest {
        path: latest.clone(),
        source,
    };
    remove_any(&latest).map_err(replace)?;
    std::fs::rename(&staging, &latest).map_err(replace)?;
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
    let mut taken = std::collections::HashSet::new();
    for o in outcomes {
        let Some(text) = diffs::render_any(o) else {
            continue;
        };
        let stem = diffs::stem(o);
        // Two cases could sanitize to the same name; the later ones get a number.
        let mut path = format!("{stem}.diff");
        let mut n = 2;
        while !taken.insert(path.clone()) {
            path = format!("{stem}-{n}.diff");
            n += 1;
        }
        files.push((PathBuf::from(path), text));
    }
    if let Some(c) = comparison {
        for d in &c.drift {
            let (op, case) = d.name.split_once("::").unwrap_or(("", &d.name));
            let path = format!("drift/{}/{}.diff", file_stem(op), file_stem(case));
            files.push((PathBuf::from(path), d.diff.clone()));
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

fn write_tree(dir: &Path, files: &[(PathBuf, String)]) -> Result<(), Error> {
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

/// Removes a file, symlink or directory tree; nothing there is fine.
fn remove_any(path: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(m) if m.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    }
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
