//! `probe`: the fragment it prints is right for the reference mock, for a gateway with other
//! conventions (`message` instead of `description`, no correlation echo, every header failure
//! a 401), and says what it could not settle when the target answers nothing useful. It
//! never sends a state-changing operation: the gateway's record of paths shows it.

mod support;

use std::path::Path;
use std::time::Duration;

use konaplate_conformance::spec;
use serde_json::{Value, json};
use support::fault::{BinRun, run_binary};
use support::gateway::{Gateway, Policy, runtime};

fn probe(extra: &[&str]) -> (BinRun, Value) {
    let mut args = vec!["probe"];
    args.extend_from_slice(extra);
    let ran = run_binary(&args, Duration::from_secs(60));
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    let fragment: Value = serde_yaml::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("not YAML: {e}\n{}", ran.stdout));
    (ran, fragment)
}

/// The live keys a fragment should hold.
fn expected(
    message_field: &str,
    echoes: bool,
    malformed: (u16, &str),
    unauthorized: (u16, &str),
) -> Value {
    json!({
        "message-field": message_field,
        "echoes-correlation-id": echoes,
        "header-errors": {
            "malformed": { "status": malformed.0, "code": malformed.1 },
            "unauthorized": { "status": unauthorized.0, "code": unauthorized.1 }
        }
    })
}

fn state_changing_paths() -> Vec<String> {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    spec.operations
        .iter()
        .filter(|op| op.state_changing)
        .map(|op| op.path.clone())
        .collect()
}

#[test]
fn the_fragment_is_right_for_the_reference_mock() {
    let (ran, fragment) = probe(&["--encryption", "on"]);
    assert_eq!(
        fragment,
        expected("description", true, (400, "000_002"), (401, "000_001")),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains(
            "preIssueWaitingPhysical: answered encrypted (HTTP 200, a JWE), as the spec says"
        ),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("Every convention above is settled."));
}

#[test]
fn the_fragment_is_right_for_a_target_with_other_conventions_and_no_state_change_is_sent() {
    let rt = runtime();
    let gateway = rt.block_on(Gateway::start(Policy::Vendor));
    let (ran, fragment) = probe(&["--base-url", &gateway.base_url]);
    assert_eq!(
        fragment,
        expected("message", false, (401, "000_001"), (401, "000_001")),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains(
            "preIssueWaitingPhysical: answered plain (HTTP 200, plain JSON), NOT as the spec says"
        ),
        "{}",
        ran.stdout
    );
    let arrivals = gateway.arrivals();
    assert!(!arrivals.is_empty());
    let forbidden = state_changing_paths();
    assert!(!forbidden.is_empty());
    for a in &arrivals {
        assert!(
            !forbidden.iter().any(|p| a.path.ends_with(p.as_str())),
            "a state-changing request went out: {}",
            a.path
        );
    }
    let claimed = format!("({} requests built from", arrivals.len());
    assert!(ran.stdout.contains(&claimed), "{claimed}\n{}", ran.stdout);
}

#[test]
fn a_target_that_answers_nothing_useful_leaves_every_convention_unsettled() {
    let rt = runtime();
    let gateway = rt.block_on(Gateway::start(Policy::FailFirst {
        status: 503,
        count: usize::MAX,
        retry_after: None,
    }));
    let (ran, fragment) = probe(&["--base-url", &gateway.base_url]);
    // Nothing live: every key is a comment.
    assert!(fragment.is_null(), "{}", ran.stdout);
    for key in [
        "message-field:",
        "echoes-correlation-id:",
        "header-errors.malformed:",
        "header-errors.unauthorized:",
        "whether preIssueWaitingPhysical answers encrypted:",
    ] {
        assert!(
            ran.stdout.contains(&format!("#   - {key}")),
            "{key} not listed as unsettled\n{}",
            ran.stdout
        );
    }
}
