//! The one way in: every command that reads the contract and a target profile (`run`, `lint`,
//! `generate`, `replay`, `probe`, `explore`, `proxy`) reads them here, in the same order with
//! the same checks, and derives from them, the same way, the two things a command that sends
//! needs first: the safety rules and the one masker. `contract` and `facts`, which read the
//! spec alone, read it here too. No other production code calls the spec or profile loaders
//! (tests/library/front_door.rs holds that).
//!
//! The profile comes first: a profile still holding `FILL-ME` values is refused before anything
//! is sent (every value at its file:line:col), then `--encryption` applies, then the spec is
//! read and, for a command that sends, the base URL checked.

use std::path::Path;

use super::options::{Options, Stopped, project_path};
use crate::error::InputError;
use crate::mask::{self, Masker};
use crate::plan::Safety;
use crate::profile::{self, Profile, Secrets};
use crate::spec::{self, Spec};

/// What a command does with its target, which decides what is checked before it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Purpose {
    /// Reads only (`lint`, `generate`, `proxy`, which forwards a client's requests and sends
    /// none of its own): placeholders are allowed, no base URL is read.
    #[default]
    Read,
    /// Lists what it would send (`run --list`): checked as for sending, nothing warmed up.
    List,
    /// Sends requests of its own (`run`, `replay`, `probe`, `explore`).
    Send,
}

/// Where a command's inputs come from: its flags, each `None` for the project default.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sources<'a> {
    /// The OpenAPI document.
    pub spec: Option<&'a Path>,
    /// The target profile; given explicitly, it also tells the safety rules what the target is.
    pub target: Option<&'a Path>,
    /// The base URL (`--base-url`), over the profile's.
    pub base_url: Option<&'a str>,
    /// `on` / `off`: overrides the profile's message encryption.
    pub encryption: Option<&'a str>,
    /// `--allow-state-changes-on-live-target` was given.
    pub allow_state_changes: bool,
    /// What the command does with the target.
    pub purpose: Purpose,
}

impl Options {
    /// Where the run's contract and target come from: the flags, for a run that sends (or,
    /// with `--list`, only lists).
    pub fn sources(&self) -> Sources<'_> {
        Sources {
            spec: self.spec.as_deref(),
            target: self.target.as_deref(),
            base_url: self.base_url.as_deref(),
            encryption: self.encryption.as_deref(),
            allow_state_changes: self.allow_state_changes_on_live_target,
            purpose: if self.test.list {
                Purpose::List
            } else {
                Purpose::Send
            },
        }
    }
}

/// The contract and the target profile, read and checked.
#[derive(Debug)]
pub struct Loaded {
    /// The contract.
    pub spec: Spec,
    /// The target profile, with `--encryption` applied.
    pub profile: Profile,
    /// The base URL from the flags or the profile (`None`: the embedded mock, or a command
    /// that sends nothing).
    pub base_url: Option<String>,
}

/// Reads the spec and the target profile the sources name.
pub fn load(sources: &Sources) -> Result<Loaded, Stopped> {
    let profile = self::profile(sources.target, sources)?;
    // The profile comes first so that JWE's generator seeds while the rest loads.
    if sources.purpose == Purpose::Send && profile.encrypts() {
        super::warm::seed_csprng_in_background();
    }
    // A listing judges nothing: no validator is compiled for it.
    let validators = match sources.purpose {
        Purpose::List => spec::Validators::OnFirstUse,
        Purpose::Read | Purpose::Send => spec::Validators::AtLoad,
    };
    let spec = spec::load_with(
        &project_path(sources.spec, spec::DEFAULT_SPEC_PATH),
        validators,
    )?;
    let base_url = match sources.purpose {
        Purpose::Read => None,
        Purpose::List | Purpose::Send => sources
            .base_url
            .map(str::to_string)
            .or_else(|| profile.file.base_url.clone()),
    };
    if let Some(url) = &base_url {
        profile::check_base_url(url).map_err(|m| InputError::file("--base-url", m))?;
    }
    Ok(Loaded {
        spec,
        profile,
        base_url,
    })
}

/// The spec at `path`, else the project's.
pub fn spec(path: Option<&Path>) -> Result<Spec, Stopped> {
    Ok(spec::load(&project_path(path, spec::DEFAULT_SPEC_PATH))?)
}

/// One profile (`path`, else the mock profile) as [`load`] reads the target's: refused while
/// it holds placeholders (unless the command only reads), `--encryption` applied. Explore
/// reads its oracle's profile with it.
pub fn profile(path: Option<&Path>, sources: &Sources) -> Result<Profile, Stopped> {
    let mut profile = profile::load(&project_path(path, profile::DEFAULT_TARGET_PATH))?;
    if sources.purpose != Purpose::Read {
        refuse_placeholders(&profile)?;
    }
    if let Some(value) = sources.encryption {
        profile.set_encryption(value)?;
    }
    Ok(profile)
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

/// What the safety rules look at, for the target of `profile` at `base_url` (`None`: the
/// embedded mock).
pub fn safety(sources: &Sources, profile: &Profile, base_url: Option<&str>) -> Safety {
    Safety {
        environment: profile.file.environment,
        explicit_profile: sources.target.is_some(),
        loopback: base_url.is_none_or(super::is_loopback),
        override_given: sources.allow_state_changes,
    }
}

/// The one masker of a command ([`profile::masker`]: the credentials of each profile it sends
/// for, those in the URL it sends to, the key material of the profiles' key variables). It
/// becomes the console's too, so every line printed from here on is masked with all the
/// command knows.
pub fn masker(known: &[(&Secrets, &Profile)], url: Option<&str>) -> Masker {
    let masker = profile::masker(known, url);
    mask::console::install(masker.clone());
    masker
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_refused_only_by_a_command_that_sends_or_lists() {
        let template = project_path(None, "cases/targets/sandbox.yaml");
        let read = Sources {
            target: Some(&template),
            ..Sources::default()
        };
        let loaded = load(&read).unwrap();
        assert_eq!(
            loaded.base_url, None,
            "a command that reads needs no base URL"
        );
        for purpose in [Purpose::List, Purpose::Send] {
            let refused = load(&Sources { purpose, ..read }).unwrap_err();
            assert!(
                refused.message.contains("nothing was sent"),
                "{purpose:?}: {}",
                refused.message
            );
        }
    }

    #[test]
    fn safety_reads_the_flags_the_profile_and_the_base_url() {
        let path = project_path(None, profile::DEFAULT_TARGET_PATH);
        let mock = profile::load(&path).unwrap();
        let given = Sources {
            target: Some(&path),
            ..Sources::default()
        };
        let s = safety(&given, &mock, Some("https://sandbox.example"));
        assert!(s.explicit_profile && !s.loopback && !s.override_given);
        let s = safety(&Sources::default(), &mock, None);
        assert!(!s.explicit_profile && s.loopback);
    }
}
