//! What the target's answer to a step teaches, for the steps after it: the rules anchored in
//! the target's own answers.
//!
//! A refusal whose code has exactly one rule, a property's value, shows that value (`003_022`:
//! the card is terminated, and stays so). A success shows that no error applied (the member is
//! active, the object is the member's, its binary properties are the other value), what it
//! lists, and, for a state-changing step, what the step changed (`rules::CHANGES`: a cancelled
//! application stays cancelled and shows `CANCEL`; a reissued card is reissued; a suspended card
//! is suspended). Nothing is learnt from a refusal any code may answer.

use serde_json::Value;

use super::known::{From, Id, Knowledge, Ledger, Prop, Why};
use super::predict::{Prediction, Scene, Subject, refusals, rules_of};
use super::rules::{CANCELLABLE, CHANGES, Change, Cond, LISTS, REFUSED, SHOWS, Who};
use super::side::Answer;
use super::step::Arg;
use crate::spec::Operation;

/// Learns from the target's `answer` to step `at`, which `prediction` was made for.
pub fn learn(
    ledger: &mut Ledger,
    scene: &Scene,
    op: &Operation,
    prediction: &Prediction,
    at: usize,
    answer: &Answer,
) {
    let (Some(code), Some(status)) = (answer.code.as_deref(), answer.status) else {
        return;
    };
    if status == 200 && code == "000_000" {
        succeeded(ledger, scene, op, at, answer.body.as_ref());
        return;
    }
    let any_code = prediction
        .applying
        .iter()
        .map(|(r, _)| r)
        .chain(prediction.unknown.iter().map(|(r, _)| r))
        .any(|r| r.code == REFUSED);
    let rules: Vec<_> = rules_of(&scene.shape.id, &refusals(op))
        .into_iter()
        .filter(|r| r.code == code)
        .collect();
    if let ([rule], false) = (rules.as_slice(), any_code)
        && let Cond::Is(who, prop, value) = rule.when
        && let Some(s) = subject(scene, who)
    {
        ledger.set(
            &s.id,
            prop,
            Knowledge::Known(value.into(), From::Answered(at)),
        );
    }
}

fn subject<'s>(scene: &'s Scene, who: Who) -> Option<&'s Subject> {
    match who {
        Who::Member => scene.member.as_ref(),
        Who::Object => scene.object.as_ref(),
    }
}

/// What a success shows, then what it changed.
fn succeeded(ledger: &mut Ledger, scene: &Scene, op: &Operation, at: usize, body: Option<&Value>) {
    let shown = |v: &str| Knowledge::Known(v.to_string(), From::Answered(at));
    for rule in rules_of(&scene.shape.id, &refusals(op)) {
        if let Cond::Is(who, prop, value) = rule.when
            && let (Some(s), Some(other)) = (subject(scene, who), prop.other(value))
        {
            ledger.set(&s.id, prop, shown(other));
        }
    }
    if let Some(m) = &scene.member {
        ledger.set(&m.id, Prop::Active, shown("true"));
        if let Some(o) = &scene.object {
            ledger.set(&o.id, Prop::Exists, shown("true"));
            ledger.set(&o.id, Prop::Owner, shown(&m.id.1));
        }
    }
    let body = body.unwrap_or(&Value::Null);
    for s in SHOWS.iter().filter(|s| s.operation == scene.shape.id) {
        let value = match (body.pointer(s.pointer), s.length) {
            (Some(Value::Array(items)), true) => items.len().to_string(),
            (Some(Value::String(text)), false) => text.clone(),
            _ => continue,
        };
        if let Some(who) = subject(scene, s.who) {
            ledger.set(&who.id, s.prop, shown(&value));
        }
    }
    listed(ledger, scene, at, body);
    for (_, changes, _) in CHANGES.iter().filter(|(o, ..)| *o == scene.shape.id) {
        for change in changes.iter() {
            changed(ledger, scene, at, body, change);
        }
    }
}

/// The fixtures a success lists as the member's.
fn listed(ledger: &mut Ledger, scene: &Scene, at: usize, body: &Value) {
    let Some(m) = &scene.member else {
        return;
    };
    for list in LISTS.iter().filter(|l| l.operation == scene.shape.id) {
        let items = body.pointer(list.pointer).and_then(Value::as_array);
        for item in items.into_iter().flatten() {
            for (at_item, kind) in list.items {
                if let Some(value) = item.pointer(at_item) {
                    let id = (kind.to_string(), value.to_string());
                    ledger.set(
                        &id,
                        Prop::Exists,
                        Knowledge::Known("true".into(), From::Answered(at)),
                    );
                    ledger.set(
                        &id,
                        Prop::Owner,
                        Knowledge::Known(m.id.1.clone(), From::Answered(at)),
                    );
                }
            }
        }
    }
}

/// One change of an accepted step.
fn changed(ledger: &mut Ledger, scene: &Scene, at: usize, body: &Value, change: &Change) {
    let to = |v: &str| Knowledge::Known(v.to_string(), From::Changed(at));
    let forgot = |p: Prop| {
        Knowledge::Unknown(Why::Changed {
            step: at,
            property: p.name(),
        })
    };
    match *change {
        Change::Set(who, prop, value) => {
            if let Some(s) = subject(scene, who) {
                ledger.set(&s.id, prop, to(value));
            }
        }
        Change::Requested(field, requested) => {
            let asked = match scene.step.arg(field) {
                Some(Arg::Literal(v)) => v.as_str(),
                _ => None,
            };
            let status = requested.iter().find(|(r, _)| Some(*r) == asked);
            if let (Some((_, status)), Some(o)) = (status, &scene.object) {
                ledger.set(&o.id, Prop::Status, to(status));
            }
        }
        Change::Forget(who, prop) => {
            if let Some(s) = subject(scene, who) {
                ledger.set(&s.id, prop, forgot(prop));
            }
        }
        Change::Creates(pointer) => created(ledger, scene, at, body.pointer(pointer)),
        Change::Discards(pointer) => {
            if let Some(card) = body.pointer(pointer) {
                let id: Id = ("card".into(), card.to_string());
                ledger.set(&id, Prop::Exists, to("true"));
                ledger.set(&id, Prop::Status, to("TERMINATED"));
            }
        }
        Change::UndoesReissue => {
            let card = scene
                .object
                .as_ref()
                .and_then(|o| ledger.origin(&o.id))
                .cloned();
            if let Some(card) = card {
                ledger.set(&card, Prop::Reissued, forgot(Prop::Reissued));
            }
        }
    }
}

/// The application a reissue created: the member's, made today, its delivery status and
/// whether it may be cancelled not documented.
fn created(ledger: &mut Ledger, scene: &Scene, at: usize, value: Option<&Value>) {
    let (Some(value), Some(m)) = (value, &scene.member) else {
        return;
    };
    let id: Id = ("application".into(), value.to_string());
    let to = |v: &str| Knowledge::Known(v.to_string(), From::Changed(at));
    ledger.set(&id, Prop::Exists, to("true"));
    ledger.set(&id, Prop::Owner, to(&m.id.1));
    ledger.set(&id, Prop::Applied, to("today"));
    ledger.set(&id, Prop::Cancelled, to("false"));
    let delivery = Why::Undocumented(
        "the delivery status a new application starts in, which the pages do not say",
    );
    ledger.set(&id, Prop::Delivery, Knowledge::Unknown(delivery));
    ledger.set(
        &id,
        Prop::Cancellable,
        Knowledge::Unknown(Why::Decision(CANCELLABLE)),
    );
    if let Some(o) = &scene.object {
        ledger.set_origin(&id, &o.id);
    }
}
