//! The issue's false alarms, each now a prediction that allows what a correct target answers,
//! and the lifecycle rules, each anchored in the target's own answer.

use serde_json::json;

use super::*;
use crate::explore::known::{Declared, From, Knowledge, Ledger};
use crate::explore::scene;
use crate::explore::testing::project;
use crate::profile::Profile;

/// A sandbox-like profile: `member.noCards` is `member.active`, few facts declared.
fn profile() -> Profile {
    let text = r#"
environment: mock
asp-id: "000170000000000"
time-zone: KST
credentials:
  access-key: { env: A, test-default: a }
  secret-key: { env: S, test-default: s }
vars:
  member:
    active: { userId: 1 }
    noCards: { userId: 1 }
    other: { userId: 2 }
  card:
    foreign: { cardNo: "9400000000000002" }
    noNameExpiring: { cardNo: "9400000000000008" }
    statusChange: { cardNo: "9400000000000001" }
  application:
    shipping: { cardApplyNo: "AP00000000000000000001" }
    cancellable: { cardApplyNo: "AP00000000000000000003" }
  address: { address: a, addressDetail: b, zipCode: "00000" }
fixtures:
  member.active: { active: true }
  member.other: { active: true }
  card.statusChange: { owner: member.active, status: ACTIVE }
  application.shipping: { owner: member.active }
  application.cancellable: { owner: member.active, applied: today, cancellable: true }
"#;
    crate::profile::load_str(std::path::Path::new("sandbox-like.yaml"), text).unwrap()
}

fn step(op: &str, args: &[(&str, Arg)]) -> Step {
    let (_, ops, _) = project();
    Step {
        operation: op.into(),
        args: args
            .iter()
            .map(|(f, a)| (f.to_string(), a.clone()))
            .collect(),
        fixed: ops.get(op).unwrap().fixed.clone(),
    }
}

fn var(v: &str) -> Arg {
    Arg::var(v)
}

/// The prediction of `step` for `profile`, with `ledger`.
fn predict(p: &Profile, ledger: &Ledger, s: &Step) -> Prediction {
    let (spec, ops, _) = project();
    let shape = ops.get(&s.operation).unwrap();
    let value = |a: &Arg| match a {
        Arg::Var(v) => p.var(v).cloned(),
        Arg::Literal(l) => Some(l.clone()),
        Arg::Captured { .. } => None,
    };
    let scene = scene::of(s, shape, &value, &|v| p.var(v).cloned());
    Prediction::of(&scene, spec.operation(&s.operation).unwrap(), ledger)
}

fn declared(p: &Profile) -> Declared {
    let (_, ops, _) = project();
    Declared::new(p, &|k| ops.key_leaf(k))
}

fn codes(p: &Prediction) -> Vec<&str> {
    p.allowed.iter().map(String::as_str).collect()
}

#[test]
fn an_undeclared_expiry_or_owner_allows_what_the_pages_allow_and_says_which_property() {
    let p = profile();
    let d = declared(&p);
    let ledger = Ledger::new(&d);
    let reissue = step(
        "expiredCardReissue",
        &[
            ("cardInfo.oldCardNo", var("card.foreign.cardNo")),
            ("userInfo.userId", var("member.other.userId")),
        ],
    );
    let prediction = predict(&p, &ledger, &reissue);
    assert!(prediction.allowed.contains("003_006") && prediction.allowed.contains("003_008"));
    let why: Vec<String> = prediction
        .unknowns_for("003_006")
        .iter()
        .map(|w| w.to_string())
        .collect();
    assert!(
        why.contains(&"`card.foreign: expires`, which the profile does not declare".to_string()),
        "{why:?}"
    );
    let suspend = step(
        "cardStatusChange",
        &[
            ("cardNo", var("card.noNameExpiring.cardNo")),
            ("status", Arg::Literal(json!("SUSPEND"))),
            ("userId", var("member.active.userId")),
        ],
    );
    let prediction = predict(&p, &ledger, &suspend);
    assert!(prediction.allowed.contains("003_001") && prediction.allowed.contains("000_000"));
}

#[test]
fn a_member_reused_under_two_names_owns_what_either_name_owns() {
    let p = profile();
    let d = declared(&p);
    let inquiry = step(
        "cardDeliveryInquiry",
        &[
            ("cardApplyNo", var("application.shipping.cardApplyNo")),
            ("userId", var("member.noCards.userId")),
        ],
    );
    // The mock's member.noCards owns nothing; this profile's is member.active, who owns it.
    let prediction = predict(&p, &Ledger::new(&d), &inquiry);
    assert_eq!(codes(&prediction), ["000_000"]);
}

#[test]
fn a_declared_property_is_a_check_and_precedence_is_open() {
    let p = profile();
    let d = declared(&p);
    let ledger = Ledger::new(&d);
    let cancel = |user: &str| {
        step(
            "cardDeliveryCancel",
            &[
                ("cardApplyNo", var("application.cancellable.cardApplyNo")),
                ("userId", var(user)),
            ],
        )
    };
    assert_eq!(
        codes(&predict(&p, &ledger, &cancel("member.active.userId"))),
        ["000_000"]
    );
    // Another member: the cancel must be refused, with any documented code.
    let foreign = predict(&p, &ledger, &cancel("member.other.userId"));
    assert!(!foreign.allowed.contains("000_000") && foreign.allowed.contains("003_002"));
}

#[test]
fn rules_anchored_in_the_targets_answers() {
    let p = profile();
    let d = declared(&p);
    let mut ledger = Ledger::new(&d);
    let card: Id = d.id("card.statusChange").unwrap().clone();
    let app: Id = d.id("application.cancellable").unwrap().clone();
    let status = |change: &str| {
        step(
            "cardStatusChange",
            &[
                ("cardNo", var("card.statusChange.cardNo")),
                ("status", Arg::Literal(json!(change))),
                ("userId", var("member.active.userId")),
            ],
        )
    };
    // After an accepted SUSPEND, RESUME must succeed.
    ledger.set(
        &card,
        Prop::Status,
        Knowledge::Known("SUSPENDED".into(), From::Changed(0)),
    );
    assert_eq!(codes(&predict(&p, &ledger, &status("RESUME"))), ["000_000"]);
    // A card the target called terminated stays so.
    ledger.set(
        &card,
        Prop::Status,
        Knowledge::Known("TERMINATED".into(), From::Answered(1)),
    );
    assert_eq!(codes(&predict(&p, &ledger, &status("RESUME"))), ["003_022"]);
    // After an accepted cancel, a second is refused.
    ledger.set(
        &app,
        Prop::Cancelled,
        Knowledge::Known("true".into(), From::Changed(2)),
    );
    let again = step(
        "cardDeliveryCancel",
        &[
            ("cardApplyNo", var("application.cancellable.cardApplyNo")),
            ("userId", var("member.active.userId")),
        ],
    );
    let refused = predict(&p, &ledger, &again);
    assert!(
        !refused.allowed.contains("000_000"),
        "{:?}",
        refused.allowed
    );
}
