//! A checked scenario, ready to plan: profile variables substituted, capture references
//! verified, each step's request a template still holding its `{{captured.NAME}}` placeholders.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use serde::Serialize;
use serde_json::Value;

use crate::case::vars::{self, Undefined};
use crate::case::{Body, Request};
use crate::error::Pos;
use crate::expect::{Expect, Pattern};

/// The prefix of a placeholder naming a captured value.
const CAPTURED: &str = "captured.";

/// Values captured so far in one run of a scenario, by name.
pub type Captured = BTreeMap<String, Value>;

/// One scenario to run.
#[derive(Debug, Clone, Serialize)]
pub struct Scenario {
    /// The file it was read from.
    pub file: PathBuf,
    /// Where its `id` is in that file.
    pub pos: Pos,
    /// Unique among scenarios.
    pub id: String,
    /// What it shows.
    pub description: Option<String>,
    /// The seed page(s).
    pub source: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Why it is ignored, if it is.
    pub ignore: Option<String>,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

impl Scenario {
    /// The trial name: `scenario::<id>`.
    pub fn name(&self) -> String {
        format!("scenario::{}", self.id)
    }
}

/// One step of a scenario.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    /// Unique within the scenario.
    pub id: String,
    /// Where its `id` is in the file.
    pub pos: Pos,
    /// `operationId`.
    pub operation: String,
    /// What it does.
    pub description: Option<String>,
    /// The request template (captured placeholders not yet resolved).
    pub request: Request,
    /// What must come back (an expected body may still name captures).
    pub expect: Expect,
    /// What to keep from the answer.
    pub capture: Vec<Capture>,
}

/// A value to keep from a step's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Capture {
    /// The name later steps use, `{{captured.<name>}}`.
    pub name: String,
    /// JSON pointer into the answer body.
    pub pointer: String,
}

impl Step {
    /// The request as it goes out: every `{{captured.NAME}}` replaced by its value.
    pub fn request_for(&self, captured: &Captured) -> Result<Request, Undefined> {
        let body = match &self.request.body {
            Body::Json(v) => Body::Json(resolve(v, captured)?),
            Body::Raw(s) => Body::Raw(text(&resolve(&Value::String(s.clone()), captured)?)),
            Body::Empty => Body::Empty,
        };
        let mut headers = Vec::with_capacity(self.request.headers.len());
        for (name, value) in &self.request.headers {
            let value = match value {
                Some(v) => Some(text(&resolve(&Value::String(v.clone()), captured)?)),
                None => None,
            };
            headers.push((name.clone(), value));
        }
        Ok(Request {
            method: self.request.method.clone(),
            headers,
            body,
        })
    }

    /// The expectation with captured values in its body. A body that names no capture is the
    /// one compiled at load; one that does is compiled again with the values in it, each string
    /// that held a placeholder as a literal: a captured value came from a server, and is data,
    /// never a matcher (an answer of `<any>` would otherwise make any later answer pass).
    pub fn expect_for(&self, captured: &Captured) -> Result<Expect, Undefined> {
        let Some(pattern) = &self.expect.body else {
            return Ok(self.expect.clone());
        };
        if !pattern.source().to_string().contains("{{") {
            return Ok(self.expect.clone());
        }
        let mut literal = BTreeSet::new();
        let resolved =
            resolve_expected(pattern.source(), captured, &mut String::new(), &mut literal)?;
        let mut expect = self.expect.clone();
        expect.body = Some(Pattern::compile_with_literals(&resolved, &|p| {
            literal.contains(p)
        }));
        Ok(expect)
    }
}

/// `v` with its placeholders resolved; the pointer of every string that held one goes into
/// `literal`.
fn resolve_expected(
    v: &Value,
    captured: &Captured,
    pointer: &mut String,
    literal: &mut BTreeSet<String>,
) -> Result<Value, Undefined> {
    let mut under = |segment: String, v: &Value, literal: &mut BTreeSet<String>| {
        let depth = pointer.len();
        pointer.push('/');
        pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        let resolved = resolve_expected(v, captured, pointer, literal);
        pointer.truncate(depth);
        resolved
    };
    Ok(match v {
        Value::String(s) if s.contains("{{") => {
            literal.insert(pointer.clone());
            resolve(v, captured)?
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| Ok((k.clone(), under(k.clone(), v, literal)?)))
                .collect::<Result<_, Undefined>>()?,
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| under(i.to_string(), v, literal))
                .collect::<Result<_, _>>()?,
        ),
        other => other.clone(),
    })
}

fn resolve(v: &Value, captured: &Captured) -> Result<Value, Undefined> {
    vars::substitute(v, &|name| {
        name.strip_prefix(CAPTURED)
            .and_then(|n| captured.get(n).cloned())
    })
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
