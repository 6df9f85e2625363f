//! The report files written while the run goes: as each trial ends, the entry of its outcome
//! in every format that has one ([`Format::entry`](super::Format::entry): `report.json`'s entry, JUnit's
//! `<testcase>`) is appended to that format's part file in the run's staging directory,
//! `<root>/.<run-id>.tmp/`, so that no outcome has to keep its exchange in memory for them
//! ([`collect`](super::collect) keeps the rest).
//!
//! Outcomes end in completion order; the documents list them in report order. At the end
//! [`write_spooled`](super::write_spooled) writes each format's files into the staging
//! directory (`Spool::write_doc`): the text the format rendered at the end, and each entry
//! copied from its part file where the format placed it. The files are byte for byte those
//! that [`render_all`](super::render_all) renders in memory.
//!
//! The final masking guard ([`crate::mask::guard`]) sees every byte: each entry as it is
//! spooled, a file's name and the rest of its text as they are written.
//!
//! A write error is kept and the rest of the run spools nothing; the run still ends, and then
//! reports the error (exit 3). The staging directory goes away whatever happens ([`Drop`]),
//! unless it became the run directory.

use std::collections::BTreeMap;
use std::collections::btree_map::Entry as Slot;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::error::Error;
use super::format::{Doc, Formats, Piece};
use super::{Written, dir, latest};
use crate::mask::Masker;
use crate::mask::guard::{self, Escape};
use crate::outcome::Outcome;

/// Where one outcome's entries are in the part files: the outcome's place in the order the
/// spool took them (`None`: not spooled).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spooled(Option<u32>);

/// One outcome's entries, a format's each, rendered from its masked copy and looked at by
/// the guard.
#[derive(Debug)]
pub(crate) struct Entries(Vec<Entry>);

#[derive(Debug)]
struct Entry {
    /// The format's index among the run's formats.
    format: usize,
    name: &'static str,
    text: String,
    escape: Option<Escape>,
}

impl Entries {
    /// The entries of an outcome that is masked already, in every format that has one.
    pub(crate) fn of(
        formats: &Formats,
        masked: &Outcome,
        masker: &Masker,
    ) -> Result<Entries, Error> {
        let mut entries = Vec::new();
        for (format, f) in formats.iter() {
            let Some(text) = f.entry(masked) else {
                continue;
            };
            let mut text = text?;
            let escape = guard::file(&mut PathBuf::from(f.name()), &mut text, masker);
            entries.push(Entry {
                format,
                name: f.name(),
                text,
                escape,
            });
        }
        Ok(Entries(entries))
    }
}

/// The part file of one format.
#[derive(Debug)]
struct Part {
    path: PathBuf,
    file: BufWriter<File>,
    len: u64,
    /// Where each spooled outcome's entry is, by its place: (offset, length).
    slots: Vec<(u64, u64)>,
    /// What the guard found in an entry, by the outcome's place (seldom anything).
    escapes: BTreeMap<u32, (usize, usize)>,
}

impl Part {
    fn create(staging: &Path, name: &str) -> Result<Part, Error> {
        let path = staging.join(format!("{name}.part"));
        let file = File::options()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|source| Error::WriteFile {
                path: path.clone(),
                source,
            })?;
        Ok(Part {
            path,
            file: BufWriter::new(file),
            len: 0,
            slots: Vec::new(),
            escapes: BTreeMap::new(),
        })
    }

    fn append(&mut self, place: u32, entry: &Entry) -> Result<(), Error> {
        let at = self.len;
        self.file
            .write_all(entry.text.as_bytes())
            .map_err(|source| Error::WriteFile {
                path: self.path.clone(),
                source,
            })?;
        self.len += entry.text.len() as u64;
        let i = place as usize;
        if self.slots.len() <= i {
            self.slots.resize(i + 1, (0, 0));
        }
        self.slots[i] = (at, entry.text.len() as u64);
        if let Some(e) = &entry.escape {
            self.escapes.insert(place, (e.secrets, e.cards));
        }
        Ok(())
    }

    /// Copies the entry of the outcome at `place` to `out`; what the guard found in it.
    fn copy(&mut self, place: u32, out: &mut impl Write) -> io::Result<(usize, usize)> {
        let Some(&(at, len)) = self.slots.get(place as usize) else {
            return Ok((0, 0));
        };
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(at))?;
        let copied = io::copy(&mut file.take(len), out)?;
        if copied != len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a spooled entry is shorter than written",
            ));
        }
        Ok(self.escapes.get(&place).copied().unwrap_or_default())
    }
}

/// The part files of a run and where its reports go.
#[derive(Debug)]
pub struct Spool {
    root: PathBuf,
    run_dir: String,
    staging: PathBuf,
    /// By format index; a format's part file is made with its first entry.
    parts: BTreeMap<usize, Part>,
    /// How many outcomes were spooled.
    spooled: u32,
    /// The first write error; nothing is spooled after it.
    error: Option<Error>,
    installed: bool,
}

impl Spool {
    /// The staging directory `<root>/.<run-id>.tmp/`; `root` is made if needed. The run id
    /// must be a plain name ([`Error::RunId`]).
    pub fn create(root: &Path, run_id: &str) -> Result<Spool, Error> {
        let run_dir = latest::run_dir_name(run_id)?;
        let staging = root.join(format!(".{run_dir}.tmp"));
        std::fs::create_dir_all(&staging).map_err(|source| Error::CreateDir {
            path: staging.clone(),
            source,
        })?;
        Ok(Spool {
            root: root.to_path_buf(),
            run_dir,
            staging,
            parts: BTreeMap::new(),
            spooled: 0,
            error: None,
            installed: false,
        })
    }

    /// Appends one outcome's entries (or keeps the error that kept them from being
    /// rendered); where they went.
    pub(crate) fn append(&mut self, entries: Result<Entries, Error>) -> Spooled {
        if self.error.is_some() {
            return Spooled::default();
        }
        let place = self.spooled;
        self.spooled += 1;
        let appended = entries.and_then(|e| {
            e.0.iter()
                .try_for_each(|entry| self.part(entry)?.append(place, entry))
        });
        match appended {
            Ok(()) => Spooled(Some(place)),
            Err(e) => {
                self.error = Some(e);
                Spooled::default()
            }
        }
    }

    /// The part file of an entry's format, made on its first entry.
    fn part(&mut self, entry: &Entry) -> Result<&mut Part, Error> {
        Ok(match self.parts.entry(entry.format) {
            Slot::Occupied(part) => part.into_mut(),
            Slot::Vacant(slot) => slot.insert(Part::create(&self.staging, entry.name)?),
        })
    }

    /// The first error of the run's spooling, if any: then no report can be written.
    pub(crate) fn check(&mut self) -> Result<(), Error> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Writes one file of the format at index `format` into the staging directory: its text,
    /// and the entries it places copied from the format's part file (`spooled`: where each
    /// outcome's entries went). Its path (masked, if the name held what it should not) and
    /// what the guard found in it.
    pub(crate) fn write_doc(
        &mut self,
        format: usize,
        doc: Doc,
        spooled: &[Spooled],
        masker: &Masker,
    ) -> Result<(PathBuf, Option<Escape>), Error> {
        let mut path = doc.path;
        let mut found = (0, 0);
        // The name first: the file is made under its masked name.
        tally(
            &mut found,
            guard::file(&mut path, &mut String::new(), masker),
        );
        let full = self.staging.join(&path);
        dir::create_parent(&full)?;
        let wrote = |source| Error::WriteFile {
            path: full.clone(),
            source,
        };
        let mut part = self.parts.get_mut(&format);
        if let Some(p) = part.as_mut() {
            p.file.flush().map_err(wrote)?;
        }
        let mut out = BufWriter::new(File::create(&full).map_err(wrote)?);
        for piece in doc.pieces {
            match piece {
                Piece::Text(mut text) => {
                    tally(&mut found, guard::file(&mut path, &mut text, masker));
                    out.write_all(text.as_bytes()).map_err(wrote)?;
                }
                Piece::Entry(i) => {
                    let (Some(Spooled(Some(place))), Some(p)) = (spooled.get(i), part.as_mut())
                    else {
                        continue;
                    };
                    let (secrets, cards) = p.copy(*place, &mut out).map_err(wrote)?;
                    (found.0, found.1) = (found.0 + secrets, found.1 + cards);
                }
            }
        }
        out.flush().map_err(wrote)?;
        let (secrets, cards) = found;
        let escape = (secrets + cards > 0).then(|| Escape {
            file: path.clone(),
            secrets,
            cards,
        });
        Ok((path, escape))
    }

    /// Makes the staging directory the run directory `<root>/<run-id>` (without the part
    /// files), then puts a copy of its files `rels` in `<root>/latest`.
    pub(crate) fn install(
        mut self,
        rels: &[PathBuf],
        escapes: Vec<Escape>,
    ) -> Result<Written, Error> {
        for part in self.parts.values() {
            std::fs::remove_file(&part.path).map_err(|source| Error::WriteFile {
                path: part.path.clone(),
                source,
            })?;
        }
        let dir = self.root.join(&self.run_dir);
        std::fs::rename(&self.staging, &dir).map_err(|source| Error::CreateDir {
            path: dir.clone(),
            source,
        })?;
        self.installed = true;
        let latest = latest::stage_copies(&self.root, &self.run_dir, rels)?.install()?;
        Ok(Written {
            dir,
            latest,
            escapes,
        })
    }
}

impl Drop for Spool {
    fn drop(&mut self) {
        if !self.installed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Adds what the guard found to the (secrets, cards) found so far.
fn tally(found: &mut (usize, usize), escape: Option<Escape>) {
    if let Some(e) = escape {
        found.0 += e.secrets;
        found.1 += e.cards;
    }
}
