//! The nesting limit ([`MAX_DEPTH`]): a cheap bound first, the parser's events only when the
//! bound cannot show the file is shallow.
//!
//! The limit keeps hostile input cheap: `yaml_serde`'s scanner keeps state per open flow level,
//! and 400 KB of `[` took 80 s before the check. The exact check walks `saphyr-parser`'s events,
//! a full parse of its own: 30 % of the time to load 10,000 cases, for files that nest six
//! levels deep. [`bound`] reads the bytes once and gives an upper bound on the depth, or
//! nothing when it meets what it does not model (a block scalar, a quote left open at the end
//! of a line, a verbatim tag, a quote in the middle of a flow collection); only then, or when
//! the bound is over the limit, do the events decide.
//!
//! Why the bound is never below the real depth:
//! - Block collections nest by indentation: a nested one starts at a greater column, except a
//!   sequence given as a mapping's value, which may share its key's column. So the block levels
//!   open on a line whose first character is at column `c` are at most `2 (c + 1)`, plus one
//!   for each `- `, `? ` or `: ` on the line itself (`- - x`, `- key: value`).
//! - Flow levels are counted by their brackets: every `[` or `{` outside a quoted scalar and a
//!   comment counts, real or not (in block context `see [1]` is plain text: counting it only
//!   raises the bound). A closing bracket lowers the count; inside a flow collection a plain
//!   scalar cannot hold one, so it is a real closing (or a syntax error, where the parser stops
//!   before reading further). Quoted scalars are skipped only where one can start, and a quote
//!   anywhere else inside a flow collection gives up.

use std::path::Path;

use saphyr_parser::{Event, Parser};

use super::MAX_DEPTH;
use crate::error::{InputError, Pos};

/// Refuses nesting deeper than [`MAX_DEPTH`], at the node that goes too deep.
pub(super) fn check(file: &Path, text: &str) -> Result<(), InputError> {
    match bound(text) {
        Some(b) if b <= MAX_DEPTH => Ok(()),
        _ => exact(file, text),
    }
}

/// The events of the document, read only as far as the depth allows, so the check costs no
/// more than the depth it allows. A syntax error ends the check: the full parse reports it
/// better.
fn exact(file: &Path, text: &str) -> Result<(), InputError> {
    let too_deep = |line: usize, col: usize| {
        let message = format!("nested deeper than {MAX_DEPTH} levels");
        InputError::at(file, text, Pos { line, col: col + 1 }, message)
            .with_help("the limit keeps hostile input cheap; real files nest far less")
    };
    let mut depth = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            // The scanner's own limit on open flow levels (256) can stop it first.
            Err(e) if e.info() == "recursion limit exceeded" => {
                return Err(too_deep(e.marker().line(), e.marker().col()));
            }
            Err(_) => return Ok(()),
        };
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(span.start.line(), span.start.col()));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// An upper bound on how deep `text` nests, or `None` when the text holds something the bound
/// does not model (see the module docs).
pub fn bound(text: &str) -> Option<usize> {
    if text.contains("!<") {
        // A verbatim tag may hold brackets that close nothing.
        return None;
    }
    let mut flow = 0usize;
    let mut deepest = 0usize;
    let mut scalar = BlockScalar::None;
    for line in text.split('\n') {
        let b = line.as_bytes();
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        if scalar.holds(b, indent) {
            continue;
        }
        let mut indicators = 0usize;
        let mut i = indent;
        while i < b.len() {
            let c = b[i];
            // Only a quote or a block indicator asks where a node starts: asking for every
            // byte was most of the check's instructions.
            let starts_node = || node_start(b, indent, i);
            match c {
                b'#' if i == 0 || matches!(b[i - 1], b' ' | b'\t') => break,
                b'"' | b'\'' if starts_node() => i = quote_end(b, i)?,
                // A quote inside a plain scalar: harmless in block context, but inside a flow
                // collection it is either the rest of a plain scalar or a syntax error, and
                // telling which is the parser's job.
                b'"' | b'\'' if flow > 0 => return None,
                // A block scalar's header: its lines are text, skipped below.
                b'|' | b'>' if flow == 0 && starts_node() => {
                    scalar = BlockScalar::Header {
                        parent: owner_column(b, indent)?,
                    };
                    break;
                }
                b'|' | b'>' if starts_node() => return None,
                // Only these raise the depth: the bound is taken after each.
                b'[' | b'{' => {
                    flow += 1;
                    deepest = deepest.max(2 * (indent + 1) + indicators + flow);
                }
                b']' | b'}' => flow = flow.saturating_sub(1),
                b'-' | b'?' | b':' if matches!(b.get(i + 1), None | Some(b' ' | b'\t' | b'\r')) => {
                    indicators += 1;
                    deepest = deepest.max(2 * (indent + 1) + indicators + flow);
                }
                _ => {}
            }
            i += 1;
        }
        deepest = deepest.max(2 * (indent + 1) + indicators + flow);
    }
    Some(deepest)
}

/// Where the lines of a block scalar (`key: |`) are, while the bound reads past them.
enum BlockScalar {
    /// Not in one.
    None,
    /// After the header: its text is the lines indented more than its `parent` node.
    Header { parent: usize },
    /// In its text, whose lines are indented at least `indent` (set by its first line).
    Text { indent: usize },
}

impl BlockScalar {
    /// Whether the line (its bytes, its indentation) is text of the block scalar; a line that is
    /// not ends it.
    fn holds(&mut self, b: &[u8], indent: usize) -> bool {
        let blank = b[indent..].iter().all(|&c| c == b'\r');
        match *self {
            BlockScalar::None => false,
            _ if blank => true,
            BlockScalar::Header { parent } if indent > parent => {
                *self = BlockScalar::Text { indent };
                true
            }
            BlockScalar::Text { indent: text } if indent >= text => true,
            _ => {
                *self = BlockScalar::None;
                false
            }
        }
    }
}

/// The column of the node a block scalar on this line belongs to, counted high: its text must
/// be indented more than that. `key: |` and `- key: |` belong to the key's mapping, `- |` to
/// the sequence (counted here as the column after its `- `, which is higher). An explicit key
/// (`? `) is left to the parser.
fn owner_column(b: &[u8], indent: usize) -> Option<usize> {
    let mut col = indent;
    while b.get(col) == Some(&b'-') && matches!(b.get(col + 1), Some(b' ')) {
        col += 2;
        while b.get(col) == Some(&b' ') {
            col += 1;
        }
    }
    (b.get(col) != Some(&b'?')).then_some(col)
}

/// Whether a scalar may start at `i`: the line's first character, or after `[`, `{`, `,`, or an
/// indicator (`- `, `? `, `: `) and spaces.
fn node_start(b: &[u8], indent: usize, i: usize) -> bool {
    let before = b[indent..i].trim_ascii_end();
    match before.last() {
        None => true,
        Some(b'[' | b'{' | b',') => true,
        Some(b'-' | b'?' | b':') => before.len() < i - indent, // a space between
        Some(_) => false,
    }
}

/// Where the quoted scalar starting at `i` ends (its closing quote), or `None` when it goes on
/// past the end of the line.
fn quote_end(b: &[u8], i: usize) -> Option<usize> {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        match b[j] {
            b'\\' if q == b'"' => j += 2,
            c if c == q && q == b'\'' && b.get(j + 1) == Some(&b'\'') => j += 2,
            c if c == q => return Some(j),
            _ => j += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The real depth, from the parser's events; `None` when the text does not parse.
    fn real_depth(text: &str) -> Option<usize> {
        let (mut depth, mut deepest) = (0usize, 0usize);
        for event in Parser::new_from_str(text) {
            match event.ok()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        Some(deepest)
    }

    fn holds(text: &str) {
        if let (Some(b), Some(real)) = (bound(text), real_depth(text)) {
            assert!(b >= real, "bound {b} < real depth {real} for {text:?}");
        }
    }

    #[test]
    fn the_bound_is_never_below_the_depth_of_tricky_documents() {
        let docs = [
            "a: [[[[1]]]]\n",
            "a: \"]]]]\"\nb: [[[[[[1]]]]]]\n",
            "a: ']]'''\nb: [[[[[1]]]]]\n",
            "a: x # ]]]]\nb: [[[[[1]]]]]\n",
            "a: see [1] and ]]]]\nb: [[[[[1]]]]]\n",
            "- - - - - x\n",
            "- a:\n  - b:\n    - c: [ {d: [e]} ]\n",
            "k:\n- [a, {b: \"]]\", c: [d]}]\n",
            "[\n[\n[\n]\n]\n]\n",
            "{a: [b, \"c]\", 'd]', [[e]]]}\n",
            "a: don't [stop]\n",
            "a: !!str [x]\n",
            "? [a, [b]]\n: [c, [d, [e]]]\n",
        ];
        for d in docs {
            holds(d);
        }
    }

    #[test]
    fn block_scalar_text_is_read_past_and_ends_where_its_indentation_does() {
        // The text's brackets and quotes are not structure.
        assert_eq!(bound("a: |\n  [[[[ \"open\n\n  ]]]]\nb: 1\n"), Some(3));
        // The next key ends the text: its brackets count.
        let after = bound("a: >-\n  text\nb: [[[[1]]]]\n").unwrap();
        assert!(after >= 5, "{after}");
        // `- key: |` belongs to the mapping at the key's column: a sibling key at that column
        // is not text.
        let sibling = "- key: |\n    text\n  other: [[[[[[1]]]]]]\n";
        assert!(bound(sibling).unwrap() >= 8, "{:?}", bound(sibling));
        for doc in [
            sibling,
            "k: |2\n    x\n  y\nz: [[1]]\n",
            "- |\n x\n- [[[a]]]\n",
        ] {
            holds(doc);
        }
    }

    #[test]
    fn what_the_bound_does_not_model_is_left_to_the_parser() {
        assert_eq!(bound("? |\n  [[[[\n"), None);
        assert_eq!(bound("a: \"open\n ]]]] \"\n"), None);
        assert_eq!(bound("[a, b\"]]]\", [[[c]]]]\n"), None);
        assert_eq!(bound("a: !<tag:x]]> [1]\n"), None);
    }

    /// A seeded xorshift generator: the same documents every run.
    struct Rng(u64);

    impl Rng {
        fn pick(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Scalars that hold what could pass for structure.
    const TRICKY: &[&str] = &[
        "a",
        "\"x]]]\"",
        "'y]]]'",
        "'it''s ]]]'",
        "\"q\\\"]]]\"",
        "!!str z",
        "&n b",
    ];
    /// Plain scalars with brackets or quotes, valid in block context only.
    const BLOCK_ONLY: &[&str] = &["don't ]]", "see [1]", "x]]] y"];

    /// A random flow node, `depth` levels at most; lines it breaks are indented `at`.
    fn flow(r: &mut Rng, depth: usize, at: usize) -> String {
        let n = 1 + r.pick(3);
        match if depth == 0 { 0 } else { r.pick(5) } {
            0 => TRICKY[r.pick(TRICKY.len())].to_string(),
            1 => {
                let items: Vec<String> = (0..n).map(|_| flow(r, depth - 1, at)).collect();
                format!("[{}]", items.join(", "))
            }
            2 => {
                let pairs: Vec<String> = (0..n)
                    .map(|i| format!("k{i}: {}", flow(r, depth - 1, at)))
                    .collect();
                format!("{{{}}}", pairs.join(", "))
            }
            3 => format!("{{\"j\":{}}}", flow(r, depth - 1, at)),
            // Broken over lines, with a comment that holds brackets.
            _ => format!(
                "[{}, # ]]] '\n{}{}]",
                flow(r, depth - 1, at),
                " ".repeat(at),
                flow(r, depth - 1, at)
            ),
        }
    }

    /// A random block collection at `indent`, `depth` levels at most.
    fn block(r: &mut Rng, indent: usize, depth: usize) -> String {
        let pad = " ".repeat(indent);
        let map = r.pick(2) == 0;
        (0..1 + r.pick(3))
            .map(|i| {
                let value = match if depth == 0 { 0 } else { r.pick(5) } {
                    0 => format!(" {}\n", BLOCK_ONLY[r.pick(BLOCK_ONLY.len())]),
                    1 => format!(" {}\n", flow(r, depth - 1, indent + 2)),
                    2 => format!(" |\n{pad}  [[ \"x ]]]\n\n{pad}  }}}}\n"),
                    3 => format!(" # ]]] '\n{}", block(r, indent + 2, depth - 1)),
                    _ => format!(" {}\n", TRICKY[r.pick(TRICKY.len())]),
                };
                if map {
                    format!("{pad}k{i}:{value}")
                } else {
                    format!("{pad}-{value}")
                }
            })
            .collect()
    }

    #[test]
    fn the_bound_holds_on_random_documents() {
        // Valid documents, nested up to 8 levels, of block and flow collections whose scalars,
        // comments and block scalars hold brackets and quotes: none may nest deeper than its
        // bound (or the bound gives up).
        let mut r = Rng(0x9E37_79B9_7F4A_7C15);
        let (mut checked, mut deep) = (0, 0);
        for _ in 0..20_000 {
            let doc = block(&mut r, 0, 8);
            let real = real_depth(&doc).unwrap_or_else(|| panic!("not YAML: {doc:?}"));
            if bound(&doc).is_some() {
                checked += 1;
                deep += usize::from(real >= 5);
            }
            holds(&doc);
        }
        assert!(
            checked > 5_000 && deep > 500,
            "{checked} bounded, {deep} deep"
        );
    }

    #[test]
    fn the_committed_inputs_take_the_cheap_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join(crate::spec::DEFAULT_SPEC_PATH)];
        for dir in ["cases", "cases/scenarios", "cases/targets"] {
            files.extend(crate::yaml::files_in(&root.join(dir)).unwrap());
        }
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            let b = bound(&text);
            assert!(
                b.is_some_and(|b| b <= MAX_DEPTH),
                "{}: bound {b:?} sends it to the parser",
                f.display()
            );
            holds(&text);
        }
    }
}
