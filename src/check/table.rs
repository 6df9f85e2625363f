//! The checks of an answer as data: each [`Check`] says when it applies, what it runs and
//! what its failures rest on, and the judge [`walk`]s a table of them ([`super::ANSWER`]) in
//! order. A new check is one file that defines its entry and one line in that table.

use super::{Findings, Judged};
use crate::outcome::Failure;

/// One check of an answer.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    /// Its name (distinct within a table), for tests and docs.
    pub name: &'static str,
    /// Whether it applies to this answer: most case-driven checks apply when the case asks
    /// (`code:` given), the always-on ones to every answer.
    pub applies: fn(&Judged) -> bool,
    /// The check itself: what it found wrong, as data.
    pub run: fn(&Judged) -> Vec<Failure>,
    /// What its failures rest on.
    pub basis: Basis,
    /// Whether its failures fail the case.
    pub severity: Severity,
}

/// What a check's failures rest on: a vendor page, or a named assumption, which a report shows
/// beside each failure and the run's policy settles ([`super::settle`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The answer the case states (status, result codes, its body): documented, unless the case names
    /// the assumption it rests on (`expect.assumes`), which [`walk`] puts on every failure.
    Expected,
    /// The check's own reading of the pages: documented, unless the check names an
    /// assumption on the failure itself (the correlation-id echo, the message field, an
    /// inferred schema constraint).
    Own,
}

/// Where a check's failures go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// They fail the case (unless an assumption of theirs is settled otherwise).
    Fails,
    /// They warn, and fail the case under `--strict` (unknown fields: the schemas do not
    /// close their objects, so a vendor may add a field without breaking a client).
    WarnsUnlessStrict,
}

/// Runs every check of `table` that applies to `judged`, in order: the order of the table is
/// the order of the failures in every report.
pub fn walk(table: &[Check], judged: &Judged) -> Findings {
    let mut findings = Findings::default();
    for check in table.iter().filter(|c| (c.applies)(judged)) {
        let mut failures = (check.run)(judged);
        if check.basis == Basis::Expected {
            failures = failures
                .into_iter()
                .map(|f| f.assuming(judged.expect.assumes))
                .collect();
        }
        let into = match check.severity {
            Severity::WarnsUnlessStrict if !judged.ctx.strict => &mut findings.warnings,
            _ => &mut findings.failures,
        };
        into.extend(failures);
    }
    findings
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;
    use std::time::Duration;

    use serde_json::{Value, json};

    use super::*;
    use crate::assumption::{Assumption, Policy};
    use crate::check::{ANSWER, Context};
    use crate::expect::Expect;
    use crate::outcome::{CheckKind, Exchange, Received, SentRequest};
    use crate::spec::{self, Spec};

    const CORRELATION_ID: &str = "261203120000-abcdef0";

    fn spec() -> Spec {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap()
    }

    /// A documented, well-formed answer of `cardStatusChange` with `body`.
    fn exchange(status: u16, body: &Value) -> Exchange {
        Exchange {
            request: SentRequest {
                method: "POST".into(),
                url: "http://127.0.0.1/x".into(),
                headers: vec![],
                body: String::new(),
            },
            response: Some(Received {
                status,
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    ("x-km-correlation-id".into(), CORRELATION_ID.into()),
                ],
                body: body.to_string(),
                json: Some(body.clone()),
            }),
            elapsed: Duration::ZERO,
            encryption: Default::default(),
        }
    }

    /// `table` walked over `exchange` with `expect`, strict or not.
    fn findings(table: &[Check], expect: &Expect, exchange: &Exchange, strict: bool) -> Findings {
        let spec = spec();
        let settled = BTreeMap::new();
        let ctx = Context {
            spec: &spec,
            operation: spec.operation("cardStatusChange").unwrap(),
            strict,
            policy: Policy {
                strict,
                settled: &settled,
            },
            encrypting: false,
            echoes_correlation_id: false,
            message_field: None,
        };
        let received = exchange.response.as_ref().unwrap();
        let judged = Judged {
            ctx: &ctx,
            expect,
            exchange,
            received,
            body: received.json.as_ref().unwrap(),
        };
        walk(table, &judged)
    }

    /// A throwaway always-on check: every answer must carry a `traceId`.
    const TRACE_ID: Check = Check {
        name: "trace-id",
        applies: |_| true,
        run: |j| match j.body.get("traceId") {
            Some(_) => vec![],
            None => vec![Failure::new(
                CheckKind::Body,
                "/traceId",
                "a trace id",
                "none",
            )],
        },
        basis: Basis::Own,
        severity: Severity::Fails,
    };

    #[test]
    fn a_check_added_to_the_table_is_run_on_every_answer() {
        let answer = exchange(200, &json!({"response": {"code": "000_000"}}));
        let expect = Expect::any_documented().without_schema();
        assert_eq!(
            findings(ANSWER, &expect, &answer, false),
            Findings::default()
        );

        let table: Vec<Check> = ANSWER.iter().copied().chain([TRACE_ID]).collect();
        let found = findings(&table, &expect, &answer, false);
        assert_eq!(found.failures.len(), 1);
        assert_eq!(found.failures[0].path, "/traceId");
        let traced = exchange(
            200,
            &json!({"response": {"code": "000_000"}, "traceId": "t"}),
        );
        assert_eq!(
            findings(&table, &expect, &traced, false),
            Findings::default()
        );
    }

    #[test]
    fn a_case_driven_check_runs_only_when_the_case_asks() {
        // A throwaway check driven by the case: the text must contain what it asks for, here
        // read from `message_contains`, a field a new check would add to `Expect`.
        const ASKED: Check = Check {
            name: "asked",
            applies: |j| j.expect.message_contains.is_some(),
            run: |j| {
                vec![Failure::new(
                    CheckKind::Message,
                    "/",
                    "asked",
                    j.body.to_string(),
                )]
            },
            basis: Basis::Own,
            severity: Severity::Fails,
        };
        let answer = exchange(200, &json!({"response": {"code": "000_000"}}));
        let quiet = Expect::any_documented().without_schema();
        let asking = Expect {
            message_contains: Some("x".into()),
            ..quiet.clone()
        };
        assert!(
            findings(&[ASKED], &quiet, &answer, false)
                .failures
                .is_empty()
        );
        assert_eq!(
            findings(&[ASKED], &asking, &answer, false).failures.len(),
            1
        );
    }

    #[test]
    fn failures_of_the_expected_answer_carry_the_cases_assumption_and_only_those() {
        let answer = Exchange {
            response: Some(Received {
                headers: vec![],
                ..exchange(200, &json!({"response": {"code": "000_000"}}))
                    .response
                    .unwrap()
            }),
            ..exchange(200, &json!({}))
        };
        let expect = Expect::answered(400, "000_002")
            .assuming(Some(Assumption::FormatViolationCode))
            .without_schema();
        let found = findings(ANSWER, &expect, &answer, false);
        let by_check = |kind: CheckKind| -> Vec<Option<Assumption>> {
            found
                .failures
                .iter()
                .filter(|f| f.check == kind)
                .map(|f| f.assumption)
                .collect()
        };
        let inferred = Some(Assumption::FormatViolationCode);
        assert_eq!(by_check(CheckKind::Status), [inferred]);
        assert_eq!(by_check(CheckKind::Code), [inferred]);
        // The answer's own conventions rest on the pages, whatever the case assumes.
        assert_eq!(by_check(CheckKind::ContentType), [None]);
        assert_eq!(by_check(CheckKind::Header), [None]);
    }

    #[test]
    fn a_warning_check_fails_only_under_strict() {
        let warning = Check {
            severity: Severity::WarnsUnlessStrict,
            ..TRACE_ID
        };
        let answer = exchange(200, &json!({"response": {"code": "000_000"}}));
        let expect = Expect::any_documented();
        let lenient = findings(&[warning], &expect, &answer, false);
        assert_eq!((lenient.failures.len(), lenient.warnings.len()), (0, 1));
        let strict = findings(&[warning], &expect, &answer, true);
        assert_eq!((strict.failures.len(), strict.warnings.len()), (1, 0));
    }

    #[test]
    fn the_answer_table_names_each_check_once() {
        let names: BTreeSet<&str> = ANSWER.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), ANSWER.len());
    }
}
