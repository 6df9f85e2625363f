//! Body field facts: for every property of an operation's request schema and of its documented
//! answers' schemas, the page's mark (Required, Optional, Conditional), its type, its length or
//! range, its enum and its stated format, as separate facts.
//!
//! A property marked `x-provenance: inferred` states nothing (its whole subtree is our
//! reading); a keyword named in `x-inferred` (the digits-only `pattern` of card numbers) is
//! left out of an otherwise documented property. Array items add no segment to the path: the
//! pages name `issuedCardList_item`'s fields as fields of the list.

use serde_json::Value;

use super::fact::{About, Aspect, Fact, Kind, Side, Source, field_subject};
use super::provenance::{escape, of_node};
use crate::spec::{Operation, Spec, follow_refs};

/// How deep nesting and `$ref`s are followed.
const MAX_DEPTH: usize = 32;

/// The field facts of `op`, request first, each id once.
pub(super) fn facts(spec: &Spec, op: &Operation, page: &Source) -> Vec<Fact> {
    let mut walk = Walk {
        spec,
        op: &op.id,
        side: Side::Request,
        out: Vec::new(),
    };
    walk.schema(&op.request_schema, "", page, 0);
    walk.side = Side::Response;
    for pointer in documented_answers(spec, op) {
        walk.schema(&pointer, "", page, 0);
    }
    let mut seen = std::collections::HashSet::new();
    walk.out.retain(|f| seen.insert(f.id.clone()));
    walk.out
}

/// The field subjects (`response.<path>`) the answer schema at `pointer` declares, as the
/// ledger names them: what a body of that answer can exercise.
pub(super) fn answer_subjects(spec: &Spec, op: &Operation, pointer: &str) -> Vec<String> {
    let mut walk = Walk {
        spec,
        op: &op.id,
        side: Side::Response,
        out: Vec::new(),
    };
    walk.schema(pointer, "", &Source::page(&op.seed), 0);
    let mut subjects: Vec<String> = walk.out.into_iter().map(|f| f.subject).collect();
    subjects.dedup();
    subjects
}

/// The body schemas of the answers a page documents (a `200` and the `400` of its Response
/// Code rows), not those the spec declares as inferred (the `401`).
pub fn documented_answers(spec: &Spec, op: &Operation) -> Vec<String> {
    op.response_schemas
        .iter()
        .filter(|(_, pointer)| {
            let answer = pointer
                .strip_suffix("/content/application~1json/schema")
                .and_then(|p| spec.doc.pointer(p));
            answer.is_none_or(|a| a.get("x-provenance").and_then(Value::as_str) != Some("inferred"))
        })
        .map(|(_, pointer)| pointer.clone())
        .collect()
}

struct Walk<'a> {
    spec: &'a Spec,
    op: &'a str,
    side: Side,
    out: Vec<Fact>,
}

impl Walk<'_> {
    /// The properties of the schema at `pointer` (followed through `$ref`s), as fields under
    /// `prefix`.
    fn schema(&mut self, pointer: &str, prefix: &str, source: &Source, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        let Some((schema, at)) = follow_refs(&self.spec.doc, pointer) else {
            return;
        };
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return;
        };
        for name in props.keys() {
            let field = format!("{at}/properties/{}", escape(name));
            let path = format!("{prefix}{name}");
            self.property(
                &field,
                &path,
                required.contains(&name.as_str()),
                source,
                depth,
            );
        }
    }

    /// The facts of the property at `pointer`, then of its children.
    fn property(
        &mut self,
        pointer: &str,
        path: &str,
        required: bool,
        parent: &Source,
        depth: usize,
    ) {
        let Some(node) = self.spec.doc.pointer(pointer) else {
            return;
        };
        let target = follow_refs(&self.spec.doc, pointer).map_or(node, |(t, _)| t);
        // A `$ref`'s siblings win over its target's keywords.
        let get = |k: &str| node.get(k).or_else(|| target.get(k));
        let Some(source) = of_node(node, parent).and_then(|s| of_node(target, &s)) else {
            return;
        };
        let inferred = |k: &str| get("x-inferred").is_some_and(|m| m.get(k).is_some());
        let mut add = |aspect: Aspect, states: String| {
            let about = About::new(Kind::Field, field_subject(self.side, path), Some(aspect));
            self.out.push(Fact::new(
                self.op,
                about,
                states,
                source.clone(),
                pointer.to_string(),
            ));
        };
        if !inferred("required") {
            let (aspect, states) = match (required, get("x-conditional").and_then(Value::as_str)) {
                (true, _) => (Aspect::Required, "Required".to_string()),
                (false, Some(when)) => (Aspect::Conditional, format!("Conditional: {when}")),
                (false, None) => (Aspect::Optional, "Optional".to_string()),
            };
            add(aspect, states);
        }
        let ty = type_name(
            get("type"),
            target.get("items").map(|i| self.spec.schemas.resolve(i)),
        );
        if let Some(ty) = ty.as_ref().filter(|_| !inferred("type")) {
            add(Aspect::Type, ty.clone());
        }
        let documented = |lo: &str, hi: &str| !inferred(lo) && !inferred(hi);
        if let Some(b) = length(get("minLength"), get("maxLength"))
            .filter(|_| documented("minLength", "maxLength"))
        {
            add(Aspect::Length, b);
        }
        if let Some(b) =
            range(get("minimum"), get("maximum")).filter(|_| documented("minimum", "maximum"))
        {
            add(Aspect::Range, b);
        }
        if let Some(values) = get("enum")
            .and_then(Value::as_array)
            .filter(|_| !inferred("enum"))
        {
            add(Aspect::Enum, format!("one of {}", plain_list(values)));
        }
        if let Some(p) = get("pattern")
            .and_then(Value::as_str)
            .filter(|_| !inferred("pattern"))
        {
            add(Aspect::Format, format!("matches {p}"));
        }
        let child = format!("{path}.");
        match ty.as_deref() {
            Some("object") => self.schema(pointer, &child, &source, depth + 1),
            Some(t) if t.starts_with("array") => {
                self.schema(&format!("{pointer}/items"), &child, &source, depth + 1);
            }
            _ => {}
        }
    }
}

/// The page's word for a type: `number` for the spec's `integer`, `array of objects`.
fn type_name(ty: Option<&Value>, items: Option<&Value>) -> Option<String> {
    Some(match ty?.as_str()? {
        "integer" | "number" => "number".into(),
        "array" if items.and_then(|i| i.get("type")).and_then(Value::as_str) == Some("object") => {
            "array of objects".into()
        }
        other => other.into(),
    })
}

/// A string's length as the pages write it: `Length : N` (both bounds equal) or
/// `Min : a , Max : b`.
pub(super) fn length(lo: Option<&Value>, hi: Option<&Value>) -> Option<String> {
    match (lo, hi) {
        (Some(a), Some(b)) if a == b => Some(format!("Length : {a}")),
        _ => range(lo, hi),
    }
}

/// A number's range (or a string's length range) as the pages write it: `Min : a , Max : b`.
fn range(lo: Option<&Value>, hi: Option<&Value>) -> Option<String> {
    match (lo, hi) {
        (Some(a), Some(b)) => Some(format!("Min : {a} , Max : {b}")),
        (Some(a), None) => Some(format!("Min : {a}")),
        (None, Some(b)) => Some(format!("Max : {b}")),
        (None, None) => None,
    }
}

/// `READY, RECEIPT, …`: strings without their quotes.
fn plain_list(values: &[Value]) -> String {
    let shown: Vec<String> = values
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
        .collect();
    shown.join(", ")
}
