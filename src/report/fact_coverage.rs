//! Documentation coverage: of the facts of the ledger ([`crate::facts`]), which the run's
//! checks verified, held or broken, by which cases, and which no check exercised and why (no
//! case of the run reaches it; the profile turns its check off). Computed once, as plain data
//! ([`FactCoverage`]), from a [`Tally`] of the outcomes; the console, `summary.md`,
//! `report.json` and `report.html` each render it ([`super::fact_report`], `html::facts`).
//!
//! A fact is *broken* when a failure of some outcome breaks it ([`Failure::broken_facts`](crate::outcome::Failure::broken_facts): a
//! documented failure), *held* when a check verified it ([`Outcome::facts`]) and none broke
//! it. A failure resting on an assumption breaks no fact.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::turned_off::TurnedOff;
use crate::facts::Ledger;
use crate::mask::Masker;
use crate::outcome::{Outcome, Verdict};

/// How many outcomes of one column held and broke one fact.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Outcomes whose checks verified it and found it held.
    pub held: usize,
    /// Outcomes whose failures broke it.
    pub broken: usize,
}

/// What the outcomes of a run exercised, as they came: per fact id, per column, a [`Mark`].
/// A column is a case or a scenario by its trial name; the cases a machine makes in numbers
/// (an operation's generated cases, a proxy session's exchanges) share one column per
/// operation ([`column()`]), so the tally stays as small as the ledger times the written cases.
///
/// Each column's name is held once and the marks name it by its place: a
/// run of 10,000 cases, each exercising some twenty facts, would otherwise copy (and, at the
/// end, mask) every name twenty times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// The columns' names, in the order they came.
    columns: Vec<String>,
    /// Where each name is in `columns`.
    places: HashMap<String, usize>,
    /// Per fact id, per column's place, the mark.
    marks: HashMap<String, BTreeMap<usize, Mark>>,
}

/// The column of the generated cases of an operation: `<operation>::generated::*`.
const GENERATED: &str = "generated::*";

/// The column of a proxy session's exchanges to an operation: `<operation>::exchange-*`.
const EXCHANGES: &str = "exchange-*";

/// The column `o` is counted in: its trial name, or its operation's column of generated
/// cases or of exchanges (named `<operation>::exchange-<seq>`, `crate::proxy`).
pub fn column(o: &Outcome) -> String {
    if o.is_generated() {
        format!("{}::{GENERATED}", o.operation)
    } else if o.case_id.starts_with("exchange-") {
        format!("{}::{EXCHANGES}", o.operation)
    } else {
        o.name.clone()
    }
}

impl Tally {
    /// The tally of `outcomes`.
    pub fn of(outcomes: &[Outcome]) -> Tally {
        let mut tally = Tally::default();
        for o in outcomes {
            tally.add(o);
        }
        tally
    }

    /// Counts what `o` exercised: each fact its checks verified, broken where one of its
    /// failures breaks it.
    pub fn add(&mut self, o: &Outcome) {
        let broken: Vec<&String> = match &o.verdict {
            Verdict::Fail { failures } => failures.iter().flat_map(|f| f.broken_facts()).collect(),
            _ => Vec::new(),
        };
        if o.facts.is_empty() && broken.is_empty() {
            return;
        }
        let place = self.place(column(o));
        // The facts an outcome verified are distinct (the judge and a scenario list each
        // once); a broken one may be among them, and several failures may break one.
        for id in o.facts.iter().filter(|id| !broken.contains(id)) {
            self.mark(id, place, Mark { held: 1, broken: 0 });
        }
        for (i, id) in broken.iter().enumerate() {
            if !broken[..i].contains(id) {
                self.mark(id, place, Mark { held: 0, broken: 1 });
            }
        }
    }

    /// The same tally, its columns (trial names) masked, each once; columns whose masked
    /// names are the same are counted as one.
    pub fn masked(self, masker: &Masker) -> Tally {
        let mut tally = Tally::default();
        let to: Vec<usize> = self
            .columns
            .iter()
            .map(|c| tally.place(masker.text(c)))
            .collect();
        // Most often every masked name is still distinct: the marks stay as they are.
        if tally.columns.len() == self.columns.len() {
            tally.marks = self.marks;
            return tally;
        }
        for (id, by_column) in &self.marks {
            for (place, mark) in by_column {
                tally.mark(id, to[*place], *mark);
            }
        }
        tally
    }

    /// The columns that exercised fact `id`, by name, with their marks.
    fn cases(&self, id: &str) -> BTreeMap<String, Mark> {
        let by_column = self.marks.get(id).into_iter().flatten();
        by_column
            .map(|(place, mark)| (self.columns[*place].clone(), *mark))
            .collect()
    }

    /// The place of the column `name`, added when it is new.
    fn place(&mut self, name: String) -> usize {
        if let Some(place) = self.places.get(&name) {
            return *place;
        }
        let place = self.columns.len();
        self.places.insert(name.clone(), place);
        self.columns.push(name);
        place
    }

    /// Adds `by` to fact `id`'s mark in the column at `place`.
    fn mark(&mut self, id: &str, place: usize, by: Mark) {
        let by_column = match self.marks.get_mut(id) {
            Some(by_column) => by_column,
            None => self.marks.entry(id.to_string()).or_default(),
        };
        let mark = by_column.entry(place).or_default();
        mark.held += by.held;
        mark.broken += by.broken;
    }
}

/// What became of one fact in the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum State {
    /// A check verified it and no failure broke it.
    Held,
    /// A failure broke it.
    Broken,
    /// No check verified it ([`FactResult::why`] says why).
    NotExercised,
    /// No client of the five operations can see it hold or break (the ledger's reason).
    NotCheckable,
}

/// Why a fact was not exercised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "reason", rename_all = "kebab-case")]
pub enum Why {
    /// No case (or scenario, step, exchange) of this run reaches it.
    NoCase,
    /// The profile turns its check off; `setting` is the profile's word for it.
    Profile {
        /// `message-texts: any`, `stateful: false`, `encryption off`.
        setting: String,
    },
}

impl Why {
    /// In words.
    pub fn words(&self) -> String {
        match self {
            Why::NoCase => "reached by no case of this run".to_string(),
            Why::Profile { setting } => format!("checks turned off by the profile ({setting})"),
        }
    }
}

/// One fact of the ledger in the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactResult {
    /// The fact's id.
    pub id: String,
    /// What became of it.
    pub result: State,
    /// Why it was not exercised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why: Option<Why>,
    /// The columns (cases, scenarios, an operation's generated cases) that exercised it, by
    /// name, with how many of their outcomes held and broke it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub cases: BTreeMap<String, Mark>,
}

/// How many facts ended which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    /// Held or broken.
    pub verified: usize,
    /// Verified and held.
    pub held: usize,
    /// Verified and broken.
    pub broken: usize,
    /// Checkable, but no check verified it.
    pub not_exercised: usize,
    /// Not checkable from outside: not counted above.
    pub not_checkable: usize,
}

impl Counts {
    fn add(&mut self, r: State) {
        match r {
            State::Held => self.held += 1,
            State::Broken => self.broken += 1,
            State::NotExercised => self.not_exercised += 1,
            State::NotCheckable => self.not_checkable += 1,
        }
        self.verified = self.held + self.broken;
    }

    /// `N verified (K held, J broken), M not exercised by this run`.
    pub fn words(&self) -> String {
        format!(
            "{} verified ({} held, {} broken), {} not exercised by this run",
            self.verified, self.held, self.broken, self.not_exercised
        )
    }
}

/// The facts of one operation in the run, in ledger order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationFacts {
    /// The operation (`operationId`).
    pub operation: String,
    /// Its counts.
    #[serde(flatten)]
    pub counts: Counts,
    /// Each of its facts.
    pub facts: Vec<FactResult>,
}

/// The run's documentation coverage: `report.json`'s `facts`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactCoverage {
    /// Over every operation.
    #[serde(flatten)]
    pub counts: Counts,
    /// Per operation, in spec order.
    pub operations: Vec<OperationFacts>,
}

impl FactCoverage {
    /// The coverage of `ledger` by what `tally` counted, with what `off` turns off.
    /// A fact of an operation no outcome exercised a fact of is reached by no case, whatever
    /// the profile turns off: no case would reach it with the check on either.
    pub fn of(ledger: &Ledger, tally: &Tally, off: &TurnedOff) -> FactCoverage {
        FactCoverage::build(ledger, tally, off, true)
    }

    /// [`FactCoverage::of`] without the columns of each fact ([`FactResult::cases`]), for a
    /// run that writes no report file: only the counts are shown, and naming every case of
    /// every fact is most of the work at 10,000 cases.
    pub fn counted(ledger: &Ledger, tally: &Tally, off: &TurnedOff) -> FactCoverage {
        FactCoverage::build(ledger, tally, off, false)
    }

    fn build(ledger: &Ledger, tally: &Tally, off: &TurnedOff, with_cases: bool) -> FactCoverage {
        let touched: BTreeSet<&str> = tally
            .marks
            .keys()
            .filter_map(|id| ledger.get(id))
            .map(|f| f.operation.as_str())
            .collect();
        let mut coverage = FactCoverage::default();
        for fact in &ledger.facts {
            let marks = tally.marks.get(&fact.id);
            let (result, why) = if !fact.checkable {
                (State::NotCheckable, None)
            } else if marks.is_some_and(|m| m.values().any(|m| m.broken > 0)) {
                (State::Broken, None)
            } else if marks.is_some_and(|m| !m.is_empty()) {
                (State::Held, None)
            } else {
                let setting = off
                    .why(fact)
                    .filter(|_| touched.contains(fact.operation.as_str()));
                let why = setting.map(|setting| Why::Profile { setting });
                (State::NotExercised, Some(why.unwrap_or(Why::NoCase)))
            };
            let at = match coverage.operations.last() {
                Some(o) if o.operation == fact.operation => coverage.operations.len() - 1,
                _ => {
                    coverage.operations.push(OperationFacts {
                        operation: fact.operation.clone(),
                        counts: Counts::default(),
                        facts: vec![],
                    });
                    coverage.operations.len() - 1
                }
            };
            let op = &mut coverage.operations[at];
            op.counts.add(result);
            coverage.counts.add(result);
            op.facts.push(FactResult {
                id: fact.id.clone(),
                result,
                why,
                cases: match with_cases {
                    true => tally.cases(&fact.id),
                    false => BTreeMap::new(),
                },
            });
        }
        coverage
    }

    /// The coverage of outcomes at hand, which come with no profile: nothing is counted as
    /// turned off.
    pub fn of_outcomes(ledger: &Ledger, outcomes: &[Outcome]) -> FactCoverage {
        FactCoverage::of(ledger, &Tally::of(outcomes), &TurnedOff::none())
    }

    /// The console's line: `documented facts: N verified (K held, J broken), M not exercised
    /// by this run`.
    pub fn line(&self) -> String {
        format!("documented facts: {}", self.counts.words())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{About, Fact, Kind, Source};
    use crate::outcome::{CheckKind, Failure};

    fn fact(op: &str, subject: &str, kind: Kind) -> Fact {
        let about = About::new(kind, subject.into(), None);
        Fact::new(op, about, "s".into(), Source::page("p"), "/x".into())
    }

    fn outcome(name: &str, facts: &[&str], broken: &[&str]) -> Outcome {
        let (op, id) = name.split_once("::").unwrap();
        let failures: Vec<Failure> = broken
            .iter()
            .map(|b| Failure::new(CheckKind::Code, "/", "a", "b").verifying([*b]))
            .collect();
        let mut o = Outcome::new(
            name.into(),
            op.into(),
            id.into(),
            None,
            Verdict::from_failures(failures),
        );
        o.facts = facts.iter().map(|f| f.to_string()).collect();
        o
    }

    #[test]
    fn each_fact_is_held_broken_or_not_exercised_with_its_cases() {
        let ledger = Ledger::of(vec![
            fact("op", "code.000_000", Kind::Code),
            fact("op", "code.003_022", Kind::Code),
            fact("op", "lifecycle.once", Kind::Lifecycle),
            fact("op", "testData.x", Kind::TestData).not_checkable("a fee"),
            fact("other", "code.000_000", Kind::Code),
            fact("other", "lifecycle.once", Kind::Lifecycle),
        ]);
        let mut tally = Tally::of(&[
            outcome("op::a", &["op.code.000_000"], &[]),
            outcome(
                "op::b",
                &["op.code.000_000", "op.code.003_022"],
                &["op.code.003_022"],
            ),
            outcome("op::generated::x::missing", &["op.code.000_000"], &[]),
            outcome("op::generated::y::missing", &["op.code.000_000"], &[]),
        ]);
        tally.add(&outcome("other::c", &[], &[]));
        let off = TurnedOff {
            stateless: true,
            ..TurnedOff::none()
        };
        let c = FactCoverage::of(&ledger, &tally, &off);
        assert_eq!(
            c.line(),
            "documented facts: 2 verified (1 held, 1 broken), 3 not exercised by this run"
        );
        assert_eq!(c.counts.not_checkable, 1);
        let op = &c.operations[0];
        assert_eq!((op.operation.as_str(), op.counts.verified), ("op", 2));
        let held = &op.facts[0];
        assert_eq!(held.result, State::Held);
        let columns: Vec<(&str, Mark)> = held.cases.iter().map(|(k, m)| (k.as_str(), *m)).collect();
        assert_eq!(
            columns,
            [
                ("op::a", Mark { held: 1, broken: 0 }),
                ("op::b", Mark { held: 1, broken: 0 }),
                ("op::generated::*", Mark { held: 2, broken: 0 }),
            ]
        );
        assert_eq!(op.facts[1].result, State::Broken);
        // The profile turns the rule's check off; the other operation no case reached at all.
        let stateless = Why::Profile {
            setting: "stateful: false".into(),
        };
        assert_eq!(op.facts[2].why, Some(stateless));
        assert_eq!(op.facts[3].result, State::NotCheckable);
        for f in &c.operations[1].facts {
            assert_eq!(f.why, Some(Why::NoCase), "{}", f.id);
        }
        // Counted without the columns: the same results, no case named.
        let counted = FactCoverage::counted(&ledger, &tally, &off);
        let without = |c: &FactCoverage| {
            let facts = c.operations.iter().flat_map(|o| &o.facts);
            facts
                .map(|f| (f.id.clone(), f.result, f.why.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!((counted.counts, without(&counted)), (c.counts, without(&c)));
        assert!(
            counted
                .operations
                .iter()
                .flat_map(|o| &o.facts)
                .all(|f| f.cases.is_empty())
        );
    }

    #[test]
    fn masked_columns_hide_card_numbers_and_merge_when_they_mask_alike() {
        let ledger = Ledger::of(vec![fact("op", "code.000_000", Kind::Code)]);
        let tally = Tally::of(&[
            outcome("op::pan 4111111111111111", &["op.code.000_000"], &[]),
            outcome("op::pan 4111 1111 1111 1111", &["op.code.000_000"], &[]),
            outcome("op::plain", &["op.code.000_000"], &["op.code.000_000"]),
        ]);
        let masked = tally.masked(&Masker::new([]));
        let c = FactCoverage::of(&ledger, &masked, &TurnedOff::none());
        let cases = &c.operations[0].facts[0].cases;
        let text = format!("{cases:?}");
        assert!(!text.contains("1111111111"), "{text}");
        assert!(!text.contains("1111 1111 1111"), "{text}");
        let marks: usize = cases.values().map(|m| m.held + m.broken).sum();
        assert_eq!(marks, 3, "no mark lost in masking: {cases:?}");
        assert_eq!(cases["op::plain"], Mark { held: 0, broken: 1 });
    }

    #[test]
    fn a_failure_resting_on_an_assumption_breaks_no_fact() {
        let ledger = Ledger::of(vec![fact("op", "code.000_000", Kind::Code)]);
        let mut o = outcome("op::a", &["op.code.000_000"], &["op.code.000_000"]);
        if let Verdict::Fail { failures } = &mut o.verdict {
            failures[0].assumption = Some(crate::assumption::Assumption::JsonContentType);
        }
        let c = FactCoverage::of(&ledger, &Tally::of(&[o]), &TurnedOff::none());
        assert_eq!((c.counts.held, c.counts.broken), (1, 0));
    }
}
