//! Generated cases against the reference mock, through the library: every one passes against
//! the real mock, and a mock that forgets one field's validation fails exactly the generated
//! negative cases of that field (`MockConfig::skip_validation`, the certification-test hook).

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use konaplate_conformance::case::{self, Case};
use konaplate_conformance::generate::{self, Generated, Location};
use konaplate_conformance::mock::{MockConfig, MockServer};
use konaplate_conformance::outcome::Verdict;
use konaplate_conformance::{profile, spec};

fn generated() -> Generated {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    generate::generate(&spec, &files, &profile)
}

/// Runs `cases` in order against a fresh reference mock that skips the validation of `skip`,
/// and returns the names of the cases that did not pass, with why.
fn failing(cases: &[&Case], skip: &[&str]) -> BTreeSet<String> {
    // Strict: a mock is certified against every expectation, the inferred ones too (a field the
    // spec marks inferred, digits-only card numbers), which would otherwise only warn.
    let mut runner = support::runner("http://127.0.0.1:1", true, 5_000);
    let config = MockConfig {
        skip_validation: skip.iter().map(|s| s.to_string()).collect(),
        ..MockConfig::default()
    };
    let server = runner
        .rt
        .block_on(MockServer::start(config, "127.0.0.1:0".parse().unwrap()))
        .unwrap();
    runner.options.base_url = server.base_url();
    let mut out = BTreeSet::new();
    for c in cases {
        let outcome = runner.execute(c);
        match &outcome.verdict {
            Verdict::Pass => {}
            Verdict::Fail { .. } => {
                out.insert(outcome.name.clone());
            }
            other => panic!("{}: {other:?}", outcome.name),
        }
    }
    runner.rt.block_on(server.shutdown());
    out
}

fn of_operation<'a>(g: &'a Generated, op: &str) -> Vec<&'a Case> {
    g.cases.iter().filter(|c| c.operation == op).collect()
}

/// The generated cases of `field` that must be answered 000_002 (every mutation of the field
/// itself: missing, wrong type, lengths, range, enum, pattern).
fn negatives_of(g: &Generated, op: &str, field: &str) -> BTreeSet<String> {
    let prefix = format!("{op}::generated::{field}::");
    g.cases
        .iter()
        .filter(|c| c.name().starts_with(&prefix) && c.tags.iter().any(|t| t == "negative"))
        .map(Case::name)
        .collect()
}

fn names(op: &str, field: &str, mutations: &[&str]) -> BTreeSet<String> {
    mutations
        .iter()
        .map(|m| format!("{op}::generated::{field}::{m}"))
        .collect()
}

#[test]
fn every_generated_case_passes_against_the_reference_mock() {
    let g = generated();
    assert!(g.notes.is_empty(), "{:?}", g.notes);
    let all: Vec<&Case> = g.cases.iter().collect();
    assert_eq!(failing(&all, &[]), BTreeSet::new());
    // Every constraint of the spec is covered, headers included.
    let coverage = g.coverage(true);
    assert_eq!(coverage.covered, coverage.total, "{coverage:?}");
    assert_eq!(coverage.total, 193);
    // Per operation, body and header constraints (the table in docs/generated.md).
    let count = |op: &str, location: Location| {
        g.constraints
            .iter()
            .filter(|c| c.operation == op && c.location == location)
            .count()
    };
    for (op, body, header) in [
        ("cardDeliveryInquiry", 8, 23),
        ("preIssueWaitingPhysical", 18, 23),
        ("cardStatusChange", 17, 23),
        ("expiredCardReissue", 27, 23),
        ("cardDeliveryCancel", 8, 23),
    ] {
        assert_eq!(
            (count(op, Location::Body), count(op, Location::Header)),
            (body, header),
            "{op}"
        );
    }
    assert_eq!(g.cases.len(), 218);
}

#[test]
fn a_mock_that_forgets_the_cvc_fails_exactly_the_cvc_cases() {
    let g = generated();
    let op = "preIssueWaitingPhysical";
    let expected = names(
        op,
        "physicalCardCVC",
        &["missing", "too-long", "too-short", "wrong-type"],
    );
    assert_eq!(negatives_of(&g, op, "physicalCardCVC"), expected);
    let cases = of_operation(&g, op);
    assert_eq!(failing(&cases, &["physicalCardCVC"]), expected);
    // The field's own positive boundary still passes: the value is valid.
    assert!(
        cases
            .iter()
            .any(|c| c.name() == format!("{op}::generated::physicalCardCVC::at-length"))
    );
}

#[test]
fn a_mock_that_forgets_a_nested_field_fails_exactly_that_fields_cases() {
    let g = generated();
    let op = "expiredCardReissue";
    let expected = names(
        op,
        "cardInfo.oldCardNo",
        &[
            "missing",
            "pattern-mismatch",
            "too-long",
            "too-short",
            "wrong-type",
        ],
    );
    assert_eq!(negatives_of(&g, op, "cardInfo.oldCardNo"), expected);
    assert_eq!(
        failing(&of_operation(&g, op), &["cardInfo.oldCardNo"]),
        expected
    );
}

#[test]
fn a_mock_that_forgets_the_user_id_range_fails_exactly_the_user_id_cases() {
    let g = generated();
    let op = "cardDeliveryCancel";
    let expected = names(
        op,
        "userId",
        &["above-maximum", "below-minimum", "missing", "wrong-type"],
    );
    assert_eq!(negatives_of(&g, op, "userId"), expected);
    assert_eq!(failing(&of_operation(&g, op), &["userId"]), expected);
}

#[test]
fn a_mock_that_forgets_an_enum_fails_exactly_the_enum_fields_cases() {
    let g = generated();
    let op = "cardStatusChange";
    let expected = names(
        op,
        "status",
        &[
            "missing",
            "not-in-enum",
            "too-long",
            "too-short",
            "wrong-type",
        ],
    );
    assert_eq!(negatives_of(&g, op, "status"), expected);
    assert_eq!(failing(&of_operation(&g, op), &["status"]), expected);
}
