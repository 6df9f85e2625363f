//! Reports: what a run tells the world, as it goes and at its end.
//!
//! A run emits typed [`Event`]s (started, notes, warnings, each outcome, finished, the files
//! written, the baseline compared) to its [`Reporters`]: the console ([`Console`]) is one,
//! the report files ([`Collector`]) another. The files are the registered [`Format`]s
//! ([`formats`]): per run, [`write()`] (or, for a run that handed each outcome to a
//! [`Collector`] as it ended, [`write_spooled`]) fills `<root>/<run-id>/` and refreshes
//! `<root>/latest/` (a real copy) with `summary.md`, `junit.xml`, `report.json`,
//! `report.html`, `diffs/<operation>/<case>.diff` and, with a baseline,
//! `drift/<operation>/<case>.diff`. Every byte written passes through the
//! [`Masker`](crate::mask::Masker): each format works on [`masked`] copies of the data, and
//! the final guard ([`crate::mask::guard`]) scans every file. docs/reports.md describes the
//! files; the console message of a failing trial is [`console`]'s.

pub mod answer_times;
pub mod baseline;
pub mod client;
mod close;
pub mod code_matrix;
pub mod collect;
pub mod comparison;
pub mod console;
pub mod diffs;
mod dir;
pub mod drift;
pub mod encrypted;
mod error;
pub mod event;
pub mod exchange;
pub mod fact_coverage;
pub mod fact_report;
mod files;
pub mod findings;
pub mod flaky;
pub mod format;
pub mod formats;
pub mod fragment;
pub mod html;
pub mod json;
pub mod junit;
pub mod latest;
pub mod lines;
pub mod masked;
pub mod md;
pub mod names;
pub mod progress;
pub mod replay;
pub mod script;
pub mod shell;
pub mod spool;
pub mod steps;
pub mod summary;
pub mod turned_off;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use baseline::{Baseline, compare, compare_masked, load_baseline};
pub use close::Reported;
pub use collect::{Collected, Collector};
pub use comparison::{Comparison, Drift};
pub use error::Error;
pub use event::{Event, Note, Reporter, Reporters, Started, Warning};
pub use files::{render_all, write, write_spooled};
pub use format::{Doc, Finished, Format, Formats, Piece};
pub use latest::LATEST;
pub use lines::Console;
pub use spool::Spool;

/// A new run id, `YYYYMMDDTHHMMSSZ-xxxx`: the start time in UTC and 4 random hex digits.
pub fn new_run_id(now: DateTime<Utc>) -> String {
    // Only separates runs started in the same second: no need for the CSPRNG's seeding stall.
    let bytes = fastrand::u16(..).to_be_bytes();
    format!(
        "{}-{:02x}{:02x}",
        now.format("%Y%m%dT%H%M%SZ"),
        bytes[0],
        bytes[1]
    )
}

/// What a report says about the run as a whole; serialized, `report.json`'s `run`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInfo {
    /// Unique id of the run, also the directory name (`YYYYMMDDTHHMMSSZ-<4 hex>`).
    pub run_id: String,
    /// When the run started, RFC 3339 UTC.
    pub started_at: String,
    /// The base URL, or `embedded reference mock (http://127.0.0.1:PORT)`.
    pub target: String,
    /// The profile file.
    pub profile: String,
    /// The profile's environment (`mock`, `sandbox`, ...).
    pub environment: String,
    /// The spec file.
    pub spec_path: String,
    /// The spec's `info.version`.
    pub spec_version: String,
    /// SHA-256 of the spec file.
    pub spec_hash: String,
    /// Whether `--strict` was on.
    pub strict: bool,
    /// Wall time of the whole run (`duration_ms` in report.json).
    #[serde(rename = "duration_ms", with = "json::duration_ms")]
    pub duration: Duration,
    /// The request constraints and how many the generated cases covered, when known (not in
    /// report.json).
    #[serde(skip)]
    pub constraints: Option<crate::constraint_coverage::ConstraintCoverage>,
    /// The tool and the SHA-256 of the inputs, when the run knows them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<crate::provenance::Provenance>,
    /// The tags of the cases that have some, by trial name (the tag filter of `report.html`;
    /// not in report.json).
    #[serde(skip)]
    pub tags: BTreeMap<String, Vec<String>>,
    /// For a proxy session: the request fields and headers the client sent (`run.client` in
    /// report.json); absent for a run of cases.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<crate::client_coverage::ClientCoverage>,
    /// How long the answers took, by operation (`report.html`'s timing picture; not in
    /// report.json, whose outcomes have each exchange's `elapsed_ms`).
    #[serde(skip)]
    pub answer_times: answer_times::AnswerTimes,
}

impl RunInfo {
    /// What every run states about itself: its id, when it started, the target as the reports
    /// show it, the profile and the spec, and its wall time from `started` to now. Not
    /// strict, and no constraints, provenance, tags, client coverage or answer times: a run
    /// that has them sets them.
    pub fn new(
        run_id: String,
        (spec, profile): (&crate::spec::Spec, &crate::profile::Profile),
        target: String,
        (started, started_at): (Instant, DateTime<Utc>),
    ) -> RunInfo {
        RunInfo {
            run_id,
            started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            target,
            profile: profile.path.display().to_string(),
            environment: profile.file.environment.to_string(),
            spec_path: spec.path.display().to_string(),
            spec_version: spec.version.clone(),
            spec_hash: spec.hash.clone(),
            strict: false,
            duration: started.elapsed(),
            constraints: None,
            provenance: None,
            tags: BTreeMap::new(),
            client: None,
            answer_times: answer_times::AnswerTimes::default(),
        }
    }
}

/// Where the files of one run went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// `<root>/<run-id>`.
    pub dir: PathBuf,
    /// `<root>/latest`.
    pub latest: PathBuf,
    /// The files that held what masking should have hidden; they were written masked.
    pub escapes: Vec<crate::mask::guard::Escape>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn run_ids_are_time_then_four_hex() {
        let now = DateTime::parse_from_rfc3339("2024-05-06T07:08:09.5Z")
            .unwrap()
            .with_timezone(&Utc);
        let id = new_run_id(now);
        assert_eq!(id.len(), "20240506T070809Z-beef".len(), "{id}");
        assert!(id.starts_with("20240506T070809Z-"), "{id}");
        assert!(id[17..].chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
}
