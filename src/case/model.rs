//! A checked case, ready to plan: variables substituted, references verified.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;
use serde_json::Value;

use crate::error::Pos;
use crate::expect::Expect;
use crate::yaml::Positions;

/// Where a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// A case file, from documented Test Data.
    Documented,
    /// Generated from the spec's constraints.
    Generated,
}

/// One case to run.
#[derive(Debug, Clone, Serialize)]
pub struct Case {
    /// The file it was read from.
    pub file: PathBuf,
    /// Where its `id` is in that file ([`Case::pos`]).
    #[serde(skip)]
    pub at: IdAt,
    /// `operationId`.
    pub operation: String,
    /// Unique within the operation.
    pub id: String,
    /// The documented Test Data label it reproduces.
    pub test_data: Option<String>,
    /// The seed page.
    pub source: Option<String>,
    /// What it shows.
    pub description: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Why it is ignored, if it is.
    pub ignore: Option<String>,
    /// Documented or generated.
    pub origin: Origin,
    /// What to send.
    pub request: Request,
    /// What must come back.
    pub expect: Expect,
}

impl Case {
    /// The test name: `<operation>::<id>`.
    pub fn name(&self) -> String {
        format!("{}::{}", self.operation, self.id)
    }

    /// Where its `id` is in its file (indexes the file on first use).
    pub fn pos(&self) -> Pos {
        self.at.pos()
    }
}

/// Where a case's `id` is: the `index`-th case of a file whose [`Positions`] are found when
/// first asked for (only a duplicate's message needs them).
#[derive(Debug, Clone)]
pub struct IdAt {
    positions: Arc<Positions>,
    index: usize,
}

impl IdAt {
    /// The `id` of case `index` (from 0) of the file with these positions.
    pub fn new(positions: Arc<Positions>, index: usize) -> IdAt {
        IdAt { positions, index }
    }

    /// The position, or the file's start when the index does not find it.
    pub fn pos(&self) -> Pos {
        self.positions
            .index()
            .value(&format!("/cases/{}/id", self.index))
            .unwrap_or(Pos { line: 1, col: 1 })
    }

    /// Which case of its file it is (from 0).
    pub fn index(&self) -> usize {
        self.index
    }

    /// The file's positions.
    pub fn positions(&self) -> &Arc<Positions> {
        &self.positions
    }
}

/// A request with variables substituted.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    /// The HTTP method when it is not `POST`, the only method the operations declare (a
    /// generated case sends another to see how the target refuses it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// Header overrides (`None` drops the header).
    pub headers: Vec<(String, Option<String>)>,
    /// The body.
    pub body: Body,
}

impl Request {
    /// The method to send: the case's, else `POST`.
    pub fn method(&self) -> &str {
        self.method.as_deref().unwrap_or(POST)
    }
}

/// The method every operation declares.
pub const POST: &str = "POST";

/// The body to send.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Body {
    /// JSON, serialized compactly.
    Json(Value),
    /// Bytes sent as they are.
    Raw(String),
    /// No body.
    Empty,
}
