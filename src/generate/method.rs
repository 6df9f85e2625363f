//! The undeclared method: each operation's success request sent with a method its path does
//! not declare (the pages define POST only). What a target answers is not documented; that it
//! must not serve the request is our reading ([`Assumption::UndeclaredMethod`]): the answer
//! must be a client error (4xx), not a success and not a server error.

use serde_json::Value;

use super::bases::Bases;
use super::builder::{Builder, Draft};
use crate::assumption::Assumption;
use crate::case::Expect;
use crate::spec::Spec;

/// The methods tried, in order: the first one the operation's path does not declare is sent.
const CANDIDATES: &[&str] = &["PUT", "PATCH", "DELETE", "GET"];

impl Builder<'_> {
    /// One case: the success request (with the method put right it would succeed) sent with
    /// the first method of [`CANDIDATES`] the path does not declare.
    pub(super) fn undeclared_method(&mut self, spec: &Spec, bases: &Bases) {
        // Without a success request the notes already say why nothing of the operation was
        // generated.
        let Some(valid) = &bases.valid else {
            return;
        };
        let escaped = self.op.path.replace('~', "~0").replace('/', "~1");
        let declared = spec.doc.pointer(&format!("/paths/{escaped}"));
        let Some(method) = CANDIDATES.iter().find(|m| {
            declared
                .and_then(Value::as_object)
                .is_none_or(|item| !item.contains_key(&m.to_ascii_lowercase()))
        }) else {
            return;
        };
        let mut request = valid.request.clone();
        request.method = Some((*method).to_string());
        let d = Draft {
            base: valid,
            field: "method".into(),
            mutation: mutation(method),
            tag: "method",
            description: format!(
                "the success request sent with {method}, a method `{}` does not declare: must be refused with a client error (4xx).",
                self.op.path
            ),
            request,
            expect: Expect::client_error(Assumption::UndeclaredMethod),
        };
        // It probes no request constraint of the schemas: the method is the path's, not a
        // field's or a header's.
        self.add(&[], d);
    }
}

/// The case id's mutation for a method: its lower-case name.
fn mutation(method: &str) -> &'static str {
    match method {
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => "get",
    }
}
