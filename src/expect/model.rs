//! What must come back for one request: the expectation of a case, or of a step of a
//! scenario.

use serde::Serialize;

use super::Pattern;
use crate::assumption::Assumption;

/// The expectation.
///
/// A case either names the answer (`status`, usually with `code`), or only the answer that
/// must not come (`code_not`, with no `status`): then any answer the operation documents
/// passes, as long as its result code is not `code_not`. Positive boundary cases use the
/// second form: a field at exactly its limit must not be answered `000_002`.
///
/// Built by the case loader from the case file, or by one of the constructors below (the
/// generator, the proxy, explore): a field added here starts at its constructors' default, so
/// only the loader and the case-file form ([`crate::case::file::ExpectDef`]) name it.
#[derive(Debug, Clone, Serialize)]
pub struct Expect {
    /// HTTP status, exact; `None` accepts any status the operation documents a response for.
    pub status: Option<u16>,
    /// Result code.
    pub code: Option<String>,
    /// A result code the answer must not carry (the answer must carry some code).
    pub code_not: Option<String>,
    /// Text the message must contain.
    pub message_contains: Option<String>,
    /// Field names (dotted paths, header names) of which the result text must name at least
    /// one, as a whole word; empty for no such check.
    pub message_names: Vec<String>,
    /// Body subset with matchers, compiled at load.
    pub body: Option<Pattern>,
    /// Whether to validate against the response schema.
    pub schema: bool,
    /// The assumption the expected answer (`status`, `code`, `code_not`, and a `body` that
    /// requires more than the page) rests on; `None` when a vendor page documents it. Generated cases set it per case: a malformed value's
    /// answer is [`Assumption::FormatViolationCode`], a bad header's
    /// [`Assumption::HeaderErrorAnswer`], an inferred field's [`Assumption::SpecInferred`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumes: Option<Assumption>,
    /// The ids of the documented facts the expected answer verifies, beyond those every check
    /// names for itself: a documented case's Response Code row (`<op>.code.<code>.when`) and
    /// Test Data item, a generated case's constraint (`<op>.request.userId.length`), the
    /// lifecycle rule a scenario's step exercises (`verifies:` in the file). The checks of the
    /// expected answer name them on their failures; the documentation coverage counts them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<String>,
}

impl Expect {
    /// Any answer the operation documents (its status and, through the schema check, its
    /// shape): what the proxy expects of an answer no case describes.
    pub fn any_documented() -> Expect {
        Expect {
            status: None,
            code: None,
            code_not: None,
            message_contains: None,
            message_names: vec![],
            body: None,
            schema: true,
            assumes: None,
            facts: vec![],
        }
    }

    /// Exactly HTTP `status` with result code `code` (a recorded answer, a profile's answer
    /// to a bad header).
    pub fn answered(status: u16, code: &str) -> Expect {
        Expect {
            status: Some(status),
            code: Some(code.to_string()),
            ..Expect::any_documented()
        }
    }

    /// Turned away: HTTP `status` with result code `code`, the result text naming one of
    /// `names` (none: not checked).
    pub fn rejected(status: u16, code: &str, names: Vec<String>) -> Expect {
        Expect {
            message_names: names,
            ..Expect::answered(status, code)
        }
    }

    /// Accepted: any documented answer whose result code is not `code` (a positive boundary
    /// must not be answered `000_002`).
    pub fn accepted(code: &str) -> Expect {
        Expect {
            code_not: Some(code.to_string()),
            ..Expect::any_documented()
        }
    }

    /// The same expectation, its answer resting on `assumes` (documented when `None`).
    pub fn assuming(self, assumes: Option<Assumption>) -> Expect {
        Expect { assumes, ..self }
    }

    /// The same expectation, its answer also verifying the facts with these ids (kept once
    /// each, in order).
    pub fn verifying<I, S>(mut self, facts: I) -> Expect
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        for id in facts.into_iter().map(Into::into) {
            if !self.facts.contains(&id) {
                self.facts.push(id);
            }
        }
        self
    }

    /// The same expectation with no schema check (explore compares two answers with each
    /// other, not each with the schema).
    pub fn without_schema(self) -> Expect {
        Expect {
            schema: false,
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructors_state_the_common_expectations() {
        let any = Expect::any_documented();
        assert_eq!((any.status, any.code.as_deref()), (None, None));
        assert!(any.schema && any.code_not.is_none() && any.assumes.is_none());

        let rejected = Expect::rejected(400, "000_002", vec!["userId".into()])
            .assuming(Some(Assumption::FormatViolationCode));
        assert_eq!(rejected.status, Some(400));
        assert_eq!(rejected.code.as_deref(), Some("000_002"));
        assert_eq!(rejected.message_names, ["userId"]);
        assert_eq!(rejected.assumes, Some(Assumption::FormatViolationCode));

        let accepted = Expect::accepted("000_002");
        assert_eq!((accepted.status, accepted.code.as_deref()), (None, None));
        assert_eq!(accepted.code_not.as_deref(), Some("000_002"));

        assert!(!Expect::any_documented().without_schema().schema);

        let verifying = Expect::answered(400, "003_022")
            .verifying(["op.code.003_022.when", "op.testData.003_022"])
            .verifying(["op.code.003_022.when"]);
        assert_eq!(
            verifying.facts,
            ["op.code.003_022.when", "op.testData.003_022"]
        );
    }
}
