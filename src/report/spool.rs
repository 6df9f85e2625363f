//! The two big report files, written while the run goes: as each trial ends, its outcome's
//! `report.json` entry and JUnit `<testcase>` are appended to part files in the run's staging
//! directory, `<root>/.<run-id>.tmp/`, so that no outcome has to keep its exchange in memory
//! for them ([`collect`](super::collect) keeps the rest).
//!
//! Outcomes end in completion order; the documents list them in report order. At the end
//! [`write_spooled`](super::write_spooled) copies the entries, in order, between the frames of
//! the two documents (`json::frame_text`, `junit::frame_pieces`): the files are
//! byte for byte those that [`render_all`](super::render_all) renders in memory.
//!
//! The final masking guard ([`crate::mask::guard`]) sees every byte: each entry as it is
//! spooled, and the frames as they are written. A secret or a card number cannot span two
//! entries: what joins them is layout (`,`, newlines, spaces, markup), never a digit.
//!
//! A write error is kept and the rest of the run spools nothing; the run still ends, and then
//! reports the error (exit 3). The staging directory goes away whatever happens ([`Drop`]),
//! unless it became the run directory.

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::error::Error;
use super::latest;
use super::{Written, json, junit};
use crate::mask::Masker;
use crate::mask::guard::{self, Escape};
use crate::outcome::Outcome;

/// `report.json`'s name in the run directory.
pub const REPORT_JSON: &str = "report.json";

/// `junit.xml`'s name in the run directory.
pub const JUNIT_XML: &str = "junit.xml";

/// Where one outcome's entries are in the part files: (offset, length) in each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spooled {
    json: (u64, u64),
    junit: (u64, u64),
}

/// One outcome's entries, rendered from its masked copy and looked at by the guard.
#[derive(Debug)]
pub(crate) struct Entries {
    json: String,
    junit: String,
    escapes: [Option<Escape>; 2],
}

impl Entries {
    /// The `report.json` entry and `<testcase>` of an outcome that is masked already.
    pub(crate) fn of(masked: &Outcome, masker: &Masker) -> Result<Entries, Error> {
        let mut json = json::entry(masked);
        let mut junit =
            junit::testcase(masked).map_err(|e| super::files::render_error(JUNIT_XML, e))?;
        let escapes = [
            guard::file(&mut PathBuf::from(REPORT_JSON), &mut json, masker),
            guard::file(&mut PathBuf::from(JUNIT_XML), &mut junit, masker),
        ];
        Ok(Entries {
            json,
            junit,
            escapes,
        })
    }
}

/// One of the two part files.
#[derive(Debug)]
struct Part {
    name: &'static str,
    path: PathBuf,
    file: BufWriter<File>,
    len: u64,
    /// What the guard found in its entries so far.
    escape: Escape,
}

impl Part {
    fn create(staging: &Path, name: &'static str) -> Result<Part, Error> {
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
            name,
            path,
            file: BufWriter::new(file),
            len: 0,
            escape: Escape {
                file: PathBuf::from(name),
                secrets: 0,
                cards: 0,
            },
        })
    }

    fn append(&mut self, text: &str, escape: Option<&Escape>) -> Result<(u64, u64), Error> {
        let at = self.len;
        self.file
            .write_all(text.as_bytes())
            .map_err(|source| Error::WriteFile {
                path: self.path.clone(),
                source,
            })?;
        self.len += text.len() as u64;
        if let Some(e) = escape {
            self.escape.secrets += e.secrets;
            self.escape.cards += e.cards;
        }
        Ok((at, text.len() as u64))
    }

    /// Copies the entry at `(offset, length)` to `out`.
    fn copy(&mut self, (at, len): (u64, u64), out: &mut impl Write) -> io::Result<()> {
        let file = self.file.get_mut();
        file.seek(SeekFrom::Start(at))?;
        let copied = io::copy(&mut file.take(len), out)?;
        if copied == len {
            Ok(())
        } else {
            Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "a spooled entry is shorter than written",
            ))
        }
    }
}

/// The part files of a run and where its reports go.
#[derive(Debug)]
pub struct Spool {
    root: PathBuf,
    run_dir: String,
    staging: PathBuf,
    json: Part,
    junit: Part,
    /// The first write error; nothing is spooled after it.
    error: Option<Error>,
    installed: bool,
}

impl Spool {
    /// The staging directory `<root>/.<run-id>.tmp/` and its part files; `root` is made if
    /// needed. The run id must be a plain name ([`Error::RunId`]).
    pub fn create(root: &Path, run_id: &str) -> Result<Spool, Error> {
        let run_dir = super::files::run_dir_name(run_id)?;
        let staging = root.join(format!(".{run_dir}.tmp"));
        std::fs::create_dir_all(&staging).map_err(|source| Error::CreateDir {
            path: staging.clone(),
            source,
        })?;
        let parts = Part::create(&staging, REPORT_JSON)
            .and_then(|json| Ok((json, Part::create(&staging, JUNIT_XML)?)));
        let (json, junit) = match parts {
            Ok(parts) => parts,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&staging);
                return Err(e);
            }
        };
        Ok(Spool {
            root: root.to_path_buf(),
            run_dir,
            staging,
            json,
            junit,
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
        let appended = entries.and_then(|e| {
            let [json_escape, junit_escape] = &e.escapes;
            Ok(Spooled {
                json: self.json.append(&e.json, json_escape.as_ref())?,
                junit: self.junit.append(&e.junit, junit_escape.as_ref())?,
            })
        });
        appended.unwrap_or_else(|e| {
            self.error = Some(e);
            Spooled::default()
        })
    }

    /// The staging directory, where the run's files are written before [`Spool::install`].
    pub(crate) fn staging(&self) -> &Path {
        &self.staging
    }

    /// The first error of the run's spooling, if any: then no report can be written.
    pub(crate) fn check(&mut self) -> Result<(), Error> {
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// `report.json` from its frame ([`json::frame_text`]) and the entries `order`ed; what
    /// the guard found in the file, if anything.
    pub(crate) fn write_json(
        &mut self,
        (head, tail): (String, String),
        order: impl ExactSizeIterator<Item = Spooled>,
        masker: &Masker,
    ) -> Result<Option<Escape>, Error> {
        let any = order.len() > 0;
        let (staging, part) = (&self.staging, &mut self.json);
        write_file(staging, part, masker, |out, part| {
            out.frame(&head)?;
            for (i, s) in order.enumerate() {
                if i > 0 {
                    out.layout(json::ENTRY_SEPARATOR)?;
                }
                out.entry(part, s.json)?;
            }
            if any {
                out.layout(json::ENTRIES_CLOSE)?;
            }
            out.frame(&tail)
        })
    }

    /// `junit.xml` from its frame ([`junit::frame_pieces`]) and each suite's entries in order.
    pub(crate) fn write_junit(
        &mut self,
        pieces: Vec<String>,
        suites: Vec<Vec<Spooled>>,
        masker: &Masker,
    ) -> Result<Option<Escape>, Error> {
        let (staging, part) = (&self.staging, &mut self.junit);
        write_file(staging, part, masker, |out, part| {
            let mut pieces = pieces.into_iter();
            out.frame(&pieces.next().unwrap_or_default())?;
            for (cases, piece) in suites.into_iter().zip(pieces) {
                for s in cases {
                    out.entry(part, s.junit)?;
                }
                out.layout(junit::SUITE_END)?;
                out.frame(&piece)?;
            }
            Ok(())
        })
    }

    /// Makes the staging directory the run directory `<root>/<run-id>` (without the part
    /// files), then puts a copy of its files `rels` in `<root>/latest`.
    pub(crate) fn install(
        mut self,
        rels: &[PathBuf],
        escapes: Vec<Escape>,
    ) -> Result<Written, Error> {
        for part in [&self.json.path, &self.junit.path] {
            std::fs::remove_file(part).map_err(|source| Error::WriteFile {
                path: part.clone(),
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

/// Writes `<staging>/<part's name>` through `fill`; what the guard found in the whole file.
fn write_file(
    staging: &Path,
    part: &mut Part,
    masker: &Masker,
    fill: impl FnOnce(&mut Out, &mut Part) -> io::Result<()>,
) -> Result<Option<Escape>, Error> {
    let path = staging.join(part.name);
    let wrote = |source| Error::WriteFile {
        path: path.clone(),
        source,
    };
    part.file.flush().map_err(wrote)?;
    let file = File::create(&path).map_err(wrote)?;
    let mut out = Out {
        file: BufWriter::new(file),
        masker,
        escape: part.escape.clone(),
    };
    fill(&mut out, part).map_err(wrote)?;
    out.file.flush().map_err(wrote)?;
    let escape = out.escape;
    Ok((escape.secrets + escape.cards > 0).then_some(escape))
}

/// A document being written: the frame's pieces pass the guard here, the entries passed it
/// when they were spooled.
struct Out<'m> {
    file: BufWriter<File>,
    masker: &'m Masker,
    /// What the guard found in the file: in its entries, then in its frame.
    escape: Escape,
}

impl Out<'_> {
    /// A piece of the frame, masked by the guard if it holds what it should not.
    fn frame(&mut self, text: &str) -> io::Result<()> {
        let mut text = text.to_string();
        let mut name = self.escape.file.clone();
        if let Some(e) = guard::file(&mut name, &mut text, self.masker) {
            self.escape.secrets += e.secrets;
            self.escape.cards += e.cards;
        }
        self.file.write_all(text.as_bytes())
    }

    /// The document's fixed layout between the pieces: no digit, no secret.
    fn layout(&mut self, text: &'static str) -> io::Result<()> {
        self.file.write_all(text.as_bytes())
    }

    /// A spooled entry, as it is.
    fn entry(&mut self, part: &mut Part, at: (u64, u64)) -> io::Result<()> {
        part.copy(at, &mut self.file)
    }
}
