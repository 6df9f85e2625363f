//! What explore knows of the target's fixtures, and nothing else: what the target's profile
//! declares about them (`fixtures:`), and what the target's own answers showed earlier in the
//! run. A fixture is known by its kind and value, not by its name: a sandbox reuses a card for
//! several purposes, and two names holding the same card number are one card.
//!
//! The oracle's own fixtures (the reference mock's table) are never consulted: a prediction
//! that would need them is not documented (docs/explore.md).

use std::collections::BTreeMap;
use std::fmt;

use crate::profile::Profile;
use crate::profile::fixtures::FixtureFacts;

/// A fixture's identity: its kind (`card`) and its value (as JSON text).
pub type Id = (String, String);

/// A property of a fixture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Prop {
    /// It exists on the target.
    Exists,
    /// The member that owns it (its value).
    Owner,
    /// A member may use the service.
    Active,
    /// A member has a name on record.
    Named,
    /// A member has any card application.
    HasApplications,
    /// How many applications the pre-issue search lists for a member.
    Linkable,
    /// A card's status.
    Status,
    /// A card's expiry, against the reissue window.
    Expires,
    /// A card was reissued.
    Reissued,
    /// A card's product allows reissuance.
    Reissuable,
    /// A card's reissue fee can be charged.
    FeePayable,
    /// When an application was made.
    Applied,
    /// An application's delivery status.
    Delivery,
    /// An application's status and mobile card allow cancelling it.
    Cancellable,
    /// An application was cancelled in this run.
    Cancelled,
}

impl Prop {
    /// The property's name in a profile's `fixtures:`.
    pub fn name(self) -> &'static str {
        match self {
            Prop::Exists => "exists",
            Prop::Owner => "owner",
            Prop::Active => "active",
            Prop::Named => "named",
            Prop::HasApplications => "has-applications",
            Prop::Linkable => "linkable",
            Prop::Status => "status",
            Prop::Expires => "expires",
            Prop::Reissued => "reissued",
            Prop::Reissuable => "reissuable",
            Prop::FeePayable => "fee-payable",
            Prop::Applied => "applied",
            Prop::Delivery => "delivery",
            Prop::Cancellable => "cancellable",
            Prop::Cancelled => "cancelled",
        }
    }

    /// The other value of a property that has two: what a refused condition says.
    pub fn other(self, value: &str) -> Option<&'static str> {
        match (self, value) {
            (Prop::Expires, "later") => Some("this-month"),
            (Prop::Expires, "this-month") => Some("later"),
            (Prop::Applied, "today") => Some("before"),
            (Prop::Applied, "before") => Some("today"),
            (Prop::Status | Prop::Owner | Prop::Linkable | Prop::Delivery, _) => None,
            (_, "true") => Some("false"),
            (_, "false") => Some("true"),
            _ => None,
        }
    }
}

/// Why a property is not known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The profile does not declare it: `fixture` names the fixture (`None`: a value an earlier
    /// answer gave, which no profile can declare).
    Undeclared {
        /// The fixture's name.
        fixture: Option<String>,
        /// The property's name.
        property: &'static str,
    },
    /// An accepted step of this run changed it in a way the pages do not fix.
    Changed {
        /// The step (0-based).
        step: usize,
        /// The property's name.
        property: &'static str,
    },
    /// One of the mock's own decisions (its row in docs/mock.md).
    Decision(&'static str),
    /// Something the pages leave open, in words.
    Undocumented(&'static str),
    /// A field constraint the spec infers (`x-provenance: inferred`).
    Inferred(String),
    /// No rule of the pages is modelled for this result code of this operation.
    NoRule(String),
    /// Several documented errors apply, and the pages order none.
    Precedence,
    /// The oracle's own fixture table, which the target's profile does not share.
    OracleFixtures,
    /// A value of the answer the pages do not fix (each side has its own fixtures).
    Unfixed,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Undeclared {
                fixture: Some(name),
                property,
            } => write!(f, "`{name}: {property}`, which the profile does not declare"),
            Why::Undeclared {
                fixture: None,
                property,
            } => write!(f, "the `{property}` of a value an earlier answer gave"),
            Why::Changed { step, property } => write!(
                f,
                "the `{property}` step {} changed in a way the pages do not fix",
                step + 1
            ),
            Why::Decision(row) => write!(f, "the mock's own decision \"{row}\" (docs/mock.md)"),
            Why::Undocumented(what) => f.write_str(what),
            Why::Inferred(field) => write!(f, "the constraint of `{field}`, which the spec infers"),
            Why::NoRule(code) => write!(f, "when `{code}` is answered, which no modelled rule says"),
            Why::Precedence => f.write_str("which of several documented errors wins (the pages order none)"),
            Why::OracleFixtures => f.write_str(
                "the oracle's own fixture table (what the target's profile declares and its answers showed predict otherwise)",
            ),
            Why::Unfixed => f.write_str("a value of the answer the pages do not fix"),
        }
    }
}

/// Where a known value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum From {
    /// The profile declares it, for this fixture name.
    Declared(String),
    /// The target's answer to this step (0-based) showed it.
    Answered(usize),
    /// The target accepted this step (0-based), which changed it so.
    Changed(usize),
    /// Nothing this run did has changed it yet.
    Start,
}

impl fmt::Display for From {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            From::Declared(name) => write!(f, "declared for `{name}`"),
            From::Answered(step) => write!(f, "the target's answer to step {}", step + 1),
            From::Changed(step) => write!(f, "step {}, which the target accepted", step + 1),
            From::Start => f.write_str("nothing this run did"),
        }
    }
}

/// What is known of one property.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Knowledge {
    /// Its value, and where it comes from.
    Known(String, From),
    /// Not known, and why.
    Unknown(Why),
}

/// What the target's profile declares, by fixture identity.
#[derive(Debug, Clone, Default)]
pub struct Declared {
    facts: BTreeMap<Id, BTreeMap<Prop, (String, String)>>,
    ids: BTreeMap<String, Id>,
    disputed: Vec<(Id, Prop, String, String)>,
}

impl Declared {
    /// The declarations of `profile`; `key` gives the variable that identifies a fixture of a
    /// kind (`cardNo` for `card`).
    pub fn new(profile: &Profile, key: &dyn Fn(&str) -> Option<String>) -> Declared {
        let mut d = Declared::default();
        for name in crate::profile::fixtures::fixture_names(&profile.file.vars) {
            let kind = name.split('.').next().unwrap_or("").to_string();
            let value = key(&kind).and_then(|leaf| profile.var(&format!("{name}.{leaf}")));
            if let Some(value) = value {
                // A value still to be filled in identifies nothing: each name is its own.
                let text = value.to_string();
                let value = match text.contains(crate::profile::PLACEHOLDER) {
                    true => format!("{text} ({name})"),
                    false => text,
                };
                d.ids.insert(name, (kind, value));
            }
        }
        for (name, facts) in &profile.file.fixtures {
            let Some(id) = d.ids.get(name).cloned() else {
                continue;
            };
            for (prop, value) in properties(facts) {
                let value = match prop {
                    Prop::Owner => match d.ids.get(&value) {
                        Some((_, member)) => member.clone(),
                        None => continue,
                    },
                    _ => value,
                };
                if d.disputed.iter().any(|(i, p, ..)| *i == id && *p == prop) {
                    continue;
                }
                let props = d.facts.entry(id.clone()).or_default();
                match props.get(&prop) {
                    Some((earlier, other)) if *earlier != value => {
                        let other = other.clone();
                        props.remove(&prop);
                        d.disputed.push((id.clone(), prop, other, name.clone()));
                    }
                    _ => {
                        props.insert(prop, (value, name.clone()));
                    }
                }
            }
        }
        d
    }

    /// Properties two names of one fixture declare differently, which explore relies on for
    /// neither: (property, one name, the other).
    pub fn disputed(&self) -> impl Iterator<Item = (Prop, &str, &str)> {
        self.disputed
            .iter()
            .map(|(_, p, a, b)| (*p, a.as_str(), b.as_str()))
    }

    /// The identity of a fixture name, if its key variable is defined.
    pub fn id(&self, name: &str) -> Option<&Id> {
        self.ids.get(name)
    }

    /// The fixture names of an identity.
    pub fn names(&self, id: &Id) -> impl Iterator<Item = &str> {
        self.ids
            .iter()
            .filter(move |(_, i)| *i == id)
            .map(|(n, _)| n.as_str())
    }

    /// What the profile declares of one property of a fixture.
    pub fn get(&self, id: &Id, prop: Prop) -> Option<(&str, &str)> {
        let (value, name) = self.facts.get(id)?.get(&prop)?;
        Some((value, name))
    }
}

/// A profile's declarations as (property, value) pairs, values as the rules compare them.
fn properties(f: &FixtureFacts) -> Vec<(Prop, String)> {
    fn word<T: serde::Serialize>(v: &Option<T>) -> Option<String> {
        let json = serde_json::to_value(v.as_ref()?).ok()?;
        Some(
            json.as_str()
                .map_or_else(|| json.to_string(), str::to_string),
        )
    }
    [
        (Prop::Exists, word(&f.exists)),
        (Prop::Owner, f.owner.clone()),
        (Prop::Active, word(&f.active)),
        (Prop::Named, word(&f.named)),
        (Prop::HasApplications, word(&f.has_applications)),
        (Prop::Linkable, word(&f.linkable)),
        (Prop::Status, word(&f.status)),
        (Prop::Expires, word(&f.expires)),
        (Prop::Reissued, word(&f.reissued)),
        (Prop::Reissuable, word(&f.reissuable)),
        (Prop::FeePayable, word(&f.fee_payable)),
        (Prop::Applied, word(&f.applied)),
        (Prop::Delivery, f.delivery.clone()),
        (Prop::Cancellable, word(&f.cancellable)),
    ]
    .into_iter()
    .filter_map(|(p, v)| Some((p, v?)))
    .collect()
}

/// What is known during one run: the declarations, overridden by what the target's answers
/// showed and by what its accepted steps changed.
#[derive(Debug, Clone)]
pub struct Ledger<'a> {
    declared: &'a Declared,
    learned: BTreeMap<Id, BTreeMap<Prop, Knowledge>>,
    changed: std::collections::BTreeSet<Id>,
    origins: BTreeMap<Id, Id>,
}

impl<'a> Ledger<'a> {
    /// A run's ledger, knowing only the declarations.
    pub fn new(declared: &'a Declared) -> Ledger<'a> {
        Ledger {
            declared,
            learned: BTreeMap::new(),
            changed: Default::default(),
            origins: BTreeMap::new(),
        }
    }

    /// Records that an application was made from a card (a reissue).
    pub fn set_origin(&mut self, application: &Id, card: &Id) {
        self.origins.insert(application.clone(), card.clone());
    }

    /// The card an application was made from in this run, if any.
    pub fn origin(&self, application: &Id) -> Option<&Id> {
        self.origins.get(application)
    }

    /// What is known of `prop` of the fixture `id` (named `name` in the step, if it is a
    /// fixture of the profile).
    pub fn get(&self, id: &Id, name: Option<&str>, prop: Prop) -> Knowledge {
        if let Some(k) = self.learned.get(id).and_then(|m| m.get(&prop)) {
            return k.clone();
        }
        match self.declared.get(id, prop) {
            Some((value, declared_for)) => {
                Knowledge::Known(value.to_string(), From::Declared(declared_for.to_string()))
            }
            None if prop == Prop::Cancelled => Knowledge::Known("false".into(), From::Start),
            None => Knowledge::Unknown(Why::Undeclared {
                fixture: name
                    .map(str::to_string)
                    .or_else(|| self.declared.names(id).next().map(str::to_string)),
                property: prop.name(),
            }),
        }
    }

    /// Records what a step showed or changed.
    pub fn set(&mut self, id: &Id, prop: Prop, knowledge: Knowledge) {
        if matches!(
            knowledge,
            Knowledge::Known(_, From::Changed(_)) | Knowledge::Unknown(Why::Changed { .. })
        ) {
            self.changed.insert(id.clone());
        }
        self.learned
            .entry(id.clone())
            .or_default()
            .insert(prop, knowledge);
    }

    /// The declarations.
    pub fn declared(&self) -> &Declared {
        self.declared
    }

    /// What the target's answers showed of the profile's fixtures that no step of the run
    /// changed, and the profile does not declare: (fixture name, property, value).
    pub fn shown(&self) -> Vec<(String, Prop, String)> {
        let mut out = Vec::new();
        for (id, props) in self
            .learned
            .iter()
            .filter(|(id, _)| !self.changed.contains(*id))
        {
            let Some(name) = self.declared.names(id).next() else {
                continue;
            };
            for (prop, k) in props {
                if let Knowledge::Known(value, From::Answered(_)) = k
                    && self.declared.get(id, *prop).is_none()
                    && *prop != Prop::Cancelled
                {
                    out.push((name.to_string(), *prop, value.clone()));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
