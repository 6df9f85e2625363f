//! What must come back for one request: the expectation of a case, or of a step of a
//! scenario.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Pattern;
use crate::assumption::Assumption;

/// What an expectation that is not the expected answer itself rests on: a vendor page, or a
/// named assumption (the expected answer's own basis is [`Expect::assumes`]). Written as one
/// word: `documented`, or the assumption's name (`card-number-digits`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grounds {
    /// A vendor page states it.
    Documented,
    /// Our reading where the pages are silent: this assumption.
    Assumes(Assumption),
}

/// The word of [`Grounds::Documented`].
const DOCUMENTED: &str = "documented";

impl Grounds {
    /// `documented`, or the assumption's name.
    pub fn name(self) -> &'static str {
        match self {
            Grounds::Documented => DOCUMENTED,
            Grounds::Assumes(a) => a.name(),
        }
    }

    /// The grounds named `name`.
    pub fn parse(name: &str) -> Option<Grounds> {
        match name {
            DOCUMENTED => Some(Grounds::Documented),
            other => Assumption::parse(other).map(Grounds::Assumes),
        }
    }

    /// Documented for `None`, else resting on the assumption.
    pub fn of(assumption: Option<Assumption>) -> Grounds {
        assumption.map_or(Grounds::Documented, Grounds::Assumes)
    }

    /// The assumption it rests on; `None`: documented.
    pub fn assumption(self) -> Option<Assumption> {
        match self {
            Grounds::Documented => None,
            Grounds::Assumes(a) => Some(a),
        }
    }
}

impl Serialize for Grounds {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Grounds {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Grounds, D::Error> {
        let name = String::deserialize(d)?;
        Grounds::parse(&name).ok_or_else(|| {
            let names: Vec<&str> = std::iter::once(DOCUMENTED)
                .chain(Assumption::ALL.iter().map(|a| a.name()))
                .collect();
            serde::de::Error::custom(format!(
                "unknown grounds `{name}`, expected one of {}",
                names.join(", ")
            ))
        })
    }
}

impl JsonSchema for Grounds {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Grounds".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<&str> = std::iter::once(DOCUMENTED)
            .chain(Assumption::ALL.iter().map(|a| a.name()))
            .collect();
        schemars::json_schema!({
            "description": "`documented` (a vendor page states it), or the name of the assumption it rests on.",
            "type": "string",
            "enum": names,
        })
    }
}

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
    /// The answer must not accept the request (it must not be the documented success,
    /// `000_000`), on these grounds: a request that breaks what its page makes mandatory,
    /// bounded or formatted is not accepted, whichever code refuses it. Generated negative
    /// cases carry it beside the code they expect, which may rest on a reading of ours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_accepted: Option<Grounds>,
    /// The answer must be a client error (HTTP 4xx), and nothing else about it is judged (its
    /// body need not be JSON): what a target answers to a method its pages do not declare is
    /// not documented, only that it must not serve it (`assumes` says so).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub client_error: bool,
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
            not_accepted: None,
            client_error: false,
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

    /// Refused with a client error (HTTP 4xx), nothing else judged, on `assumes` (a request
    /// with a method the operation does not declare).
    pub fn client_error(assumes: Assumption) -> Expect {
        Expect {
            client_error: true,
            schema: false,
            assumes: Some(assumes),
            ..Expect::any_documented()
        }
    }

    /// The same expectation, and the answer must not accept the request, on `grounds`.
    pub fn not_accepted(self, grounds: Grounds) -> Expect {
        Expect {
            not_accepted: Some(grounds),
            ..self
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

        let refused = Expect::rejected(400, "000_002", vec![])
            .assuming(Some(Assumption::HeaderErrorAnswer))
            .not_accepted(Grounds::Documented);
        assert_eq!(refused.not_accepted, Some(Grounds::Documented));
        assert_eq!(refused.assumes, Some(Assumption::HeaderErrorAnswer));
        assert_eq!(
            Grounds::of(Some(Assumption::SpecInferred)).assumption(),
            Some(Assumption::SpecInferred)
        );
        assert_eq!(Grounds::of(None), Grounds::Documented);
        // One word each way, and a misspelt one is refused with the list.
        for g in [
            Grounds::Documented,
            Grounds::Assumes(Assumption::CardNumberDigits),
        ] {
            let text = serde_json::to_string(&g).unwrap();
            assert_eq!(serde_json::from_str::<Grounds>(&text).unwrap(), g);
        }
        assert_eq!(
            serde_json::to_string(&Grounds::Assumes(Assumption::SpecInferred)).unwrap(),
            "\"spec-inferred\""
        );
        let e = serde_json::from_str::<Grounds>("\"documentd\"").unwrap_err();
        assert!(
            e.to_string().contains("expected one of documented, "),
            "{e}"
        );

        let method = Expect::client_error(Assumption::UndeclaredMethod);
        assert!(method.client_error && !method.schema);
        assert_eq!(method.assumes, Some(Assumption::UndeclaredMethod));
    }
}
