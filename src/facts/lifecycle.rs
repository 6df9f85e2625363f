//! Lifecycle facts: the rules a page's text states about a card's or an application's life
//! (`x-lifecycle`): cancellable on the day of application only, reissued once, reissued when it
//! expires within a month. A rule no client of the five operations can see (a fee actually
//! charged) is listed as not checkable, with the spec's reason.

use super::fact::{About, Fact, Kind, Source};
use super::provenance::operation_pointer;
use crate::spec::extensions;
use crate::spec::{Operation, Spec};

/// The rules of `op`, in the spec's order.
pub(super) fn facts(spec: &Spec, op: &Operation, page: &Source) -> Vec<Fact> {
    let base = operation_pointer(op);
    let Some(node) = spec.doc.pointer(&base) else {
        return vec![];
    };
    let mut out = Vec::new();
    for (i, rule) in extensions::lifecycle(node).iter().enumerate() {
        let about = About::new(Kind::Lifecycle, format!("lifecycle.{}", rule.id), None);
        let states = match &rule.code {
            Some(code) => format!("{:?} (otherwise {code})", rule.quote),
            None => format!("{:?}", rule.quote),
        };
        let spec = format!("{base}/x-lifecycle/{i}");
        let fact = Fact::new(&op.id, about, states, page.clone(), spec);
        out.push(match (&rule.reason, rule.checkable) {
            (Some(reason), false) => fact.not_checkable(reason),
            _ => fact,
        });
    }
    out
}
