//! Writing report files under a directory, making the directories they need.

use std::path::{Path, PathBuf};

use super::error::Error;

/// Makes the directory that will hold `path`.
pub(super) fn create_parent(path: &Path) -> Result<(), Error> {
    match path.parent() {
        Some(parent) => std::fs::create_dir_all(parent).map_err(|source| Error::CreateDir {
            path: parent.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}

/// Writes each `(relative path, text)` under `dir`, making directories as needed.
pub(super) fn write_tree<'a>(
    dir: &Path,
    files: impl IntoIterator<Item = &'a (PathBuf, String)>,
) -> Result<(), Error> {
    for (rel, text) in files {
        let path = dir.join(rel);
        create_parent(&path)?;
        std::fs::write(&path, text).map_err(|source| Error::WriteFile { path, source })?;
    }
    Ok(())
}
