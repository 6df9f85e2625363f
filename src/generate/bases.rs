//! The known-good bodies an operation's generated cases start from.

use serde_json::Value;

use super::{NON_MEMBER, SUCCESS};
use crate::case::{Body, Case};
use crate::spec::Operation;

/// The known-good bodies an operation's cases start from.
pub(super) struct Bases<'a> {
    /// The documented success case: body negatives mutate it.
    pub(super) valid: Option<&'a Case>,
    /// A body the target accepts field by field but that cannot change a card: the success
    /// case of a read-only operation, the `001_006` case of a state-changing one.
    pub(super) harmless: Option<&'a Case>,
}

impl<'a> Bases<'a> {
    pub(super) fn find(op: &Operation, documented: &[&'a Case]) -> Bases<'a> {
        let json_object = |c: &&&'a Case| matches!(&c.request.body, Body::Json(Value::Object(_)));
        let with_code = |code: &str| -> Option<&'a Case> {
            let mut found: Vec<&'a Case> = documented
                .iter()
                .filter(json_object)
                .filter(|c| c.expect.code.as_deref() == Some(code))
                .copied()
                .collect();
            // The documented `success` first, then file order.
            found.sort_by_key(|c| c.id != "success");
            found.first().copied()
        };
        let valid = with_code(SUCCESS);
        let harmless = if op.state_changing {
            with_code(NON_MEMBER)
        } else {
            valid
        };
        Bases { valid, harmless }
    }
}
