//! The headers each documented answer declares (`responses.<status>.headers`, `$ref`s
//! followed), read from the document once per spec: the answer-header check asks for them on
//! every judgement, and resolving them from the document each time was a sixth of the
//! instructions of a 10,000-case run.

use serde_json::Value;

use super::pointer::follow_refs;

/// One header a documented answer declares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredHeader {
    /// Its name, as the spec spells it.
    pub name: String,
    /// `required: true`.
    pub required: bool,
    /// JSON pointer of its schema.
    pub schema: String,
}

/// Every declared header of every documented answer, by operation and status.
#[derive(Debug, Default)]
pub struct ResponseHeaders(Vec<(String, u16, Vec<DeclaredHeader>)>);

impl ResponseHeaders {
    /// The declared headers of the documented answers in `doc` of each operation, given as
    /// its id and its path.
    pub fn of<'a>(
        doc: &Value,
        operations: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> ResponseHeaders {
        let mut out = Vec::new();
        for (id, path) in operations {
            let base = format!("/paths/{}/post/responses", escape(path));
            let Some(responses) = doc.pointer(&base).and_then(Value::as_object) else {
                continue;
            };
            for status in responses.keys() {
                let Ok(code) = status.parse::<u16>() else {
                    continue;
                };
                let declared = declared(doc, &format!("{base}/{}", escape(status)));
                out.push((id.to_string(), code, declared));
            }
        }
        ResponseHeaders(out)
    }

    /// The headers the answer of `status` to `operation` declares: none for a status the
    /// operation does not document.
    pub fn get(&self, operation: &str, status: u16) -> &[DeclaredHeader] {
        self.0
            .iter()
            .find(|(op, s, _)| op == operation && *s == status)
            .map_or(&[], |(_, _, headers)| headers)
    }
}

/// The headers the answer at `pointer` declares.
fn declared(doc: &Value, pointer: &str) -> Vec<DeclaredHeader> {
    let Some((answer, at)) = follow_refs(doc, pointer) else {
        return vec![];
    };
    let Some(headers) = answer.get("headers").and_then(Value::as_object) else {
        return vec![];
    };
    headers
        .keys()
        .filter_map(|name| {
            let (node, at) = follow_refs(doc, &format!("{at}/headers/{}", escape(name)))?;
            Some(DeclaredHeader {
                name: name.clone(),
                required: node.get("required").and_then(Value::as_bool) == Some(true),
                schema: format!("{at}/schema"),
            })
        })
        .collect()
}

fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
