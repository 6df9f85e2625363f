//! What can go wrong while writing the report files or reading a baseline.

use std::io;
use std::path::PathBuf;

/// An error of the report layer; every message names the file or directory involved.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The run id cannot be used as a directory name.
    #[error("run id `{run_id}` cannot name a report directory")]
    RunId {
        /// The offending run id.
        run_id: String,
    },
    /// A directory could not be created or cleared.
    #[error("cannot create report directory `{path}`")]
    CreateDir {
        /// The directory.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A report file could not be written.
    #[error("cannot write report file `{path}`")]
    WriteFile {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// `<root>/latest` could not be replaced by the new run's copy.
    #[error("cannot replace `{path}` with the new run's reports")]
    ReplaceLatest {
        /// `<root>/latest`.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// `<root>/latest` exists but this tool did not make it; it is left as it is.
    #[error(
        "`{path}` was not made by this tool (it is not a directory holding `{marker}`), so it is \
         left untouched; move it away or choose another --report-dir"
    )]
    ForeignLatest {
        /// `<root>/latest`.
        path: PathBuf,
        /// The marker file name.
        marker: &'static str,
    },
    /// Another run replaced `<root>/latest` between our clearing it and renaming ours in.
    #[error(
        "another run replaced `{path}` at the same time; this run's reports are complete in its \
         own directory, but `latest` holds the other run's"
    )]
    LatestRace {
        /// `<root>/latest`.
        path: PathBuf,
    },
    /// A report could not be serialized (should not happen: the data is plain).
    #[error("cannot render `{path}`")]
    Render {
        /// The file it was meant for.
        path: PathBuf,
        /// Why.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The baseline file could not be read.
    #[error("cannot read baseline `{path}`")]
    ReadBaseline {
        /// The baseline file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// The baseline file is not valid JSON, or not a report document.
    #[error("baseline `{path}` is not a valid report.json (line {line}, column {column})")]
    ParseBaseline {
        /// The baseline file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What serde_json found.
        #[source]
        source: serde_json::Error,
    },
    /// The baseline is a report of another format version.
    #[error("baseline `{path}` has format `{found}`, expected `{expected}`")]
    BaselineFormat {
        /// The baseline file.
        path: PathBuf,
        /// Its `format` field.
        found: String,
        /// The format this version reads.
        expected: &'static str,
    },
}

impl Error {
    /// A file that could not be rendered.
    pub(crate) fn render(file: &str, e: impl std::error::Error + Send + Sync + 'static) -> Error {
        Error::Render {
            path: PathBuf::from(file),
            source: Box::new(e),
        }
    }
}
