//! The link between the checks and the pages, kept true by two tests:
//!
//! 1. every checkable fact of the ledger has a check that claims it (the Message of every
//!    Response Code row, the shape of every answer field, every request header...) or a
//!    committed case, scenario or generated case that names it (a Response Code row's
//!    condition, a Test Data item, a lifecycle rule); a fact no client can see is listed with
//!    its reason instead;
//! 2. every check that can fail a case names facts or an assumption: each entry of the answer
//!    table claims facts of the ledger or rests on an assumption, and every expectation the
//!    committed and generated cases hand to the checks of the expected answer names facts or
//!    an assumption.
//!
//! Each is shown catching a planted omission: a check taken out of the table, a fact no check
//! claims, a throwaway check that names nothing. The fault suite adds the dynamic half: no
//! failure in any of its reports is unfounded (`tests/fault/fault_injection.rs`).

use std::collections::BTreeSet;
use std::path::Path;

use konaplate_conformance::assumption::Assumption;
use konaplate_conformance::case::{self, Expect};
use konaplate_conformance::check::{self, ANSWER, Basis, Check, claims_none, no_facts};
use konaplate_conformance::expect::Grounds;
use konaplate_conformance::facts::{About, Fact, Kind, Ledger, Source};
use konaplate_conformance::outcome::{CheckKind, Failure};
use konaplate_conformance::spec::{self, Spec};
use konaplate_conformance::{generate, profile, scenario};

fn spec() -> Spec {
    spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).expect("the committed spec loads")
}

/// Every expectation of the committed cases, their generated cases and the committed
/// scenarios' steps.
fn expectations(spec: &Spec) -> Vec<(String, Expect)> {
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), spec, &profile).unwrap();
    let scenarios = scenario::load_dir(Path::new("cases/scenarios"), spec, &profile).unwrap();
    let generated = generate::generate(spec, &files, &profile);
    let mut out = Vec::new();
    for file in &files {
        assert!(file.case_errors.is_empty(), "{:?}", file.case_errors);
        out.extend(file.cases.iter().map(|c| (c.name(), c.expect.clone())));
    }
    out.extend(generated.cases.iter().map(|c| (c.name(), c.expect.clone())));
    for loaded in &scenarios {
        let s = loaded
            .scenario
            .as_ref()
            .expect("the committed scenarios load");
        out.extend(s.steps.iter().map(|step| {
            let name = format!("{}::{}", s.name(), step.id);
            (name, step.expect.clone())
        }));
    }
    out
}

/// The checkable facts of `ledger` that no check of `table` (nor the request checks) claims
/// and no expectation names.
fn unclaimed(ledger: &Ledger, table: &[Check], expectations: &[(String, Expect)]) -> Vec<String> {
    let named: BTreeSet<&str> = expectations
        .iter()
        .flat_map(|(_, e)| e.facts.iter().map(String::as_str))
        .collect();
    ledger
        .facts
        .iter()
        .filter(|f| f.checkable)
        .filter(|f| !table.iter().any(|c| (c.claims)(f)))
        .filter(|f| !check::request_claims(f) && !named.contains(f.id.as_str()))
        .map(|f| f.id.clone())
        .collect()
}

/// The checks of `table` that can fail a case and name neither facts of `ledger` nor an
/// assumption, and the expectations that hand the checks of the expected answer neither.
fn unfounded(ledger: &Ledger, table: &[Check], expectations: &[(String, Expect)]) -> Vec<String> {
    let mut out: Vec<String> = table
        .iter()
        .filter(|c| match c.basis {
            Basis::Assumed(_) => false,
            // Their facts are the case's: held to below.
            Basis::Expected | Basis::Grounds => false,
            Basis::Own => !ledger.facts.iter().any(|f| (c.claims)(f)),
        })
        .map(|c| format!("check `{}` names no fact and no assumption", c.name))
        .collect();
    out.extend(
        expectations
            .iter()
            .filter(|(_, e)| e.facts.is_empty() && e.assumes.is_none())
            .map(|(name, _)| format!("{name}: its expectation names no fact and no assumption")),
    );
    // "Not accepted" on documented grounds rests on the case's facts, whatever `assumes` says.
    out.extend(
        expectations
            .iter()
            .filter(|(_, e)| e.facts.is_empty() && e.not_accepted == Some(Grounds::Documented))
            .map(|(name, _)| format!("{name}: documented not-accepted names no fact")),
    );
    out
}

#[test]
fn every_checkable_fact_has_a_check_or_a_case_that_claims_it() {
    let spec = spec();
    let ledger = spec.ledger();
    let expectations = expectations(&spec);
    assert_eq!(
        unclaimed(ledger, ANSWER, &expectations),
        Vec::<String>::new()
    );
    // Every kind is claimed somewhere, and not only by the request checks.
    for kind in Kind::ALL {
        let by_answer = ledger
            .facts
            .iter()
            .filter(|f| f.kind == kind && f.checkable)
            .any(|f| ANSWER.iter().any(|c| (c.claims)(f)));
        let by_case = expectations
            .iter()
            .flat_map(|(_, e)| &e.facts)
            .any(|id| ledger.get(id).is_some_and(|f| f.kind == kind));
        assert!(
            by_answer || by_case,
            "no check or case claims a {kind} fact"
        );
    }
}

#[test]
fn a_fact_with_no_check_is_caught() {
    let spec = spec();
    let ledger = spec.ledger();
    let expectations = expectations(&spec);
    // The check of the documented Message taken out of the table: every Message is unclaimed.
    let without: Vec<Check> = ANSWER
        .iter()
        .copied()
        .filter(|c| c.name != "message-text")
        .collect();
    let gaps = unclaimed(ledger, &without, &expectations);
    let messages = ledger
        .facts
        .iter()
        .filter(|f| f.id.ends_with(".message"))
        .count();
    assert!(messages > 0);
    assert_eq!(gaps.len(), messages, "{gaps:?}");
    assert!(gaps.contains(&"cardStatusChange.code.003_022.message".to_string()));
    // A lifecycle rule the pages gained and no scenario names yet.
    let mut facts = ledger.facts.clone();
    let about = About::new(Kind::Lifecycle, "lifecycle.resume-once".into(), None);
    facts.push(Fact::new(
        "cardStatusChange",
        about,
        "\"A card is resumed once.\"".into(),
        Source::page("002_9f16350a76f46b18.txt"),
        "/paths".into(),
    ));
    assert_eq!(
        unclaimed(&Ledger::of(facts), ANSWER, &expectations),
        ["cardStatusChange.lifecycle.resume-once"]
    );
    // A rule only a scenario shows stands only because the scenario names it.
    let without_scenarios: Vec<(String, Expect)> = expectations
        .iter()
        .filter(|(name, _)| !name.starts_with("scenario::"))
        .cloned()
        .collect();
    let gaps = unclaimed(ledger, ANSWER, &without_scenarios);
    assert_eq!(gaps, ["cardStatusChange.lifecycle.suspend-then-resume"]);
}

#[test]
fn every_check_that_can_fail_a_case_names_facts_or_an_assumption() {
    let spec = spec();
    let expectations = expectations(&spec);
    assert_eq!(
        unfounded(spec.ledger(), ANSWER, &expectations),
        Vec::<String>::new()
    );
}

/// A throwaway check: every answer must carry a `traceId`. It claims no fact and names no
/// assumption.
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

#[test]
fn a_check_with_no_fact_is_caught() {
    let spec = spec();
    let ledger = spec.ledger();
    let expectations = expectations(&spec);
    let table: Vec<Check> = ANSWER.iter().copied().chain([TRACE_ID]).collect();
    assert_eq!(
        unfounded(ledger, &table, &expectations),
        ["check `trace-id` names no fact and no assumption"]
    );
    // Resting on an assumption instead is enough.
    let assumed = Check {
        basis: Basis::Assumed(Assumption::SpecInferred),
        ..TRACE_ID
    };
    let table: Vec<Check> = ANSWER.iter().copied().chain([assumed]).collect();
    assert!(unfounded(ledger, &table, &expectations).is_empty());
    // An expectation handed to the checks without facts or an assumption is caught too.
    let mut bare = expectations.clone();
    bare.push(("op::bare".into(), Expect::accepted("000_002")));
    assert_eq!(
        unfounded(ledger, ANSWER, &bare),
        ["op::bare: its expectation names no fact and no assumption"]
    );
    // So is a documented "not accepted" with no fact, though the code it expects is assumed.
    let mut refused = expectations.clone();
    let header = Expect::rejected(400, "000_001", vec![])
        .assuming(Some(Assumption::HeaderErrorAnswer))
        .not_accepted(Grounds::Documented);
    refused.push(("op::refused".into(), header));
    assert_eq!(
        unfounded(ledger, ANSWER, &refused),
        ["op::refused: documented not-accepted names no fact"]
    );
}
