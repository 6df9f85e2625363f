//! Planning: spec × profile × cases → the list of trials, named, sorted, and guarded.
//!
//! Planning is pure. It decides each trial's name (`<operation>::<case-id>`, generated cases
//! `<operation>::generated::<field>::<mutation>`, scenarios `scenario::<id>`, or the file's
//! path for a file that failed to load), turns load errors into failing trials, refuses
//! state-changing cases and scenarios against anything but a mock or the sandbox, and sets
//! scenarios aside for a target that keeps no state.

use std::collections::BTreeMap;

use crate::case::{Case, LoadedFile};
use crate::error::InputError;
use crate::profile::Environment;
use crate::scenario::{LoadedScenario, Scenario};
use crate::spec::Spec;

/// What a trial does: send a case, play a whole scenario (each of whose steps is a
/// [`scenario::Step`](crate::scenario::Step)), or report an input error.
#[derive(Debug, Clone)]
pub enum Task {
    /// Run a case.
    Run(Box<Case>),
    /// Run a scenario, step by step.
    Scenario(Box<Scenario>),
    /// Report an input error as a failing trial.
    Broken(Box<InputError>),
}

/// One planned trial.
#[derive(Debug, Clone)]
pub struct Planned {
    /// The trial name.
    pub name: String,
    /// The operation, when known.
    pub operation: String,
    /// What it does.
    pub task: Task,
    /// Why it is not sent, when the safety rules refuse it.
    pub refused: Option<String>,
}

/// What the safety rules look at.
#[derive(Debug, Clone, Copy)]
pub struct Safety {
    /// The profile's environment.
    pub environment: Environment,
    /// Whether the profile was given explicitly (`--target`).
    pub explicit_profile: bool,
    /// Whether the base URL points at this machine.
    pub loopback: bool,
    /// `--allow-state-changes-on-live-target` was given.
    pub override_given: bool,
}

/// The flag that lifts the safety rules, named so nobody passes it by accident.
pub const OVERRIDE_FLAG: &str = "--allow-state-changes-on-live-target";

impl Safety {
    /// Why a state-changing case may not be sent, if it may not.
    pub fn refusal(&self) -> Option<String> {
        if self.override_given {
            return None;
        }
        if !self.environment.allows_state_changes() {
            return Some(format!(
                "refused: this case changes real cards and the target environment is `{}`; only `mock` and `sandbox` targets get state-changing cases unless {OVERRIDE_FLAG} is given",
                self.environment
            ));
        }
        if !self.explicit_profile && !self.loopback {
            return Some(format!(
                "refused: this case changes real cards and the base URL is not on this machine while no target profile (--target) says what it is; pass a profile, or {OVERRIDE_FLAG}"
            ));
        }
        None
    }
}

/// Builds the plan of the documented cases, sorted by name; the cases move into it.
pub fn build(spec: &Spec, files: Vec<LoadedFile>, safety: Safety) -> Vec<Planned> {
    build_with(spec, files, &[], safety)
}

/// Builds the plan of the documented cases and the `generated` ones, sorted by name. The
/// generated cases follow the same safety rules; a generated name that a case file already
/// uses is a duplicate like any other.
pub fn build_with(
    spec: &Spec,
    files: Vec<LoadedFile>,
    generated: &[Case],
    safety: Safety,
) -> Vec<Planned> {
    build_all(spec, files, generated, &Scenarios::default(), safety)
}

/// The scenarios of a run, and whether the target keeps the state they need.
#[derive(Debug, Default)]
pub struct Scenarios<'a> {
    /// The loaded scenario files.
    pub loaded: &'a [LoadedScenario],
    /// Why they cannot run against this target (a profile with `stateful: false`), if so.
    pub stateless: Option<String>,
}

/// Builds the plan of everything: documented cases, generated cases and scenarios, sorted by
/// name. A scenario is refused when any of its steps changes state and the safety rules
/// refuse that, and set aside (ignored, with the reason) for a target that keeps no state.
///
/// The case files' cases move into their trials: a run holds each case once, and drops it
/// when its trial has run.
pub fn build_all(
    spec: &Spec,
    files: Vec<LoadedFile>,
    generated: &[Case],
    scenarios: &Scenarios,
    safety: Safety,
) -> Vec<Planned> {
    let mut by_name: BTreeMap<String, Planned> = BTreeMap::new();
    let mut add = |p: Planned| match by_name.get(&p.name) {
        // The same test name twice: keep the first, turn the second into an error.
        Some(existing) => {
            let dup = duplicate(existing, p);
            by_name.insert(dup.name.clone(), dup);
        }
        None => {
            by_name.insert(p.name.clone(), p);
        }
    };
    for file in files {
        if let Some(e) = &file.file_error {
            add(Planned {
                // Named after the file, so `--exact broken.yaml` selects it.
                name: file.path.file_name().map_or_else(
                    || file.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                ),
                operation: String::new(),
                task: Task::Broken(Box::new(e.clone())),
                refused: None,
            });
        }
        for (name, e) in &file.case_errors {
            add(Planned {
                name: name.clone(),
                operation: name.split("::").next().unwrap_or_default().to_string(),
                task: Task::Broken(Box::new(e.clone())),
                refused: None,
            });
        }
        for case in file.cases {
            add(planned_case(spec, case, safety));
        }
    }
    for case in generated {
        add(planned_case(spec, case.clone(), safety));
    }
    for loaded in scenarios.loaded {
        add(planned_scenario(spec, loaded, scenarios, safety));
    }
    by_name.into_values().collect()
}

/// The second trial of a name, as an input error that points at both.
fn duplicate(existing: &Planned, p: Planned) -> Planned {
    let first = match &existing.task {
        Task::Run(c) => format!("{}:{}", c.file.display(), c.pos().line),
        Task::Scenario(s) => format!("{}:{}", s.file.display(), s.pos.line),
        Task::Broken(e) => e.location(),
    };
    let (file, pos) = match &p.task {
        Task::Run(c) => (c.file.clone(), c.pos()),
        Task::Scenario(s) => (s.file.clone(), s.pos),
        Task::Broken(e) => (e.file.clone(), e.pos.unwrap_or_default()),
    };
    let name = format!("{}#dup", p.name);
    let mut e = InputError::file(
        &file,
        format!("duplicate case `{}` (also at {first})", p.name),
    );
    e.pos = Some(pos);
    Planned {
        name,
        operation: p.operation,
        task: Task::Broken(Box::new(e)),
        refused: None,
    }
}

fn planned_scenario(
    spec: &Spec,
    loaded: &LoadedScenario,
    scenarios: &Scenarios,
    safety: Safety,
) -> Planned {
    let name = loaded.name();
    let operation = "scenario".to_string();
    let s = match &loaded.scenario {
        Ok(s) => s,
        Err(e) => {
            let task = Task::Broken(Box::new(e.clone()));
            return Planned {
                name,
                operation,
                task,
                refused: None,
            };
        }
    };
    let state_changing = s.steps.iter().any(|step| {
        spec.operation(&step.operation)
            .is_some_and(|o| o.state_changing)
    });
    let refused = scenarios
        .stateless
        .clone()
        .or_else(|| state_changing.then(|| safety.refusal()).flatten());
    Planned {
        name,
        operation,
        task: Task::Scenario(Box::new(s.clone())),
        refused,
    }
}

fn planned_case(spec: &Spec, case: Case, safety: Safety) -> Planned {
    let state_changing = spec
        .operation(&case.operation)
        .is_some_and(|o| o.state_changing);
    Planned {
        name: case.name(),
        operation: case.operation.clone(),
        refused: if state_changing {
            safety.refusal()
        } else {
            None
        },
        task: Task::Run(Box::new(case)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn safety(environment: Environment, explicit_profile: bool, loopback: bool) -> Safety {
        Safety {
            environment,
            explicit_profile,
            loopback,
            override_given: false,
        }
    }

    #[test]
    fn state_changes_go_only_to_mocks_and_the_sandbox() {
        assert!(safety(Environment::Mock, true, false).refusal().is_none());
        assert!(
            safety(Environment::Sandbox, true, false)
                .refusal()
                .is_none()
        );
        assert!(
            safety(Environment::Production, true, true)
                .refusal()
                .unwrap()
                .contains("`production`")
        );
        assert!(safety(Environment::Uat, true, false).refusal().is_some());
    }

    #[test]
    fn a_remote_url_without_a_profile_is_refused() {
        assert!(
            safety(Environment::Mock, false, false)
                .refusal()
                .unwrap()
                .contains("not on this machine")
        );
        assert!(safety(Environment::Mock, false, true).refusal().is_none());
    }

    #[test]
    fn the_override_lifts_every_refusal() {
        let s = Safety {
            override_given: true,
            ..safety(Environment::Production, false, false)
        };
        assert!(s.refusal().is_none());
    }
}
