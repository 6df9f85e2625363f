//! The case-file format, as serde types. `konaplate-conformance schema` prints its JSON Schema
//! (committed as `cases/case-file.schema.json`, checked for drift by a test).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::expect::{Expect, Grounds, Pattern};

/// One file: the cases of one operation.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaseFile {
    /// Editor hint (`./case-file.schema.json`); ignored by the loader.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// The `operationId` in the spec.
    pub operation: String,
    /// The vendor seed page the cases derive from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The cases, each a test.
    pub cases: Vec<CaseDef>,
}

impl CaseFile {
    /// The file as YAML, result codes quoted (as the hand-written files have them).
    pub fn to_yaml(&self) -> String {
        quote_codes(&serde_yaml::to_string(self).unwrap_or_default())
    }
}

/// `code: 000_002` → `code: "000_002"`: YAML 1.1 readers take the bare form for an octal
/// number, so result codes are quoted as in the hand-written case files.
fn quote_codes(yaml: &str) -> String {
    let mut out = String::with_capacity(yaml.len() + 64);
    for line in yaml.lines() {
        let trimmed = line.trim_start();
        let quoted = ["code: ", "code-not: "].iter().find_map(|key| {
            let value = trimmed.strip_prefix(key)?;
            let b = value.as_bytes();
            let is_code = b.len() == 7
                && b[3] == b'_'
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 3 || c.is_ascii_digit());
            is_code.then(|| format!("{}{key}\"{value}\"", &line[..line.len() - trimmed.len()]))
        });
        out.push_str(quoted.as_deref().unwrap_or(line));
        out.push('\n');
    }
    out
}

/// One case: a request and what the answer must be.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaseDef {
    /// Stable id, unique within the operation: the test is named `<operation>::<id>`. Letters,
    /// digits, `-`, `_`, `.` and `:` (generated cases use `generated::<field>::<mutation>`).
    pub id: String,
    /// The documented Test Data label this case reproduces, exactly as in the spec.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test_data: Option<String>,
    /// What the case shows, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free-form tags for filtering and reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marks the case ignored (libtest `--ignored` runs it), with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// The request to send.
    pub request: RequestDef,
    /// The expected answer.
    pub expect: ExpectDef,
}

/// The request: body, and header overrides on top of the generated `X-KM-*` headers.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RequestDef {
    /// The HTTP method; absent: `POST`, the one method every operation declares. Another
    /// method (`PUT`) probes how the target refuses a method it does not declare.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Header overrides: a string replaces the generated value, `null` drops the header.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, Option<String>>,
    /// The JSON body. `{{var}}` placeholders are replaced from the target profile; a
    /// placeholder that is the whole string keeps the variable's type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// A body sent verbatim instead of `body` (e.g. malformed JSON).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw_body: Option<String>,
}

/// The expectation. Status and code are checked exactly; the schema check is on by default.
///
/// Give `status` (usually with `code`), or `code-not` alone: then any answer the operation
/// documents passes unless its result code is the one named (a field at exactly its limit
/// must not be answered `000_002`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(extend("anyOf" = [{"required": ["status"]}, {"required": ["code-not"]}, {"required": ["client-error"]}]))]
pub struct ExpectDef {
    /// The HTTP status. Required unless `code-not` is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// The result code `response.code` (`NNN_NNN`); must be documented for the operation (or
    /// be the target profile's `header-errors` answer). Needs `status`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A result code the answer must not carry; must be documented for the operation. Without
    /// `status`, the answer's status must be one the operation documents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code_not: Option<String>,
    /// Text the result message must contain (informational on the vendor side; off by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_contains: Option<String>,
    /// Field names (a dotted path like `cardInfo.oldCardNo`, a header name, or a list of
    /// them) of which the result text must name at least one, as a whole word.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_names: Option<Names>,
    /// A subset of the body the answer must contain. Strings of the form `<matcher>` match
    /// volatile values: `<any>`, `<string>`, `<number>`, `<len:N>`, `<regex:RE>`, `<empty>`, `<non-empty>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Validate the body against the operation's response schema (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub schema: bool,
    /// The assumption the expected answer (`status`, `code`, `code-not`, and a `body` that
    /// requires a field the page marks Optional or Conditional) rests on, when no vendor page
    /// documents it (docs/verdicts.md): a failed one warns unless `--strict` or the profile's
    /// `assumptions` say otherwise. Absent: documented, and such a `body` is an input error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assumes: Option<crate::assumption::Assumption>,
    /// Ids of documented facts (`konaplate-conformance facts`) the expected answer verifies
    /// besides its Response Code row and Test Data item, which the loader names by itself: a
    /// lifecycle rule a scenario's step exercises (`cardDeliveryCancel.lifecycle.same-day-only`),
    /// the constraint a generated case breaks. Each must be a checkable fact of the ledger.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub verifies: Vec<String>,
    /// The answer must not accept the request (not the documented success `000_000`), on
    /// these grounds: `documented`, or the name of the assumption it rests on. Generated
    /// negative cases carry it beside the code they expect, whose basis is `assumes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_accepted: Option<Grounds>,
    /// The answer must be a client error (HTTP 4xx), and nothing else about it is judged (a
    /// method the operation does not declare): give it alone, with the `assumes` it rests on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub client_error: bool,
}

impl ExpectDef {
    /// The expectation this section states, given the `status` the loader settled on and the
    /// body pattern it compiled (both checked against the spec and the profile first).
    pub(crate) fn to_expect(&self, status: Option<u16>, body: Option<Pattern>) -> Expect {
        Expect {
            status,
            code: self.code.clone(),
            code_not: self.code_not.clone(),
            message_contains: self.message_contains.clone(),
            message_names: self
                .message_names
                .as_ref()
                .map(Names::to_vec)
                .unwrap_or_default(),
            body,
            schema: self.schema,
            assumes: self.assumes,
            facts: self.verifies.clone(),
            not_accepted: self.not_accepted,
            client_error: self.client_error,
        }
    }
}

/// The case-file form of an expectation, loadable again (`generate --out`, the proxy's
/// recorded drafts): the one way an [`Expect`] is written out.
impl From<&Expect> for ExpectDef {
    fn from(e: &Expect) -> ExpectDef {
        ExpectDef {
            status: e.status,
            code: e.code.clone(),
            code_not: e.code_not.clone(),
            message_contains: e.message_contains.clone(),
            message_names: Names::from_vec(&e.message_names),
            body: e.body.as_ref().map(|p| p.source().clone()),
            schema: e.schema,
            assumes: e.assumes,
            verifies: e.facts.clone(),
            not_accepted: e.not_accepted,
            client_error: e.client_error,
        }
    }
}

/// One name, or a list of names of which any one will do.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Names {
    /// One name.
    One(String),
    /// Any one of these names.
    Any(Vec<String>),
}

impl Names {
    /// The names, as a list.
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            Names::One(n) => vec![n.clone()],
            Names::Any(v) => v.clone(),
        }
    }

    /// One name as [`Names::One`], several as [`Names::Any`], none as `None`.
    pub fn from_vec(names: &[String]) -> Option<Names> {
        match names {
            [] => None,
            [one] => Some(Names::One(one.clone())),
            many => Some(Names::Any(many.to_vec())),
        }
    }
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_expectation_goes_to_the_case_file_form_and_back_unchanged() {
        use crate::assumption::Assumption;
        let with_body = Expect {
            message_contains: Some("userId".into()),
            body: Some(Pattern::compile(
                &serde_json::json!({"response": {"code": "<string>"}}),
            )),
            ..Expect::answered(400, "000_002")
        };
        for e in [
            Expect::any_documented(),
            Expect::rejected(400, "000_002", vec!["userId".into(), "cardNo".into()])
                .assuming(Some(Assumption::FormatViolationCode)),
            Expect::accepted("000_002").without_schema(),
            Expect::rejected(400, "000_001", vec![])
                .assuming(Some(Assumption::HeaderErrorAnswer))
                .not_accepted(Grounds::Documented),
            Expect::answered(400, "000_002")
                .not_accepted(Grounds::Assumes(Assumption::CardNumberDigits)),
            Expect::client_error(Assumption::UndeclaredMethod),
            with_body,
        ] {
            let def = ExpectDef::from(&e);
            let back = def.to_expect(def.status, e.body.clone());
            assert_eq!(
                serde_json::to_value(&back).unwrap(),
                serde_json::to_value(&e).unwrap()
            );
        }
    }

    #[test]
    fn result_codes_are_quoted() {
        let yaml =
            "expect:\n  status: 400\n  code: 000_002\n  code-not: 000_002\nbody:\n  code: 123_45\n";
        assert_eq!(
            quote_codes(yaml),
            "expect:\n  status: 400\n  code: \"000_002\"\n  code-not: \"000_002\"\nbody:\n  code: 123_45\n"
        );
    }
}
