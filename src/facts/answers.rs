//! Answer facts: every Response Code row (its HTTP status, its Message text, when it is
//! answered: the Description column) and every Test Data item (a documented scenario and the
//! code it answers), verbatim from `x-error-codes` and `x-test-data`.

use super::fact::{About, Aspect, Fact, Kind, Source};
use super::provenance::operation_pointer;
use crate::spec::Operation;

/// The Response Code facts of `op`, row by row, in page order.
pub(super) fn codes(op: &Operation, page: &Source) -> Vec<Fact> {
    let base = operation_pointer(op);
    let mut out = Vec::new();
    for (i, row) in op.error_codes.iter().enumerate() {
        let spec = format!("{base}/x-error-codes/{i}");
        let subject = format!("code.{}", row.code);
        let fact = |aspect: Aspect, states: String| {
            let about = About::new(Kind::Code, subject.clone(), Some(aspect));
            Fact::new(&op.id, about, states, page.clone(), spec.clone())
        };
        out.push(fact(Aspect::Status, format!("HTTP {}", row.http)));
        out.push(fact(Aspect::Message, format!("{:?}", row.message)));
        out.push(fact(Aspect::When, row.description.clone()));
    }
    out
}

/// The subject of the `i`-th Test Data item of `op`: `testData.<code>`, or `testData.<code>.<n>`
/// for the n-th item of a code that has several.
pub fn test_data_subject(op: &Operation, i: usize) -> String {
    let code = &op.test_data[i].code;
    match op.test_data[..i].iter().filter(|t| &t.code == code).count() {
        0 => format!("testData.{code}"),
        n => format!("testData.{code}.{}", n + 1),
    }
}

/// The Test Data facts of `op`, in page order: `testData.<code>`, and `testData.<code>.<n>`
/// for the n-th item of a code that has several (the pre-issue page has two successes).
pub(super) fn test_data(op: &Operation, page: &Source) -> Vec<Fact> {
    let base = operation_pointer(op);
    let mut out = Vec::new();
    for (i, item) in op.test_data.iter().enumerate() {
        let subject = test_data_subject(op, i);
        let about = About::new(Kind::TestData, subject, None);
        let states = format!(
            "{:?} answers {} (HTTP {})",
            item.label, item.code, item.http
        );
        let spec = format!("{base}/x-test-data/{i}");
        out.push(Fact::new(&op.id, about, states, page.clone(), spec));
    }
    out
}
