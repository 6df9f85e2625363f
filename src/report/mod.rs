//! Reports: the console message of a failing trial, and the files of a run.
//!
//! Per run, [`write`] fills `<root>/<run-id>/` and refreshes `<root>/latest/` with
//! `summary.md`, `junit.xml`, `report.json` and `diffs/<operation>/<case>.diff`. Every byte
//! written passes through the [`Masker`](crate::mask::Masker).

pub mod console;

use std::path::PathBuf;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What a report says about the run as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Unique id of the run, also the directory name (`YYYYMMDDTHHMMSSZ-<4 hex>`).
    pub run_id: String,
    /// When the run started, RFC 3339 UTC.
    pub started_at: String,
    /// The base URL, or `embedded reference mock (http://127.0.0.1:PORT)`.
    pub target: String,
    /// The profile file.
    pub profile: String,
    /// The profile's environment (`mock`, `sandbox`, ...).
    pub environment: String,
    /// The spec file.
    pub spec_path: String,
    /// The spec's `info.version`.
    pub spec_version: String,
    /// SHA-256 of the spec file.
    pub spec_hash: String,
    /// Whether `--strict` was on.
    pub strict: bool,
    /// Wall time of the whole run.
    #[serde(with = "crate::outcome::millis")]
    pub duration: Duration,
}

/// Where the files of one run went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// `<root>/<run-id>`.
    pub dir: PathBuf,
    /// `<root>/latest`.
    pub latest: PathBuf,
}
