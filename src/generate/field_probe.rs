//! What the cases of one body field share: its constraints, its dotted name, its compiled
//! pattern, its length limits and its string enum members.

use regex::Regex;
use serde_json::Value;

use super::ConstraintKind;
use super::builder::{Builder, index_of};
use super::fields::Field;

/// One body field and what its cases share: its constraints (kind, index), its dotted name,
/// its compiled pattern, its length limits and its string enum members.
pub(super) struct FieldProbe<'f> {
    pub(super) field: &'f Field,
    kinds: &'f [(ConstraintKind, usize)],
    pub(super) dotted: String,
    pub(super) pattern: Option<Regex>,
    pub(super) min: Option<usize>,
    pub(super) max: Option<usize>,
    pub(super) members: Option<Vec<&'f str>>,
}

impl FieldProbe<'_> {
    /// The index of the field's constraint of kind `k`, when it has one.
    pub(super) fn index(&self, k: ConstraintKind) -> Option<usize> {
        index_of(self.kinds, k)
    }
}

impl Builder<'_> {
    /// What the cases of one field share; a pattern that does not compile leaves its
    /// constraint not covered.
    pub(super) fn field_probe<'f>(
        &mut self,
        f: &'f Field,
        kinds: &'f [(ConstraintKind, usize)],
    ) -> FieldProbe<'f> {
        let mut probe = FieldProbe {
            field: f,
            kinds,
            dotted: f.dotted(),
            pattern: None,
            min: f
                .min_length
                .map(|m| usize::try_from(m).unwrap_or(usize::MAX)),
            max: f
                .max_length
                .map(|m| usize::try_from(m).unwrap_or(usize::MAX)),
            members: f
                .enumeration
                .as_ref()
                .map(|e| e.iter().filter_map(Value::as_str).collect()),
        };
        if let Some(p) = &f.pattern {
            match Regex::new(p) {
                Ok(re) => probe.pattern = Some(re),
                Err(_) => {
                    if let Some(i) = probe.index(ConstraintKind::Pattern) {
                        self.not_covered(i, "the pattern does not compile as a Rust regex");
                    }
                }
            }
        }
        probe
    }
}
