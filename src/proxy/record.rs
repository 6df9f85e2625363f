//! `--record DIR`: every exchange, masked, as one JSON line of `DIR/exchanges.jsonl`, and the
//! draft case files under `DIR/cases/` ([`super::draft`]), rewritten as drafts are added so
//! that a proxy stopped any way leaves usable files. Every text passes the masking guard on
//! its way out, as the report files do.

use std::fs::{self, File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::json;

use super::draft::Drafts;
use super::inspect::{Captured, Inspected};
use crate::mask::Masker;
use crate::mask::guard::{self, Escape};
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
        let exchanges = guarded(&self.dir, EXCHANGES, entry.to_string(), m);
        writeln!(self.exchanges, "{}", exchanges.text)
            .map_err(|e| format!("cannot write {}: {e}", exchanges.path.display()))?;
        let drafted = match self.drafts.add(seq, c, i, m) {
            Some(op) => self.write_draft(&op, spec, m)?,
            None => None,
        };
        match exchanges.escape.or(drafted) {
            Some(e) => Err(e.in_dir(&self.dir)),
            None => Ok(()),
        }
    }

    /// Rewrites the draft file of `op`; what the guard had to mask, if anything.
    fn write_draft(&self, op: &str, spec: &Spec, m: &Masker) -> Result<Option<Escape>, String> {
        let Some(text) = self.drafts.file(spec, op, m) else {
            return Ok(None);
        };
        let file = guarded(&self.dir, &format!("{CASES}/{op}.yaml"), text, m);
        fs::write(&file.path, &file.text)
            .map_err(|e| format!("cannot write {}: {e}", file.path.display()))?;
        Ok(file.escape)
    }
}

/// A text about to be written, after the guard's last look.
struct Guarded {
    /// Where: the record directory joined with the (masked) name.
    path: PathBuf,
    text: String,
    escape: Option<Escape>,
}

/// The guard's last look (as at every report file): what escaped masking is masked now, and
/// said, because a masking rule was bypassed. The guard sees the name under the record
/// directory `dir`, so its [`Escape`] names the file once in [`Escape::in_dir`].
fn guarded(dir: &Path, name: &str, mut text: String, m: &Masker) -> Guarded {
    let mut name = PathBuf::from(name);
    let escape = guard::file(&mut name, &mut text, m);
    Guarded {
        path: dir.join(name),
        text,
        escape,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_names_a_recorded_file_once() {
        let dir = Path::new("recorded");
        let file = guarded(
            dir,
            "cases/x.yaml",
            "card 4111111111111111".into(),
            &Masker::default(),
        );
        assert_eq!(file.path, Path::new("recorded/cases/x.yaml"));
        let said = file.escape.expect("a card number escaped").in_dir(dir);
        assert!(said.contains("`recorded/cases/x.yaml`"), "{said}");
    }
}
