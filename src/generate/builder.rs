//! Collects one operation's generated cases and the constraints they probe.

use super::{Constraint, ConstraintKind, ID_PREFIX, INVALID_INPUT, Location};
use crate::assumption::Assumption;
use crate::case::{Case, Expect, Origin, Request};
use crate::expect::Grounds;
use crate::facts::{self, Aspect, Ledger, Side};
use crate::profile::{Answer, Profile};
use crate::spec::Operation;

/// Collects one operation's cases and constraints.
pub(super) struct Builder<'a> {
    pub(super) op: &'a Operation,
    /// The facts the cases verify are named from it.
    pub(super) ledger: &'a Ledger,
    pub(super) profile: &'a Profile,
    pub(super) names_on: bool,
    pub(super) cases: Vec<Case>,
    pub(super) constraints: Vec<Constraint>,
    pub(super) notes: Vec<String>,
}

/// One generated case before it becomes a [`Case`].
pub(super) struct Draft<'c> {
    pub(super) base: &'c Case,
    pub(super) field: String,
    pub(super) mutation: &'static str,
    pub(super) tag: &'static str,
    pub(super) description: String,
    pub(super) request: Request,
    pub(super) expect: Expect,
}

impl Builder<'_> {
    pub(super) fn constraint(
        &mut self,
        location: Location,
        field: &str,
        kind: ConstraintKind,
    ) -> usize {
        self.constraints.push(Constraint {
            operation: self.op.id.clone(),
            location,
            field: field.to_string(),
            kind,
            cases: Vec::new(),
            not_covered: None,
        });
        self.constraints.len() - 1
    }

    pub(super) fn not_covered(&mut self, index: usize, reason: impl Into<String>) {
        let c = &mut self.constraints[index];
        if c.cases.is_empty() && c.not_covered.is_none() {
            c.not_covered = Some(reason.into());
        }
    }

    pub(super) fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    pub(super) fn add(&mut self, probes: &[usize], d: Draft) {
        let id = format!("{ID_PREFIX}::{}::{}", d.field, d.mutation);
        let name = format!("{}::{id}", self.op.id);
        let mut facts = Vec::new();
        for &i in probes {
            self.constraints[i].cases.push(name.clone());
            self.constraints[i].not_covered = None;
            facts.extend(self.fact(&self.constraints[i]));
        }
        // The code it must (not) be answered, when the page documents it for this operation.
        let code = d.expect.code.as_deref().or(d.expect.code_not.as_deref());
        let when = code.map(|c| facts::id(&self.op.id, &format!("code.{c}"), Some(Aspect::When)));
        facts.extend(when.filter(|w| self.ledger.get(w).is_some()));
        let expect = d.expect.verifying(facts);
        self.cases.push(Case {
            file: d.base.file.clone(),
            at: d.base.at.clone(),
            operation: self.op.id.clone(),
            id,
            test_data: None,
            source: d.base.source.clone(),
            description: Some(d.description),
            tags: vec![ID_PREFIX.to_string(), d.tag.to_string()],
            ignore: None,
            origin: Origin::Generated,
            request: d.request,
            expect,
        });
    }

    /// The id of the fact a constraint states, when a page states it (a constraint the spec
    /// marks inferred has none: its case names its assumption).
    fn fact(&self, c: &Constraint) -> Option<String> {
        let subject = match c.location {
            Location::Body => facts::field_subject(Side::Request, &c.field),
            Location::Header => facts::header_subject(Side::Request, &c.field),
        };
        let aspect = match c.kind {
            ConstraintKind::Required => {
                let presence = self.ledger.presence(&self.op.id, &subject);
                return presence.map(|f| f.id.clone());
            }
            ConstraintKind::Type => Aspect::Type,
            ConstraintKind::MinLength | ConstraintKind::MaxLength => Aspect::Length,
            ConstraintKind::Minimum | ConstraintKind::Maximum => Aspect::Range,
            ConstraintKind::Enum => Aspect::Enum,
            ConstraintKind::Pattern => Aspect::Format,
            ConstraintKind::Credential => Aspect::Registered,
            ConstraintKind::Signature => Aspect::Signature,
            ConstraintKind::AnyOf => return None,
        };
        let id = facts::id(&self.op.id, &subject, Some(aspect));
        self.ledger.get(&id).map(|f| f.id.clone())
    }

    pub(super) fn names(&self, names: Vec<String>) -> Vec<String> {
        if self.names_on { names } else { vec![] }
    }

    /// Must not be accepted, on what the broken constraint rests on (`rests_on`: `None` when
    /// its page states it), and must be answered `000_002`, documented unless `assumes` says
    /// otherwise.
    pub(super) fn rejected(
        &self,
        names: Vec<String>,
        status: u16,
        rests_on: Option<Assumption>,
        assumes: Option<Assumption>,
    ) -> Expect {
        Expect::rejected(status, INVALID_INPUT, self.names(names))
            .assuming(assumes)
            .not_accepted(Grounds::of(rests_on))
    }

    /// Must not be answered `000_002`.
    pub(super) fn accepted(assumes: Option<Assumption>) -> Expect {
        Expect::accepted(INVALID_INPUT).assuming(assumes)
    }

    /// A bad header: not accepted (documented: the pages make the `X-KM-*` headers mandatory
    /// and give their lengths, formats and the Tran-Token's MAC), and answered as the profile's
    /// `header-errors` say (the vendor does not document which answer).
    pub(super) fn answered(&self, answer: &Answer, header_name: &str) -> Expect {
        let names = self.names(vec![header_name.to_string()]);
        Expect::rejected(answer.status, &answer.code, names)
            .assuming(Some(Assumption::HeaderErrorAnswer))
            .not_accepted(Grounds::Documented)
    }
}

/// The index of the constraint of kind `k` among one field's or header's `kinds`.
pub(super) fn index_of(kinds: &[(ConstraintKind, usize)], k: ConstraintKind) -> Option<usize> {
    kinds.iter().find(|(x, _)| *x == k).map(|(_, i)| *i)
}
