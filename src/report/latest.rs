//! `<root>/latest/`: a real copy of the newest run, swapped in whole, and only over a `latest`
//! this tool made.
//!
//! The report directory is the user's, so a `latest` we did not make (no [`MARKER`] file in
//! it, or a file or symlink) is an error and nothing is deleted. The copy is written under a
//! temporary name first ([`stage`]), then [`Staged::install`] moves the old copy aside and
//! renames the new one in. Two runs finishing together both stage; the first rename wins and
//! the second finds `latest` taken again: [`Error::LatestRace`], not a silent mix of both. A
//! staging directory is removed whatever happens ([`Drop`]), so no `.latest.*.tmp` is left.

use std::path::{Path, PathBuf};

use super::dir;
use super::error::Error;

/// The directory name that always holds a copy of the newest run.
pub const LATEST: &str = "latest";

/// The file inside `latest/` that says this tool made it; it holds the run id.
pub const MARKER: &str = ".konaplate-latest";

/// A complete copy of a run under a temporary name, not yet `latest`.
#[derive(Debug)]
pub struct Staged {
    staging: PathBuf,
    latest: PathBuf,
    aside: PathBuf,
}

/// Writes `files` and the [`MARKER`] under `<root>/.latest.<run>.tmp`.
pub fn stage(root: &Path, run_dir: &str, files: &[(PathBuf, String)]) -> Result<Staged, Error> {
    let staged = Staged::begin(root, run_dir)?;
    let marker = (PathBuf::from(MARKER), format!("{run_dir}\n"));
    dir::write_tree(&staged.staging, files.iter().chain([&marker]))?;
    Ok(staged)
}

/// Copies the files `rels` of the run directory `<root>/<run_dir>` and writes the [`MARKER`]
/// under `<root>/.latest.<run>.tmp`: for reports written as the run went, not held in memory.
pub fn stage_copies(root: &Path, run_dir: &str, rels: &[PathBuf]) -> Result<Staged, Error> {
    let staged = Staged::begin(root, run_dir)?;
    let marker = (PathBuf::from(MARKER), format!("{run_dir}\n"));
    dir::write_tree(&staged.staging, [&marker])?;
    let from = root.join(run_dir);
    for rel in rels {
        let to = staged.staging.join(rel);
        dir::create_parent(&to)?;
        std::fs::copy(from.join(rel), &to)
            .map_err(|source| Error::WriteFile { path: to, source })?;
    }
    Ok(staged)
}

/// The run id as a directory name: refused when it is empty, [`LATEST`], or not a plain name.
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

impl Staged {
    /// The names of a run's staged copy, with nothing left of an earlier attempt under them.
    fn begin(root: &Path, run_dir: &str) -> Result<Staged, Error> {
        let staged = Staged {
            staging: root.join(format!(".{LATEST}.{run_dir}.tmp")),
            latest: root.join(LATEST),
            aside: root.join(format!(".{LATEST}.{run_dir}.old")),
        };
        remove_ours(&staged.staging).map_err(|source| Error::CreateDir {
            path: staged.staging.clone(),
            source,
        })?;
        Ok(staged)
    }

    /// Makes the staged copy `<root>/latest`; returns that path.
    pub fn install(self) -> Result<PathBuf, Error> {
        self.move_old_aside()?;
        self.rename_in()?;
        Ok(self.latest.clone())
    }

    /// Moves our old `latest` out of the way (a rename, so only one run gets it), then deletes
    /// it. A `latest` without our marker is refused untouched.
    pub fn move_old_aside(&self) -> Result<(), Error> {
        match std::fs::symlink_metadata(&self.latest) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(source) => return Err(self.replace_error(source)),
            Ok(m) if !m.is_dir() || !made_by_us(&self.latest) => {
                return Err(Error::ForeignLatest {
                    path: self.latest.clone(),
                    marker: MARKER,
                });
            }
            Ok(_) => {}
        }
        match std::fs::rename(&self.latest, &self.aside) {
            // Another run moved it first: there is nothing of ours to clear.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(source) => Err(self.replace_error(source)),
            Ok(()) => remove_ours(&self.aside).map_err(|source| self.replace_error(source)),
        }
    }

    /// Renames the staged copy to `latest`; fails when `latest` came back meanwhile.
    pub fn rename_in(&self) -> Result<(), Error> {
        match std::fs::rename(&self.staging, &self.latest) {
            Ok(()) => Ok(()),
            Err(_) if std::fs::symlink_metadata(&self.latest).is_ok() => Err(Error::LatestRace {
                path: self.latest.clone(),
            }),
            Err(source) => Err(self.replace_error(source)),
        }
    }

    fn replace_error(&self, source: std::io::Error) -> Error {
        Error::ReplaceLatest {
            path: self.latest.clone(),
            source,
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        // Gone after a successful install; after a failure, ours to clean up.
        let _ = remove_ours(&self.staging);
        let _ = remove_ours(&self.aside);
    }
}

/// Whether `latest` is ours: it holds the [`MARKER`], or (written before the marker existed)
/// nothing but the report files and directories a run writes.
fn made_by_us(latest: &Path) -> bool {
    if latest.join(MARKER).is_file() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(latest) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        entry.is_ok_and(|e| {
            let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
            match e.file_name().to_str() {
                Some("summary.md" | "junit.xml" | "report.json") => !is_dir,
                Some("diffs" | "drift") => is_dir,
                _ => false,
            }
        })
    })
}

/// Removes a directory tree this module made (or a stray file of that name); nothing there is
/// fine. Only ever called on our own `.latest.<run>.*` names.
fn remove_ours(path: &Path) -> std::io::Result<()> {
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

    #[test]
    fn ours_is_the_marker_or_only_report_files() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        assert!(made_by_us(dir), "an empty directory holds nothing to lose");
        std::fs::write(dir.join("summary.md"), "x").unwrap();
        std::fs::create_dir(dir.join("diffs")).unwrap();
        assert!(made_by_us(dir), "a latest/ from before the marker");
        std::fs::write(dir.join("notes.txt"), "mine").unwrap();
        assert!(!made_by_us(dir));
        std::fs::write(dir.join(MARKER), "run\n").unwrap();
        assert!(made_by_us(dir));
        assert!(!made_by_us(&dir.join("missing")));
    }
}
