//! Planned cases → libtest-mimic trials: each runs its case, hands the [`Outcome`] to the
//! run's reporters (among them the report files' [`Collector`]) as soon as it is judged, and
//! returns the failure message libtest prints.
//!
//! A broken case file and a refused case are outcomes too, so every planned trial ends up in
//! the reports.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use libtest_mimic::{Completion, Failed, Trial};

use crate::mask::Masker;
use crate::outcome::{CheckKind, Failure, Outcome, RunErrorKind, Status, Verdict};
use crate::plan::{Planned, Task};
use crate::report::{Collected, Collector, Event, Reporters, console};
use crate::run::harness::{Runner, for_case};
use crate::run::scenario::for_scenario;

/// The trials of one run, and what collects their outcomes.
pub struct Trials {
    /// Sends and judges.
    pub runner: Arc<Runner>,
    /// Masks card data and secrets in everything shown.
    pub masker: Masker,
    /// Colour in failure messages.
    pub color: bool,
    /// A `flaky` case fails its trial (`--fail-on-flaky`).
    pub fail_on_flaky: bool,
    /// Every outcome goes to each of them; the collector is one.
    reporters: Reporters,
    collector: Arc<Collector>,
    /// `--max-failures`: no case starts once this many failed.
    max_failures: Option<usize>,
    failures: AtomicUsize,
}

impl Trials {
    /// Trials over `runner`, showing failures through `masker`, keeping every outcome
    /// ([`Collector::in_memory`]).
    pub fn new(runner: Runner, masker: Masker, color: bool) -> Arc<Trials> {
        let collector = Collector::in_memory(masker.clone());
        let reporters = Reporters::new();
        Trials::limited(runner, (masker, collector), reporters, color, (None, false))
    }

    /// Trials that start no case once `max_failures` have failed or errored
    /// (`--max-failures`): the cases that could not start end as skipped, "not run", in every
    /// report; and that fail a `flaky` case's trial when `fail_on_flaky` (`--fail-on-flaky`).
    /// Each outcome goes to `reporters` and `collector` as its trial ends.
    pub fn limited(
        runner: Runner,
        (masker, collector): (Masker, Collector),
        reporters: Reporters,
        color: bool,
        (max_failures, fail_on_flaky): (Option<usize>, bool),
    ) -> Arc<Trials> {
        let collector = Arc::new(collector);
        let reporters = reporters.with(collector.clone());
        Arc::new(Trials {
            runner: Arc::new(runner),
            masker,
            color,
            fail_on_flaky,
            reporters,
            collector,
            max_failures,
            failures: AtomicUsize::new(0),
        })
    }

    /// One trial per planned step.
    pub fn trials(self: &Arc<Self>, planned: Vec<Planned>) -> Vec<Trial> {
        self.collector.expect(planned.len());
        planned.into_iter().map(|p| self.trial(p)).collect()
    }

    fn trial(self: &Arc<Self>, planned: Planned) -> Trial {
        let trials = Arc::clone(self);
        // libtest prints the names itself, so they are masked here: a case id may hold a card.
        // Cut for display too: libtest-mimic panics padding a name wider than 65,535.
        let name = crate::ids::trial_display_name(&self.masker.text(&planned.name));
        let ignored = match &planned.task {
            Task::Run(c) => c.ignore.is_some(),
            Task::Scenario(s) => s.ignore.is_some(),
            Task::Broken(_) => false,
        };
        Trial::ignorable_test(name, move || trials.run_planned(&planned)).with_ignored_flag(ignored)
    }

    fn run_planned(&self, planned: &Planned) -> Result<Completion, Failed> {
        if let Some(n) = self.max_failures
            && self.failures.load(Ordering::SeqCst) >= n
        {
            let reason = format!("not run: --max-failures {n} reached");
            match &planned.task {
                Task::Run(case) => {
                    return Ok(self.refuse(for_case(case, skipped(&reason)), &reason));
                }
                Task::Scenario(s) => {
                    return Ok(self.refuse(for_scenario(s, skipped(&reason)), &reason));
                }
                Task::Broken(_) => {}
            }
        }
        let outcome = match (&planned.task, &planned.refused) {
            (Task::Broken(e), _) => broken(planned, e.location(), e.to_string()),
            (Task::Run(case), Some(reason)) => {
                return Ok(self.refuse(for_case(case, skipped(reason)), reason));
            }
            (Task::Run(case), None) => self.kept_masked(self.runner.execute(case)),
            (Task::Scenario(s), Some(reason)) => {
                return Ok(self.refuse(for_scenario(s, skipped(reason)), reason));
            }
            (Task::Scenario(s), None) => self.kept_masked(self.runner.execute_scenario(s)),
        };
        let message = console::failure_message(&outcome, &self.masker, self.color)
            .or_else(|| self.flaky_message(&outcome));
        if Status::of(&outcome.verdict).is_failing() {
            self.failures.fetch_add(1, Ordering::SeqCst);
        }
        self.record(outcome);
        match message {
            Some(m) => Err(m.into()),
            None => Ok(Completion::Completed),
        }
    }

    /// With `--fail-on-flaky`, what a `flaky` case's trial fails with.
    fn flaky_message(&self, outcome: &Outcome) -> Option<String> {
        match &outcome.verdict {
            Verdict::Flaky { retries } if self.fail_on_flaky => {
                Some(console::flaky_line(retries, &self.masker))
            }
            _ => None,
        }
    }

    /// Records a trial that is not run, and shows it as ignored with the reason (masked).
    fn refuse(&self, outcome: Outcome, reason: &str) -> Completion {
        self.record(outcome);
        Completion::ignored_with(self.masker.text(reason))
    }

    /// The outcome with what is kept of a too-large answer masked now, before anything reads
    /// it. A scenario's steps likewise.
    fn kept_masked(&self, mut outcome: Outcome) -> Outcome {
        let too_large = matches!(&outcome.verdict,
            Verdict::Error { error } if error.kind == RunErrorKind::TooLarge);
        if too_large && let Some(r) = outcome.exchange.as_mut().and_then(|x| x.response.as_mut()) {
            r.body = self.masker.text(&r.body);
        }
        outcome.steps = std::mem::take(&mut outcome.steps)
            .into_iter()
            .map(|s| self.kept_masked(s))
            .collect();
        outcome
    }

    fn record(&self, outcome: Outcome) {
        self.reporters.emit(&Event::Outcome(&outcome));
    }

    /// What the collector kept of the outcomes so far (see [`Collector`]).
    pub fn finish(&self) -> Collected {
        self.collector.finish()
    }
}

fn skipped(reason: &str) -> Verdict {
    Verdict::Skipped {
        reason: reason.into(),
    }
}

/// The outcome of a trial that stands for an input error.
fn broken(planned: &Planned, location: String, message: String) -> Outcome {
    let failure = Failure::new(CheckKind::Input, location, "a valid case file", message);
    let verdict = Verdict::Fail {
        failures: vec![failure],
    };
    let (name, operation) = (planned.name.clone(), planned.operation.clone());
    Outcome::new(name, operation, String::new(), None, verdict)
}
