//! The scenario-file format, as serde types. `konaplate-conformance schema scenario` prints its
//! JSON Schema (committed as `cases/scenarios/scenario-file.schema.json`, checked for drift).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::case::file::{ExpectDef, RequestDef};

/// One file: one scenario.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ScenarioFile {
    /// Editor hint (`./scenario-file.schema.json`); ignored by the loader.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable id: the trial is named `scenario::<id>`. Letters, digits, `-`, `_`, `.`, `:`.
    pub id: String,
    /// What the scenario shows, in a sentence or two.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The vendor seed page(s) the lifecycle comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free-form tags for filtering and reports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Marks the scenario ignored (libtest `--ignored` runs it), with the reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignore: Option<String>,
    /// The steps, run in order; the scenario passes when every step does.
    pub steps: Vec<StepDef>,
}

/// One step: a request to an operation and what the answer must be, as in a case file, and the
/// values to capture from the answer for later steps.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct StepDef {
    /// Stable id, unique within the scenario (same characters as a scenario id).
    pub id: String,
    /// The `operationId` in the spec.
    pub operation: String,
    /// What the step does, in a sentence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The request, as in a case file; `{{captured.NAME}}` names a value an earlier step
    /// captured, wherever a profile variable may appear.
    #[serde(default)]
    pub request: RequestDef,
    /// The expected answer, as in a case file.
    pub expect: ExpectDef,
    /// Values to keep for later steps: name → JSON pointer into the (decrypted) answer body,
    /// e.g. `applyNo: /cardApplyNo`. A pointer that finds nothing fails the step.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub capture: BTreeMap<String, String>,
}
