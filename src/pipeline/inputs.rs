//! The load stage of a run (and of `replay` and `probe`): spec, target profile, case files and
//! baseline, each a clear input error (file:line:col) when it cannot be used.

use std::sync::Arc;

use super::options::{Options, Stopped, project_path};
use super::sources::{self, Loaded};
use crate::case::{self, LoadedFile};
use crate::profile::Profile;
use crate::provenance::Provenance;
use crate::report::{self, Baseline};
use crate::scenario::{self, LoadedScenario};
use crate::spec::Spec;

/// Everything a run reads before it plans.
#[derive(Debug)]
pub struct Inputs {
    /// The contract.
    pub spec: Arc<Spec>,
    /// The target profile, with `--encryption` applied.
    pub profile: Arc<Profile>,
    /// The case files, good and bad.
    pub files: Vec<LoadedFile>,
    /// The scenario files (`<cases>/scenarios/`), good and bad.
    pub scenarios: Vec<LoadedScenario>,
    /// The baseline to compare with, when one was given (not read when only listing).
    pub baseline: Option<Baseline>,
    /// The base URL from the flags or the profile; `None` for the embedded mock.
    pub base_url: Option<String>,
    /// The tool and the SHA-256 of each input as read.
    pub provenance: Provenance,
}

/// Loads the inputs the options name: the contract and the target through the one way in
/// ([`super::sources`]), then the baseline, the case files and the scenarios.
pub fn load(options: &Options) -> Result<Inputs, Stopped> {
    let Loaded {
        spec,
        profile,
        base_url,
    } = sources::load(&options.sources())?;
    let baseline = match (&options.baseline, options.test.list) {
        (Some(path), false) => Some(
            report::load_baseline(path)
                .map_err(|e| Stopped::input(format!("error: {}", crate::error::with_causes(&e))))?,
        ),
        _ => None,
    };
    let cases_dir = project_path(options.cases.as_deref(), "cases");
    let files = case::load_dir(&cases_dir, &spec, &profile)?;
    let scenarios = scenario::load_dir(&cases_dir.join(scenario::DEFAULT_DIR), &spec, &profile)?;
    let provenance = super::provenance::of(&spec, &profile, &files, &scenarios);
    Ok(Inputs {
        spec: Arc::new(spec),
        profile: Arc::new(profile),
        files,
        scenarios,
        baseline,
        base_url,
        provenance,
    })
}
