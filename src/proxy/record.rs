//! `--record DIR`: every exchange, masked, as one JSON line of `DIR/exchanges.jsonl`, and the
//! draft case files under `DIR/cases/` ([`super::draft`]), rewritten as drafts are added so
//! that a proxy stopped any way leaves usable files.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::draft::Drafts;
use super::inspect::{Captured, Inspected};
use crate::mask::Masker;
use crate::profile::Profile;
use crate::report::masked;
use crate::spec::Spec;

/// The exchanges file, under the record directory.
pub const EXCHANGES: &str = "exchanges.jsonl";
/// The directory of draft case files, under the record directory.
pub const CASES: &str = "cases";

/// An open recording.
#[derive(Debug)]
pub struct Recorder {
    dir: PathBuf,
    exchanges: File,
    drafts: Drafts,
}

impl Recorder {
    /// Creates `dir` and `dir/cases`, and opens `dir/exchanges.jsonl` for appending.
    pub fn open(dir: &Path, profile: &Profile) -> Result<Recorder, String> {
        let cases = dir.join(CASES);
        fs::create_dir_all(&cases)
            .map_err(|e| format!("cannot create {}: {e}", cases.display()))?;
        let path = dir.join(EXCHANGES);
        let exchanges = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        Ok(Recorder {
            dir: dir.to_path_buf(),
            exchanges,
            drafts: Drafts::new(profile),
        })
    }

    /// Records one exchange, and its draft when it makes a new one.
    pub fn record(
        &mut self,
        seq: u64,
        c: &Captured,
        i: &Inspected,
        spec: &Spec,
        m: &Masker,
    ) -> Result<(), String> {
        let entry = json!({
            "seq": seq,
            "operation": i.operation,
            "findings": i.findings,
            "notes": i.notes,
            "exchange": masked::exchange(&i.exchange, m),
        });
        let path = self.dir.join(EXCHANGES);
        writeln!(self.exchanges, "{entry}")
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let Some(op) = self.drafts.add(seq, c, i, m) else {
            return Ok(());
        };
        let Some(text) = self.drafts.file(spec, &op, m) else {
            return Ok(());
        };
        let path = self.dir.join(CASES).join(format!("{op}.yaml"));
        fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}
