//! The load stage of a run: spec, target profile, case files and baseline, each a clear input
//! error (file:line:col) when it cannot be used.

use std::sync::Arc;

use super::options::{Options, Stopped, project_path};
use crate::case::{self, LoadedFile};
use crate::error::InputError;
use crate::profile::{self, Profile};
use crate::provenance::Provenance;
use crate::report::{self, Baseline};
use crate::scenario::{self, LoadedScenario};
use crate::spec::{self, Spec};

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

/// Every `FILL-ME` value of the profile as one input error each, before anything is sent.
pub fn refuse_placeholders(profile: &Profile) -> Result<(), Stopped> {
    let errors = profile::placeholders(profile);
    if errors.is_empty() {
        return Ok(());
    }
    let mut message: Vec<String> = errors.iter().map(ToString::to_string).collect();
    message.push(format!(
        "error: {} value(s) of {} still hold a {} placeholder; nothing was sent",
        errors.len(),
        profile.path.display(),
        profile::PLACEHOLDER
    ));
    Err(Stopped::input(message.join("\n")))
}

/// Loads the inputs the options name.
pub fn load(options: &Options) -> Result<Inputs, Stopped> {
    let target_path = project_path(options.target.as_deref(), profile::DEFAULT_TARGET_PATH);
    let mut profile = profile::load(&target_path)?;
    refuse_placeholders(&profile)?;
    if let Some(value) = &options.encryption {
        profile.set_encryption(value)?;
    }
    // The profile comes first so that JWE's generator seeds while the rest loads.
    if profile.encrypts() && !options.test.list {
        super::warm::seed_csprng_in_background();
    }
    let spec_path = project_path(options.spec.as_deref(), spec::DEFAULT_SPEC_PATH);
    // A listing judges nothing: no validator is compiled for it.
    let validators = if options.test.list {
        spec::Validators::OnFirstUse
    } else {
        spec::Validators::AtLoad
    };
    let spec = spec::load_with(&spec_path, validators)?;
    let base_url = options
        .base_url
        .clone()
        .or_else(|| profile.file.base_url.clone());
    if let Some(url) = &base_url {
        profile::check_base_url(url).map_err(|m| InputError::file("--base-url", m))?;
    }
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
