//! What a run tells the world, as typed events, and who listens: every [`Reporter`] registered
//! with the run's [`Reporters`] gets every event, in order.
//!
//! The console ([`Console`](super::lines::Console)) is one reporter: it turns each event into
//! the lines a person reads on stderr. The report files are another: the
//! [`Collector`](super::collect::Collector) takes each [`Event::Outcome`] as it comes. An
//! outcome can come from anywhere (a libtest trial of `run`, a run of `explore`, later a
//! proxied exchange); a reporter only sees the event.

use std::path::PathBuf;
use std::sync::Arc;

use super::Written;
use super::comparison::Comparison;
use super::error::Error;
use super::format::Finished;
use crate::outcome::Outcome;

/// One thing that happened in a run.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The run is about to start its trials.
    Started(&'a Started),
    /// Something worth knowing that is not a problem.
    Note(&'a Note),
    /// Something the user should look at; the run goes on.
    Warning(&'a Warning),
    /// One case, scenario or run was judged. Not masked: a reporter shows it through the
    /// masker.
    Outcome(&'a Outcome),
    /// The trials are over: the outcomes kept for the end, masked.
    Finished(&'a Finished<'a>),
    /// The report files were written, or could not be.
    Written(&'a Result<Written, Error>),
    /// The outcomes were compared with the baseline.
    Compared(&'a Comparison),
    /// A request of a command that judges no outcome per request (`probe`) was answered:
    /// what a progress line counts.
    Sent {
        /// The operation it went to.
        operation: &'a str,
    },
}

/// What a run starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Started {
    /// The command: `run`, `explore`, `probe`.
    pub command: &'static str,
    /// How many outcomes (or, for `probe`, requests) it plans to end with: for `run`, the
    /// trials libtest will run after its filters. 0: no planned end (a proxy session).
    pub planned: usize,
}

/// A note of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Note {
    /// What the generator says about the cases it made.
    Generated(String),
    /// Scenarios set aside because the target keeps no state.
    SetAside {
        /// How many.
        scenarios: usize,
        /// The profile that says `stateful: false`.
        profile: PathBuf,
    },
    /// Cases that passed only after a retry.
    Flaky {
        /// How many.
        cases: usize,
        /// `--fail-on-flaky` makes them fail the run.
        fail_the_run: bool,
    },
    /// A line its emitter composed from its own data (where `explore` and `replay` go, what
    /// `explore` found, where the proxy listens), masked.
    Said(String),
}

/// A warning of a run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// State-changing cases and scenarios not sent to a live target.
    Refused {
        /// How many.
        trials: usize,
        /// The target's environment.
        environment: String,
        /// The flag that would send them.
        flag: &'static str,
    },
    /// A warning its emitter composed from its own data (a divergence `explore` found),
    /// masked.
    Said(String),
}

/// Listens to a run's events.
pub trait Reporter: Send + Sync {
    /// Takes one event; called from whichever thread the event happened on.
    fn report(&self, event: &Event<'_>);
}

/// The reporters of a run. Cheap to clone: a clone shares the reporters.
#[derive(Clone, Default)]
pub struct Reporters(Vec<Arc<dyn Reporter>>);

impl Reporters {
    /// No reporter: the events go nowhere.
    pub fn new() -> Reporters {
        Reporters::default()
    }

    /// These reporters and `reporter`.
    pub fn with(mut self, reporter: Arc<dyn Reporter>) -> Reporters {
        self.0.push(reporter);
        self
    }

    /// Gives `event` to every reporter, in the order they were registered.
    pub fn emit(&self, event: &Event<'_>) {
        for r in &self.0 {
            r.report(event);
        }
    }

    /// [`Event::Note`].
    pub fn note(&self, note: Note) {
        self.emit(&Event::Note(&note));
    }

    /// [`Event::Warning`].
    pub fn warn(&self, warning: Warning) {
        self.emit(&Event::Warning(&warning));
    }
}

impl std::fmt::Debug for Reporters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Reporters({})", self.0.len())
    }
}
