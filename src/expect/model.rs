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
}
