//! The HTTP status.

use crate::outcome::{CheckKind, Failure};
use crate::spec::Operation;

/// The status must be exactly the expected one.
pub fn status(expected: u16, actual: u16) -> Option<Failure> {
    (expected != actual).then(|| {
        Failure::new(
            CheckKind::Status,
            "",
            format!("HTTP {expected}"),
            format!("HTTP {actual}"),
        )
    })
}

/// With no expected status: the status must be one the operation documents a response for.
pub fn documented(op: &Operation, actual: u16) -> Option<Failure> {
    op.response_schema(actual).is_none().then(|| {
        let documented: Vec<String> = op
            .response_schemas
            .iter()
            .map(|(s, _)| format!("HTTP {s}"))
            .collect();
        Failure::new(
            CheckKind::Status,
            "",
            format!("a documented status ({})", documented.join(" or ")),
            format!("HTTP {actual}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_passes_and_different_fails() {
        assert_eq!(status(400, 400), None);
        assert_eq!(
            status(400, 200).unwrap().line(),
            "[status]: expected HTTP 400, got HTTP 200"
        );
    }
}
