//! The end of a run whose outcomes were collected as they came ([`Collector`]): the run as it
//! [`Finished`] goes to the reporters (the console's findings and constraint line), the report
//! files are written from the spool ([`Event::Written`]), the outcomes compared with the
//! baseline ([`Event::Compared`]). `run` ends this way, and so can any emitter of outcomes.
//!
//! [`Collector`]: super::collect::Collector

use super::collect::Collected;
use super::event::{Event, Reporters};
use super::fact_coverage::FactCoverage;
use super::files::write_finished;
use super::format::Finished;
use super::{RunInfo, masked};
use crate::mask::Masker;
use crate::spec::Spec;

/// What the end of a run found, for its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reported {
    /// Whether the baseline gate failed, when there is a baseline.
    pub gate_failed: Option<bool>,
    /// Report files the final guard had to mask (see [`crate::mask::guard`]).
    pub escapes: usize,
    /// The report files were written (or none were asked for).
    pub written: bool,
}

impl Collected {
    /// Ends the run: [`Event::Finished`], the report files when they were asked for
    /// ([`Event::Written`]), the baseline comparison when there is one ([`Event::Compared`]).
    pub fn close(
        mut self,
        info: &RunInfo,
        spec: &Spec,
        masker: &Masker,
        reporters: &Reporters,
    ) -> Reported {
        let reports = self.reports.take();
        let info = masked::info(info, masker);
        // Without report files only the counts are shown (the console's line).
        let facts = match reports {
            Some(_) => self.fact_coverage(spec),
            None => FactCoverage::counted(spec.ledger(), &self.facts, &self.turned_off),
        };
        let run = Finished {
            info: &info,
            spec,
            outcomes: &self.outcomes,
            encrypted: &self.encrypted,
            comparison: self.comparison.as_ref(),
            facts: &facts,
        };
        reporters.emit(&Event::Finished(&run));
        let mut reported = Reported {
            gate_failed: None,
            escapes: 0,
            written: true,
        };
        if let Some(spool) = reports {
            let written = spool.and_then(|s| write_finished(s, &run, &self, masker));
            reporters.emit(&Event::Written(&written));
            match &written {
                Ok(w) => reported.escapes = w.escapes.len(),
                Err(_) => reported.written = false,
            }
        }
        reported.gate_failed = self.comparison.as_ref().map(|c| {
            reporters.emit(&Event::Compared(c));
            c.gate_failed()
        });
        reported
    }
}
