//! The rules of the vendor pages that explore predicts with, as data: for each documented
//! result code, when an operation must answer it; what a successful answer shows; and what an
//! accepted step changes. Each rule names the fact of the ledger (`konaplate-conformance
//! facts`) it rests on.
//!
//! A condition is about the step's *member* (the fixture of the `member` slot) or its *object*
//! (the fixture the request is about: a card, an application, a physical card), and reads only
//! what [`super::known`] knows: the profile's declarations and the target's own answers. An
//! operation with no rule here is explored all the same (its menu is data): its answers are
//! checked against the contract, and its differences from the mock are warnings.

use super::known::Prop;

/// The pseudo-code of a rule that demands a refusal, any documented one.
pub const REFUSED: &str = "refused";

/// The decision rows of docs/mock.md the rules name.
pub const IDEMPOTENT: &str = "Repeated SUSPEND / RESUME";
/// See [`IDEMPOTENT`].
pub const FOREIGN_CANCEL: &str = "Cancel of an unknown or foreign application";
/// See [`IDEMPOTENT`].
pub const CANCELLABLE: &str = "Which statuses can be cancelled";

/// Which fixture of the step a condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The member.
    Member,
    /// The fixture the request is about.
    Object,
}

/// When a rule applies.
#[derive(Debug, Clone, Copy)]
pub enum Cond {
    /// A field the step sends breaks its constraint.
    Breaks,
    /// The fixture's property has this value.
    Is(Who, Prop, &'static str),
    /// The object does not exist on the target.
    Missing,
    /// The object exists and belongs to another member.
    Foreign,
    /// A field of the object's slot holds another value than the object's own (a wrong CVC).
    Mismatch,
    /// The request asks for the state the object is in: (field, [(requested, status)]).
    Repeats(&'static str, &'static [(&'static str, &'static str)]),
    /// Any of these.
    Any(&'static [Cond]),
    /// Whether it applies is one of the mock's decisions (a row of docs/mock.md): never
    /// documented.
    Decided(&'static str, &'static Cond),
}

/// A documented result code and when it must be answered.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The operation, or `*` for every operation whose page documents the code.
    pub operation: &'static str,
    /// The result code, or [`REFUSED`].
    pub code: &'static str,
    /// When.
    pub when: Cond,
    /// The fact of the ledger it rests on, after the operation id (`code.003_022.when`).
    pub fact: &'static str,
    /// When the refusal is documented but which code answers it is a decision of the mock.
    pub which: Option<&'static str>,
}

const fn rule(operation: &'static str, code: &'static str, when: Cond, fact: &'static str) -> Rule {
    Rule {
        operation,
        code,
        when,
        fact,
        which: None,
    }
}

const INQUIRY: &str = "cardDeliveryInquiry";
const PRE_ISSUE: &str = "preIssueWaitingPhysical";
const STATUS: &str = "cardStatusChange";
const REISSUE: &str = "expiredCardReissue";
const CANCEL: &str = "cardDeliveryCancel";

/// `status` of a status change, and the card status it asks for.
pub const REQUESTED: &[(&str, &str)] = &[("SUSPEND", "SUSPENDED"), ("RESUME", "ACTIVE")];

use Cond::{Any, Breaks, Decided, Foreign, Is, Mismatch, Missing, Repeats};
use Who::{Member, Object};

/// Every rule, in the pages' order.
pub const RULES: &[Rule] = &[
    rule("*", "000_002", Breaks, "code.000_002.when"),
    rule(
        "*",
        "001_006",
        Is(Member, Prop::Active, "false"),
        "code.001_006.when",
    ),
    rule(
        INQUIRY,
        "003_001",
        Any(&[Missing, Foreign]),
        "code.003_001.when",
    ),
    rule(
        PRE_ISSUE,
        "003_011",
        Any(&[Missing, Foreign, Mismatch]),
        "code.003_011.when",
    ),
    rule(
        PRE_ISSUE,
        "003_049",
        Is(Member, Prop::HasApplications, "false"),
        "code.003_049.when",
    ),
    rule(
        STATUS,
        "003_001",
        Any(&[Missing, Foreign]),
        "code.003_001.when",
    ),
    rule(STATUS, "003_021", Missing, "code.003_021.when"),
    rule(
        STATUS,
        "003_022",
        Is(Object, Prop::Status, "TERMINATED"),
        "lifecycle.terminated-card-unchangeable",
    ),
    rule(
        STATUS,
        REFUSED,
        Decided(IDEMPOTENT, &Repeats("status", REQUESTED)),
        "lifecycle.suspend-then-resume",
    ),
    rule(REISSUE, "003_008", Missing, "code.003_008.when"),
    rule(REISSUE, REFUSED, Foreign, "code.003_008.when"),
    rule(
        REISSUE,
        "003_005",
        Is(Object, Prop::Status, "TERMINATED"),
        "code.003_005.when",
    ),
    rule(
        REISSUE,
        "003_004",
        Is(Object, Prop::Reissued, "true"),
        "lifecycle.reissue-once",
    ),
    rule(
        REISSUE,
        "003_006",
        Is(Object, Prop::Expires, "later"),
        "lifecycle.expiring-within-one-month",
    ),
    rule(
        REISSUE,
        "003_007",
        Is(Member, Prop::Named, "false"),
        "code.003_007.when",
    ),
    rule(
        REISSUE,
        "003_009",
        Is(Object, Prop::Reissuable, "false"),
        "code.003_009.when",
    ),
    rule(
        REISSUE,
        "003_010",
        Is(Object, Prop::FeePayable, "false"),
        "code.003_010.when",
    ),
    Rule {
        which: Some(FOREIGN_CANCEL),
        ..rule(
            CANCEL,
            REFUSED,
            Any(&[Missing, Foreign]),
            "code.003_003.when",
        )
    },
    rule(
        CANCEL,
        "003_002",
        Is(Object, Prop::Applied, "before"),
        "lifecycle.same-day-only",
    ),
    rule(
        CANCEL,
        "003_003",
        Is(Object, Prop::Cancellable, "false"),
        "lifecycle.not-after-mobile-card-use",
    ),
    rule(
        CANCEL,
        REFUSED,
        Is(Object, Prop::Cancelled, "true"),
        "code.003_003.when",
    ),
];

/// What a successful answer shows of a fixture: the value (or, for a list, the length) at a
/// pointer of the answer.
#[derive(Debug, Clone, Copy)]
pub struct Shows {
    /// The operation.
    pub operation: &'static str,
    /// Where in the answer.
    pub pointer: &'static str,
    /// Whose property.
    pub who: Who,
    /// Which.
    pub prop: Prop,
    /// The property is the length of the list at `pointer`.
    pub length: bool,
    /// The fact it rests on.
    pub fact: &'static str,
}

/// Every value a success shows.
pub const SHOWS: &[Shows] = &[
    Shows {
        operation: INQUIRY,
        pointer: "/status",
        who: Object,
        prop: Prop::Delivery,
        length: false,
        fact: "response.status.enum",
    },
    Shows {
        operation: PRE_ISSUE,
        pointer: "/issuedCardList",
        who: Member,
        prop: Prop::Linkable,
        length: true,
        fact: "response.issuedCardList.required",
    },
];

/// Fixtures a successful answer lists as the member's.
#[derive(Debug, Clone, Copy)]
pub struct Lists {
    /// The operation.
    pub operation: &'static str,
    /// The list in the answer.
    pub pointer: &'static str,
    /// (where in an item, the fixture kind there).
    pub items: &'static [(&'static str, &'static str)],
}

/// Every list of the member's fixtures a success gives.
pub const LISTS: &[Lists] = &[Lists {
    operation: PRE_ISSUE,
    pointer: "/issuedCardList",
    items: &[("/cardApplyNo", "application"), ("/digital/cardNo", "card")],
}];

/// What an accepted step changes.
#[derive(Debug, Clone, Copy)]
pub enum Change {
    /// A property takes a value.
    Set(Who, Prop, &'static str),
    /// The object's status becomes what the request's field asks for.
    Requested(&'static str, &'static [(&'static str, &'static str)]),
    /// A property changes in a way the pages do not fix.
    Forget(Who, Prop),
    /// The answer names a new application of the member, made from the object (a reissue).
    Creates(&'static str),
    /// The answer names the object's mobile card, now discarded (terminated).
    Discards(&'static str),
    /// If the object is an application a reissue created, its old card may be reissued again
    /// (the pages do not say): its `reissued` is no longer known.
    UndoesReissue,
}

/// The changes of each state-changing operation, with the fact they rest on.
pub const CHANGES: &[(&str, &[Change], &str)] = &[
    (
        STATUS,
        &[Change::Requested("status", REQUESTED)],
        "lifecycle.suspend-then-resume",
    ),
    (
        REISSUE,
        &[
            Change::Set(Object, Prop::Reissued, "true"),
            Change::Forget(Object, Prop::FeePayable),
            Change::Set(Member, Prop::HasApplications, "true"),
            Change::Forget(Member, Prop::Linkable),
            Change::Creates("/cardApplyNo"),
        ],
        "lifecycle.reissue-once",
    ),
    (
        CANCEL,
        &[
            Change::Set(Object, Prop::Cancelled, "true"),
            Change::Set(Object, Prop::Cancellable, "false"),
            Change::Set(Object, Prop::Delivery, "CANCEL"),
            Change::Forget(Member, Prop::Linkable),
            Change::Discards("/mobileCardNo"),
            Change::UndoesReissue,
        ],
        "lifecycle.discards-mobile-card",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_a_rule_names_is_in_the_ledger() {
        let (spec, _, _) = crate::explore::testing::project();
        let ledger = crate::facts::Ledger::build(spec);
        let named = RULES
            .iter()
            .flat_map(|r| match r.operation {
                "*" => spec
                    .operation_ids()
                    .map(|op| (op.to_string(), r.fact))
                    .collect(),
                op => vec![(op.to_string(), r.fact)],
            })
            .filter(|(op, fact)| {
                let code = fact.strip_prefix("code.").and_then(|c| c.split('.').next());
                code.is_none_or(|c| spec.operation(op).unwrap().error_code(c).is_some())
            })
            .chain(SHOWS.iter().map(|s| (s.operation.to_string(), s.fact)))
            .chain(CHANGES.iter().map(|(op, _, fact)| (op.to_string(), *fact)));
        for (op, fact) in named {
            let id = format!("{op}.{fact}");
            assert!(ledger.get(&id).is_some(), "no fact `{id}` in the ledger");
        }
    }

    #[test]
    fn every_decision_a_rule_names_is_a_row_of_docs_mock_md() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/mock.md");
        let doc = std::fs::read_to_string(path).unwrap();
        for row in [IDEMPOTENT, FOREIGN_CANCEL, CANCELLABLE] {
            assert!(
                doc.contains(&format!("\n| {row} |")),
                "no row `{row}` in docs/mock.md"
            );
        }
    }
}
