//! One exploration, start to end: load the spec and both profiles, start the target and the
//! oracle, play each run's sequence, shrink what diverged, write the reports.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

use super::compare::Enums;
use super::known::Declared;
use super::menu::Menu;
use super::operations::Operations;
use super::outcomes::{self, Ran};
use super::play::{Pair, Trace};
use super::side::{Reach, Side};
use super::{Options, shrink};
use crate::error::InputError;
use crate::mask::Masker;
use crate::outcome::Outcome;
use crate::pipeline::{self, Purpose, Sources, Stopped, project_path};
use crate::plan::{OVERRIDE_FLAG, Safety};
use crate::profile::Profile;
use crate::report::{self, Event, Note, Reporters, RunInfo, Started, Warning};
use crate::run::limits;
use crate::spec::Spec;

/// How an exploration ended.
#[derive(Debug, Clone)]
pub struct Explored {
    /// Every run, in seed order.
    pub runs: Vec<Ran>,
    /// Runs with a divergence that rests on a documented rule.
    pub divergences: usize,
    /// Runs with warnings: differences from the oracle that rest on something explore cannot
    /// know of the target.
    pub warnings: usize,
    /// Steps played in all runs (shrinking not counted).
    pub steps_played: usize,
    /// Report files that held what masking should have hidden (written masked).
    pub escapes: usize,
    /// The report files were written (or none were asked for).
    pub reports_written: bool,
}

/// Explores; `reporters` receive its events (seeds, divergences, each run's outcome, where the
/// reports went).
pub fn explore(options: &Options, reporters: &Reporters) -> Result<Explored, Stopped> {
    let started = (Instant::now(), Utc::now());
    let deadline = options
        .deadline_secs
        .map(|s| limits::deadline_at(Instant::now(), s))
        .transpose()?;
    let (spec, target_profile, oracle_profile, base_url) = load(options)?;
    let refusal = safety(options, &target_profile, base_url.as_deref()).refusal();
    let mut pair = start(
        options,
        &spec,
        &target_profile,
        &oracle_profile,
        base_url,
        deadline,
    )?;
    let operations = Operations::load(&spec, &project_path(options.cases.as_deref(), "cases"))?;
    pair.menu = Menu::new(
        &operations,
        &|v| target_profile.var(v).is_some() && oracle_profile.var(v).is_some(),
        &target_profile.var_names(),
        &|f| target_profile.file.fixtures.get(f)?.owner.clone(),
        refusal.is_none(),
    );
    if pair.menu.is_empty() {
        let why = "the profile defines none of the fixtures the documented cases fill their requests with (member.*, application.*, card.*, physical.*)";
        return Err(InputError::file(&target_profile.path, why).into());
    }
    pair.declared = Declared::new(&target_profile, &|kind| operations.key_leaf(kind));
    note_disputed(&pair.declared, reporters);
    let (seeds, can_shrink) = plan_runs(options, &pair, reporters);
    let masker = masker(&pair, (&target_profile, &oracle_profile), &seeds);
    announce(options, &seeds, reporters);
    if let Some(why) = &refusal {
        reporters.note(Note::Said(format!(
            "note: only reading steps are explored: {why}"
        )));
    }
    reporters.emit(&Event::Started(&Started {
        command: "explore",
        planned: seeds.len(),
    }));
    let (mut runs, mut judged) = (Vec::with_capacity(seeds.len()), Vec::new());
    for seed in seeds {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            let why = "note: the deadline passed; the remaining runs were not played";
            reporters.note(Note::Said(why.to_string()));
            break;
        }
        let ran = run_seed(&pair, seed, options, &can_shrink);
        if let Some(told) = tell(&ran, options, &target_profile, &masker) {
            reporters.warn(Warning::Said(told));
        }
        let outcome = outcomes::outcome(&ran, spec.ledger());
        reporters.emit(&Event::Outcome(&outcome));
        runs.push(ran);
        judged.push(outcome);
    }
    pair.target.shutdown();
    pair.oracle.shutdown();
    closing_notes(
        (&runs, &judged),
        &pair.declared,
        (&spec, &masker),
        reporters,
    );
    let explored = ended(runs);
    let info = RunInfo {
        answer_times: report::answer_times::AnswerTimes::of(&judged),
        ..run_info(&spec, &target_profile, &pair, started)
    };
    let reports = (&info, judged.as_slice(), &masker);
    let written = write_reports(options, &spec, reports, &explored, reporters);
    Ok(Explored {
        escapes: written.unwrap_or(0),
        reports_written: written.is_some(),
        ..explored
    })
}

/// What the target's answers showed that its profile does not declare (a `fixtures:` fragment
/// to review), and the documentation coverage of the steps it answered, as in the reports.
fn closing_notes(
    (runs, judged): (&[Ran], &[Outcome]),
    declared: &Declared,
    (spec, masker): (&Spec, &Masker),
    reporters: &Reporters,
) {
    if let Some(fixtures) = super::suggest::fragment(runs, declared) {
        reporters.note(Note::Said(masker.text(&format!(
            "note: the target's answers showed what its profile does not declare; declared in the profile, explore checks it (review before pasting):\n{}",
            fixtures.trim_end()
        ))));
    }
    let facts = report::fact_coverage::FactCoverage::of_outcomes(spec.ledger(), judged);
    reporters.note(Note::Said(facts.line()));
}

/// A note for each property two names of one fixture declare differently.
fn note_disputed(declared: &Declared, reporters: &Reporters) {
    for (prop, a, b) in declared.disputed() {
        reporters.note(Note::Said(format!(
            "note: `{a}` and `{b}` hold the same value but declare different `{}`: explore relies on neither",
            prop.name()
        )));
    }
}

type Loaded = (Arc<Spec>, Arc<Profile>, Arc<Profile>, Option<String>);

/// The spec, the target's profile, the oracle's profile and the target's base URL, through the
/// one way in: explore sends, so a profile that still holds `FILL-ME` values is refused.
fn load(options: &Options) -> Result<Loaded, Stopped> {
    let sources = sources(options);
    let pipeline::Loaded {
        spec,
        profile: target,
        base_url,
    } = pipeline::sources::load(&sources)?;
    let oracle = pipeline::sources::profile(options.oracle.as_deref(), &sources)?;
    if !target.file.stateful {
        let why =
            "explore needs a target that keeps state, and this profile says `stateful: false`";
        return Err(InputError::file(&target.path, why).into());
    }
    Ok((Arc::new(spec), Arc::new(target), Arc::new(oracle), base_url))
}

/// Where the exploration's contract and target come from.
fn sources(options: &Options) -> Sources<'_> {
    Sources {
        spec: options.spec.as_deref(),
        target: options.target.as_deref(),
        base_url: options.base_url.as_deref(),
        encryption: options.encryption.as_deref(),
        allow_state_changes: options.allow_state_changes_on_live_target,
        purpose: Purpose::Send,
    }
}

/// The same safety rules as `run`'s state-changing cases.
fn safety(options: &Options, target: &Profile, base_url: Option<&str>) -> Safety {
    pipeline::sources::safety(&sources(options), target, base_url)
}

fn start(
    options: &Options,
    spec: &Arc<Spec>,
    target: &Arc<Profile>,
    oracle: &Arc<Profile>,
    base_url: Option<String>,
    deadline: Option<Instant>,
) -> Result<Pair, Stopped> {
    let timeout = |p: &Profile| {
        Duration::from_millis(options.timeout_ms.or(p.file.timeout_ms).unwrap_or(10_000))
    };
    let may_reset = safety(options, target, base_url.as_deref())
        .refusal()
        .is_none();
    let reach = Reach {
        base_url,
        timeout: timeout(target),
        body_cap: options.body_cap,
        deadline,
        may_reset,
    };
    let target_side = Side::start("target", spec.clone(), target.clone(), &reach)?;
    let oracle_reach = Reach {
        base_url: None,
        timeout: timeout(oracle),
        may_reset: true,
        ..reach
    };
    let oracle_side = Side::start("oracle", spec.clone(), oracle.clone(), &oracle_reach)?;
    if !oracle_side.resettable {
        return Err(Stopped::input(
            "error: the oracle (the in-process reference mock) cannot be reset",
        ));
    }
    Ok(Pair {
        target: target_side,
        oracle: oracle_side,
        enums: Enums::of(&spec.doc),
        menu: Menu::default(),
        declared: Declared::default(),
        deadline,
    })
}

/// The one masker of the exploration (both sides' credentials and key material, the target's
/// URL), installed for the console too. The seeds are the run's own numbers, left alone: a
/// card-shaped one is printed whole, or it could not be replayed.
fn masker(pair: &Pair, (target, oracle): (&Profile, &Profile), seeds: &[u64]) -> Masker {
    let known = [
        (pair.target.runner.secrets.as_ref(), target),
        (pair.oracle.runner.secrets.as_ref(), oracle),
    ];
    let own = seeds.iter().map(u64::to_string).collect();
    pipeline::sources::masker(&known, Some(pair.target.base_url()), own)
}

/// Says which seeds will be played (a replay names its own).
fn announce(options: &Options, seeds: &[u64], reporters: &Reporters) {
    if options.replay.is_none()
        && let Some(first) = seeds.first()
    {
        reporters.note(Note::Said(format!(
            "explore: seeds {first}.. ({} run(s) of {} steps)",
            seeds.len(),
            options.steps
        )));
    }
}

/// The seeds to play, and whether a divergence can be shrunk (why not, when not).
fn plan_runs(
    options: &Options,
    pair: &Pair,
    reporters: &Reporters,
) -> (Vec<u64>, Result<(), String>) {
    let mut runs = options.runs;
    let mut can_shrink = Ok(());
    if pair.menu.state_changes && !pair.target.resettable {
        reporters.note(Note::Said(format!(
            "note: the target offers no `POST /__admin/reset` (JSON), so explore plays one run from the state the target is in and does not shrink a divergence (see docs/explore.md; {OVERRIDE_FLAG} does not change this)"
        )));
        runs = 1;
        can_shrink = Err("not shrunk: the target cannot be reset".to_string());
    }
    let seeds = match options.replay {
        Some(seed) => vec![seed],
        None => {
            let first = options.seed.unwrap_or_else(random_seed);
            (0..runs as u64).map(|k| first.wrapping_add(k)).collect()
        }
    };
    (seeds, can_shrink)
}

fn random_seed() -> u64 {
    let mut bytes = [0u8; 4];
    let _ = aws_lc_rs::rand::fill(&mut bytes);
    u64::from(u32::from_be_bytes(bytes))
}

fn run_seed(pair: &Pair, seed: u64, options: &Options, can_shrink: &Result<(), String>) -> Ran {
    let started = Instant::now();
    let sequence = pair.menu.sequence(seed, options.steps);
    let played = pair.play(&sequence);
    let (shrunk, shrink_note) = match (&played.divergence, can_shrink) {
        (None, _) => (None, None),
        (Some(_), Err(why)) => (None, Some(why.clone())),
        (Some(_), Ok(())) => {
            let s = shrink::shrink(pair, &played, options.shrink_budget);
            let note = s.cut_short.map(|why| format!("shrinking stopped: {why}"));
            (Some(s.trace), note)
        }
    };
    Ran {
        seed,
        generated: sequence.len(),
        played,
        shrunk,
        shrink_note,
        duration: started.elapsed(),
    }
}

/// What a run found, masked: its divergence (the sequence, both answers of the diverging
/// step, what the failure rests on, how to replay), then its warnings, one line per reason.
fn tell(ran: &Ran, options: &Options, target: &Profile, masker: &Masker) -> Option<String> {
    let shown: &Trace = ran.shrunk.as_ref().unwrap_or(&ran.played);
    let mut lines = Vec::new();
    if let Some(d) = &shown.divergence {
        lines.push(format!(
            "DIVERGENCE: seed {} diverges after {} step(s) (of {}); it rests on {}",
            ran.seed,
            shown.steps.len(),
            ran.generated,
            d.basis.describe()
        ));
        for (i, step) in shown.steps.iter().enumerate() {
            lines.push(format!("  {}. {step}", i + 1));
        }
        let body = |a: &super::side::Answer| {
            a.body.as_ref().map_or("(no JSON)".into(), |b| {
                masker.excerpt(&masker.json(b).to_string(), 400)
            })
        };
        lines.push(format!("  oracle: {}", body(&shown.oracle[d.at])));
        lines.push(format!("  target: {}", body(&shown.target[d.at])));
        // Each failure masked as the reports mask it: by its field, with its value's shape.
        let failures = d
            .failures
            .iter()
            .map(|f| report::masked::failure(f, masker));
        lines.extend(failures.map(|f| format!("  {}", f.line())));
        if let Some(note) = &ran.shrink_note {
            lines.push(format!("  ({note})"));
        }
        lines.push(format!(
            "  replay: {}",
            replay_command(ran.seed, options, target)
        ));
    }
    lines.extend(super::outcomes::warning_lines(ran, masker));
    (!lines.is_empty()).then(|| masker.text(&lines.join("\n")))
}

/// The command that plays `seed` again against the same target: its profile, its base URL
/// and its oracle, as the user gave them (masked with the rest of the line: a password in the
/// URL is not printed, the environment supplies it).
fn replay_command(seed: u64, options: &Options, target: &Profile) -> String {
    let mut command = format!(
        "konaplate-conformance explore --target {}",
        target.path.display()
    );
    if let Some(url) = &options.base_url {
        command.push_str(&format!(" --base-url {url}"));
    }
    if let Some(oracle) = &options.oracle {
        command.push_str(&format!(" --oracle {}", oracle.display()));
    }
    command.push_str(&format!(" --replay {seed} --steps {}", options.steps));
    command
}

fn ended(runs: Vec<Ran>) -> Explored {
    let diverged = |r: &Ran| r.shrunk.as_ref().unwrap_or(&r.played).divergence.is_some();
    Explored {
        divergences: runs.iter().filter(|r| diverged(r)).count(),
        warnings: runs
            .iter()
            .filter(|r| !r.played.warnings.is_empty())
            .count(),
        steps_played: runs.iter().map(|r| r.played.steps.len()).sum(),
        escapes: 0,
        reports_written: true,
        runs,
    }
}

/// Says what the exploration found, then writes the report files of its outcomes, all at
/// hand: how many needed the final guard, `None` when they could not be written.
fn write_reports(
    options: &Options,
    spec: &Spec,
    (info, outcomes, masker): (&RunInfo, &[Outcome], &Masker),
    explored: &Explored,
    reporters: &Reporters,
) -> Option<usize> {
    reporters.note(Note::Said(format!(
        "explore: {} run(s), {} step(s), {} divergence(s), {} warning(s)",
        explored.runs.len(),
        explored.steps_played,
        explored.divergences,
        explored.warnings
    )));
    let Some(dir) = &options.report_dir else {
        return Some(0);
    };
    let written = report::write(dir, info, spec, outcomes, masker, None);
    reporters.emit(&Event::Written(&written));
    written.ok().map(|w| w.escapes.len())
}

/// What the reports say about the exploration as a whole (`run`'s header).
fn run_info(
    spec: &Spec,
    target: &Profile,
    pair: &Pair,
    started: (Instant, DateTime<Utc>),
) -> RunInfo {
    let run_id = report::new_run_id(started.1);
    RunInfo::new(run_id, (spec, target), describe_target(pair), started)
}

fn describe_target(pair: &Pair) -> String {
    let oracle = format!(
        "oracle: in-process reference mock ({})",
        pair.oracle.base_url()
    );
    if pair.target.embedded() {
        format!(
            "embedded reference mock ({}); {oracle}",
            pair.target.base_url()
        )
    } else {
        format!("{}; {oracle}", pair.target.base_url())
    }
}
