//! The console reporter: each event of a run as what a person reads on stderr. The lines go to
//! the function the command line gives ([`Console::new`]), which masks them with the run's
//! masker. libtest prints each trial itself (with [`console::failure_message`]), so an outcome
//! says nothing here.
//!
//! [`console::failure_message`]: super::console::failure_message

use super::comparison::Comparison;
use super::event::{Event, Note, Reporter, Warning};
use super::format::Finished;
use super::{Error, Written, client, code_matrix, findings};
use crate::error::{EXIT_REPORTS, with_causes};

/// How many cases a finding of the console's tail names.
const TAIL_CASES: usize = 4;

/// The console among a run's reporters.
pub struct Console {
    say: Box<dyn Fn(&str) + Send + Sync>,
}

impl Console {
    /// A console that gives each line to `say`.
    pub fn new(say: impl Fn(&str) + Send + Sync + 'static) -> Console {
        Console { say: Box::new(say) }
    }
}

impl Reporter for Console {
    fn report(&self, event: &Event<'_>) {
        for line in lines(event) {
            (self.say)(&line);
        }
    }
}

impl std::fmt::Debug for Console {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Console")
    }
}

/// What the console says of one event, a line each (a composed note may hold several).
pub fn lines(event: &Event<'_>) -> Vec<String> {
    match event {
        Event::Started(_) | Event::Outcome(_) | Event::Sent { .. } => vec![],
        Event::Note(n) => vec![note(n)],
        Event::Warning(w) => vec![warning(w)],
        Event::Finished(run) => finished(run),
        Event::Written(w) => written(w),
        Event::Compared(c) => vec![compared(c)],
    }
}

fn note(n: &Note) -> String {
    match n {
        Note::Generated(note) => format!("generated: {note}"),
        Note::SetAside { scenarios, profile } => format!(
            "note: the {scenarios} scenario(s) show as ignored: {} says `stateful: false`",
            profile.display()
        ),
        Note::Flaky {
            cases,
            fail_the_run,
        } => format!(
            "flaky: {cases} case(s) passed only after a retry (verdict `flaky` in the reports{})",
            if *fail_the_run {
                "; --fail-on-flaky fails the run"
            } else {
                ""
            }
        ),
        Note::Said(text) => text.clone(),
    }
}

fn warning(w: &Warning) -> String {
    match w {
        Warning::Refused {
            trials,
            environment,
            flag,
        } => format!(
            "warning: the {trials} state-changing case(s) and scenario(s) are not sent to this `{environment}` target and show as ignored, with the reason (see {flag})"
        ),
        Warning::Said(text) => text.clone(),
    }
}

/// The findings grouped by cause, then the constraint and the documentation coverage.
fn finished(run: &Finished<'_>) -> Vec<String> {
    let mut lines = findings::tail(run.spec, run.outcomes, TAIL_CASES);
    if let Some(c) = &run.info.constraints {
        lines.push(format!("constraints: {}", c.line()));
    }
    lines.push(run.facts.line());
    if let Some(c) = &run.info.client {
        let rows = code_matrix::matrix(run.spec, run.outcomes);
        lines.push(client::line(&rows, c));
    }
    lines
}

/// Where the report files went (and which needed the final masking guard), or why they could
/// not be written.
fn written(w: &Result<Written, Error>) -> Vec<String> {
    match w {
        Ok(w) => {
            let mut lines = vec![format!(
                "reports: {} (and {})",
                w.dir.display(),
                w.latest.display()
            )];
            lines.extend(
                w.escapes
                    .iter()
                    .map(|e| format!("error: {}", e.in_dir(&w.dir))),
            );
            lines
        }
        Err(e) => vec![format!(
            "error: cannot write the reports: {} (exit code {EXIT_REPORTS})",
            with_causes(e)
        )],
    }
}

fn compared(c: &Comparison) -> String {
    format!(
        "baseline: {} newly failing, {} fixed, {} still failing",
        c.newly_failing.len(),
        c.fixed.len(),
        c.still_failing.len()
    )
}
