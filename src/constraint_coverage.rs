//! The request constraints the generator knows about (field × constraint kind), which
//! generated cases probe each one, and the one-line account a run gives of them.
//!
//! Plain data below both `generate` (which fills it) and `report` (which renders it), so that
//! neither imports the other.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::outcome::Outcome;
use crate::outcome::Status;

/// Where a constrained value travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// A field of the JSON request body (a dotted path).
    Body,
    /// A request header.
    Header,
}

/// What a constraint demands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ConstraintKind {
    /// The field (or header) must be present.
    Required,
    /// The field must have its declared JSON type.
    Type,
    /// A string's `minLength` (in characters).
    MinLength,
    /// A string's `maxLength` (in characters).
    MaxLength,
    /// A number's `minimum`.
    Minimum,
    /// A number's `maximum`.
    Maximum,
    /// One of the listed values.
    Enum,
    /// A string's `pattern`.
    Pattern,
    /// At least one field of a group (`anyOf` of `required` lists).
    AnyOf,
    /// The access key must be the project's.
    Credential,
    /// The Tran-Token's MAC must match the body.
    Signature,
}

impl ConstraintKind {
    /// The name shown in reports: the JSON Schema keyword where there is one.
    pub fn name(self) -> &'static str {
        match self {
            ConstraintKind::Required => "required",
            ConstraintKind::Type => "type",
            ConstraintKind::MinLength => "minLength",
            ConstraintKind::MaxLength => "maxLength",
            ConstraintKind::Minimum => "minimum",
            ConstraintKind::Maximum => "maximum",
            ConstraintKind::Enum => "enum",
            ConstraintKind::Pattern => "pattern",
            ConstraintKind::AnyOf => "anyOf",
            ConstraintKind::Credential => "credential",
            ConstraintKind::Signature => "signature",
        }
    }
}

impl fmt::Display for ConstraintKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One request constraint of one operation, and the generated cases that probe it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    /// `operationId`.
    pub operation: String,
    /// Body field or header.
    pub location: Location,
    /// The dotted field path (`cardInfo.oldCardNo`), the group (`par-or-cardNo`), or the
    /// header name.
    pub field: String,
    /// What it demands.
    pub kind: ConstraintKind,
    /// The trial names of the generated cases that probe it, sorted.
    pub cases: Vec<String>,
    /// Why no case probes it, when none does.
    pub not_covered: Option<String>,
}

impl Constraint {
    /// `cardStatusChange body par minLength`.
    pub fn label(&self) -> String {
        let location = match self.location {
            Location::Body => "body",
            Location::Header => "header",
        };
        format!("{} {location} {} {}", self.operation, self.field, self.kind)
    }
}

/// Why a planned constraint counts as not covered when none of its cases ran.
pub const NOT_RUN: &str = "their generated cases did not run (filtered out or not run)";

/// How many constraints were left without a case for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotCovered {
    /// Why.
    pub reason: String,
    /// How many constraints.
    pub count: usize,
}

/// The run's account of the request constraints: how many the generated cases cover, and how
/// many of those every case passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstraintCoverage {
    /// Every request constraint of the spec's operations (mandatory headers included).
    pub total: usize,
    /// Those probed by at least one generated case of this run.
    pub covered: usize,
    /// Those whose generated cases all ran and passed; `None` before the run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passed: Option<usize>,
    /// The rest, counted by reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_covered: Vec<NotCovered>,
}

impl ConstraintCoverage {
    /// The account of `constraints`; with `enabled` false (`--no-generated`) none is covered.
    pub fn of(constraints: &[Constraint], enabled: bool) -> ConstraintCoverage {
        let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
        let mut covered = 0;
        for c in constraints {
            match (&c.not_covered, enabled) {
                (_, false) => {
                    *reasons
                        .entry("generated cases are off (`--generated` turns them on)".into())
                        .or_default() += 1;
                }
                (Some(reason), true) => *reasons.entry(reason.clone()).or_default() += 1,
                (None, true) => covered += 1,
            }
        }
        ConstraintCoverage {
            total: constraints.len(),
            covered,
            passed: None,
            not_covered: reasons
                .into_iter()
                .map(|(reason, count)| NotCovered { reason, count })
                .collect(),
        }
    }

    /// Counts what the run did: a constraint stays covered only when at least one of its cases
    /// ran (a filter, `--max-failures` or the deadline may leave them out), and is passed when
    /// every one of its cases ran and passed.
    pub fn with_outcomes(self, constraints: &[Constraint], outcomes: &[Outcome]) -> Self {
        let status: BTreeMap<&str, Status> = outcomes
            .iter()
            .map(|o| (o.name.as_str(), Status::of(&o.verdict)))
            .collect();
        self.with_statuses(constraints, |name| status.get(name).copied())
    }

    /// [`with_outcomes`](Self::with_outcomes) from each case's status by trial name (`None`:
    /// the case did not end up in the run), for a run that keeps no outcome of a passing case.
    pub fn with_statuses(
        mut self,
        constraints: &[Constraint],
        status: impl Fn(&str) -> Option<Status>,
    ) -> Self {
        let ran = |n: &String| status(n).is_some_and(|s| s != Status::Skipped);
        let planned: Vec<&Constraint> = constraints
            .iter()
            .filter(|c| c.not_covered.is_none() && !c.cases.is_empty())
            .collect();
        let probed = planned.iter().filter(|c| c.cases.iter().any(ran)).count();
        let passed = planned
            .iter()
            .filter(|c| {
                c.cases
                    .iter()
                    .all(|n| status(n).is_some_and(|s| s.passed()))
            })
            .count();
        let unrun = self.covered.saturating_sub(probed);
        if unrun > 0 {
            self.not_covered.push(NotCovered {
                reason: NOT_RUN.into(),
                count: unrun,
            });
        }
        self.covered = probed.min(self.covered);
        self.passed = Some(passed.min(self.covered));
        self
    }

    /// `190/190 request constraints covered by generated cases (190 passed)`, with the
    /// reasons for any not covered.
    pub fn line(&self) -> String {
        let mut s = format!(
            "{}/{} request constraints covered by generated cases",
            self.covered, self.total
        );
        if self.covered == 0 && self.total > 0 {
            s.push_str(": nothing was probed");
        }
        if let Some(p) = self.passed.filter(|_| self.covered > 0) {
            s.push_str(&format!(" ({p} with every case passing)"));
        }
        if !self.not_covered.is_empty() {
            let why: Vec<String> = self
                .not_covered
                .iter()
                .map(|n| format!("{}: {}", n.count, n.reason))
                .collect();
            s.push_str(&format!("; not covered: {}", why.join("; ")));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::Verdict;

    fn constraint(field: &str, cases: &[&str], not_covered: Option<&str>) -> Constraint {
        Constraint {
            operation: "op".into(),
            location: Location::Body,
            field: field.into(),
            kind: ConstraintKind::MinLength,
            cases: cases.iter().map(|c| c.to_string()).collect(),
            not_covered: not_covered.map(str::to_string),
        }
    }

    fn outcome(name: &str, verdict: Verdict) -> Outcome {
        Outcome::new(name.into(), "op".into(), String::new(), None, verdict)
    }

    #[test]
    fn counts_covered_passed_and_reasons() {
        let cs = vec![
            constraint("a", &["op::a1", "op::a2"], None),
            constraint("b", &["op::b1"], None),
            constraint("c", &[], Some("no sample")),
            constraint("d", &[], Some("no sample")),
        ];
        let outcomes = vec![
            outcome("op::a1", Verdict::Pass),
            outcome("op::a2", Verdict::Pass),
            outcome(
                "op::b1",
                Verdict::Skipped {
                    reason: "refused".into(),
                },
            ),
        ];
        let c = ConstraintCoverage::of(&cs, true).with_outcomes(&cs, &outcomes);
        // `b` was planned, but its only case did not run (refused): it probed nothing.
        assert_eq!((c.total, c.covered, c.passed), (4, 1, Some(1)));
        assert_eq!(
            c.line(),
            format!(
                "1/4 request constraints covered by generated cases (1 with every case passing); not covered: 2: no sample; 1: {NOT_RUN}"
            )
        );
        let off = ConstraintCoverage::of(&cs, false).with_outcomes(&cs, &outcomes);
        assert_eq!(off.covered, 0);
        assert_eq!(
            off.line(),
            "0/4 request constraints covered by generated cases: nothing was probed; not covered: 4: generated cases are off (`--generated` turns them on)"
        );
        // A filter that selects none of the generated cases: nothing probed, nothing claimed.
        let none = ConstraintCoverage::of(&cs, true).with_outcomes(&cs, &[]);
        assert_eq!(none.covered, 0);
        assert!(
            none.line().contains("nothing was probed"),
            "{}",
            none.line()
        );
        assert!(none.line().contains(NOT_RUN), "{}", none.line());
    }
}
