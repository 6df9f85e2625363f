//! What the oracle's answer rests on: a rule the vendor's pages document, or one of the mock's
//! own decisions where the pages are silent (docs/mock.md, "Decisions the vendor pages leave
//! open"). A divergence from a decision is a warning, not a failure: the target may decide
//! otherwise and still follow the pages.

use super::menu::Menu;
use super::side::Answer;
use super::step::{Arg, Step};

/// The ground of one oracle answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// A documented rule.
    Documented,
    /// One of the mock's own decisions: its row in docs/mock.md.
    Decision(&'static str),
}

impl Basis {
    /// In words, for reports.
    pub fn describe(&self) -> String {
        match self {
            Basis::Documented => "a documented rule".into(),
            Basis::Decision(row) => format!("the mock's own decision \"{row}\" (docs/mock.md)"),
        }
    }
}

/// The decision rows explore recognises (each a row of docs/mock.md's table).
pub const IDEMPOTENT: &str = "Repeated SUSPEND / RESUME";
/// See [`IDEMPOTENT`].
pub const FOREIGN_CANCEL: &str = "Cancel of an unknown or foreign application";
/// See [`IDEMPOTENT`].
pub const CANCELLABLE: &str = "Which statuses can be cancelled";
/// See [`IDEMPOTENT`].
pub const INQUIRY_FIELDS: &str = "Delivery inquiry request fields";

/// What the oracle's `answer` to step `i` of `steps` rests on, given its earlier answers.
pub fn of(menu: &Menu, steps: &[Step], answers: &[Answer], i: usize) -> Basis {
    let answer = &answers[i];
    let code = answer.code.as_deref().unwrap_or("");
    let step = &steps[i];
    match (step.operation.as_str(), code) {
        ("cardStatusChange", "000_000") => {
            let (card, change) = (step.arg("cardNo"), step.arg("status"));
            if current(steps, answers, i, card) == change.and_then(word) {
                return Basis::Decision(IDEMPOTENT);
            }
            Basis::Documented
        }
        ("cardDeliveryCancel", _) => match (code, step.arg("userId"), step.arg("cardApplyNo")) {
            ("003_003", Some(Arg::Var(u)), Some(Arg::Var(a))) if !owned(menu, u, a) => {
                Basis::Decision(FOREIGN_CANCEL)
            }
            ("000_000", _, Some(Arg::Captured { .. })) => Basis::Decision(CANCELLABLE),
            _ => Basis::Documented,
        },
        ("cardDeliveryInquiry", "000_002") => Basis::Decision(INQUIRY_FIELDS),
        _ => Basis::Documented,
    }
}

fn word(arg: &Arg) -> Option<&str> {
    match arg {
        Arg::Literal(v) => v.as_str(),
        _ => None,
    }
}

/// The state a card was left in by the successful changes before step `i` (fixtures start
/// ACTIVE: the table has no suspended card).
fn current<'a>(
    steps: &'a [Step],
    answers: &[Answer],
    i: usize,
    card: Option<&Arg>,
) -> Option<&'a str> {
    steps[..i]
        .iter()
        .zip(&answers[..i])
        .rev()
        .find_map(|(s, a)| {
            let same = s.operation == "cardStatusChange" && s.arg("cardNo") == card;
            (same && a.code.as_deref() == Some("000_000")).then(|| s.arg("status").and_then(word))
        })
        .unwrap_or(Some("RESUME"))
}

fn owned(menu: &Menu, user: &str, fixture: &str) -> bool {
    let member = user.trim_end_matches(".userId");
    let fixture = fixture.trim_end_matches(".cardApplyNo");
    menu.owns(member, fixture)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answered(code: &str) -> Answer {
        Answer {
            status: Some(if code == "000_000" { 200 } else { 400 }),
            code: Some(code.into()),
            ..Answer::default()
        }
    }

    fn step(op: &str, args: &[(&str, Arg)]) -> Step {
        Step {
            operation: op.into(),
            args: args
                .iter()
                .map(|(f, a)| (f.to_string(), a.clone()))
                .collect(),
            fixed: vec![],
        }
    }

    #[test]
    fn a_repeated_change_rests_on_the_idempotence_decision_a_first_one_on_the_pages() {
        let menu = crate::explore::testing::menu(true);
        let status = |change: &str| {
            step(
                "cardStatusChange",
                &[
                    ("cardNo", Arg::var("card.statusChange.cardNo")),
                    ("status", Arg::Literal(change.into())),
                    ("userId", Arg::var("member.active.userId")),
                ],
            )
        };
        let steps = [status("SUSPEND"), status("SUSPEND"), status("RESUME")];
        let answers = vec![answered("000_000"); 3];
        assert_eq!(of(&menu, &steps, &answers, 0), Basis::Documented);
        assert_eq!(of(&menu, &steps, &answers, 1), Basis::Decision(IDEMPOTENT));
        assert_eq!(of(&menu, &steps, &answers, 2), Basis::Documented);
        let resume_first = [status("RESUME")];
        assert_eq!(
            of(&menu, &resume_first, &answers, 0),
            Basis::Decision(IDEMPOTENT)
        );
    }

    #[test]
    fn every_decision_explore_names_is_a_row_of_docs_mock_md() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/mock.md");
        let doc = std::fs::read_to_string(path).unwrap();
        for row in [IDEMPOTENT, FOREIGN_CANCEL, CANCELLABLE, INQUIRY_FIELDS] {
            assert!(
                doc.contains(&format!("\n| {row} |")),
                "no row `{row}` in docs/mock.md"
            );
        }
    }

    #[test]
    fn cancelling_a_foreign_application_rests_on_a_decision_an_own_one_on_the_pages() {
        let menu = crate::explore::testing::menu(true);
        let cancel = |user: &str, app: &str| {
            step(
                "cardDeliveryCancel",
                &[
                    ("cardApplyNo", Arg::var(format!("{app}.cardApplyNo"))),
                    ("userId", Arg::var(format!("{user}.userId"))),
                ],
            )
        };
        let steps = [
            cancel("member.active", "application.unknown"),
            cancel("member.active", "application.mobileUsed"),
        ];
        let answers = vec![answered("003_003"); 2];
        assert_eq!(
            of(&menu, &steps, &answers, 0),
            Basis::Decision(FOREIGN_CANCEL)
        );
        assert_eq!(of(&menu, &steps, &answers, 1), Basis::Documented);
    }
}
