//! The checks of an answer as data: each [`Check`] says when it applies, what it runs, which
//! documented facts it verifies and what its failures rest on, and the judge [`walk`]s a table
//! of them ([`super::ANSWER`]) in order. A new check is one file that defines its entry and one
//! line in that table.
//!
//! Every failure a check can give names the facts it breaks or the assumption it rests on
//! ([`Failure::ground`]): the walk puts the check's facts on a failure that names neither, and
//! the check's assumption (or the case's, for the answer the case expects) where it has one.
//! `tests/library/fact_checks.rs` holds the table to it.

use super::{Findings, Judged};
use crate::assumption::Assumption;
use crate::facts::Fact;
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
    /// The ids of the documented facts it verifies on this answer (when it applies): what
    /// the documentation coverage counts as exercised, and what a failure of it that names
    /// no facts of its own breaks.
    pub verifies: fn(&Judged) -> Vec<String>,
    /// Which facts of the ledger it verifies on whatever answer reaches them (the Message
    /// of every Response Code row, the shape of every answer field), as opposed to those a
    /// case names for the answer it expects ([`crate::expect::Expect::facts`]): the test that
    /// every documented fact has a check reads it.
    pub claims: fn(&Fact) -> bool,
    /// What its failures rest on.
    pub basis: Basis,
}

/// What a check's failures rest on besides the facts it names: a report shows it beside each
/// failure, and the run's policy settles the assumptions ([`super::settle`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The answer the case states (status, result codes, its body): the case's facts, unless
    /// the case names the assumption it rests on (`expect.assumes`), which [`walk`] puts on
    /// every failure.
    Expected,
    /// The check's own reading of the pages: the facts it verifies, unless the check names
    /// an assumption on the failure itself (the correlation-id echo, an inferred schema
    /// constraint).
    Own,
    /// The pages are silent: every failure rests on this assumption (the field the result
    /// text is in, a field the schema does not declare).
    Assumed(Assumption),
    /// What the case says the request breaks (`expect.not_accepted`): the case's facts when
    /// its grounds are documented (the constraint a generated case breaks), else the
    /// assumption they name; never the expected answer's own `assumes`, so a wrong MAC taken
    /// fails on the page even where the code it should have been refused with is our reading.
    Grounds,
}

/// No facts: for a check that rests on an assumption only, or whose facts are its case's.
pub fn no_facts(_: &Judged) -> Vec<String> {
    vec![]
}

/// Claims no fact by itself.
pub fn claims_none(_: &Fact) -> bool {
    false
}

/// Runs every check of `table` that applies to `judged`, in order: the order of the table is
/// the order of the failures in every report.
pub fn walk(table: &[Check], judged: &Judged) -> Findings {
    let mut findings = Findings::default();
    for check in table.iter().filter(|c| (c.applies)(judged)) {
        let facts = (check.verifies)(judged);
        for mut f in (check.run)(judged) {
            if f.facts.is_empty() && f.assumption.is_none() {
                f.facts = facts.clone();
            }
            match check.basis {
                Basis::Expected => f.assumption = judged.expect.assumes.or(f.assumption),
                Basis::Assumed(a) => f.assumption = Some(f.assumption.unwrap_or(a)),
                Basis::Grounds => {
                    let grounds = judged.expect.not_accepted.and_then(|g| g.assumption());
                    f.assumption = grounds.or(f.assumption);
                }
                Basis::Own => {}
            }
            findings.failures.push(f);
        }
        for id in facts {
            if !findings.verified.contains(&id) {
                findings.verified.push(id);
            }
        }
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
    use crate::profile::{MessageTexts, Texts};
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

    /// `table` walked over `exchange` with `expect` and settled, strict or not.
    fn findings(table: &[Check], expect: &Expect, exchange: &Exchange, strict: bool) -> Findings {
        with_texts(table, expect, exchange, strict, Texts::documented())
    }

    /// [`findings`] against a target held to `texts`.
    fn with_texts(
        table: &[Check],
        expect: &Expect,
        exchange: &Exchange,
        strict: bool,
        texts: Texts,
    ) -> Findings {
        let spec = spec();
        let settled = BTreeMap::new();
        let policy = Policy {
            strict,
            settled: &settled,
        };
        let ctx = Context {
            spec: &spec,
            operation: spec.operation("cardStatusChange").unwrap(),
            policy,
            encrypting: false,
            echoes_correlation_id: false,
            message_field: None,
            message_texts: texts,
        };
        let received = exchange.response.as_ref().unwrap();
        let judged = Judged {
            ctx: &ctx,
            expect,
            exchange,
            received,
            body: received.json.as_ref().unwrap(),
        };
        crate::check::settle(policy, walk(table, &judged))
    }

    /// A throwaway always-on check: every answer must carry a `traceId`. It names no fact and
    /// no assumption: its failures are unfounded.
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
        verifies: no_facts,
        claims: claims_none,
        basis: Basis::Own,
    };

    fn failures(found: &Findings) -> Vec<&str> {
        found.failures.iter().map(|f| f.path.as_str()).collect()
    }

    #[test]
    fn a_check_added_to_the_table_is_run_on_every_answer() {
        let answer = exchange(200, &json!({"response": {"code": "000_000"}}));
        let expect = Expect::any_documented().without_schema();
        let found = findings(ANSWER, &expect, &answer, false);
        assert!(
            found.failures.is_empty() && found.warnings.is_empty(),
            "{found:?}"
        );

        let table: Vec<Check> = ANSWER.iter().copied().chain([TRACE_ID]).collect();
        let found = findings(&table, &expect, &answer, false);
        assert_eq!(failures(&found), ["/traceId"]);
        let traced = exchange(
            200,
            &json!({"response": {"code": "000_000"}, "traceId": "t"}),
        );
        assert!(
            findings(&table, &expect, &traced, false)
                .failures
                .is_empty()
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
            verifies: no_facts,
            claims: claims_none,
            basis: Basis::Expected,
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
        let found = findings(ANSWER, &expect, &answer, true);
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
        // The answer's own conventions rest on what they rest on, whatever the case assumes:
        // no source states an answer's content type; the page states the correlation id.
        assert_eq!(
            by_check(CheckKind::ContentType),
            [Some(Assumption::JsonContentType)]
        );
        assert_eq!(by_check(CheckKind::Header), [None]);
    }

    #[test]
    fn failures_name_the_facts_they_break_and_the_walk_the_facts_it_verified() {
        let answer = exchange(
            200,
            &json!({"response": {"code": "003_022", "description": "Card terminated"}}),
        );
        let expect = Expect::answered(400, "003_022")
            .verifying(["cardStatusChange.code.003_022.when"])
            .without_schema();
        let found = findings(ANSWER, &expect, &answer, false);
        let named = |kind: CheckKind| -> Vec<&[String]> {
            let with = found.failures.iter().filter(|f| f.check == kind);
            with.map(|f| f.facts.as_slice()).collect()
        };
        // The expected code came with another status than its row's: that row's status fact.
        assert_eq!(
            named(CheckKind::Status),
            [["cardStatusChange.code.003_022.status"]]
        );
        // The text is not the row's Message.
        assert_eq!(
            named(CheckKind::Message),
            [["cardStatusChange.code.003_022.message"]]
        );
        for id in [
            "cardStatusChange.code.003_022.when",
            "cardStatusChange.code.003_022.message",
            "cardStatusChange.responseHeader.X-KM-Correlation-Id.format",
        ] {
            assert!(
                found.verified.iter().any(|v| v == id),
                "{id}: {:?}",
                found.verified
            );
        }
    }

    #[test]
    fn a_localised_text_passes_where_the_profile_gives_it_or_takes_any() {
        let korean = json!({"response": {"code": "003_022", "description": "해지된 카드"}});
        let answer = exchange(400, &korean);
        let expect = Expect::any_documented().without_schema();
        let messages = |texts| {
            let found = with_texts(ANSWER, &expect, &answer, false, texts);
            let with = found
                .failures
                .iter()
                .filter(|f| f.check == CheckKind::Message);
            with.count()
        };
        assert_eq!(messages(Texts::documented()), 1);
        let own = BTreeMap::from([("003_022".to_string(), "해지된 카드.".to_string())]);
        let localised = Texts {
            mode: MessageTexts::Documented,
            localised: &own,
        };
        assert_eq!(messages(localised), 0);
        let any = Texts {
            mode: MessageTexts::Any,
            localised: &own,
        };
        assert_eq!(messages(any), 0);
    }

    #[test]
    fn a_check_resting_on_an_assumption_warns_unless_strict() {
        let assumed = Check {
            basis: Basis::Assumed(Assumption::DeclaredFieldsOnly),
            ..TRACE_ID
        };
        let answer = exchange(200, &json!({"response": {"code": "000_000"}}));
        let expect = Expect::any_documented();
        let lenient = findings(&[assumed], &expect, &answer, false);
        assert_eq!((lenient.failures.len(), lenient.warnings.len()), (0, 1));
        assert_eq!(
            lenient.warnings[0].assumption,
            Some(Assumption::DeclaredFieldsOnly)
        );
        let strict = findings(&[assumed], &expect, &answer, true);
        assert_eq!((strict.failures.len(), strict.warnings.len()), (1, 0));
    }

    #[test]
    fn the_answer_table_names_each_check_once() {
        let names: BTreeSet<&str> = ANSWER.iter().map(|c| c.name).collect();
        assert_eq!(names.len(), ANSWER.len());
    }
}
