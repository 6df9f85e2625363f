//! Reading scenario files into checked [`Scenario`]s.
//!
//! A scenario runs as one trial, so any problem in its file (a syntax error, an unknown
//! operation, an undocumented code, an undefined variable or capture) makes the whole file one
//! failing trial with the problem's position; the other scenarios and cases still run.

use std::path::{Path, PathBuf};

use super::file::{ScenarioFile, StepDef};
use super::model::{Capture, Scenario, Step};
use crate::case::parts::{self, CAPTURED, Ctx, Vars};
use crate::error::{InputError, Pos, did_you_mean};
use crate::facts::Kind;
use crate::profile::Profile;
use crate::spec::Spec;
use crate::yaml::{self, Positions};

/// Where scenario files live, inside the cases directory.
pub const DEFAULT_DIR: &str = "scenarios";

/// The result of loading one scenario file.
#[derive(Debug)]
pub struct LoadedScenario {
    /// The file.
    pub path: PathBuf,
    /// The scenario, or why the file cannot be used.
    pub scenario: Result<Scenario, InputError>,
}

impl LoadedScenario {
    /// The trial name: `scenario::<id>`, or `scenario::<file name>` for a file that failed.
    pub fn name(&self) -> String {
        match &self.scenario {
            Ok(s) => s.name(),
            Err(_) => format!(
                "scenario::{}",
                self.path.file_name().map_or_else(
                    || self.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
        }
    }
}

/// Loads every `*.yaml` / `*.yml` file directly in `dir`, sorted by name; no directory, no
/// scenarios.
pub fn load_dir(
    dir: &Path,
    spec: &Spec,
    profile: &Profile,
) -> Result<Vec<LoadedScenario>, InputError> {
    if !dir.exists() {
        return Ok(vec![]);
    }
    let paths = yaml::files_in(dir)
        .map_err(|e| InputError::file(dir, format!("cannot read the scenarios directory: {e}")))?;
    Ok(paths.iter().map(|p| load_file(p, spec, profile)).collect())
}

/// Loads one file.
pub fn load_file(path: &Path, spec: &Spec, profile: &Profile) -> LoadedScenario {
    let scenario = crate::input_file::read(path, crate::input_file::CASE_FILE_LIMIT)
        .map_err(|e| InputError::file(path, format!("cannot read the scenario file: {e}")))
        .and_then(|text| scenario(path, &text, spec, profile));
    LoadedScenario {
        path: path.to_path_buf(),
        scenario,
    }
}

/// Loads a scenario given as text; `path` is used for messages.
pub fn load_str(path: &Path, text: &str, spec: &Spec, profile: &Profile) -> LoadedScenario {
    LoadedScenario {
        path: path.to_path_buf(),
        scenario: scenario(path, text, spec, profile),
    }
}

fn scenario(
    path: &Path,
    text: &str,
    spec: &Spec,
    profile: &Profile,
) -> Result<Scenario, InputError> {
    let file: ScenarioFile = yaml::parse(path, text)?;
    let positions = Positions::new(text);
    let ctx = Ctx {
        path,
        positions: &positions,
    };
    parts::check_id(&ctx, "/id", &file.id, "scenario")?;
    if file.steps.is_empty() {
        return Err(ctx.at("/steps", "the scenario has no steps".into()));
    }
    let mut vars = Vars::profile(profile);
    let mut steps: Vec<Step> = Vec::with_capacity(file.steps.len());
    for (i, def) in file.steps.iter().enumerate() {
        let step = step(&ctx, i, def, spec, &vars)?;
        if let Some(first) = steps.iter().position(|s| s.id == step.id) {
            let e = ctx.at(
                &format!("/steps/{i}/id"),
                format!("duplicate step id `{}`", step.id),
            );
            return Err(e.with_help(format!("first used by step {}", first + 1)));
        }
        vars.captured
            .extend(step.capture.iter().map(|c| c.name.clone()));
        steps.push(step);
    }
    exercises_a_rule(&ctx, spec, &steps)?;
    Ok(Scenario {
        file: path.to_path_buf(),
        pos: positions
            .index()
            .value("/id")
            .unwrap_or(Pos { line: 1, col: 1 }),
        id: file.id,
        description: file.description,
        source: file.source,
        tags: file.tags,
        ignore: file.ignore,
        steps,
    })
}

/// A scenario is there to exercise what a sequence of requests shows: a lifecycle rule of the
/// pages (a step's `verifies:`), or, where no page states what the sequence shows, the
/// assumption a step rests on. One that names neither is an input error at `steps`.
fn exercises_a_rule(ctx: &Ctx, spec: &Spec, steps: &[Step]) -> Result<(), InputError> {
    let ledger = spec.ledger();
    let lifecycle = |id: &String| ledger.get(id).is_some_and(|f| f.kind == Kind::Lifecycle);
    let grounded = steps
        .iter()
        .any(|s| s.expect.assumes.is_some() || s.expect.facts.iter().any(lifecycle));
    if grounded {
        return Ok(());
    }
    let e = ctx.at(
        "/steps",
        "no step names the lifecycle rule the scenario exercises, nor an assumption".into(),
    );
    Err(e.with_help(
        "name the rule in a step's `verifies:` (e.g. `cardDeliveryCancel.lifecycle.same-day-only`; `konaplate-conformance facts` lists them), or the assumption a step rests on in `assumes:`",
    ))
}

/// One step: its id, its operation, its expectation and request (which may name only the
/// captures of earlier steps), and its captures.
fn step(ctx: &Ctx, i: usize, def: &StepDef, spec: &Spec, vars: &Vars) -> Result<Step, InputError> {
    let base = format!("/steps/{i}");
    parts::check_id(ctx, &format!("{base}/id"), &def.id, "step")?;
    let Some(op) = spec.operation(&def.operation) else {
        let e = ctx.at(
            &format!("{base}/operation"),
            format!("unknown operation `{}`", def.operation),
        );
        return Err(match did_you_mean(&def.operation, spec.operation_ids()) {
            Some(best) => e.with_help(format!("did you mean `{best}`?")),
            None => e.with_help(format!(
                "the spec has: {}",
                spec.operation_ids().collect::<Vec<_>>().join(", ")
            )),
        });
    };
    let expect = parts::expectation(ctx, &base, &def.expect, op, vars.profile, vars)?;
    let request = parts::request(ctx, &base, &def.request, vars)?;
    let expect = crate::case::grounds::ground(ctx, &base, spec, (op, None), expect)?;
    crate::case::demands::check(ctx, &base, spec, op, &expect)?;
    let mut capture = Vec::with_capacity(def.capture.len());
    for (name, pointer) in &def.capture {
        let at = format!("{base}/capture/{name}");
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let why = format!("capture name `{name}` may use only letters, digits and `_`");
            return Err(ctx.at(&at, why));
        }
        if !(pointer.is_empty() || pointer.starts_with('/')) {
            let why = format!("`{pointer}` is not a JSON pointer into the answer");
            return Err(ctx.at(&at, why).with_help(format!("write `/{pointer}`")));
        }
        if vars.captured.iter().any(|c| c == name) {
            let why = format!("`{CAPTURED}{name}` is already captured by an earlier step");
            return Err(ctx.at(&at, why));
        }
        capture.push(Capture {
            name: name.clone(),
            pointer: pointer.clone(),
        });
    }
    Ok(Step {
        id: def.id.clone(),
        pos: ctx
            .positions
            .index()
            .value(&format!("{base}/id"))
            .unwrap_or(Pos { line: 1, col: 1 }),
        operation: op.id.clone(),
        description: def.description.clone(),
        request,
        expect,
        capture,
    })
}
