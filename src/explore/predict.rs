//! What the pages let explore predict of one step's answer, from what is known of the target's
//! fixtures ([`Ledger`]) and the rules ([`super::rules`]): the result codes the answer may
//! carry, and what a success must show.
//!
//! Each rule's condition is true, false or unknown. The codes of the true rules must be
//! answered, any of them: which one wins when several apply is not documented. With none true,
//! success is allowed too, beside the codes of the unknown rules. A code outside the set breaks
//! a documented rule; a code inside it that differs from the mock's is the mock's choice.

use std::collections::BTreeSet;

use serde_json::Value;

use super::known::{Id, Knowledge, Ledger, Prop, Why};
use super::operations::Shape;
use super::rules::{Cond, REFUSED, RULES, Rule, SHOWS, Who};
use super::step::{Arg, Step};
use crate::spec::Operation;

/// A fixture of a step, on the target's side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Its identity.
    pub id: Id,
    /// Its fixture name in the profile, when the step names one.
    pub name: Option<String>,
    /// A literal that breaks its field: no fixture holds it.
    pub broken: bool,
}

/// A step as the rules read it.
#[derive(Debug, Clone)]
pub struct Scene<'a> {
    /// The step.
    pub step: &'a Step,
    /// Its operation's shape.
    pub shape: &'a Shape,
    /// The member, if the operation has one.
    pub member: Option<Subject>,
    /// The object, if the operation has one.
    pub object: Option<Subject>,
    /// Each argument's value on the target's side (`None`: not resolvable).
    pub values: Vec<(String, Option<Value>)>,
    /// The values of the object's own variables, by field (for [`Cond::Mismatch`]).
    pub own: Vec<(String, Option<Value>)>,
}

/// A value a success must show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// Where in the answer.
    pub pointer: String,
    /// The value, or the length of the list there.
    pub expected: String,
    /// `expected` is a list's length.
    pub length: bool,
    /// Why, in words.
    pub because: String,
    /// The fact it rests on.
    pub fact: String,
}

/// Three-valued truth, with the reasons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Truth {
    /// It holds, because of these (in words).
    Yes(Vec<String>),
    /// It does not, because of these (in words; only what the run or the profile told).
    No(Vec<String>),
    /// It cannot be told, for these reasons.
    Unknown(Vec<Why>),
}

/// The prediction for one step.
#[derive(Debug, Clone, Default)]
pub struct Prediction {
    /// The result codes the answer may carry.
    pub allowed: BTreeSet<String>,
    /// The rules that apply, with why.
    pub applying: Vec<(Rule, Vec<String>)>,
    /// The rules that may apply, with what is not known.
    pub unknown: Vec<(Rule, Vec<Why>)>,
    /// The rules that do not apply, with why (what the profile or the run told).
    pub ruled_out: Vec<(Rule, Vec<String>)>,
    /// Documented codes no rule covers, for this operation.
    pub uncovered: Vec<String>,
    /// What a success must show.
    pub shows: Vec<Shown>,
    /// What a success shows that is not known: (pointer, why).
    pub unshown: Vec<(String, Why)>,
}

impl Prediction {
    /// The prediction for `scene`, from what `ledger` knows; `op` is the contract's operation.
    pub fn of(scene: &Scene, op: &Operation, ledger: &Ledger) -> Prediction {
        let refusals = refusals(op);
        let rules = rules_of(&scene.shape.id, &refusals);
        let mut p = Prediction::default();
        for rule in &rules {
            match truth(&rule.when, scene, ledger) {
                Truth::Yes(why) => p.applying.push((**rule, why)),
                Truth::Unknown(why) => p.unknown.push((**rule, why)),
                Truth::No(why) => p.ruled_out.push((**rule, why)),
            }
        }
        p.uncovered = refusals
            .iter()
            .filter(|c| !rules.iter().any(|r| r.code == c.as_str()))
            .cloned()
            .collect();
        let codes = |rule: &Rule| -> Vec<String> {
            match rule.code {
                REFUSED => refusals.clone(),
                code => vec![code.to_string()],
            }
        };
        p.allowed
            .extend(p.applying.iter().flat_map(|(r, _)| codes(r)));
        p.allowed
            .extend(p.unknown.iter().flat_map(|(r, _)| codes(r)));
        p.allowed.extend(p.uncovered.iter().cloned());
        if p.applying.is_empty() {
            p.allowed.insert("000_000".into());
            (p.shows, p.unshown) = shows(scene, ledger);
        }
        p
    }

    /// Whether the prediction is one code exactly.
    pub fn exact(&self) -> bool {
        self.allowed.len() == 1
    }

    /// Why a code is not predicted more narrowly: the unknowns of the rules that allow it.
    pub fn unknowns_for(&self, code: &str) -> Vec<Why> {
        let mut out: Vec<Why> = self
            .unknown
            .iter()
            .filter(|(r, _)| r.code == code || r.code == REFUSED || code == "000_000")
            .flat_map(|(_, w)| w.iter().cloned())
            .collect();
        if self.uncovered.iter().any(|c| c == code) {
            out.push(Why::NoRule(code.to_string()));
        }
        out.dedup();
        out
    }
}

/// The rules of an operation whose page documents these refusals.
pub fn rules_of<'r>(operation: &str, refusals: &[String]) -> Vec<&'r Rule> {
    RULES
        .iter()
        .filter(|r| match r.operation {
            "*" => refusals.iter().any(|c| c == r.code),
            id => id == operation,
        })
        .collect()
}

/// The documented refusals of an operation.
pub fn refusals(op: &Operation) -> Vec<String> {
    op.error_codes
        .iter()
        .filter(|e| e.http == 400)
        .map(|e| e.code.clone())
        .collect()
}

/// What a success must show, where it is known, and where not, why.
fn shows(scene: &Scene, ledger: &Ledger) -> (Vec<Shown>, Vec<(String, Why)>) {
    let (mut known, mut unknown) = (Vec::new(), Vec::new());
    for s in SHOWS.iter().filter(|s| s.operation == scene.shape.id) {
        let Some(subject) = subject(scene, s.who) else {
            continue;
        };
        match ledger.get(&subject.id, subject.name.as_deref(), s.prop) {
            Knowledge::Known(value, from) => known.push(Shown {
                pointer: s.pointer.to_string(),
                because: format!(
                    "{} `{}` is {value} ({from})",
                    who_name(subject),
                    s.prop.name()
                ),
                expected: value,
                length: s.length,
                fact: format!("{}.{}", s.operation, s.fact),
            }),
            Knowledge::Unknown(why) => unknown.push((s.pointer.to_string(), why)),
        }
    }
    (known, unknown)
}

fn subject<'s>(scene: &'s Scene, who: Who) -> Option<&'s Subject> {
    match who {
        Who::Member => scene.member.as_ref(),
        Who::Object => scene.object.as_ref(),
    }
}

fn who_name(s: &Subject) -> String {
    s.name
        .clone()
        .unwrap_or_else(|| format!("the {} an earlier answer gave", s.id.0))
}

/// Whether a condition holds for a scene.
pub fn truth(cond: &Cond, scene: &Scene, ledger: &Ledger) -> Truth {
    match cond {
        Cond::Breaks => breaks(scene),
        Cond::Is(who, prop, value) => is(scene, ledger, *who, *prop, value),
        Cond::Missing => missing(scene, ledger),
        Cond::Foreign => foreign(scene, ledger),
        Cond::Mismatch => mismatch(scene),
        Cond::Repeats(field, requested) => repeats(scene, ledger, field, requested),
        Cond::Any(conds) => any(conds.iter().map(|c| truth(c, scene, ledger))),
        Cond::Decided(row, inner) => match truth(inner, scene, ledger) {
            Truth::No(why) => Truth::No(why),
            Truth::Yes(_) => Truth::Unknown(vec![Why::Decision(row)]),
            Truth::Unknown(mut why) => {
                why.push(Why::Decision(row));
                Truth::Unknown(why)
            }
        },
    }
}

fn any(truths: impl Iterator<Item = Truth>) -> Truth {
    let (mut yes, mut unknown, mut no) = (Vec::new(), Vec::new(), Vec::new());
    for t in truths {
        match t {
            Truth::Yes(w) => yes.extend(w),
            Truth::Unknown(w) => unknown.extend(w),
            Truth::No(w) => no.extend(w),
        }
    }
    match (yes.is_empty(), unknown.is_empty()) {
        (false, _) => Truth::Yes(yes),
        (true, false) => Truth::Unknown(unknown),
        (true, true) => Truth::No(no),
    }
}

fn breaks(scene: &Scene) -> Truth {
    any(scene.values.iter().map(|(field, value)| {
        let broken = value
            .as_ref()
            .and_then(|v| scene.shape.field(field)?.breaks(v));
        match broken {
            Some(true) => Truth::Yes(vec![format!("`{field}` breaks its documented constraint")]),
            Some(false) => Truth::Unknown(vec![Why::Inferred(field.clone())]),
            None => Truth::No(vec![]),
        }
    }))
}

fn known(ledger: &Ledger, s: &Subject, prop: Prop) -> Knowledge {
    ledger.get(&s.id, s.name.as_deref(), prop)
}

fn is(scene: &Scene, ledger: &Ledger, who: Who, prop: Prop, value: &str) -> Truth {
    let Some(s) = subject(scene, who) else {
        return Truth::No(vec![]);
    };
    if who == Who::Object && matches!(missing(scene, ledger), Truth::Yes(_)) {
        return Truth::No(vec![]);
    }
    match known(ledger, s, prop) {
        Knowledge::Known(v, from) if v == value => Truth::Yes(vec![format!(
            "{} `{}` is {v} ({from})",
            who_name(s),
            prop.name()
        )]),
        Knowledge::Known(v, from) => Truth::No(vec![format!(
            "{} `{}` is {v} ({from})",
            who_name(s),
            prop.name()
        )]),
        Knowledge::Unknown(why) => Truth::Unknown(vec![why]),
    }
}

fn missing(scene: &Scene, ledger: &Ledger) -> Truth {
    let Some(o) = &scene.object else {
        return Truth::No(vec![]);
    };
    if o.broken {
        return Truth::Yes(vec![format!(
            "no {} holds a value that breaks its field",
            o.id.0
        )]);
    }
    match (
        known(ledger, o, Prop::Exists),
        known(ledger, o, Prop::Owner),
    ) {
        (Knowledge::Known(v, from), _) if v == "false" => {
            Truth::Yes(vec![format!("{} does not exist ({from})", who_name(o))])
        }
        (Knowledge::Known(..), _) | (_, Knowledge::Known(..)) => Truth::No(vec![]),
        (Knowledge::Unknown(why), _) => Truth::Unknown(vec![why]),
    }
}

fn foreign(scene: &Scene, ledger: &Ledger) -> Truth {
    let (Some(m), Some(o)) = (&scene.member, &scene.object) else {
        return Truth::No(vec![]);
    };
    if matches!(missing(scene, ledger), Truth::Yes(_)) {
        return Truth::No(vec![]);
    }
    match known(ledger, o, Prop::Owner) {
        Knowledge::Known(owner, from) if owner == m.id.1 => Truth::No(vec![format!(
            "{} belongs to {} ({from})",
            who_name(o),
            who_name(m)
        )]),
        Knowledge::Known(_, from) => Truth::Yes(vec![format!(
            "{} belongs to another member than {} ({from})",
            who_name(o),
            who_name(m)
        )]),
        Knowledge::Unknown(why) => Truth::Unknown(vec![why]),
    }
}

fn mismatch(scene: &Scene) -> Truth {
    let Some(o) = &scene.object else {
        return Truth::No(vec![]);
    };
    any(scene.own.iter().map(|(field, own)| {
        let sent = scene
            .values
            .iter()
            .find(|(f, _)| f == field)
            .and_then(|(_, v)| v.as_ref());
        match (sent, own) {
            (Some(s), Some(own)) if s == own => Truth::No(vec![]),
            (_, None) => Truth::No(vec![]),
            _ => Truth::Yes(vec![format!("`{field}` is not {}'s", who_name(o))]),
        }
    }))
}

fn repeats(scene: &Scene, ledger: &Ledger, field: &str, requested: &[(&str, &str)]) -> Truth {
    let Some(o) = &scene.object else {
        return Truth::No(vec![]);
    };
    let asked = scene.step.arg(field).and_then(|a| match a {
        Arg::Literal(v) => v.as_str(),
        _ => None,
    });
    let Some((_, wanted)) = requested.iter().find(|(r, _)| Some(*r) == asked) else {
        return Truth::No(vec![]);
    };
    if matches!(missing(scene, ledger), Truth::Yes(_)) {
        return Truth::No(vec![]);
    }
    match known(ledger, o, Prop::Status) {
        Knowledge::Known(v, from) if v == *wanted => {
            Truth::Yes(vec![format!("{} is already {v} ({from})", who_name(o))])
        }
        Knowledge::Known(v, from) => Truth::No(vec![format!(
            "{} is {v}, not {wanted} ({from})",
            who_name(o)
        )]),
        Knowledge::Unknown(why) => Truth::Unknown(vec![why]),
    }
}

#[cfg(test)]
mod tests;
