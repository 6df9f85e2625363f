//! A step as the rules read it, on the target's side: its member and its object, each known by
//! kind and value, and every field's value.

use serde_json::Value;

use super::operations::{Shape, Slot};
use super::predict::{Scene, Subject};
use super::step::{Arg, Step};

/// The scene of `step`; `value` resolves an argument on the target's side, `var` reads a
/// variable of the target's profile.
pub fn of<'a>(
    step: &'a Step,
    shape: &'a Shape,
    value: &dyn Fn(&Arg) -> Option<Value>,
    var: &dyn Fn(&str) -> Option<Value>,
) -> Scene<'a> {
    let subject = |slot: Option<&Slot>| -> Option<Subject> {
        let slot = slot?;
        let arg = step.arg(slot.key())?;
        let v = value(arg)?;
        let name = arg
            .fixture()
            .filter(|f| f.split('.').next() == Some(slot.kind.as_str()))
            .map(str::to_string);
        let broken = matches!(arg, Arg::Literal(_))
            && shape.field(slot.key()).and_then(|f| f.breaks(&v)).is_some();
        Some(Subject {
            id: (slot.kind.clone(), v.to_string()),
            name,
            broken,
        })
    };
    let object_slot = shape.object_slot();
    let object = subject(object_slot);
    let own = match (object_slot, object.as_ref().and_then(|o| o.name.as_deref())) {
        (Some(slot), Some(name)) if slot.fields.len() > 1 => slot
            .fields
            .iter()
            .map(|(field, leaf)| (field.clone(), var(&format!("{name}.{leaf}"))))
            .collect(),
        _ => vec![],
    };
    Scene {
        step,
        shape,
        member: subject(shape.member_slot()),
        object,
        values: step
            .args
            .iter()
            .map(|(field, arg)| (field.clone(), value(arg)))
            .collect(),
        own,
    }
}
