//! Assumptions: the expectations the vendor pages do not state, and how a run treats them.
//!
//! Every expectation is either *documented* (a seed page states it: a length, an enum, a result
//! code and its HTTP status, a required header, the Encrypted flag) or rests on one of the
//! [`Assumption`]s below (our reading where the pages are silent). A failed documented
//! expectation fails its case; a failed assumption is a warning by default, so a server that
//! follows every documented fact passes, and the run still says where it differs from our
//! reading. `--strict` makes them failures, and a profile settles each kind by name
//! (`assumptions: { message-names-field: fail }`) once a run against the real target has
//! shown what it does. docs/verdicts.md lists them.

use std::collections::BTreeMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One kind of inferred expectation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Assumption {
    /// The result text is in the field the profile's `message-field` names.
    MessageField,
    /// The result text names the field or header a request broke.
    MessageNamesField,
    /// A value of a valid length that breaks its format (a `pattern`) is answered `000_002`,
    /// HTTP 400, like the documented violations.
    FormatViolationCode,
    /// Card numbers (`cardNo`, `physicalCardNo`, `oldCardNo`, `mobileCardNo`) are digits only.
    CardNumberDigits,
    /// The answer's `X-KM-Correlation-Id` is the request's (profile `echoes-correlation-id`).
    CorrelationIdEcho,
    /// A bad header is answered as the profile's `header-errors` say.
    HeaderErrorAnswer,
    /// A client gives each request a correlation id of its own (the vendor keeps it as the
    /// transaction id); the proxy's check.
    CorrelationIdUnique,
    /// A field or constraint the spec marks `x-provenance: inferred`.
    SpecInferred,
    /// An answer declares its body `application/json` (no source states an answer's
    /// `Content-Type`; client code parses it as JSON).
    JsonContentType,
    /// An answer holds only the fields its page lists (the schemas do not close their
    /// objects: a vendor may add a field without breaking a client).
    DeclaredFieldsOnly,
    /// A client sends its `X-KM-Crypto-Key-Id` to an operation whose answer only is
    /// encrypted (the pages require it with an encrypted request; the proxy's check).
    KeyIdForEncryptedAnswer,
    /// One operation's answer reflects what another did: an application cancelled shows
    /// `CANCEL` in delivery inquiry, one a pre-issue search lists is known there.
    LinkedOperations,
    /// Where the pages are silent, the target decides as the reference mock does (its rows
    /// in docs/mock.md): what `explore` compares a divergence from such a decision against.
    MockDecision,
    /// A method the pages do not declare (any but POST) is refused with a client error (4xx).
    UndeclaredMethod,
}

impl Assumption {
    /// Every kind, in the order docs and reports list them.
    pub const ALL: [Assumption; 14] = [
        Assumption::MessageField,
        Assumption::MessageNamesField,
        Assumption::FormatViolationCode,
        Assumption::CardNumberDigits,
        Assumption::CorrelationIdEcho,
        Assumption::HeaderErrorAnswer,
        Assumption::CorrelationIdUnique,
        Assumption::SpecInferred,
        Assumption::JsonContentType,
        Assumption::DeclaredFieldsOnly,
        Assumption::KeyIdForEncryptedAnswer,
        Assumption::LinkedOperations,
        Assumption::MockDecision,
        Assumption::UndeclaredMethod,
    ];

    /// The name used in profiles, messages and reports.
    pub fn name(self) -> &'static str {
        match self {
            Assumption::MessageField => "message-field",
            Assumption::MessageNamesField => "message-names-field",
            Assumption::FormatViolationCode => "format-violation-code",
            Assumption::CardNumberDigits => "card-number-digits",
            Assumption::CorrelationIdEcho => "correlation-id-echo",
            Assumption::HeaderErrorAnswer => "header-error-answer",
            Assumption::CorrelationIdUnique => "correlation-id-unique",
            Assumption::SpecInferred => "spec-inferred",
            Assumption::JsonContentType => "json-content-type",
            Assumption::DeclaredFieldsOnly => "declared-fields-only",
            Assumption::KeyIdForEncryptedAnswer => "key-id-for-encrypted-answer",
            Assumption::LinkedOperations => "linked-operations",
            Assumption::MockDecision => "mock-decision",
            Assumption::UndeclaredMethod => "undeclared-method",
        }
    }

    /// What is assumed, in one line.
    pub fn claim(self) -> &'static str {
        match self {
            Assumption::MessageField => "the result text is in the profile's `message-field`",
            Assumption::MessageNamesField => "the result text names the field or header at fault",
            Assumption::FormatViolationCode => {
                "a malformed value (pattern) is answered like the documented invalid input"
            }
            Assumption::CardNumberDigits => "card numbers are digits only",
            Assumption::CorrelationIdEcho => "the answer echoes the request's correlation id",
            Assumption::HeaderErrorAnswer => {
                "a bad header is answered as the profile's `header-errors` say"
            }
            Assumption::CorrelationIdUnique => {
                "a client gives each request a correlation id of its own"
            }
            Assumption::SpecInferred => "a field or constraint the spec marks inferred",
            Assumption::JsonContentType => "an answer declares its body `application/json`",
            Assumption::DeclaredFieldsOnly => "an answer holds only the fields its page lists",
            Assumption::KeyIdForEncryptedAnswer => {
                "a client sends its key id when only the answer is encrypted"
            }
            Assumption::LinkedOperations => "one operation's answer reflects what another did",
            Assumption::MockDecision => {
                "where the pages are silent, the target decides as the reference mock does"
            }
            Assumption::UndeclaredMethod => {
                "a method the pages do not declare is refused with a client error (4xx)"
            }
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<Assumption> {
        Assumption::ALL.into_iter().find(|a| a.name() == name)
    }
}

impl fmt::Display for Assumption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What a failed assumption does to its case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Treatment {
    /// The case fails, as for a documented expectation.
    Fail,
    /// The case passes with a warning that names the assumption.
    Warn,
    /// Not reported at all: the target is known to differ, and that is fine.
    Off,
}

impl Treatment {
    /// The value used in profiles.
    pub fn name(self) -> &'static str {
        match self {
            Treatment::Fail => "fail",
            Treatment::Warn => "warn",
            Treatment::Off => "off",
        }
    }
}

/// How a run treats each assumption: what the profile settled, else `--strict`'s answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Policy<'a> {
    /// `--strict`: an unsettled assumption fails its case instead of warning.
    pub strict: bool,
    /// The profile's `assumptions:`, by kind.
    pub settled: &'a BTreeMap<Assumption, Treatment>,
}

impl Policy<'_> {
    /// The treatment of a failed `assumption`: the profile's when it settles the kind (it
    /// knows the target), else fail under `--strict`, else warn.
    pub fn treatment(&self, assumption: Assumption) -> Treatment {
        match self.settled.get(&assumption) {
            Some(t) => *t,
            None if self.strict => Treatment::Fail,
            None => Treatment::Warn,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_serde_agrees() {
        for a in Assumption::ALL {
            assert_eq!(Assumption::parse(a.name()), Some(a));
            assert_eq!(serde_json::to_value(a).unwrap(), a.name());
        }
        assert_eq!(Assumption::parse("message-names"), None);
    }

    #[test]
    fn the_profile_settles_before_strict() {
        let none = BTreeMap::new();
        let mut p = Policy {
            strict: false,
            settled: &none,
        };
        assert_eq!(p.treatment(Assumption::CardNumberDigits), Treatment::Warn);
        p.strict = true;
        assert_eq!(p.treatment(Assumption::CardNumberDigits), Treatment::Fail);
        let settled = BTreeMap::from([(Assumption::CardNumberDigits, Treatment::Off)]);
        p.settled = &settled;
        assert_eq!(p.treatment(Assumption::CardNumberDigits), Treatment::Off);
        assert_eq!(p.treatment(Assumption::SpecInferred), Treatment::Fail);
    }
}
