//! The ledger: every fact the vendor pages state, operation by operation in seed-page order,
//! with an index by id. Plain data: `build.rs` derives it from the loaded spec.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;

use super::fact::{Aspect, Fact, Kind, Side};

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
    /// Per operation, its field facts with the path a body must reach to exercise each, in
    /// ledger order: every judged answer asks which of them it exercises
    /// ([`Ledger::exercised_by_body`]), so the paths are split once, here.
    #[serde(skip)]
    pub(super) fields: HashMap<String, Vec<FieldReach>>,
    /// Per operation, per subject, where its facts are: a check names the fact it verifies
    /// on every judged answer ([`Ledger::find`]), without building its id.
    #[serde(skip)]
    by_subject: HashMap<String, HashMap<String, Vec<usize>>>,
}

/// A field fact and what a body must hold to exercise it: the object the field is in for its
/// presence, the field itself for its other aspects.
#[derive(Debug, Clone)]
pub(super) struct FieldReach {
    /// Where the fact is in [`Ledger::facts`].
    pub fact: usize,
    /// The body it is about.
    pub side: Side,
    /// The dotted path's segments the body must reach.
    pub reach: Vec<String>,
}

impl FieldReach {
    /// What `fact` (at `at` in the ledger) asks a body to reach, when it is a field's fact.
    fn of(at: usize, fact: &Fact) -> Option<FieldReach> {
        if fact.kind != Kind::Field {
            return None;
        }
        let (side, path) = [Side::Request, Side::Response]
            .into_iter()
            .find_map(|side| {
                let path = fact.subject.strip_prefix(side.name())?.strip_prefix('.')?;
                Some((side, path))
            })?;
        let mut reach: Vec<String> = path.split('.').map(str::to_string).collect();
        if fact.aspect.is_some_and(Aspect::is_presence) {
            reach.pop();
        }
        Some(FieldReach {
            fact: at,
            side,
            reach,
        })
    }
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
    /// The field subjects the documented answer of `status` of `operation` declares.
    pub fn declared(&self, operation: &str, status: u16) -> Option<&HashSet<String>> {
        self.answers.get(&(operation.to_string(), status))
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
        let mut fields: HashMap<String, Vec<FieldReach>> = HashMap::new();
        let mut by_subject: HashMap<String, HashMap<String, Vec<usize>>> = HashMap::new();
        for (at, fact) in facts.iter().enumerate() {
            if let Some(reach) = FieldReach::of(at, fact) {
                fields
                    .entry(fact.operation.clone())
                    .or_default()
                    .push(reach);
            }
            let subjects = by_subject.entry(fact.operation.clone()).or_default();
            subjects.entry(fact.subject.clone()).or_default().push(at);
        }
        Ledger {
            facts,
            by_id,
            answers: HashMap::new(),
            fields,
            by_subject,
        }
    }

    /// The fact with this id.
    pub fn get(&self, id: &str) -> Option<&Fact> {
        self.by_id.get(id).map(|&i| &self.facts[i])
    }

    /// The fact of `operation` about `subject`'s `aspect`: the one [`Ledger::get`] finds by
    /// the id those make ([`super::fact::id`]), found without making it.
    pub fn find(&self, operation: &str, subject: &str, aspect: Option<Aspect>) -> Option<&Fact> {
        let at = self.by_subject.get(operation)?.get(subject)?;
        at.iter()
            .map(|&i| &self.facts[i])
            .find(|f| f.aspect == aspect)
    }

    /// The facts of one operation, in ledger order.
    pub fn of_operation<'a>(&'a self, operation: &'a str) -> impl Iterator<Item = &'a Fact> + 'a {
        self.facts.iter().filter(move |f| f.operation == operation)
    }

    /// The presence fact (Required, Optional or Conditional) of `subject` of `operation`.
    pub fn presence(&self, operation: &str, subject: &str) -> Option<&Fact> {
        [Aspect::Required, Aspect::Optional, Aspect::Conditional]
            .into_iter()
            .find_map(|a| self.find(operation, subject, Some(a)))
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
