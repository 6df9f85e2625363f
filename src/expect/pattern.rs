//! The body expectation, compiled once at load: a subset pattern with matchers for volatile
//! values.
//!
//! Objects match when every expected key matches (extra keys are fine); arrays match element
//! by element and must have the same length; strings of the form `<matcher>` match a kind of
//! value instead of one value: `<any>`, `<string>`, `<number>`, `<len:N>`, `<regex:RE>`,
//! `<empty>` / `<non-empty>` (a string, array or object with or without content). A regex is
//! compiled here, once, not on every comparison; a malformed matcher is kept as such, so the
//! loader can reject it at its line and the checks can still report it.

use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::outcome::{CheckKind, Failure, Said};

/// A compiled body expectation, with the value it was compiled from.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: Value,
    node: Node,
}

#[derive(Debug, Clone)]
enum Node {
    Literal(Value),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    Matcher(String, Matcher),
    Malformed(String, String),
}

#[derive(Debug, Clone)]
enum Matcher {
    Any,
    String,
    Number,
    Empty,
    NonEmpty,
    Len(usize),
    Regex(regex::Regex),
}

impl Pattern {
    /// Compiles an expected body; malformed matchers stay in it (see [`Pattern::malformed`]).
    pub fn compile(source: &Value) -> Pattern {
        Pattern::compile_with_literals(source, &|_| false)
    }

    /// Compiles an expected body in which the values at the JSON pointers `literal` accepts
    /// came from outside the case file (a value captured from an answer): each is compared as
    /// it is, whole, and never read as a matcher, whatever it looks like.
    pub fn compile_with_literals(source: &Value, literal: &dyn Fn(&str) -> bool) -> Pattern {
        Pattern {
            source: source.clone(),
            node: node(source, &mut String::new(), literal),
        }
    }

    /// The value it was compiled from, as the case file gives it.
    pub fn source(&self) -> &Value {
        &self.source
    }

    /// The first malformed matcher (`<len:x>`, `<regex:(>`), as its JSON pointer and what is
    /// wrong with it.
    pub fn malformed(&self) -> Option<(String, String)> {
        first_malformed(&self.node, String::new())
    }

    /// Every place where `actual` does not contain the expectation.
    pub fn mismatches(&self, actual: &Value) -> Vec<Failure> {
        let mut out = Vec::new();
        walk(&self.node, actual, String::new(), &mut out);
        out
    }

    /// `actual` restricted to the keys the expectation names, with matched matchers shown as
    /// the matcher (for a diff that shows only what the case asked about).
    pub fn project(&self, actual: &Value) -> Value {
        project(&self.source, &self.node, actual)
    }

    /// Whether `s` is a matcher (`<len:16>`, `<non-empty>`, `<regex:^[0-9]{16}$>`): the
    /// harness's words wherever a view shows one (a regex's text the case file's, masked by
    /// shape as a failure line masks it), never a value to mask as the field it sits in. A
    /// malformed or unknown one (`<len:x>`, `<pending>`) is a literal.
    pub fn is_matcher(s: &str) -> bool {
        is_matcher(s) && matches!(matcher(s), Node::Matcher(..))
    }
}

impl Serialize for Pattern {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.source.serialize(s)
    }
}

fn is_matcher(s: &str) -> bool {
    s.starts_with('<') && s.ends_with('>') && s.len() > 2
}

/// The node of `v`, at `pointer`; what `literal` names is a literal, whole.
fn node(v: &Value, pointer: &mut String, literal: &dyn Fn(&str) -> bool) -> Node {
    if literal(pointer) {
        return Node::Literal(v.clone());
    }
    let under = |segment: &str, v: &Value, pointer: &mut String| {
        let depth = pointer.len();
        pointer.push('/');
        pointer.push_str(&escape(segment));
        let n = node(v, pointer, literal);
        pointer.truncate(depth);
        n
    };
    match v {
        Value::String(s) if is_matcher(s) => matcher(s),
        Value::Object(map) => Node::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), under(k, v, pointer)))
                .collect(),
        ),
        Value::Array(items) => Node::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| under(&i.to_string(), v, pointer))
                .collect(),
        ),
        other => Node::Literal(other.clone()),
    }
}

fn matcher(m: &str) -> Node {
    let inner = &m[1..m.len() - 1];
    let compiled = match inner {
        "any" => Matcher::Any,
        "string" => Matcher::String,
        "number" => Matcher::Number,
        "empty" => Matcher::Empty,
        "non-empty" => Matcher::NonEmpty,
        _ if inner.starts_with("len:") => match inner[4..].parse() {
            Ok(n) => Matcher::Len(n),
            Err(_) => {
                return Node::Malformed(
                    m.into(),
                    format!("`{m}`: the length must be a whole number"),
                );
            }
        },
        _ if inner.starts_with("regex:") => match regex::Regex::new(&inner[6..]) {
            Ok(re) => Matcher::Regex(re),
            Err(e) => return Node::Malformed(m.into(), format!("`{m}`: {e}")),
        },
        // Not a matcher we know: compare as a literal string.
        _ => return Node::Literal(Value::String(m.into())),
    };
    Node::Matcher(m.into(), compiled)
}

fn first_malformed(n: &Node, path: String) -> Option<(String, String)> {
    match n {
        Node::Malformed(_, problem) => Some((path, problem.clone())),
        Node::Object(fields) => fields
            .iter()
            .find_map(|(k, v)| first_malformed(v, format!("{path}/{}", escape(k)))),
        Node::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| first_malformed(v, format!("{path}/{i}"))),
        Node::Literal(_) | Node::Matcher(..) => None,
    }
}

fn walk(expected: &Node, actual: &Value, path: String, out: &mut Vec<Failure>) {
    let at = || {
        if path.is_empty() {
            "/".to_string()
        } else {
            path.clone()
        }
    };
    match (expected, actual) {
        (Node::Matcher(_, m), _) => {
            if !m.accepts(actual) {
                let got = Said::value(short(actual));
                out.push(Failure::new(CheckKind::Body, at(), m.describe(), got));
            }
        }
        (Node::Malformed(_, problem), _) => {
            let want = Said::words("a valid matcher (")
                .then(Said::text(problem.clone()))
                .then(Said::words(")"));
            out.push(Failure::new(CheckKind::Body, at(), want, short(actual)));
        }
        (Node::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let p = format!("{path}/{}", escape(k));
                match a.get(k) {
                    Some(av) => walk(ev, av, p, out),
                    None => {
                        out.push(Failure::new(
                            CheckKind::Body,
                            p,
                            wanted(ev),
                            "no such field",
                        ));
                    }
                }
            }
        }
        (Node::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                let (want, got) = (format!("{} items", e.len()), format!("{} items", a.len()));
                let (want, got) = (Said::words(want), Said::words(got));
                out.push(Failure::new(CheckKind::Body, at(), want, got));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                walk(ev, av, format!("{path}/{i}"), out);
            }
        }
        (Node::Literal(e), a) if numbers_equal(e, a) || e == a => {}
        (e, a) => out.push(Failure::new(CheckKind::Body, at(), wanted(e), short(a))),
    }
}

/// What a node expects, as a failure says it: a matcher in words, a case file's value as the
/// value it is (masked where written).
fn wanted(n: &Node) -> Said {
    match n {
        Node::Matcher(_, m) => m.describe(),
        other => Said::value(short(&source_of(other))),
    }
}

/// The value a node was compiled from (for messages).
fn source_of(n: &Node) -> Value {
    match n {
        Node::Literal(v) => v.clone(),
        Node::Matcher(s, _) | Node::Malformed(s, _) => Value::String(s.clone()),
        Node::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.clone(), source_of(v)))
                .collect::<Map<_, _>>(),
        ),
        Node::Array(items) => Value::Array(items.iter().map(source_of).collect()),
    }
}

impl Matcher {
    /// What it accepts, in words: `16 characters (<len:16>)`. Only a regex carries text of
    /// the case file, as such.
    fn describe(&self) -> Said {
        let words = match self {
            Matcher::Any => "any value (`<any>`)".to_string(),
            Matcher::String => "a string (`<string>`)".to_string(),
            Matcher::Number => "a number (`<number>`)".to_string(),
            Matcher::Empty => "an empty string, array or object (`<empty>`)".to_string(),
            Matcher::NonEmpty => "a non-empty string, array or object (`<non-empty>`)".to_string(),
            Matcher::Len(1) => "1 character or item (`<len:1>`)".to_string(),
            Matcher::Len(n) => format!("{n} characters or items (`<len:{n}>`)"),
            Matcher::Regex(re) => {
                return Said::words("a string matching `<regex:")
                    .then(Said::text(re.as_str().to_string()))
                    .then(Said::words(">`"));
            }
        };
        Said::words(words)
    }

    fn accepts(&self, v: &Value) -> bool {
        let size = |v: &Value| match v {
            Value::String(s) => Some(s.chars().count()),
            Value::Array(a) => Some(a.len()),
            Value::Object(o) => Some(o.len()),
            _ => None,
        };
        match self {
            Matcher::Any => true,
            Matcher::String => v.is_string(),
            Matcher::Number => v.is_number(),
            Matcher::NonEmpty => size(v).is_some_and(|n| n > 0),
            Matcher::Empty => size(v) == Some(0),
            Matcher::Len(n) => !v.is_object() && size(v) == Some(*n),
            Matcher::Regex(re) => v.as_str().is_some_and(|s| re.is_match(s)),
        }
    }
}

fn numbers_equal(e: &Value, a: &Value) -> bool {
    match (e, a) {
        (Value::Number(x), Value::Number(y)) => {
            match (x.as_u64(), y.as_u64(), x.as_i64(), y.as_i64()) {
                (Some(x), Some(y), ..) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64() && x.as_f64().is_some(),
            }
        }
        _ => false,
    }
}

fn project(source: &Value, n: &Node, actual: &Value) -> Value {
    match (source, n, actual) {
        (Value::Object(e), Node::Object(nodes), Value::Object(a)) => Value::Object(
            e.iter()
                .zip(nodes)
                .filter_map(|((k, ev), (_, en))| {
                    a.get(k).map(|av| (k.clone(), project(ev, en, av)))
                })
                .collect(),
        ),
        (Value::Array(e), Node::Array(nodes), Value::Array(a)) => Value::Array(
            a.iter()
                .enumerate()
                .map(|(i, av)| match (e.get(i), nodes.get(i)) {
                    (Some(ev), Some(en)) => project(ev, en, av),
                    _ => av.clone(),
                })
                .collect(),
        ),
        (_, Node::Matcher(_, m), a) if m.accepts(a) => source.clone(),
        _ => actual.clone(),
    }
}

fn escape(k: &str) -> String {
    k.replace('~', "~0").replace('/', "~1")
}

/// A value shown in a failure, cut between tokens so that no secret or card number is left in
/// part (the masker could no longer recognise it when the failure is written).
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        crate::mask::cut(&s, 77)
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_malformed_matcher_is_found_at_its_pointer_and_still_fails_the_check() {
        let p = Pattern::compile(&json!({"a": [1, {"b/c": "<regex:(>"}], "n": "<len:x>"}));
        let (pointer, problem) = p.malformed().unwrap();
        assert_eq!(pointer, "/a/1/b~1c");
        assert!(problem.starts_with("`<regex:(>`"), "{problem}");
        let f = p.mismatches(&json!({"a": [1, {"b/c": "x"}], "n": "y"}));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f.iter()
                .all(|f| f.expected.to_string().starts_with("a valid matcher"))
        );
        assert!(
            Pattern::compile(&json!({"a": "<len:3>"}))
                .malformed()
                .is_none()
        );
    }

    #[test]
    fn it_serializes_as_the_value_it_was_compiled_from() {
        let source = json!({"code": "<regex:^00[0-9]_000$>", "list": ["<any>", 2]});
        let p = Pattern::compile(&source);
        assert_eq!(serde_json::to_value(&p).unwrap(), source);
        assert_eq!(p.source(), &source);
    }

    #[test]
    fn a_matcher_is_told_from_a_literal() {
        for matcher in ["<len:16>", "<non-empty>", "<any>", "<regex:^[0-9]{16}$>"] {
            assert!(Pattern::is_matcher(matcher), "{matcher}");
        }
        for literal in [
            "<len:x>",
            "<regex:(>",
            "<pending>",
            "9410000000000001",
            "<>",
        ] {
            assert!(!Pattern::is_matcher(literal), "{literal}");
        }
    }

    #[test]
    fn unknown_matchers_are_literal_strings() {
        let p = Pattern::compile(&json!("<pending>"));
        assert!(p.mismatches(&json!("<pending>")).is_empty());
        assert_eq!(p.mismatches(&json!("other")).len(), 1);
    }

    #[test]
    fn the_projection_shows_matched_matchers_and_drops_unasked_keys() {
        let p = Pattern::compile(&json!({"a": "<regex:^x+$>", "b": [{"c": 1}], "z": "<number>"}));
        let shown = p.project(&json!({"a": "xx", "b": [{"c": 2, "d": 3}, 4], "z": "s", "e": 5}));
        assert_eq!(
            shown,
            json!({"a": "<regex:^x+$>", "b": [{"c": 2}, 4], "z": "s"})
        );
    }
}
