//! `explore`: random lifecycles against a target, with the reference mock as the oracle.
//!
//! Hand-written scenarios cover the lifecycles someone thought of; explore generates the rest.
//! From a seed it draws sequences of abstract steps over the fixtures every profile names
//! ([`menu`]), plays each step on the target and on a fresh in-process reference mock
//! ([`side`], [`play`]), and compares status, result code and the schema-relevant shape of the
//! answers ([`compare`]). The first divergence of a run is shrunk to a small sequence that
//! still diverges ([`shrink`]) and reported with what the oracle's answer rests on: a
//! documented rule (a failure) or one of the mock's own decisions (a warning; [`basis`]).
//! The outcomes are the shared [`crate::outcome::Outcome`]s, so `run`'s report writers write
//! them (see docs/explore.md).

pub mod basis;
pub mod compare;
pub mod fields;
pub mod judge;
pub mod known;
pub mod learn;
pub mod menu;
pub mod operations;
pub mod outcomes;
pub mod play;
pub mod predict;
pub mod prng;
pub mod rules;
mod scene;
mod session;
pub mod shrink;
pub mod side;
pub mod step;
mod suggest;
#[cfg(test)]
mod testing;

use std::path::PathBuf;

pub use session::{Explored, explore};

/// Steps per run when `--steps` is not given.
pub const DEFAULT_STEPS: usize = 50;
/// Runs when `--runs` is not given.
pub const DEFAULT_RUNS: usize = 20;
/// Candidates played, at most, to shrink one divergence.
pub const SHRINK_BUDGET: usize = 400;

/// What an exploration is asked to do; `cli` fills it from flags.
#[derive(Debug, Clone)]
pub struct Options {
    /// The OpenAPI document (default: the project's).
    pub spec: Option<PathBuf>,
    /// The directory of the documented case files, which say how each operation's request is
    /// filled (default: the project's `cases/`).
    pub cases: Option<PathBuf>,
    /// The target profile (default: the mock profile).
    pub target: Option<PathBuf>,
    /// The oracle's profile: the reference mock's fixtures (default: the mock profile).
    pub oracle: Option<PathBuf>,
    /// Base URL of the target; without it (and without one in the profile) the reference mock
    /// is started in-process as the target too.
    pub base_url: Option<String>,
    /// The first run's seed (default: a random one, printed).
    pub seed: Option<u64>,
    /// Play only the run of this seed again.
    pub replay: Option<u64>,
    /// Steps per run.
    pub steps: usize,
    /// Runs (seeds `seed`, `seed + 1`, ...).
    pub runs: usize,
    /// Per-request timeout in milliseconds (default: the profile's, else 10000).
    pub timeout_ms: Option<u64>,
    /// Bound on the whole exploration, in seconds.
    pub deadline_secs: Option<u64>,
    /// Where reports go; `None` writes none.
    pub report_dir: Option<PathBuf>,
    /// Largest response body accepted, in bytes.
    pub body_cap: usize,
    /// `on` / `off`: overrides both profiles' message encryption.
    pub encryption: Option<String>,
    /// State-changing steps may go to a live target.
    pub allow_state_changes_on_live_target: bool,
    /// Candidates played, at most, to shrink one divergence.
    pub shrink_budget: usize,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            spec: None,
            cases: None,
            target: None,
            oracle: None,
            base_url: None,
            seed: None,
            replay: None,
            steps: DEFAULT_STEPS,
            runs: DEFAULT_RUNS,
            timeout_ms: None,
            deadline_secs: None,
            report_dir: None,
            body_cap: crate::run::http::DEFAULT_BODY_CAP,
            encryption: None,
            allow_state_changes_on_live_target: false,
            shrink_budget: SHRINK_BUDGET,
        }
    }
}
