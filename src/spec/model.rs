//! Plain data read from the spec: operations and the vendor facts kept in `x-` extensions.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use jsonschema::Validator;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::response_headers::{DeclaredHeader, ResponseHeaders};
use super::schema::Schemas;
use crate::facts::Ledger;

/// The loaded contract.
#[derive(Debug)]
pub struct Spec {
    /// Where it was read from.
    pub path: PathBuf,
    /// `info.version`.
    pub version: String,
    /// SHA-256 of the file's bytes, hex: identifies the exact contract a run used.
    pub hash: String,
    /// The whole document as JSON (OpenAPI 3.1 schemas are JSON Schema 2020-12).
    pub doc: Arc<Value>,
    /// The operations, in seed-page order (the vendor's).
    pub operations: Vec<Operation>,
    /// Where the result text may live inside `response`, in order of preference.
    pub message_fields: Vec<String>,
    /// Compiled validators, built lazily once per operation.
    pub schemas: Schemas,
    /// The fact ledger, built on first use ([`Spec::ledger`]); empty until then.
    pub ledger: OnceLock<Ledger>,
    /// The headers the documented answers declare, read on first use
    /// ([`Spec::response_headers`]).
    pub response_headers: OnceLock<ResponseHeaders>,
}

impl Spec {
    /// The operation with this `operationId`.
    pub fn operation(&self, id: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.id == id)
    }

    /// The `operationId`s, in seed-page order.
    pub fn operation_ids(&self) -> impl Iterator<Item = &str> {
        self.operations.iter().map(|o| o.id.as_str())
    }

    /// The headers the answer of `status` to `operation` declares (`$ref`s followed), read
    /// from the document once: none for a status the operation does not document.
    pub fn response_headers(&self, operation: &str, status: u16) -> &[DeclaredHeader] {
        self.response_headers
            .get_or_init(|| {
                let operations = self.operations.iter();
                ResponseHeaders::of(&self.doc, operations.map(|o| (&*o.id, &*o.path)))
            })
            .get(operation, status)
    }

    /// The first 12 hex digits of [`Spec::hash`].
    pub fn short_hash(&self) -> &str {
        &self.hash[..12.min(self.hash.len())]
    }
}

/// One POST operation of the contract.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// `operationId`, stable: cases and trial names use it.
    pub id: String,
    /// The URL path, e.g. `/api/v1/card/status`.
    pub path: String,
    /// The page title.
    pub summary: String,
    /// The vendor seed page it comes from (`x-seed`).
    pub seed: String,
    /// Which directions are JWE-encrypted on the wire (`x-encryption`).
    pub encryption: Encryption,
    /// Whether the operation changes real cards (`x-state-changing`): guarded by the runner.
    pub state_changing: bool,
    /// The documented Response Code table (`x-error-codes`), in page order.
    pub error_codes: Vec<ErrorCode>,
    /// The documented Test Data items (`x-test-data`), in page order.
    pub test_data: Vec<TestData>,
    /// JSON pointer of the request body schema.
    pub request_schema: String,
    /// JSON pointers of the response body schemas, by HTTP status.
    pub response_schemas: Vec<(u16, String)>,
}

impl Operation {
    /// The documented row for a result code.
    pub fn error_code(&self, code: &str) -> Option<&ErrorCode> {
        self.error_codes.iter().find(|e| e.code == code)
    }

    /// The documented Test Data item with this label.
    pub fn test_data(&self, label: &str) -> Option<&TestData> {
        self.test_data.iter().find(|t| t.label == label)
    }

    /// The response schema pointer for an HTTP status, if documented.
    pub fn response_schema(&self, status: u16) -> Option<&str> {
        self.response_schemas
            .iter()
            .find(|(s, _)| *s == status)
            .map(|(_, p)| p.as_str())
    }
}

/// The validators of an operation's bodies (here, beside [`Operation`], so that the schema
/// registry knows nothing of operations).
impl Schemas {
    /// The validator of an operation's request body.
    pub fn request(&self, op: &Operation) -> Result<Arc<Validator>, String> {
        self.get(&op.request_schema)
    }

    /// The validator of an operation's response body for an HTTP status.
    pub fn response(&self, op: &Operation, status: u16) -> Result<Arc<Validator>, String> {
        let pointer = op
            .response_schema(status)
            .ok_or_else(|| format!("`{}` documents no {status} response", op.id))?;
        self.get(pointer)
    }
}

/// `x-encryption`: whether request and response bodies travel as JWE.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Encryption {
    /// The request body is `{"encData": "<JWE>"}`.
    pub request: bool,
    /// The response body is `{"encData": "<JWE>"}`.
    pub response: bool,
}

/// One row of a page's Response Code table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorCode {
    /// `NNN_NNN`.
    pub code: String,
    /// The documented HTTP status.
    pub http: u16,
    /// The "Message" column, exactly as on the page.
    pub message: String,
    /// The "Description" column, exactly as on the page.
    pub description: String,
}

/// One documented Test Data item: a label and the code it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestData {
    /// The label, exactly as on the page.
    pub label: String,
    /// The result code the scenario answers.
    pub code: String,
    /// The HTTP status the scenario answers.
    pub http: u16,
}
