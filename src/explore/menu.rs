//! What explore chooses from, and the seeded choice of a sequence of steps.
//!
//! The operations come from the contract and the documented cases ([`Operations`]); the
//! fixtures from the target profile: every variable group `kind.name` whose variables fill an
//! operation's slot, defined in both profiles. Which member owns which fixture comes from the
//! profile's declared fixture facts (`fixtures.<name>.owner`), or else from the pairs the
//! documented cases send.
//!
//! Most steps pair a member with a fixture it owns (valid requests, and the documented error
//! scenarios those fixtures stand for); some pair any member with any fixture (unknown, foreign
//! or withdrawn); a few send what a documented case sends instead (a field error, a wrong
//! CVC); and some take a value an earlier step's answer gave, along the spec's links (the
//! application a reissue created, the mobile card a cancel discarded). State-changing
//! operations are drawn twice as often as reading ones.

use std::collections::BTreeSet;

use super::operations::{MEMBER, Operations, Shape, Source};
use super::prng::Prng;
use super::step::{Arg, Step};

/// The operations and fixtures both sides know.
#[derive(Debug, Clone, Default)]
pub struct Menu {
    ops: Vec<Choices>,
    /// Whether state-changing operations may be chosen (the safety guard).
    pub state_changes: bool,
}

/// One operation and what can fill it.
#[derive(Debug, Clone)]
struct Choices {
    shape: Shape,
    /// Usable fixtures per slot, in slot order.
    fixtures: Vec<Vec<String>>,
    /// (member, fixture of the object slot) pairs: declared owners, else the cases' pairs.
    owned: Vec<(String, String)>,
    /// The alternatives both profiles can send.
    alternatives: Vec<(String, Arg)>,
}

impl Menu {
    /// The menu of `ops` over the fixtures for which `known` holds (a variable both profiles
    /// define); `owner` gives a fixture's declared owner.
    pub fn new(
        ops: &Operations,
        known: &dyn Fn(&str) -> bool,
        names: &[String],
        owner: &dyn Fn(&str) -> Option<String>,
        state_changes: bool,
    ) -> Menu {
        let groups: BTreeSet<String> = names
            .iter()
            .filter_map(|n| Some(Arg::var(n.as_str()).fixture()?.to_string()))
            .collect();
        let ops = ops
            .list
            .iter()
            .filter(|s| s.unusable.is_none() && (state_changes || !s.state_changing))
            .map(|shape| choices(shape, &groups, known, owner))
            .filter(|c| c.fixtures.iter().all(|f| !f.is_empty()))
            .collect();
        Menu { ops, state_changes }
    }

    /// Whether nothing can be chosen.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The operations on the menu.
    pub fn operations(&self) -> impl Iterator<Item = &str> {
        self.ops.iter().map(|c| c.shape.id.as_str())
    }

    /// The shape of an operation on the menu.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.ops.iter().find(|c| c.shape.id == id).map(|c| &c.shape)
    }

    /// Whether `member` owns `fixture`, by the pairs of any operation.
    pub fn owns(&self, member: &str, fixture: &str) -> bool {
        self.ops
            .iter()
            .any(|c| c.owned.iter().any(|(m, f)| m == member && f == fixture))
    }

    /// A sequence of `n` steps, from the seed alone.
    pub fn sequence(&self, seed: u64, n: usize) -> Vec<Step> {
        let mut rng = Prng::new(seed);
        let mut steps: Vec<Step> = Vec::with_capacity(n);
        if self.is_empty() {
            return steps;
        }
        while steps.len() < n {
            if let Some(s) = self.step(&mut rng, &steps) {
                steps.push(s);
            }
        }
        steps
    }

    /// One step; `None` when the chosen kind has nothing to choose (the caller draws again).
    fn step(&self, rng: &mut Prng, earlier: &[Step]) -> Option<Step> {
        let weight = |c: &Choices| if c.shape.state_changing { 2 } else { 1 };
        let mut draw = rng.below(self.ops.iter().map(weight).sum());
        let c = self.ops.iter().find(|c| {
            let hit = draw < weight(c);
            draw = draw.saturating_sub(weight(c));
            hit
        })?;
        match rng.below(100) {
            0..65 => c.owned(rng),
            65..85 => Some(c.any(rng)),
            85..93 => c.alternative(rng),
            _ => c.linked(rng, earlier).or_else(|| c.owned(rng)),
        }
    }

    /// A plainer argument for `field` of `step`: the first fixture of the field's slot that
    /// the step's member owns, else the first of the slot; `None` for a member's field or a
    /// field of no slot.
    pub fn simpler(&self, step: &Step, field: &str) -> Option<Arg> {
        let c = self.ops.iter().find(|c| c.shape.id == step.operation)?;
        let at = c
            .shape
            .slots
            .iter()
            .position(|s| s.kind != MEMBER && s.fields.iter().any(|(f, _)| f == field))?;
        let leaf = &c.shape.slots[at].fields.iter().find(|(f, _)| f == field)?.1;
        let member = c
            .shape
            .member_slot()
            .and_then(|m| step.arg(m.key())?.fixture().map(str::to_string));
        let owned = c
            .owned
            .iter()
            .find(|(m, _)| Some(m) == member.as_ref())
            .map(|(_, f)| f);
        let fixture = owned.or_else(|| c.fixtures[at].first())?;
        Some(Arg::var(format!("{fixture}.{leaf}")))
    }
}

/// What can fill `shape`.
fn choices(
    shape: &Shape,
    groups: &BTreeSet<String>,
    known: &dyn Fn(&str) -> bool,
    owner: &dyn Fn(&str) -> Option<String>,
) -> Choices {
    let fixtures: Vec<Vec<String>> = shape
        .slots
        .iter()
        .map(|slot| {
            groups
                .iter()
                .filter(|g| g.split('.').next() == Some(slot.kind.as_str()))
                .filter(|g| {
                    slot.fields
                        .iter()
                        .all(|(_, leaf)| known(&format!("{g}.{leaf}")))
                })
                .cloned()
                .collect()
        })
        .collect();
    let usable = |kind: &str, f: &str| {
        let at = shape.slots.iter().position(|s| s.kind == kind);
        at.is_some_and(|i| fixtures[i].iter().any(|x| x == f))
    };
    let object = shape
        .object_slot()
        .map(|s| s.kind.clone())
        .unwrap_or_default();
    let declared: Vec<(String, String)> = shape
        .object_slot()
        .and_then(|s| shape.slots.iter().position(|x| x == s))
        .map(|i| &fixtures[i])
        .into_iter()
        .flatten()
        .filter_map(|f| Some((owner(f)?, f.clone())))
        .filter(|(m, _)| usable(MEMBER, m))
        .collect();
    let owned = if declared.is_empty() {
        let pairs = shape.pairs.iter();
        pairs
            .filter(|(m, f)| usable(MEMBER, m) && usable(&object, f))
            .cloned()
            .collect()
    } else {
        declared
    };
    let alternatives = shape
        .alternatives
        .iter()
        .filter(|(_, a)| !matches!(a, Arg::Var(v) if !known(v)))
        .cloned()
        .collect();
    Choices {
        shape: shape.clone(),
        fixtures,
        owned,
        alternatives,
    }
}

impl Choices {
    /// A step with the given fixture per slot (`None`: any) and a random choice per listed
    /// field.
    fn build(&self, rng: &mut Prng, chosen: &[Option<&String>]) -> Step {
        let mut args = Vec::new();
        for (i, slot) in self.shape.slots.iter().enumerate() {
            let fixture = chosen
                .get(i)
                .copied()
                .flatten()
                .cloned()
                .unwrap_or_else(|| rng.pick(&self.fixtures[i]).clone());
            for (field, leaf) in &slot.fields {
                args.push((field.clone(), Arg::var(format!("{fixture}.{leaf}"))));
            }
        }
        for (field, values) in &self.shape.choices {
            if !values.is_empty() {
                args.push((field.clone(), Arg::Literal(rng.pick(values).clone())));
            }
        }
        args.sort_by(|a, b| a.0.cmp(&b.0));
        Step {
            operation: self.shape.id.clone(),
            args,
            fixed: self.shape.fixed.clone(),
        }
    }

    /// A member with a fixture it owns.
    fn owned(&self, rng: &mut Prng) -> Option<Step> {
        let (member, fixture) = rng.pick(non_empty(&self.owned)?);
        let chosen: Vec<Option<&String>> = self
            .shape
            .slots
            .iter()
            .map(|s| match s.kind.as_str() {
                MEMBER => Some(member),
                _ if Some(s) == self.shape.object_slot() => Some(fixture),
                _ => None,
            })
            .collect();
        Some(self.build(rng, &chosen))
    }

    /// Any fixture in every slot.
    fn any(&self, rng: &mut Prng) -> Step {
        self.build(rng, &[])
    }

    /// An owned pair with one field sent as a documented case sends it instead.
    fn alternative(&self, rng: &mut Prng) -> Option<Step> {
        let (field, arg) = rng.pick(non_empty(&self.alternatives)?).clone();
        let step = self.owned(rng).unwrap_or_else(|| self.any(rng));
        Some(step.with_arg(&field, arg))
    }

    /// A step whose fields an earlier step's answer (or request) fills, along a link.
    fn linked(&self, rng: &mut Prng, earlier: &[Step]) -> Option<Step> {
        let sources: Vec<(usize, &super::operations::Link)> = earlier
            .iter()
            .enumerate()
            .flat_map(|(i, e)| {
                let links = self.shape.links.iter().filter(|l| l.from == e.operation);
                links.map(move |l| (i, l))
            })
            .collect();
        let (i, link) = *rng.pick(non_empty(&sources)?);
        let mut step = self.owned(rng).unwrap_or_else(|| self.any(rng));
        let mut filled = false;
        for (field, source) in &link.fields {
            let arg = match source {
                Source::Response(pointer) => Some(Arg::Captured {
                    step: i,
                    pointer: pointer.clone(),
                }),
                Source::Request(f) => earlier[i].arg(f).cloned(),
            };
            if let Some(arg) = arg.filter(|_| step.arg(field).is_some()) {
                step = step.with_arg(field, arg);
                filled = true;
            }
        }
        filled.then_some(step)
    }
}

fn non_empty<T>(items: &[T]) -> Option<&[T]> {
    (!items.is_empty()).then_some(items)
}

#[cfg(test)]
mod tests;
