//! One run, stage by stage: [`super::load`] → [`plan()`] → send and judge (the trials, each
//! outcome to the reporters as it ends) → report ([`Collected::close`]). Each stage function
//! takes the plain data of the one before.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::inputs::{Inputs, load};
use super::options::{Options, Stop, Stopped, project_path};
use super::sources;
use super::target::Target;
use super::trials::Trials;
use crate::case::{Case, LoadedFile};
use crate::error::InputError;
use crate::generate::{self, Generated};
use crate::mask::Masker;
use crate::plan::{self, Planned, Scenarios, Task};
use crate::profile::Profile;
use crate::report::turned_off::TurnedOff;
use crate::report::{
    self, Collected, Collector, Event, Note, Reporters, RunInfo, Started, Warning,
};
use crate::run::harness::{self, Runner};
use crate::run::http;
use crate::run::limits;
use crate::run::rate::Rate;
use crate::run::retry::RetryPolicy;

/// How a run that got to its trials ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ended {
    /// Only listed the trials (`--list`).
    pub listed: bool,
    /// Some trial failed (or, with a baseline, got worse).
    pub failed: bool,
    /// Trials that stand for bad case files.
    pub input_errors: usize,
    /// Cases that passed only after a retry.
    pub flaky: usize,
    /// The filter selected no trial: nothing ran.
    pub ran_none: bool,
    /// Report files that held what masking should have hidden (written masked).
    pub escapes: usize,
    /// The report files were written (or none were asked for).
    pub reports_written: bool,
}

/// The trials of a run, with what the reports need to know about how they were made.
#[derive(Debug)]
pub struct Plan {
    /// The trials, sorted by name.
    pub trials: Vec<Planned>,
    /// The generated cases and the constraints they cover.
    pub generated: Generated,
    /// Whether the generated cases are among the trials.
    pub generated_on: bool,
    /// The tags of every case that has some, documented and (when on) generated, by trial
    /// name (the cases themselves are the trials' now).
    pub tags: BTreeMap<String, Vec<String>>,
}

/// Runs the pipeline; `reporters` receive its events (notes, warnings, each outcome, the end,
/// where the reports went).
pub fn run(options: &Options, reporters: &Reporters) -> Result<Ended, Stopped> {
    limits::check_test_threads(options.test.test_threads)?;
    let (started, started_at) = (Instant::now(), Utc::now());
    let listing = options.test.list;
    let run_id = report::new_run_id(started_at);
    let mut inputs = load(options)?;
    let mut plan = plan(options, &mut inputs, reporters)?;
    let input_errors = plan
        .trials
        .iter()
        .filter(|p| matches!(p.task, Task::Broken(_)))
        .count();
    let mut target = Target::start(&inputs.profile, inputs.base_url.clone(), listing)?;
    let trials = trials(options, &mut inputs, &target, (&run_id, reporters))?;
    let planned = trials.trials(std::mem::take(&mut plan.trials));
    if !listing {
        // What libtest will run: not the trials its filters leave out, nor the ignored ones.
        let test = &options.test;
        let runs = |t: &&libtest_mimic::Trial| !test.is_filtered_out(t) && !test.is_ignored(t);
        reporters.emit(&Event::Started(&Started {
            command: "run",
            planned: planned.iter().filter(runs).count(),
        }));
    }
    let mut test_args = options.test.clone();
    test_args.test_threads = limits::threads_for(test_args.test_threads, planned.len());
    let conclusion = libtest_mimic::run(&test_args, planned);
    target.shutdown();
    let collected = trials.finish();
    let ran = conclusion.num_passed + conclusion.num_failed + conclusion.num_ignored;
    let mut ended = Ended {
        listed: listing,
        failed: conclusion.has_failed(),
        input_errors,
        flaky: collected.totals.flaky,
        ran_none: ran == 0,
        escapes: 0,
        reports_written: true,
    };
    if listing {
        return Ok(ended);
    }
    if ended.flaky > 0 {
        reporters.note(Note::Flaky {
            cases: ended.flaky,
            fail_the_run: options.fail_on_flaky,
        });
    }
    let tags = std::mem::take(&mut plan.tags);
    let info = run_info(
        options,
        (&inputs, &target, &plan),
        &collected,
        (run_id, tags),
        (started, started_at),
    );
    let reported = collected.close(&info, &inputs.spec, &trials.masker, reporters);
    ended.failed = reported.gate_failed.unwrap_or(ended.failed);
    ended.escapes = reported.escapes;
    ended.reports_written = reported.written;
    Ok(ended)
}

/// The plan stage: the documented and (when on) generated cases, named, sorted and guarded.
/// The loaded cases move into the trials (`inputs.files` is empty after): a run holds each
/// case once, until its trial has run.
pub fn plan(
    options: &Options,
    inputs: &mut Inputs,
    reporters: &Reporters,
) -> Result<Plan, Stopped> {
    let listing = options.test.list;
    let safety = sources::safety(
        &options.sources(),
        &inputs.profile,
        inputs.base_url.as_deref(),
    );
    // A listing without generated cases shows no coverage: nothing to generate. A run without
    // them counts the constraints and makes no case.
    let generated = match (options.generated, listing) {
        (false, true) => Generated::default(),
        (false, false) => Generated {
            constraints: generate::constraints(&inputs.spec, &inputs.profile),
            ..Generated::default()
        },
        (true, _) => generate::generate(&inputs.spec, &inputs.files, &inputs.profile),
    };
    if options.generated && !listing {
        for note in &generated.notes {
            reporters.note(Note::Generated(note.clone()));
        }
    }
    let extra = if options.generated {
        &generated.cases[..]
    } else {
        &[]
    };
    let scenarios = Scenarios {
        loaded: &inputs.scenarios,
        stateless: (!inputs.profile.file.stateful).then(|| {
            format!(
                "ignored: the target profile says `stateful: false` (the target replays fixed answers and keeps no state), so its lifecycle scenarios cannot run ({})",
                inputs.profile.path.display()
            )
        }),
    };
    let tags = tags(&inputs.files, extra);
    let files = std::mem::take(&mut inputs.files);
    let trials = plan::build_all(&inputs.spec, files, extra, &scenarios, safety);
    if trials.is_empty() {
        let dir = project_path(options.cases.as_deref(), "cases");
        return Err(Stopped {
            stop: Stop::NoCases,
            message: format!("error: no cases found in {}", dir.display()),
        });
    }
    if !listing {
        warn_refused(&trials, &scenarios, &inputs.profile, reporters);
    }
    Ok(Plan {
        trials,
        generated_on: options.generated,
        generated,
        tags,
    })
}

/// Says how many trials the safety rules refused, and how many scenarios a stateless target
/// sets aside: both show as ignored, with the reason.
fn warn_refused(
    trials: &[Planned],
    scenarios: &Scenarios,
    profile: &Profile,
    reporters: &Reporters,
) {
    let set_aside = |p: &Planned| {
        matches!(p.task, Task::Scenario(_)) && p.refused.is_some() && scenarios.stateless.is_some()
    };
    let refused = trials
        .iter()
        .filter(|p| p.refused.is_some() && !set_aside(p))
        .count();
    if refused > 0 {
        reporters.warn(Warning::Refused {
            trials: refused,
            environment: profile.file.environment.to_string(),
            flag: plan::OVERRIDE_FLAG,
        });
    }
    let stateless = trials.iter().filter(|p| set_aside(p)).count();
    if stateless > 0 {
        reporters.note(Note::SetAside {
            scenarios: stateless,
            profile: profile.path.clone(),
        });
    }
}

/// The trials' shared state: the runner (client, spec, profile, credentials), the masker, the
/// reporters, and what collects the outcomes: the report files are started in their staging
/// directory now (an error there is kept for the end, the run goes on), and the baseline moves
/// to the comparison.
fn trials(
    options: &Options,
    inputs: &mut Inputs,
    target: &Target,
    (run_id, reporters): (&str, &Reporters),
) -> Result<Arc<Trials>, Stopped> {
    let (runner, masker) = runner(options, inputs, target)?;
    let color = use_color(&options.test);
    let limits = (options.max_failures, options.fail_on_flaky);
    let reports = match &options.report_dir {
        Some(dir) if !options.test.list => Some(report::Spool::create(dir, run_id)),
        _ => None,
    };
    let collector = Collector::new(masker.clone(), reports, inputs.baseline.take())
        .turning_off(TurnedOff::of(&inputs.profile));
    let reporters = reporters.clone();
    Ok(Trials::limited(
        runner,
        (masker, collector),
        reporters,
        color,
        limits,
    ))
}

/// What sends and judges the cases of a run, and the masker that knows its secrets.
pub fn runner(
    options: &Options,
    inputs: &Inputs,
    target: &Target,
) -> Result<(Runner, Masker), Stopped> {
    let timeout = options
        .timeout_ms
        .or(inputs.profile.file.timeout_ms)
        .map_or(http::DEFAULT_TIMEOUT, Duration::from_millis);
    let (retry, rate) = pacing(options, inputs)?;
    let secrets = &target.secrets;
    let masker = sources::masker(&[(secrets, &inputs.profile)], inputs.base_url.as_deref());
    let settings = harness::Options {
        timeout,
        strict: options.strict,
        body_cap: options.body_cap,
        deadline: options
            .deadline_secs
            .map(|s| limits::deadline_at(Instant::now(), s))
            .transpose()?,
        retry,
        rate,
        ..harness::Options::new(target.base_url.clone())
    };
    let (spec, profile) = (inputs.spec.clone(), inputs.profile.clone());
    let runner = Runner::new(target.rt.clone(), spec, profile, secrets.clone(), settings)
        .map_err(|m| Stopped::input(format!("error: {m}")))?;
    Ok((runner, masker))
}

/// The retry policy and the rate of a run: the flags, else the profile's `retries` / `rate`.
pub fn pacing(
    options: &Options,
    inputs: &Inputs,
) -> Result<(RetryPolicy, Option<Arc<Rate>>), Stopped> {
    let file = &inputs.profile.file;
    let retries = options.retries.or(file.retries).unwrap_or(0);
    let rate = match options.rate.or(file.rate) {
        Some(r) => Rate::per_second(r)
            .map_err(|m| InputError::file("--rate", m))?
            .map(Arc::new),
        None => None,
    };
    Ok((RetryPolicy::times(retries), rate))
}

/// The run facts, with the run id and the tags of the cases decided before the run.
fn run_info(
    options: &Options,
    (inputs, target, plan): (&Inputs, &Target, &Plan),
    collected: &Collected,
    (run_id, tags): (String, BTreeMap<String, Vec<String>>),
    (started, started_at): (Instant, DateTime<Utc>),
) -> RunInfo {
    let (spec, profile) = (&inputs.spec, &inputs.profile);
    let coverage = plan.generated.coverage(plan.generated_on);
    let status = |name: &str| collected.generated.get(name).copied();
    let target = if inputs.base_url.is_none() {
        format!("embedded reference mock ({})", target.base_url)
    } else {
        target.base_url.clone()
    };
    RunInfo {
        strict: options.strict,
        constraints: Some(coverage.with_statuses(&plan.generated.constraints, status)),
        provenance: Some(inputs.provenance.clone()),
        tags,
        answer_times: collected.answer_times.clone(),
        ..RunInfo::new(run_id, (spec, profile), target, (started, started_at))
    }
}

/// The tags of every case that has some, documented and `generated` (those of the run), by
/// trial name.
fn tags(files: &[LoadedFile], generated: &[Case]) -> BTreeMap<String, Vec<String>> {
    files
        .iter()
        .flat_map(|f| &f.cases)
        .chain(generated)
        .filter(|c| !c.tags.is_empty())
        .map(|c| (c.name(), c.tags.clone()))
        .collect()
}

fn use_color(args: &libtest_mimic::Arguments) -> bool {
    use std::io::IsTerminal as _;
    match args.color {
        Some(libtest_mimic::ColorSetting::Always) => true,
        Some(libtest_mimic::ColorSetting::Never) => false,
        _ => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}
