//! What a run is asked to do, as plain data, and how it can stop before it ends.

use std::path::{Path, PathBuf};

use libtest_mimic::Arguments;

use crate::error::InputError;

/// The options of one run; `cli` fills them from flags and the environment.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The OpenAPI document (default: the project's).
    pub spec: Option<PathBuf>,
    /// The target profile (default: the mock profile). Given explicitly, it also tells the
    /// safety rules what the target is.
    pub target: Option<PathBuf>,
    /// The directory of case files (default `cases`).
    pub cases: Option<PathBuf>,
    /// Base URL of the target; without it (and without one in the profile) the reference mock
    /// is started in-process on 127.0.0.1.
    pub base_url: Option<String>,
    /// Unknown response fields and unsettled failed assumptions fail cases (`--strict`).
    pub strict: bool,
    /// Stop starting cases after this many failed or errored ones (`--max-failures`).
    pub max_failures: Option<usize>,
    /// Also run the generated negative and boundary cases.
    pub generated: bool,
    /// Per-request timeout in milliseconds (default: the profile's, else 10000).
    pub timeout_ms: Option<u64>,
    /// Bound on the whole run, in seconds.
    pub deadline_secs: Option<u64>,
    /// Where run reports go; `None` writes none.
    pub report_dir: Option<PathBuf>,
    /// An accepted earlier `report.json` to compare with.
    pub baseline: Option<PathBuf>,
    /// Largest response body accepted, in bytes.
    pub body_cap: usize,
    /// `on` / `off`: overrides the profile's message encryption.
    pub encryption: Option<String>,
    /// Attempts after the first for an answer of 429, 502–504, a connect error or a timeout
    /// (default: the profile's `retries`, else 0).
    pub retries: Option<u32>,
    /// Requests per second across the run (default: the profile's `rate`, else no limit).
    pub rate: Option<f64>,
    /// A case that passed only after a retry fails the run.
    pub fail_on_flaky: bool,
    /// State-changing cases may go to a live target.
    pub allow_state_changes_on_live_target: bool,
    /// libtest's flags: filter, `--list`, threads, colour.
    pub test: Arguments,
}

/// Why a run stopped before its trials ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Bad input: a flag, a file, the environment.
    Input,
    /// No case was found.
    NoCases,
}

/// A run that stopped early, with the message that says why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stopped {
    /// Which kind of stop.
    pub stop: Stop,
    /// What to tell the user.
    pub message: String,
}

impl Stopped {
    /// Stopped on bad input.
    pub fn input(message: impl Into<String>) -> Stopped {
        Stopped {
            stop: Stop::Input,
            message: message.into(),
        }
    }
}

impl From<InputError> for Stopped {
    fn from(e: InputError) -> Stopped {
        Stopped::input(e.to_string())
    }
}

/// A project file: as given, else relative to the working directory, else to the crate.
pub fn project_path(given: Option<&Path>, default: &str) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let here = PathBuf::from(default);
    if here.exists() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(default)
}
