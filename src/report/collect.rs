//! The outcomes of a run as its trials end: each is masked once, handed to the report files
//! written as the run goes ([`spool`](super::spool)), compared with the baseline, counted, and
//! kept only as far as the reports rendered at the end need it.
//!
//! What stays in memory ([`Collected`]):
//! - with report files, every outcome, masked; a passing, flaky or skipped one without its
//!   exchange and its expected/actual views (the summary, the coverage matrix, the findings
//!   and `report.html`'s table read its names, verdict, warnings and time; its exchange is in
//!   `report.json` already); a failing or erroring one whole, for the diffs and the evidence
//!   `report.html` and `summary.md` show;
//! - without report files (`--no-report`), only the outcomes with findings (failures, errors,
//!   warnings), without exchange, for the console's tail;
//! - in both, the counts, how many exchanges were encrypted, how long each answer took, the
//!   status of each generated case
//!   (the constraint coverage line), the documented facts each outcome exercised (the
//!   documentation coverage, [`fact_coverage`](super::fact_coverage)) and the comparison with
//!   the baseline.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use super::answer_times::AnswerTimes;
use super::baseline::{Baseline, Comparing};
use super::code_matrix::Totals;
use super::comparison::Comparison;
use super::encrypted::Encrypted;
use super::error::Error;
use super::event::{Event, Reporter};
use super::fact_coverage::{FactCoverage, Tally};
use super::format::Formats;
use super::masked;
use super::spool::{Entries, Spool, Spooled};
use super::turned_off::TurnedOff;
use crate::mask::Masker;
use crate::outcome::{Outcome, Status};
use crate::spec::Spec;

/// Takes the outcomes of a run as they come, from any thread: the report files among the
/// run's reporters ([`Event::Outcome`]).
#[derive(Debug)]
pub struct Collector {
    masker: Masker,
    /// The report file formats whose entries are spooled.
    formats: Formats,
    /// Every outcome is kept (report files, or a caller that wants them); else only those
    /// with findings.
    keep_all: bool,
    /// The report files are spooled (they were asked for and their directory was made).
    spooling: bool,
    /// What the target's profile turns off, for the documentation coverage.
    turned_off: TurnedOff,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    kept: Vec<(Outcome, Spooled)>,
    /// The report files' spool, or why it could not be made (the run goes on without it).
    reports: Option<Result<Spool, Error>>,
    comparing: Option<Comparing<Baseline>>,
    totals: Totals,
    encrypted: Encrypted,
    answer_times: AnswerTimes,
    generated: BTreeMap<String, Status>,
    facts: Tally,
}

/// What a run's outcomes left for the end.
#[derive(Debug)]
pub struct Collected {
    /// The kept outcomes (see the module docs), masked, sorted by name.
    pub outcomes: Vec<Outcome>,
    /// Where each kept outcome's entries are in the spool, in the same order.
    pub spooled: Vec<Spooled>,
    /// Every outcome, counted.
    pub totals: Totals,
    /// Every exchange, counted by encryption.
    pub encrypted: Encrypted,
    /// Every exchange's answer time, by operation.
    pub answer_times: AnswerTimes,
    /// The status of each generated case, by trial name.
    pub generated: BTreeMap<String, Status>,
    /// The documented facts every outcome exercised, its columns masked.
    pub facts: Tally,
    /// What the target's profile turns off.
    pub turned_off: TurnedOff,
    /// The comparison with the baseline, when one was given.
    pub comparison: Option<Comparison>,
    /// The report files written so far, when they were asked for.
    pub reports: Option<Result<Spool, Error>>,
    /// The formats the report files are written in.
    pub formats: Formats,
}

impl Collector {
    /// A collector that spools the report files to `reports` (`None`: `--no-report`; an
    /// error: kept for the end, when the run says the reports could not be written) and
    /// compares with `baseline`. The files are those of every run ([`Formats::standard`]).
    pub fn new(
        masker: Masker,
        reports: Option<Result<Spool, Error>>,
        baseline: Option<Baseline>,
    ) -> Collector {
        let spooling = matches!(reports, Some(Ok(_)));
        let comparing = baseline.map(|b| Comparing::new(b, &masker));
        Collector {
            state: Mutex::new(State {
                reports,
                comparing,
                ..State::default()
            }),
            masker,
            formats: Formats::standard(),
            keep_all: spooling,
            spooling,
            turned_off: TurnedOff::none(),
        }
    }

    /// The same collector, for a target whose profile turns off `turned_off`.
    pub fn turning_off(self, turned_off: TurnedOff) -> Collector {
        Collector { turned_off, ..self }
    }

    /// The same collector, writing the files of `formats`.
    pub fn with_formats(self, formats: Formats) -> Collector {
        Collector { formats, ..self }
    }

    /// A collector that keeps every outcome (compact, as for report files) and writes
    /// nothing: for a caller that renders the reports itself, or reads the times.
    pub fn in_memory(masker: Masker) -> Collector {
        Collector {
            keep_all: true,
            ..Collector::new(masker, None, None)
        }
    }

    /// Takes one judged outcome: masks what is kept or written of it, spools its entries,
    /// compares it, counts it, and drops the rest.
    pub fn record(&self, o: &Outcome) {
        let keep = self.keep_all || Status::of(&o.verdict).is_failing() || !o.warnings.is_empty();
        let masked = keep.then(|| masked::outcome(o, &self.masker));
        // Rendered outside the lock: the trials' threads share the work.
        let entries = masked
            .as_ref()
            .filter(|_| self.spooling)
            .map(|m| Entries::of(&self.formats, m, &self.masker));
        let mut state = self.lock();
        state.totals.add(o);
        state.encrypted.add(o);
        state.answer_times.add(o);
        state.facts.add(o);
        if o.is_generated() {
            state
                .generated
                .insert(o.name.clone(), Status::of(&o.verdict));
        }
        if let Some(c) = &mut state.comparing {
            c.add(o);
        }
        let spooled = match (entries, &mut state.reports) {
            (Some(e), Some(Ok(spool))) => spool.append(e),
            _ => Spooled::default(),
        };
        if let Some(m) = masked {
            state.kept.push((compact(m, self.keep_all), spooled));
        }
    }

    /// Makes room for `n` more outcomes at once, when every one is kept: a list grown by
    /// doubling holds up to twice what it needs, and copies itself each time.
    pub fn expect(&self, n: usize) {
        if self.keep_all {
            self.lock().kept.reserve_exact(n);
        }
    }

    /// Everything collected so far; the collector starts over empty.
    pub fn finish(&self) -> Collected {
        let state = std::mem::take(&mut *self.lock());
        let mut kept = state.kept;
        // In place, and trial names are unique: no stable sort's scratch copy.
        kept.sort_unstable_by(|a, b| a.0.name.cmp(&b.0.name));
        let spooled = kept.iter().map(|(_, s)| *s).collect();
        // Collected in place, into the same allocation.
        let outcomes = kept.into_iter().map(|(o, _)| o).collect();
        Collected {
            outcomes,
            spooled,
            totals: state.totals,
            encrypted: state.encrypted,
            answer_times: state.answer_times,
            generated: state.generated,
            facts: state.facts.masked(&self.masker),
            turned_off: self.turned_off,
            comparison: state.comparing.map(Comparing::finish),
            reports: state.reports,
            formats: self.formats.clone(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A trial that panicked holding the lock left whole data: every update is one push.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Collected {
    /// The documentation coverage of the run: the ledger of `spec` by what the outcomes
    /// exercised.
    pub fn fact_coverage(&self, spec: &Spec) -> FactCoverage {
        FactCoverage::of(spec.ledger(), &self.facts, &self.turned_off)
    }
}

impl Reporter for Collector {
    fn report(&self, event: &Event<'_>) {
        if let Event::Outcome(o) = event {
            self.record(o);
        }
    }
}

/// What is kept of a masked outcome: a failing or erroring one whole when `evidence` is
/// wanted (the diffs and the pages show it), anything else without exchange and views.
pub fn compact(mut o: Outcome, evidence: bool) -> Outcome {
    if evidence && Status::of(&o.verdict).is_failing() {
        return o;
    }
    o.exchange = None;
    o.expected = None;
    o.actual = None;
    o.steps = std::mem::take(&mut o.steps)
        .into_iter()
        .map(|s| compact(s, false))
        .collect();
    o
}
