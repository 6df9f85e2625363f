//! The ledger derived from the loaded spec (the single source): each operation's fields,
//! headers, Response Code rows, Test Data items, Encrypted flags and lifecycle rules, and per
//! documented answer the fields it declares. Here rather than in the spec or the ledger, so
//! the spec can hold its ledger without either importing the other.

use super::fact::Source;
use super::ledger::Ledger;
use super::{answers, encryption, fields, headers, lifecycle};
use crate::spec::Spec;

impl Ledger {
    /// The ledger of `spec`.
    pub fn build(spec: &Spec) -> Ledger {
        let mut facts = Vec::new();
        for op in &spec.operations {
            let page = Source::page(&op.seed);
            facts.extend(fields::facts(spec, op, &page));
            facts.extend(headers::facts(spec, op, &page));
            facts.extend(answers::codes(op, &page));
            facts.extend(answers::test_data(op, &page));
            facts.extend(encryption::facts(spec, op, &page));
            facts.extend(lifecycle::facts(spec, op, &page));
        }
        let mut ledger = Ledger::of(facts);
        for op in &spec.operations {
            let documented = fields::documented_answers(spec, op);
            for (status, pointer) in &op.response_schemas {
                if documented.contains(pointer) {
                    let subjects = fields::answer_subjects(spec, op, pointer);
                    let key = (op.id.clone(), *status);
                    ledger.answers.insert(key, subjects.into_iter().collect());
                }
            }
        }
        ledger
    }
}

impl Spec {
    /// Every fact the pages state, derived from this spec: built once, on first use, so a run
    /// builds it once whichever stage asks first (the checks through their context, the
    /// reports' documentation coverage).
    pub fn ledger(&self) -> &Ledger {
        self.ledger.get_or_init(|| Ledger::build(self))
    }
}
