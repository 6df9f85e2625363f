//! YAML input: typed deserialization with file:line:col errors, and a path → position index.
//!
//! `serde_yaml` (the maintained `yaml_serde` fork) reports where a *syntax or type* error is.
//! Semantic errors found after deserializing (a duplicate case id, an undocumented code, an
//! undefined variable) also need a position, so [`SpanIndex`] walks the parser's events once
//! and records where every node sits, keyed by its JSON-pointer path (`/cases/3/expect/code`).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use saphyr_parser::{Event, Parser};
use serde::de::DeserializeOwned;

use crate::error::{InputError, Pos, did_you_mean};

mod depth;

/// The deepest nesting of mappings and sequences an input may have. The spec nests about 10
/// levels and case files fewer; the limit keeps a hostile file from reaching the parsers'
/// costs that grow with depth (the scanner keeps state per open flow level: 400 KB of `[`
/// took 80 s before this check).
pub const MAX_DEPTH: usize = 64;

/// Deserializes `text` (the contents of `file`) into `T`, or an error pointing into the file.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, InputError> {
    depth::check(file, text)?;
    serde_yaml::from_str(text).map_err(|e| from_serde(file, text, &e))
}

/// The `*.yaml` / `*.yml` files directly in `dir`, sorted by name.
pub fn files_in(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            // Not `is_file`: a FIFO or device named `*.yaml` is reported when it is read
            // (`input_file`), not silently skipped.
            !p.is_dir() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
        })
        .collect();
    paths.sort();
    Ok(paths)
}

/// Turns a `serde_yaml` error into an [`InputError`], adding "did you mean" for unknown keys.
pub fn from_serde(file: &Path, text: &str, e: &serde_yaml::Error) -> InputError {
    let raw = e.to_string();
    // serde_yaml appends " at line L column C"; we render the position ourselves.
    let message = match raw.rfind(" at line ") {
        Some(i) => raw[..i].to_string(),
        None => raw.clone(),
    };
    let mut err = match e.location() {
        Some(loc) => InputError::at(
            file,
            text,
            Pos {
                line: loc.line(),
                col: loc.column(),
            },
            message.clone(),
        ),
        None => InputError::file(file, message.clone()),
    };
    if let Some(help) = unknown_key_help(&message) {
        err = err.with_help(help);
    }
    err
}

/// For serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant"), a hint.
fn unknown_key_help(message: &str) -> Option<String> {
    let kind = ["unknown field `", "unknown variant `"]
        .into_iter()
        .find(|k| message.contains(k))?;
    let start = message.find(kind)? + kind.len();
    let word = &message[start..start + message[start..].find('`')?];
    let rest = &message[start + word.len() + 1..];
    let candidates: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
    match did_you_mean(word, candidates.iter().copied()) {
        Some(best) => Some(format!("did you mean `{best}`?")),
        None if !candidates.is_empty() => Some(format!(
            "expected one of {}",
            candidates
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => None,
    }
}

/// A file's text and, built when first asked for, its [`SpanIndex`].
///
/// Positions are needed only to report an error or a duplicate, so a clean load never pays
/// for the index: building it was a third of the time to load 10,000 cases (a second full
/// parse of the text, and a pointer string per node). Shared (`Arc`) by everything loaded from
/// the file, so a later stage can still point into it.
#[derive(Clone)]
pub struct Positions {
    text: Arc<str>,
    index: OnceLock<SpanIndex>,
}

impl Positions {
    /// The positions of `text`, not yet indexed.
    pub fn new(text: &str) -> Positions {
        Positions {
            text: Arc::from(text),
            index: OnceLock::new(),
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The index, built on first use.
    pub fn index(&self) -> &SpanIndex {
        self.index.get_or_init(|| SpanIndex::build(&self.text))
    }

    /// Whether the index has been built (for tests of the lazy path).
    pub fn indexed(&self) -> bool {
        self.index.get().is_some()
    }
}

impl std::fmt::Debug for Positions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not the text: a case file's text would fill every debug print of a case.
        f.debug_struct("Positions")
            .field("bytes", &self.text.len())
            .field("indexed", &self.indexed())
            .finish()
    }
}

/// Where each node of a YAML document is, by JSON-pointer path.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    values: HashMap<String, Pos>,
    keys: HashMap<String, Pos>,
}

enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

impl SpanIndex {
    /// Indexes `text`. A syntax error yields an empty index: `parse` reports it better.
    pub fn build(text: &str) -> SpanIndex {
        let mut index = SpanIndex::default();
        let mut frames: Vec<Frame> = Vec::new();
        // The current container's pointer, grown and cut back in place (one string for the
        // whole walk: building a path per node was most of the loader's time), and where each
        // open container's parent pointer ends.
        let mut here = String::new();
        let mut ends: Vec<usize> = Vec::new();
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else { break };
            let pos = Pos {
                line: span.start.line(),
                col: span.start.col() + 1,
            };
            // A scalar in key position names the next value; everything else is a value.
            if let (Event::Scalar(s, ..), Some(Frame::Map { key: key @ None })) =
                (&event, frames.last_mut())
            {
                let len = here.len();
                push_segment(&mut here, s);
                index.keys.insert(here.clone(), pos);
                here.truncate(len);
                *key = Some(s.to_string());
                continue;
            }
            match event {
                Event::Scalar(..) | Event::Alias(_) => {
                    let len = here.len();
                    push_child(&mut here, &frames);
                    index.values.insert(here.clone(), pos);
                    here.truncate(len);
                    advance(&mut frames);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    ends.push(here.len());
                    push_child(&mut here, &frames);
                    index.values.insert(here.clone(), pos);
                    frames.push(if matches!(event, Event::MappingStart(..)) {
                        Frame::Map { key: None }
                    } else {
                        Frame::Seq { index: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                    here.truncate(ends.pop().unwrap_or(0));
                    advance(&mut frames);
                }
                _ => {}
            }
        }
        index
    }

    /// Where the value at `pointer` starts (e.g. `/cases/0/expect/code`).
    pub fn value(&self, pointer: &str) -> Option<Pos> {
        self.values.get(pointer).copied()
    }

    /// Where the key of the value at `pointer` is (e.g. a misspelt name in a mapping).
    pub fn key(&self, pointer: &str) -> Option<Pos> {
        self.keys.get(pointer).copied()
    }

    /// Where the value at `pointer` starts, or else its key, or else the nearest parent's.
    pub fn key_or_value(&self, pointer: &str) -> Option<Pos> {
        let mut p = pointer;
        loop {
            if let Some(pos) = self.values.get(p).or_else(|| self.keys.get(p)) {
                return Some(*pos);
            }
            p = &p[..p.rfind('/')?];
        }
    }
}

/// Appends the segment of the next child of the innermost open container.
fn push_child(here: &mut String, frames: &[Frame]) {
    match frames.last() {
        Some(Frame::Map { key: Some(k) }) => push_segment(here, k),
        Some(Frame::Seq { index }) => {
            use std::fmt::Write as _;
            let _ = write!(here, "/{index}");
        }
        _ => {}
    }
}

/// Appends `/segment`, escaped as RFC 6901 says.
fn push_segment(here: &mut String, segment: &str) {
    here.push('/');
    if segment.contains(['~', '/']) {
        here.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    } else {
        here.push_str(segment);
    }
}

fn advance(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Map { key }) => *key = None,
        Some(Frame::Seq { index }) => *index += 1,
        None => {}
    }
}

/// A JSON pointer (RFC 6901) from path segments.
pub fn pointer(path: &[String]) -> String {
    path.iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "operation: x\ncases:\n  - id: a\n    expect: { code: \"000_000\" }\n  - id: b\n    tags:\n      - t1\n";

    #[test]
    fn indexes_block_and_flow_nodes() {
        let idx = SpanIndex::build(DOC);
        assert_eq!(idx.value("/operation"), Some(Pos { line: 1, col: 12 }));
        assert_eq!(idx.value("/cases/0/id"), Some(Pos { line: 3, col: 9 }));
        assert_eq!(
            idx.value("/cases/0/expect/code"),
            Some(Pos { line: 4, col: 21 })
        );
        assert_eq!(idx.value("/cases/1/id"), Some(Pos { line: 5, col: 9 }));
        assert_eq!(idx.value("/cases/1/tags/0"), Some(Pos { line: 7, col: 9 }));
        assert_eq!(
            idx.key_or_value("/cases/1/tags"),
            Some(Pos { line: 7, col: 7 })
        );
        assert_eq!(
            idx.key_or_value("/cases/1/missing"),
            Some(Pos { line: 5, col: 5 })
        );
    }

    #[test]
    fn keys_with_slash_and_tilde_are_escaped() {
        let idx = SpanIndex::build("a/b~c:\n  - x\n  - {k: v}\nnext: 1\n");
        assert_eq!(idx.value("/a~1b~0c/0"), Some(Pos { line: 2, col: 5 }));
        assert_eq!(idx.value("/a~1b~0c/1/k"), Some(Pos { line: 3, col: 9 }));
        assert_eq!(idx.value("/next"), Some(Pos { line: 4, col: 7 }));
        assert_eq!(
            pointer(&["a/b~c".into(), "1".into()]),
            "/a~1b~0c/1".to_string()
        );
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(dead_code)]
    struct Expect {
        status: u16,
        code: String,
    }

    #[test]
    fn unknown_keys_get_a_position_and_a_suggestion() {
        let err = parse::<Expect>(Path::new("f.yaml"), "code: x\nstauts: 200\n").unwrap_err();
        assert_eq!(err.pos.map(|p| p.line), Some(2));
        assert_eq!(err.help.as_deref(), Some("did you mean `status`?"));
        assert!(
            err.message.starts_with("unknown field `stauts`"),
            "{}",
            err.message
        );
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_at_the_node_that_goes_too_deep() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse::<serde_json::Value>(Path::new("f.yaml"), &ok).is_ok());
        // Depth 1 is the mapping, so the `[` at column 2 + MAX_DEPTH goes one level too deep.
        let closed = format!("a:\n  {}{}", "[".repeat(100), "]".repeat(100));
        let err = parse::<serde_json::Value>(Path::new("f.yaml"), &closed).unwrap_err();
        let too_deep = format!("nested deeper than {MAX_DEPTH} levels");
        assert_eq!(
            (err.pos, &err.message),
            (
                Some(Pos {
                    line: 2,
                    col: 2 + MAX_DEPTH
                }),
                &too_deep
            )
        );
        // Unclosed and far deeper: the scanner's own limit answers first, also as too deep.
        let deep = format!("a:\n  {}", "[".repeat(400_000));
        let err = parse::<serde_json::Value>(Path::new("f.yaml"), &deep).unwrap_err();
        assert_eq!(
            (err.pos.map(|p| p.line), &err.message),
            (Some(2), &too_deep)
        );
    }

    #[test]
    fn type_errors_get_a_position() {
        let err = parse::<Expect>(Path::new("f.yaml"), "code: x\nstatus: abc\n").unwrap_err();
        assert_eq!(err.pos, Some(Pos { line: 2, col: 9 }));
    }
}
