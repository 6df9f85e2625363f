//! The case-file format, as serde types. `konaplate-conformance schema` prints its JSON Schema
//! (committed as `cases/case-file.schema.json`, checked for drift by a test).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

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

/// One case: a request and what the answer must be.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaseDef {
    /// Stable id, unique within the operation: the test is named `<operation>::<id>`.
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
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExpectDef {
    /// The HTTP status.
    pub status: u16,
    /// The result code `response.code` (`NNN_NNN`); must be documented for the operation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Text the result message must contain (informational on the vendor side; off by default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message_contains: Option<String>,
    /// A subset of the body the answer must contain. Strings of the form `<matcher>` match
    /// volatile values: `<any>`, `<string>`, `<number>`, `<len:N>`, `<regex:RE>`, `<empty>`, `<non-empty>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<Value>,
    /// Validate the body against the operation's response schema (default true).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub schema: bool,
}

fn yes() -> bool {
    true
}

fn is_true(b: &bool) -> bool {
    *b
}
