//! Header facts: for every request header an operation declares (`parameters`, `in: header`)
//! and every header its documented answers declare, the page's mark (Required, Optional,
//! Conditional), its length and its stated form; for a request header, also the value the
//! vendor gave the client (`x-registered`) or how it is computed (`x-signature`); and the
//! request's `Content-Type` (`x-konaplate.media-type`).

use serde_json::Value;

use super::fact::{About, Aspect, Fact, Kind, Side, Source, header_subject};
use super::fields::length;
use super::provenance::{directed, escape, operation_pointer};
use crate::spec::extensions::{self, Mark};
use crate::spec::follow_refs;
use crate::spec::{Operation, Spec};

/// The header facts of `op`: request headers in declaration order, the request's media type,
/// then the answers' headers, each id once.
pub(super) fn facts(spec: &Spec, op: &Operation, page: &Source) -> Vec<Fact> {
    let base = operation_pointer(op);
    let Some(node) = spec.doc.pointer(&base) else {
        return vec![];
    };
    let mut out = Vec::new();
    if let Some(source) = directed(node, "x-headers-provenance", Side::Request, page) {
        out.extend(request_headers(spec, op, &base, &source));
        out.extend(media_type(spec, op, page));
    }
    if let Some(source) = directed(node, "x-headers-provenance", Side::Response, page) {
        out.extend(response_headers(spec, op, &base, &source));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(f.id.clone()));
    out
}

fn request_headers(spec: &Spec, op: &Operation, base: &str, source: &Source) -> Vec<Fact> {
    let list = format!("{base}/parameters");
    let count = spec
        .doc
        .pointer(&list)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let mut out = Vec::new();
    for i in 0..count {
        let Some((param, at)) = follow_refs(&spec.doc, &format!("{list}/{i}")) else {
            continue;
        };
        if param.get("in").and_then(Value::as_str) != Some("header") {
            continue;
        }
        let Some(name) = param.get("name").and_then(Value::as_str) else {
            continue;
        };
        let header = Header {
            op,
            side: Side::Request,
            name,
            node: param,
            at: &at,
            source,
        };
        out.extend(header.facts());
        if let Some(value) = extensions::registered(param) {
            out.push(header.fact(Aspect::Registered, value.to_string(), source.clone()));
        }
        if let Some(sig) = extensions::signature(param) {
            let source = match sig.provenance {
                Mark::Reference => Some(source.referenced(&sig.reason)),
                Mark::Inferred | Mark::Unknown => None,
            };
            out.extend(source.map(|s| header.fact(Aspect::Signature, sig.rule.clone(), s)));
        }
    }
    out
}

/// The request's `Content-Type`, where `x-konaplate.media-type` names it and its provenance
/// is not an inference.
fn media_type(spec: &Spec, op: &Operation, page: &Source) -> Option<Fact> {
    let konaplate = spec.doc.get("x-konaplate")?;
    let value = konaplate.get("media-type").and_then(Value::as_str)?;
    let source = directed(konaplate, "media-type-provenance", Side::Request, page)?;
    let about = About::new(
        Kind::Header,
        header_subject(Side::Request, "Content-Type"),
        Some(Aspect::Value),
    );
    Some(Fact::new(
        &op.id,
        about,
        value.to_string(),
        source,
        "/x-konaplate/media-type".into(),
    ))
}

fn response_headers(spec: &Spec, op: &Operation, base: &str, source: &Source) -> Vec<Fact> {
    let mut out = Vec::new();
    let Some(answers) = spec
        .doc
        .pointer(&format!("{base}/responses"))
        .and_then(Value::as_object)
    else {
        return out;
    };
    for status in answers.keys() {
        let answer_at = format!("{base}/responses/{}", escape(status));
        let Some((answer, answer_at)) = follow_refs(&spec.doc, &answer_at) else {
            continue;
        };
        // The answer the spec declares as our inference (the 401) states nothing.
        if answer.get("x-provenance").and_then(Value::as_str) == Some("inferred") {
            continue;
        }
        let Some(headers) = answer.get("headers").and_then(Value::as_object) else {
            continue;
        };
        for name in headers.keys() {
            let pointer = format!("{answer_at}/headers/{}", escape(name));
            if let Some((node, at)) = follow_refs(&spec.doc, &pointer) {
                let header = Header {
                    op,
                    side: Side::Response,
                    name,
                    node,
                    at: &at,
                    source,
                };
                out.extend(header.facts());
            }
        }
    }
    out
}

/// One declared header (a parameter or a response header object).
struct Header<'a> {
    op: &'a Operation,
    side: Side,
    name: &'a str,
    node: &'a Value,
    at: &'a str,
    source: &'a Source,
}

impl Header<'_> {
    fn fact(&self, aspect: Aspect, states: String, source: Source) -> Fact {
        let about = About::new(
            Kind::Header,
            header_subject(self.side, self.name),
            Some(aspect),
        );
        Fact::new(&self.op.id, about, states, source, self.at.to_string())
    }

    /// Its mark, its length and its form.
    fn facts(&self) -> Vec<Fact> {
        let node = self.node;
        let source = || self.source.clone();
        let required = node.get("required").and_then(Value::as_bool) == Some(true);
        let (aspect, states) = match (required, node.get("x-conditional").and_then(Value::as_str)) {
            (true, _) => (Aspect::Required, "Required".to_string()),
            (false, Some(when)) => (Aspect::Conditional, format!("Conditional: {when}")),
            (false, None) => (Aspect::Optional, "Optional".to_string()),
        };
        let mut out = vec![self.fact(aspect, states, source())];
        let schema = node.get("schema").cloned().unwrap_or_default();
        let documented = node.get("x-documented-length");
        if let Some(shape) = length(schema.get("minLength"), schema.get("maxLength")) {
            let states = match documented {
                Some(n) => format!(
                    "Length : {n} on the page; {shape} accepted (the vendor's own sample differs, specs/README.md)"
                ),
                None => shape,
            };
            out.push(self.fact(Aspect::Length, states, source()));
        }
        // A computed header's form is its signature rule, not a separate fact.
        let signed = node.get("x-signature").is_some();
        if let Some(p) = schema
            .get("pattern")
            .and_then(Value::as_str)
            .filter(|_| !signed)
        {
            out.push(self.fact(Aspect::Format, format!("matches {p}"), source()));
        }
        out
    }
}
