//! The HTTP status.

use crate::outcome::{CheckKind, Failure};

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
