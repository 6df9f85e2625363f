//! What a report file format is: a [`Format`] turns the run as it [`Finished`] into its files,
//! each a [`Doc`] of pieces; a format that lists every outcome also renders each outcome's
//! entry as the outcome ends, so the run need not keep the outcome for it.
//!
//! The formats of a run are listed once, in [`formats`](super::formats); the writers
//! ([`write`](super::write()) all in memory, [`write_spooled`](super::write_spooled) from the
//! spool as the run went) treat every
//! format alike: they mask the data before a format sees it, and the final guard
//! ([`crate::mask::guard`]) scans every piece a format returns before it reaches a file.

use std::path::PathBuf;
use std::sync::Arc;

use super::RunInfo;
use super::comparison::Comparison;
use super::encrypted::Encrypted;
use super::error::Error;
use super::fact_coverage::FactCoverage;
use crate::outcome::Outcome;
use crate::spec::Spec;

/// A report file format of the run directory (`summary.md`, `junit.xml`, ...).
pub trait Format: Send + Sync {
    /// The file it writes, relative to the run directory (for a format of many files, their
    /// directory). It names the format's spool part and its entries for the final guard.
    fn name(&self) -> &'static str;

    /// One outcome's entry, rendered from its masked copy as the outcome ends: for a format
    /// whose file lists every outcome with what a passing one does not keep (its exchange),
    /// as `report.json` and `junit.xml` do. The default, `None`: the format renders everything
    /// at the end from the outcomes kept ([`Finished::outcomes`]).
    fn entry(&self, _masked: &Outcome) -> Option<Result<String, Error>> {
        None
    }

    /// The format's files at the end of the run. A [`Piece::Entry`] stands for what
    /// [`Format::entry`] rendered of that outcome.
    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, Error>;
}

/// The run as it finished: what every format and the console's last lines read. Everything
/// in it is masked.
#[derive(Debug, Clone, Copy)]
pub struct Finished<'a> {
    /// The run as a whole.
    pub info: &'a RunInfo,
    /// The contract the outcomes are laid out by (operations in spec order).
    pub spec: &'a Spec,
    /// The outcomes kept for the end, sorted by name as a run hands them over: every one when
    /// report files are written, a passing one possibly without its exchange
    /// ([`collect`](super::collect)); without report files, those with findings.
    pub outcomes: &'a [Outcome],
    /// Every exchange of the run, counted by encryption.
    pub encrypted: &'a Encrypted,
    /// The comparison with the baseline, when one was given.
    pub comparison: Option<&'a Comparison>,
    /// The documentation coverage: what became of each fact of the ledger.
    pub facts: &'a FactCoverage,
}

/// One file of a format: its path in the run directory and its text, in pieces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Doc {
    /// Relative to the run directory.
    pub path: PathBuf,
    /// The text, in order.
    pub pieces: Vec<Piece>,
}

/// A piece of a file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text the format rendered at the end.
    Text(String),
    /// The entry of the outcome at this index of [`Finished::outcomes`] ([`Format::entry`]).
    /// A secret or a card number cannot span two pieces: what joins an entry to its
    /// neighbours is layout (`,`, newlines, spaces, markup), never a digit.
    Entry(usize),
}

impl Doc {
    /// A file rendered whole.
    pub fn text(path: impl Into<PathBuf>, text: String) -> Doc {
        Doc {
            path: path.into(),
            pieces: vec![Piece::Text(text)],
        }
    }

    /// The whole text, each entry rendered by `entry` (nothing for an outcome it has none
    /// for).
    pub fn assemble(
        self,
        mut entry: impl FnMut(usize) -> Option<Result<String, Error>>,
    ) -> Result<(PathBuf, String), Error> {
        let mut text = String::new();
        for piece in self.pieces {
            match piece {
                Piece::Text(t) => text.push_str(&t),
                Piece::Entry(i) => text.push_str(&entry(i).transpose()?.unwrap_or_default()),
            }
        }
        Ok((self.path, text))
    }
}

/// The report file formats of a run, in the order their files are listed (and the final
/// guard's findings reported). Cheap to clone.
#[derive(Clone)]
pub struct Formats(Arc<[Arc<dyn Format>]>);

impl Formats {
    /// These formats, in this order.
    pub fn new(formats: Vec<Arc<dyn Format>>) -> Formats {
        Formats(formats.into())
    }

    /// These formats and `format` after them.
    pub fn with(&self, format: Arc<dyn Format>) -> Formats {
        let mut all = self.0.to_vec();
        all.push(format);
        Formats::new(all)
    }

    /// Each format with its index.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &dyn Format)> {
        self.0.iter().map(|f| f.as_ref()).enumerate()
    }
}

impl std::fmt::Debug for Formats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|x| x.name()))
            .finish()
    }
}
