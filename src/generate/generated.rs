//! What the generator made, and the walk over the spec's operations that makes it.

use super::bases::Bases;
use super::builder::Builder;
use super::{Constraint, ConstraintCoverage};
use crate::case::{Case, LoadedFile, Origin};
use crate::profile::Profile;
use crate::spec::Spec;

/// What the generator made.
#[derive(Debug, Clone, Default)]
pub struct Generated {
    /// The cases, sorted by name.
    pub cases: Vec<Case>,
    /// Every request constraint, in spec order, with the cases that probe it.
    pub constraints: Vec<Constraint>,
    /// Why some cases were not generated, one line per reason and operation.
    pub notes: Vec<String>,
}

impl Generated {
    /// The account of the constraints; `enabled` false when the cases will not run.
    pub fn coverage(&self, enabled: bool) -> ConstraintCoverage {
        ConstraintCoverage::of(&self.constraints, enabled)
    }
}

/// Every request constraint of `spec`'s operations, in spec order, without making the cases
/// that would probe them: what a run with generated cases off counts (each constraint stands
/// not covered, for the same reason). Generating the cases only to count constraints was a
/// seventh of a 31-case run's instructions.
pub fn constraints(spec: &Spec, profile: &Profile) -> Vec<Constraint> {
    let off = Bases {
        valid: None,
        harmless: None,
        missing: Some(OFF.into()),
    };
    let mut out = Vec::new();
    for op in &spec.operations {
        let mut b = Builder {
            op,
            ledger: spec.ledger(),
            profile,
            names_on: false,
            cases: Vec::new(),
            constraints: Vec::new(),
            notes: Vec::new(),
        };
        b.body(spec, &off);
        b.headers(spec, &off);
        out.extend(b.constraints);
    }
    out
}

/// Why no constraint is covered when generated cases are off.
const OFF: &str = "generated cases are off";

/// Generates the cases of every operation of `spec`, from the documented cases in `files`,
/// for the target `profile`.
pub fn generate(spec: &Spec, files: &[LoadedFile], profile: &Profile) -> Generated {
    let mut out = Generated::default();
    let mut notes: Vec<(String, Vec<String>)> = Vec::new();
    for op in &spec.operations {
        let documented: Vec<&Case> = files
            .iter()
            .flat_map(|f| &f.cases)
            .filter(|c| c.operation == op.id && c.origin == Origin::Documented)
            .collect();
        let mut b = Builder {
            op,
            ledger: spec.ledger(),
            profile,
            names_on: profile.message_field().is_some(),
            cases: Vec::new(),
            constraints: Vec::new(),
            notes: Vec::new(),
        };
        let bases = Bases::find(op, &documented, profile);
        if let Some(missing) = &bases.missing {
            b.note(format!("no case generated: {missing}"));
        }
        b.body(spec, &bases);
        b.headers(spec, &bases);
        b.undeclared_method(spec, &bases);
        out.cases.extend(b.cases);
        out.constraints.extend(b.constraints);
        for n in b.notes {
            match notes.iter_mut().find(|(text, _)| *text == n) {
                Some((_, ops)) => ops.push(op.id.clone()),
                None => notes.push((n, vec![op.id.clone()])),
            }
        }
    }
    // One line per reason, naming the operations it applies to.
    out.notes = notes
        .into_iter()
        .map(|(text, ops)| {
            if ops.len() > 1 && ops.len() == spec.operations.len() {
                format!("every operation: {text}")
            } else {
                format!("{}: {text}", ops.join(", "))
            }
        })
        .collect();
    for c in &mut out.constraints {
        c.cases.sort();
        c.cases.dedup();
        if c.cases.is_empty() && c.not_covered.is_none() {
            c.not_covered = Some("no value could be made for it".into());
        }
    }
    // Cached: `name` formats a string, once per case rather than once per comparison.
    out.cases.sort_by_cached_key(Case::name);
    out
}
