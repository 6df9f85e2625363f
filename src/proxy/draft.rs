//! Draft case files from what passed through: one case per distinct operation and result
//! code, in the case-file format, for a person to review and `run` to load.
//!
//! A value the client sent that is one of the profile's `vars` becomes its placeholder
//! (`{{card.statusChange.cardNo}}`), so the draft reproduces the request against the same
//! target without holding card data; any other value is masked, which the reviewer sees and
//! replaces. Only clean requests make drafts: a request with findings would not get the same
//! answer from `run`, which sends correct headers. A forced answer keeps its `Prefer` header.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::inspect::{Captured, Inspected, Side};
use crate::case::file::{CaseDef, CaseFile, ExpectDef, RequestDef};
use crate::check;
use crate::expect::Expect;
use crate::mask::Masker;
use crate::profile::Profile;
use crate::spec::Spec;

/// The drafts so far, by operation.
#[derive(Debug, Default)]
pub struct Drafts {
    by_operation: BTreeMap<String, Vec<CaseDef>>,
    seen: BTreeSet<(String, String)>,
    /// A variable's value as JSON text → its dotted path.
    vars: HashMap<String, String>,
}

impl Drafts {
    /// No drafts yet; the profile's variables to recognise.
    pub fn new(profile: &Profile) -> Drafts {
        let mut vars = HashMap::new();
        for path in profile.var_names() {
            let usable = match profile.var(&path) {
                Some(Value::String(s)) => s.chars().count() >= 3,
                Some(Value::Number(_)) => true,
                _ => false,
            };
            if let (true, Some(v)) = (usable, profile.var(&path)) {
                vars.entry(v.to_string()).or_insert(path);
            }
        }
        Drafts {
            vars,
            ..Drafts::default()
        }
    }

    /// Adds a draft when this is the first clean exchange of its operation and result code;
    /// returns the operation whose file changed.
    pub fn add(&mut self, seq: u64, c: &Captured, i: &Inspected, m: &Masker) -> Option<String> {
        let (op, status, code) = (i.operation.as_ref()?, i.status?, i.code.as_ref()?);
        let clean = !i.findings.iter().any(|f| f.side == Side::Request);
        let id_safe = code
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        let body = i.request_json.as_ref()?;
        if !clean || !id_safe || !self.seen.insert((op.clone(), code.clone())) {
            return None;
        }
        let headers = check::header(&c.headers, "prefer")
            .map(|v| (String::from("Prefer"), Some(v.to_string())))
            .into_iter()
            .collect();
        let case = CaseDef {
            id: format!("recorded-{code}"),
            test_data: None,
            description: Some(format!(
                "Recorded by the proxy from exchange #{seq}: review the body (values not among \
                 the profile's vars are masked) and the expectation before use."
            )),
            tags: vec!["recorded".into()],
            ignore: None,
            request: RequestDef {
                method: None,
                headers,
                body: Some(self.value(None, body, m)),
                raw_body: None,
            },
            expect: expectation(status, code),
        };
        self.by_operation.entry(op.clone()).or_default().push(case);
        Some(op.clone())
    }

    /// The case file of `operation`, as YAML with a header saying where it came from.
    pub fn file(&self, spec: &Spec, operation: &str, m: &Masker) -> Option<String> {
        let cases = self.by_operation.get(operation)?;
        let file = CaseFile {
            schema: None,
            operation: operation.to_string(),
            source: spec
                .operation(operation)
                .map(|o| o.seed.clone())
                .filter(|s| !s.is_empty()),
            cases: cases.clone(),
        };
        let text = format!(
            "# Drafts recorded by `konaplate-conformance proxy`: {} case(s) of `{operation}`.\n\
             # Review each body and expectation, then move the file under cases/ (or run it\n\
             # with --cases DIR).\n{}",
            cases.len(),
            file.to_yaml()
        );
        Some(m.text(&text))
    }

    /// A body value: a profile variable's placeholder, else masked as the field it is in.
    fn value(&self, field: Option<&str>, v: &Value, m: &Masker) -> Value {
        match v {
            Value::Object(map) => Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.value(Some(k), v, m)))
                    .collect(),
            ),
            Value::Array(items) => {
                Value::Array(items.iter().map(|v| self.value(field, v, m)).collect())
            }
            scalar => match self.vars.get(&scalar.to_string()) {
                Some(path) => Value::String(format!("{{{{{path}}}}}")),
                None => masked_as(field, scalar, m),
            },
        }
    }
}

fn expectation(status: u16, code: &str) -> ExpectDef {
    ExpectDef::from(&Expect::answered(status, code))
}

/// `v` masked as the value of `field` would be (by name, then by shape).
fn masked_as(field: Option<&str>, v: &Value, m: &Masker) -> Value {
    let Some(field) = field else {
        return m.json(v);
    };
    let mut one = Map::new();
    one.insert(field.to_string(), v.clone());
    m.json(&Value::Object(one))
        .get(field)
        .cloned()
        .unwrap_or(Value::Null)
}
