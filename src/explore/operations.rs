//! The operations explore chooses from, as data read from the contract and the documented
//! cases: nothing here names an operation.
//!
//! For each operation of the spec, its documented success case says which request fields a
//! step fills and from which profile variables: fields filled from one fixture form a *slot*
//! (`physicalCardNo`, `physicalCardExpDate`, `physicalCardCVC` from `physical.active`), and the
//! slot's kind is the variable's first segment (`member`, `card`, `application`, `physical`);
//! a two-segment variable (`address.zipCode`) is sent the same in every step; a field whose
//! schema lists its values (`status`) takes one of them. The operation's other cases add the
//! member–fixture pairs they use and the values they send instead (a field error, a wrong CVC);
//! the field schemas add a too-short value where no case gives one. The spec's OpenAPI links
//! say which answers feed which later requests (the application a reissue created). A sixth
//! operation is therefore its spec entry and its case file.

use std::path::Path;

use serde_json::Value;

use super::fields::Field;
use super::step::Arg;
use crate::case::file::CaseFile;
use crate::case::vars::whole_placeholder;
use crate::error::InputError;
use crate::spec::Spec;

/// The fixture kind whose fixtures are members: every other fixture is owned by one.
pub const MEMBER: &str = "member";

/// Every operation, in the spec's order.
#[derive(Debug, Clone, Default)]
pub struct Operations {
    /// One per spec operation.
    pub list: Vec<Shape>,
}

/// One operation as explore fills it.
#[derive(Debug, Clone, Default)]
pub struct Shape {
    /// The `operationId`.
    pub id: String,
    /// `x-state-changing`.
    pub state_changing: bool,
    /// Fields filled from one fixture each.
    pub slots: Vec<Slot>,
    /// Fields every step fills the same way.
    pub fixed: Vec<(String, Arg)>,
    /// Fields whose schema lists their values, with the values.
    pub choices: Vec<(String, Vec<Value>)>,
    /// What the cases send in a field instead of its slot's fixture, and the too-short values.
    pub alternatives: Vec<(String, Arg)>,
    /// (member fixture, other fixture) pairs the documented cases send.
    pub pairs: Vec<(String, String)>,
    /// Earlier answers that can fill this operation's fields (the spec's links into it).
    pub links: Vec<Link>,
    /// The request fields, as the contract describes them.
    pub fields: Vec<Field>,
    /// Why a step of it cannot be made (no documented success case), if so.
    pub unusable: Option<String>,
}

/// Fields filled from the same fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// The fixture kind: the variables' first segment.
    pub kind: String,
    /// (request field, the variable's last segment), e.g. (`cardNo`, `cardNo`).
    pub fields: Vec<(String, String)>,
}

/// An OpenAPI link from an earlier operation's answer into this operation's request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The earlier operation.
    pub from: String,
    /// The fields it fills.
    pub fields: Vec<(String, Source)>,
}

/// Where a linked field's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A JSON pointer into the earlier answer.
    Response(String),
    /// A field of the earlier request (dotted).
    Request(String),
}

impl Operations {
    /// Reads the operations of `spec` and the case files in `cases` (`*.yaml` directly in it).
    pub fn load(spec: &Spec, cases: &Path) -> Result<Operations, InputError> {
        let mut files = Vec::new();
        let paths = crate::yaml::files_in(cases).map_err(|e| {
            InputError::file(cases, format!("cannot read the cases directory: {e}"))
        })?;
        for path in paths {
            let text = crate::input_file::read(&path, crate::input_file::CASE_FILE_LIMIT)
                .map_err(|e| InputError::file(&path, format!("cannot read the case file: {e}")))?;
            files.push(crate::yaml::parse::<CaseFile>(&path, &text)?);
        }
        Ok(Operations::from_cases(spec, &files))
    }

    /// The operations of `spec`, filled as the case `files` say.
    pub fn from_cases(spec: &Spec, files: &[CaseFile]) -> Operations {
        let links = links(&spec.doc);
        let list = spec
            .operations
            .iter()
            .map(|op| {
                let bodies: Vec<(bool, Value)> = files
                    .iter()
                    .filter(|f| f.operation == op.id)
                    .flat_map(|f| &f.cases)
                    .filter_map(|c| Some((c.expect.status == Some(200), c.request.body.clone()?)))
                    .collect();
                let mut shape = shape(&spec.doc, &op.request_schema, &bodies);
                shape.id = op.id.clone();
                shape.state_changing = op.state_changing;
                shape.links = links
                    .iter()
                    .filter(|(to, _)| *to == op.id)
                    .map(|(_, l)| l.clone())
                    .collect();
                shape
            })
            .collect();
        Operations { list }
    }

    /// The variable that identifies a fixture of `kind` (`cardNo` for `card`): the one that
    /// names the fixture in the first slot of that kind.
    pub fn key_leaf(&self, kind: &str) -> Option<String> {
        self.list
            .iter()
            .flat_map(|s| &s.slots)
            .find(|slot| slot.kind == kind)
            .and_then(|slot| slot.fields.first())
            .map(|(_, leaf)| leaf.clone())
    }

    /// The operation with this id.
    pub fn get(&self, id: &str) -> Option<&Shape> {
        self.list.iter().find(|s| s.id == id)
    }
}

impl Shape {
    /// The slot of members, if the operation has one.
    pub fn member_slot(&self) -> Option<&Slot> {
        self.slots.iter().find(|s| s.kind == MEMBER)
    }

    /// The first slot that is not the member's: the fixture the request is about.
    pub fn object_slot(&self) -> Option<&Slot> {
        self.slots.iter().find(|s| s.kind != MEMBER)
    }

    /// The slot a field belongs to.
    pub fn slot_of(&self, field: &str) -> Option<&Slot> {
        self.slots
            .iter()
            .find(|s| s.fields.iter().any(|(f, _)| f == field))
    }

    /// The contract's description of a field.
    pub fn field(&self, path: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.path == path)
    }
}

impl Slot {
    /// The field that names the slot's fixture (its first).
    pub fn key(&self) -> &str {
        self.fields.first().map_or("", |(f, _)| f.as_str())
    }
}

/// The shape the documented cases' bodies give (`bodies`: (answered 200, body)).
fn shape(doc: &Value, request: &str, bodies: &[(bool, Value)]) -> Shape {
    let Some((_, success)) = bodies.iter().find(|(ok, _)| *ok) else {
        return Shape {
            unusable: Some("no documented success case names its request fields".into()),
            ..Shape::default()
        };
    };
    let mut s = Shape::default();
    for (field, value) in leaves(success) {
        s.fields.extend(Field::find(doc, request, &field));
        let name = value.as_str().and_then(whole_placeholder);
        match name.map(|n| n.split('.').collect::<Vec<_>>()) {
            Some(parts) if parts.len() >= 3 => {
                let kind = parts[0].to_string();
                let leaf = parts[parts.len() - 1].to_string();
                match s.slots.iter_mut().find(|sl| sl.kind == kind) {
                    Some(slot) => slot.fields.push((field, leaf)),
                    None => s.slots.push(Slot {
                        kind,
                        fields: vec![(field, leaf)],
                    }),
                }
            }
            Some(_) => s.fixed.push((field, Arg::var(name.unwrap_or_default()))),
            None => match s
                .field(&field)
                .and_then(|f| f.schema.get("enum")?.as_array())
            {
                Some(values) => s.choices.push((field, values.clone())),
                None => s.fixed.push((field, Arg::Literal(value))),
            },
        }
    }
    // A slot's fields in the page's order: the first names the fixture (a card number before
    // its expiry and CVC).
    let fields = s.fields.clone();
    let order = |f: &str| {
        let field = fields.iter().find(|x| x.path == f);
        field.and_then(|x| x.order).unwrap_or(usize::MAX)
    };
    for slot in &mut s.slots {
        slot.fields.sort_by_key(|(f, _)| (order(f), f.clone()));
    }
    for (_, body) in bodies {
        others(&mut s, body);
    }
    for f in s.fields.clone() {
        let has_breaker = s.alternatives.iter().any(|(field, a)| {
            *field == f.path && matches!(a, Arg::Literal(v) if f.breaks(v).is_some())
        });
        if let (false, Some(v), Some(_)) = (has_breaker, f.too_short(), s.slot_of(&f.path)) {
            s.alternatives.push((f.path.clone(), Arg::Literal(v)));
        }
    }
    s
}

/// What one case adds: its member–fixture pair, and the values it sends in a slot's field that
/// are not a fixture of the slot's kind.
fn others(s: &mut Shape, body: &Value) {
    let values = leaves(body);
    let fixture_in = |slot: Option<&Slot>| -> Option<String> {
        let key = slot?.key();
        let value = &values.iter().find(|(f, _)| f == key)?.1;
        Some(
            Arg::var(whole_placeholder(value.as_str()?)?)
                .fixture()?
                .to_string(),
        )
    };
    let pair = fixture_in(s.member_slot()).zip(fixture_in(s.object_slot()));
    if let Some(pair) = pair.filter(|p| !s.pairs.contains(p)) {
        s.pairs.push(pair);
    }
    for (field, value) in values {
        let arg = match value.as_str().and_then(whole_placeholder) {
            Some(name) => Arg::var(name),
            None => Arg::Literal(value),
        };
        let expected = match (
            s.slot_of(&field),
            s.choices.iter().find(|(f, _)| *f == field),
        ) {
            (Some(slot), _) => arg
                .fixture()
                .is_some_and(|f| f.split('.').next() == Some(slot.kind.as_str())),
            (None, Some((_, values))) => matches!(&arg, Arg::Literal(v) if values.contains(v)),
            (None, None) => true,
        };
        let alternative = (field, arg);
        if !expected && !s.alternatives.contains(&alternative) {
            s.alternatives.push(alternative);
        }
    }
}

/// The scalar leaves of a body, by dotted path.
fn leaves(body: &Value) -> Vec<(String, Value)> {
    fn walk(v: &Value, at: &str, out: &mut Vec<(String, Value)>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    let path = if at.is_empty() {
                        k.clone()
                    } else {
                        format!("{at}.{k}")
                    };
                    walk(v, &path, out);
                }
            }
            other => out.push((at.to_string(), other.clone())),
        }
    }
    let mut out = Vec::new();
    walk(body, "", &mut out);
    out
}

/// Every link of the document: (target operation, link).
fn links(doc: &Value) -> Vec<(String, Link)> {
    let mut out = Vec::new();
    let paths = doc.get("paths").and_then(Value::as_object);
    for item in paths.into_iter().flat_map(|p| p.values()) {
        let Some(op) = item.get("post") else {
            continue;
        };
        let from = op.get("operationId").and_then(Value::as_str).unwrap_or("");
        let responses = op.get("responses").and_then(Value::as_object);
        for response in responses.into_iter().flat_map(|r| r.values()) {
            let declared = response.get("links").and_then(Value::as_object);
            for link in declared.into_iter().flat_map(|l| l.values()) {
                let to = link
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                let fields = leaves(link.get("requestBody").unwrap_or(&Value::Null))
                    .into_iter()
                    .filter_map(|(field, expr)| Some((field, source(expr.as_str()?)?)))
                    .collect();
                let link = Link {
                    from: from.to_string(),
                    fields,
                };
                out.push((to.to_string(), link));
            }
        }
    }
    out
}

/// `$response.body#/a/0` or `$request.body#/a/b`.
fn source(expr: &str) -> Option<Source> {
    if let Some(p) = expr.strip_prefix("$response.body#") {
        return Some(Source::Response(p.to_string()));
    }
    let p = expr.strip_prefix("$request.body#/")?;
    Some(Source::Request(p.replace('/', ".")))
}

#[cfg(test)]
mod tests;
