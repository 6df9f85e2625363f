//! The ledger: every fact the vendor pages state, operation by operation in seed-page order,
//! with an index by id. Plain data: `build.rs` derives it from the loaded spec.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::fact::{Aspect, Fact, Kind};

/// Every documented fact of a spec.
#[derive(Debug, Clone, Serialize)]
pub struct Ledger {
    /// The facts: per operation, fields, headers, result codes, Test Data, encryption flags,
    /// lifecycle rules.
    pub facts: Vec<Fact>,
    #[serde(skip)]
    by_id: HashMap<String, usize>,
    /// Per operation and documented status, the field subjects its answer declares.
    #[serde(skip)]
    pub(super) answers: HashMap<(String, u16), HashSet<String>>,
}

/// How many facts of each kind, and how many can be checked from outside.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// All facts.
    pub total: usize,
    /// Per kind, in [`Kind::ALL`] order (kinds with none left out).
    pub by_kind: BTreeMap<Kind, usize>,
    /// Facts a client of the five operations can see hold or break.
    pub checkable: usize,
    /// Facts it cannot, each with its reason.
    pub not_checkable: usize,
}

impl Ledger {
    /// Whether the documented answer of `status` of `operation` declares the field `subject`.
    pub fn declares(&self, operation: &str, status: u16, subject: &str) -> bool {
        self.answers
            .get(&(operation.to_string(), status))
            .is_some_and(|s| s.contains(subject))
    }

    /// A ledger of these facts (the first of two with the same id is kept).
    pub fn of(mut facts: Vec<Fact>) -> Ledger {
        let mut by_id = HashMap::with_capacity(facts.len());
        let mut i = 0;
        facts.retain(|f| {
            let new = !by_id.contains_key(&f.id);
            if new {
                by_id.insert(f.id.clone(), i);
                i += 1;
            }
            new
        });
        Ledger {
            facts,
            by_id,
            answers: HashMap::new(),
        }
    }

    /// The fact with this id.
    pub fn get(&self, id: &str) -> Option<&Fact> {
        self.by_id.get(id).map(|&i| &self.facts[i])
    }

    /// The facts of one operation, in ledger order.
    pub fn of_operation<'a>(&'a self, operation: &'a str) -> impl Iterator<Item = &'a Fact> + 'a {
        self.facts.iter().filter(move |f| f.operation == operation)
    }

    /// The presence fact (Required, Optional or Conditional) of `subject` of `operation`.
    pub fn presence(&self, operation: &str, subject: &str) -> Option<&Fact> {
        [Aspect::Required, Aspect::Optional, Aspect::Conditional]
            .into_iter()
            .find_map(|a| self.get(&super::fact::id(operation, subject, Some(a))))
    }

    /// The counts.
    pub fn counts(&self) -> Counts {
        let by_kind = Kind::ALL
            .into_iter()
            .map(|k| (k, self.facts.iter().filter(|f| f.kind == k).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        let checkable = self.facts.iter().filter(|f| f.checkable).count();
        Counts {
            total: self.facts.len(),
            by_kind,
            checkable,
            not_checkable: self.facts.len() - checkable,
        }
    }
}
