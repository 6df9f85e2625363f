//! Scenarios end to end: the file format and its schema, load errors with positions, captures
//! at run time, the safety guard and `stateful: false`, a bad file among good ones, and the
//! committed scenarios against a standalone mock twice, with `/__admin/reset` between.

use crate::support;

use std::path::Path;
use std::time::Duration;

use konaplate_conformance::outcome::{CheckKind, Verdict};
use konaplate_conformance::plan::{self, Safety, Scenarios, Task};
use konaplate_conformance::profile::{self, Environment, Profile};
use konaplate_conformance::scenario::{self, LoadedScenario};
use konaplate_conformance::spec::{self, Spec};
use serde_json::{Value, json};
use support::binary::StandaloneMock;
use support::fault::{read_report, run_binary, run_binary_in};

fn spec() -> Spec {
    spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap()
}

fn mock_profile() -> Profile {
    profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap()
}

fn committed() -> Vec<LoadedScenario> {
    scenario::load_dir(Path::new("cases/scenarios"), &spec(), &mock_profile()).unwrap()
}

fn load(text: &str) -> Result<scenario::Scenario, String> {
    scenario::load_str(Path::new("s.yaml"), text, &spec(), &mock_profile())
        .scenario
        .map_err(|e| e.to_string())
}

/// A two-step scenario: the pre-issue search captures `applyNo` at `pointer`, the delivery
/// inquiry sends `{{captured.<used>}}`.
fn search_then_inquire(pointer: &str, used: &str) -> String {
    format!(
        r#"id: probe
steps:
  - id: search
    operation: preIssueWaitingPhysical
    request:
      body:
        userId: "{{{{scenario.linking.member.userId}}}}"
        physicalCardNo: "{{{{scenario.linking.physical.cardNo}}}}"
        physicalCardExpDate: "{{{{scenario.linking.physical.expDate}}}}"
        physicalCardCVC: "{{{{scenario.linking.physical.cvc}}}}"
    expect: {{ status: 200, code: "000_000", assumes: linked-operations }}
    capture:
      applyNo: {pointer}
  - id: inquire
    operation: cardDeliveryInquiry
    request:
      body:
        userId: "{{{{scenario.linking.member.userId}}}}"
        cardApplyNo: "{{{{captured.{used}}}}}"
    expect: {{ status: 200, code: "000_000" }}
"#
    )
}

#[test]
fn the_committed_schema_has_not_drifted_and_every_scenario_file_validates() {
    let schema_text = std::fs::read_to_string("cases/scenarios/scenario-file.schema.json").unwrap();
    assert!(
        schema_text == konaplate_conformance::scenario_schema(),
        "cases/scenarios/scenario-file.schema.json is stale: run `cargo run -- schema scenario > cases/scenarios/scenario-file.schema.json`"
    );
    let schema: Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let loaded = committed_files();
    assert!(!loaded.is_empty());
    for path in &loaded {
        let doc: Value = serde_yaml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
    assert_eq!(committed().len(), loaded.len());
    let bad: Value = serde_yaml::from_str(
        "id: x\nsteps:\n  - id: a\n    operation: o\n    expect: {status: 200}\n    captur: {}\n",
    )
    .unwrap();
    assert!(!validator.is_valid(&bad));
}

fn committed_files() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir("cases/scenarios")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    v
}

#[test]
fn every_committed_scenario_loads_and_names_its_trial() {
    for loaded in committed() {
        let s = loaded.scenario.as_ref().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.name(), format!("scenario::{}", s.id));
        assert!(s.steps.len() >= 2, "{}: a lifecycle has steps", s.id);
    }
}

#[test]
fn load_errors_point_at_the_line_and_suggest_the_intended_word() {
    // A capture no earlier step makes: an input error at load, at its line and column.
    let e = load(&search_then_inquire(
        "/issuedCardList/0/cardApplyNo",
        "aplyNo",
    ))
    .unwrap_err();
    assert!(
        e.contains("`captured.aplyNo` is not captured by an earlier step"),
        "{e}"
    );
    assert!(e.contains("s.yaml:19:22"), "{e}");
    assert!(e.contains("did you mean `captured.applyNo`?"), "{e}");
    // A step cannot use its own capture.
    let own = search_then_inquire("/issuedCardList/0/cardApplyNo", "applyNo").replace(
        "physicalCardCVC: \"{{scenario.linking.physical.cvc}}\"",
        "physicalCardCVC: \"{{captured.applyNo}}\"",
    );
    let e = load(&own).unwrap_err();
    assert!(e.contains("no earlier step captures anything"), "{e}");
    let e = load(&search_then_inquire("issuedCardList", "applyNo")).unwrap_err();
    assert!(e.contains("is not a JSON pointer"), "{e}");
    assert!(e.contains("write `/issuedCardList`"), "{e}");
    let typo = search_then_inquire("/x", "applyNo").replace("    capture:", "    captur:");
    let e = load(&typo).unwrap_err();
    assert!(e.contains("did you mean `capture`?"), "{e}");
    let op =
        search_then_inquire("/x", "applyNo").replace("cardDeliveryInquiry", "cardDeliveryInquiri");
    let e = load(&op).unwrap_err();
    assert!(e.contains("did you mean `cardDeliveryInquiry`?"), "{e}");
    let code = search_then_inquire("/x", "applyNo").replace(
        "code: \"000_000\", assumes: linked-operations }\n    capture:",
        "code: \"003_004\", assumes: linked-operations }\n    capture:",
    );
    let e = load(&code).unwrap_err();
    assert!(e.contains("does not document result code `003_004`"), "{e}");
    let dup = search_then_inquire("/x", "applyNo").replace("id: inquire", "id: search");
    assert!(
        load(&dup)
            .unwrap_err()
            .contains("duplicate step id `search`")
    );
    assert!(load(&search_then_inquire("/x", "applyNo")).is_ok());
    // A scenario whose steps name no lifecycle rule and no assumption exercises nothing the
    // pages state about a sequence: refused at `steps`.
    let unfounded =
        search_then_inquire("/x", "applyNo").replace(", assumes: linked-operations", "");
    let e = load(&unfounded).unwrap_err();
    assert!(
        e.contains("no step names the lifecycle rule the scenario exercises, nor an assumption"),
        "{e}"
    );
    assert!(e.contains("s.yaml:3:3"), "{e}");
    // Naming the rule in a step's `verifies:` is enough; an unknown fact id is refused.
    let verifies = |id: &str| {
        unfounded.replacen(
            "expect: { status: 200, code: \"000_000\" }",
            &format!("expect: {{ status: 200, code: \"000_000\", verifies: [{id}] }}"),
            1,
        )
    };
    assert!(load(&verifies("cardStatusChange.lifecycle.suspend-then-resume")).is_ok());
    let e = load(&verifies("cardStatusChange.lifecycle.suspend-then-resum")).unwrap_err();
    assert!(
        e.contains("no documented fact `cardStatusChange.lifecycle.suspend-then-resum`"),
        "{e}"
    );
    assert!(
        e.contains("did you mean `cardStatusChange.lifecycle.suspend-then-resume`?"),
        "{e}"
    );
}

#[test]
fn captured_values_reach_later_steps_and_a_capture_that_finds_nothing_fails_its_step() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(konaplate_conformance::mock::MockServer::start(
            Default::default(),
            "127.0.0.1:0".parse().unwrap(),
        ))
        .unwrap();
    let runner = support::runner(&server.base_url(), false, 5_000);
    // The application number found by the search is what the inquiry sends.
    let good = load(&search_then_inquire(
        "/issuedCardList/0/cardApplyNo",
        "applyNo",
    ))
    .unwrap();
    let o = runner.execute_scenario(&good);
    assert_eq!(o.verdict, Verdict::Pass, "{o:#?}");
    let sent: Value =
        serde_json::from_str(&o.steps[1].exchange.as_ref().unwrap().request.body).unwrap();
    let found = o.steps[0]
        .exchange
        .as_ref()
        .unwrap()
        .response
        .as_ref()
        .unwrap();
    let found: Value = serde_json::from_str(&found.body).unwrap();
    assert_eq!(
        sent["cardApplyNo"],
        found["issuedCardList"][0]["cardApplyNo"]
    );
    // Another field captured instead (a mobile card number): the inquiry gets it and fails.
    let wrong = load(&search_then_inquire(
        "/issuedCardList/0/digital/cardNo",
        "applyNo",
    ))
    .unwrap();
    let o = runner.execute_scenario(&wrong);
    assert_eq!(o.failing_step().map(|(i, _)| i), Some(1), "{o:#?}");
    // Nothing at the pointer: the step fails with the capture check, the rest is skipped.
    let missing = load(&search_then_inquire("/issuedCardList/0/applyNo", "applyNo")).unwrap();
    let o = runner.execute_scenario(&missing);
    let Verdict::Fail { failures } = &o.verdict else {
        panic!("{o:#?}")
    };
    assert_eq!(failures[0].check, CheckKind::Capture);
    assert_eq!(failures[0].path, "/issuedCardList/0/applyNo");
    assert!(failures[0].expected.contains("captured.applyNo"));
    assert!(
        matches!(&o.steps[1].verdict, Verdict::Skipped { reason } if reason.contains("step 1 `search`"))
    );
    assert!(o.steps[1].exchange.is_none());
    rt.block_on(server.shutdown());
}

#[test]
fn state_changing_scenarios_obey_the_safety_guard() {
    let spec = spec();
    let loaded = committed();
    let plan = |environment, stateless: Option<String>| {
        let safety = Safety {
            environment,
            explicit_profile: true,
            loopback: false,
            override_given: false,
        };
        let scenarios = Scenarios {
            loaded: &loaded,
            stateless,
        };
        plan::build_all(&spec, Vec::new(), &[], &scenarios, safety)
    };
    let changes_state = |p: &plan::Planned| match &p.task {
        Task::Scenario(s) => s
            .steps
            .iter()
            .any(|st| spec.operation(&st.operation).unwrap().state_changing),
        _ => panic!("{p:?}"),
    };
    for p in plan(Environment::Production, None) {
        assert_eq!(p.refused.is_some(), changes_state(&p), "{}", p.name);
    }
    assert!(
        plan(Environment::Production, None)
            .iter()
            .any(|p| p.refused.is_none())
    );
    assert!(
        plan(Environment::Sandbox, None)
            .iter()
            .all(|p| p.refused.is_none())
    );
    let stateless = plan(Environment::Sandbox, Some("stateless".into()));
    assert!(
        stateless
            .iter()
            .all(|p| p.refused.as_deref() == Some("stateless"))
    );
}

#[test]
fn a_stateless_target_reports_the_scenarios_ignored_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(profile::DEFAULT_TARGET_PATH)).unwrap();
    let target = dir.path().join("stateless.yaml");
    assert!(text.contains("\nstateful: true\n"));
    std::fs::write(
        &target,
        text.replace("\nstateful: true\n", "\nstateful: false\n"),
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let run = run_binary(
        &[
            "run",
            "--target",
            target.to_str().unwrap(),
            "--report-dir",
            reports.to_str().unwrap(),
            "scenario::",
        ],
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(0), "{}", run.text());
    let count = committed().len();
    assert!(
        run.stdout
            .contains(&format!("0 passed; 0 failed; {count} ignored")),
        "{}",
        run.text()
    );
    assert!(run.stdout.contains("stateful: false"), "{}", run.text());
    let report = read_report(&reports);
    for o in report["outcomes"].as_array().unwrap() {
        assert_eq!(o["verdict"], "skipped", "{o:#}");
        assert!(
            o["skip_reason"]
                .as_str()
                .unwrap()
                .contains("keeps no state"),
            "{o:#}"
        );
    }
}

#[test]
fn a_bad_scenario_file_is_one_failing_trial_and_the_rest_still_runs() {
    let dir = tempfile::tempdir().unwrap();
    let cases = dir.path().join("cases");
    copy_dir(Path::new("cases"), &cases);
    std::fs::write(
        cases.join("scenarios/broken.yaml"),
        "id: broken\nsteps:\n  - id: one\n    operation: cardStatusChang\n    expect: {status: 200}\n",
    )
    .unwrap();
    let reports = dir.path().join("reports");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = run_binary_in(
        &[
            "run",
            "--spec",
            root.join(spec::DEFAULT_SPEC_PATH).to_str().unwrap(),
            "--cases",
            cases.to_str().unwrap(),
            "--report-dir",
            reports.to_str().unwrap(),
            "scenario::",
        ],
        Duration::from_secs(60),
        Some(root),
    );
    assert_eq!(run.code(), Some(2), "{}", run.text());
    let good = committed().len();
    assert!(
        run.stdout.contains(&format!("{good} passed; 1 failed")),
        "{}",
        run.text()
    );
    assert!(
        run.stdout.contains("---- scenario::broken.yaml ----"),
        "{}",
        run.text()
    );
    assert!(run.stdout.contains("broken.yaml:4:16"), "{}", run.text());
    assert!(
        run.stdout.contains("did you mean `cardStatusChange`?"),
        "{}",
        run.text()
    );
    let report = read_report(&reports);
    assert_eq!(report["totals"]["cases"], good + 1);
    // `lint` reports it too, and is clean on the committed files.
    let spec_path = root.join(spec::DEFAULT_SPEC_PATH);
    let lint = |cases: &Path| {
        let args = [
            "lint",
            "--spec",
            spec_path.to_str().unwrap(),
            "--cases",
            cases.to_str().unwrap(),
        ];
        run_binary_in(&args, Duration::from_secs(60), Some(root))
    };
    let bad = lint(&cases);
    assert_eq!(bad.code(), Some(2), "{}", bad.text());
    assert!(bad.stderr.contains("broken.yaml:4:16"), "{}", bad.text());
    let good_lint = lint(&root.join("cases"));
    assert_eq!(good_lint.code(), Some(0), "{}", good_lint.text());
    let loaded = format!("{good} scenarios load");
    assert!(good_lint.stderr.contains(&loaded), "{}", good_lint.text());
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let p = entry.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn the_scenarios_pass_against_a_standalone_mock_twice_with_a_reset_between() {
    let mock = StandaloneMock::start(&[]);
    let run = || {
        run_binary(
            &["run", "--base-url", &mock.url, "--no-report", "scenario::"],
            Duration::from_secs(60),
        )
    };
    let count = committed().len();
    let passed = format!("{count} passed; 0 failed");
    let first = run();
    assert_eq!(first.code(), Some(0), "{}", first.text());
    assert!(first.stdout.contains(&passed), "{}", first.text());
    // Without a reset the fixtures are used up: the reissue and the cancel are refused at
    // their first step (the mock keeps state, and the scenarios see it).
    let again = run();
    assert_eq!(again.code(), Some(100), "{}", again.text());
    for name in ["scenario::reissue-once", "scenario::cancel-same-day"] {
        let section = again
            .stdout
            .split(&format!("---- {name} ----"))
            .nth(1)
            .unwrap_or("");
        assert!(section.contains("step 1 of"), "{name}: {}", again.text());
    }
    mock.reset();
    let second = run();
    assert_eq!(second.code(), Some(0), "{}", second.text());
    assert!(second.stdout.contains(&passed), "{}", second.text());
}

#[test]
fn a_step_request_resolves_captures_keeping_their_type() {
    let s = load(&search_then_inquire(
        "/issuedCardList/0/cardApplyNo",
        "applyNo",
    ))
    .unwrap();
    let mut captured = scenario::Captured::new();
    captured.insert("applyNo".into(), json!("CA20000000000000000009"));
    let request = s.steps[1].request_for(&captured).unwrap();
    let konaplate_conformance::case::Body::Json(body) = request.body else {
        panic!()
    };
    assert_eq!(body["cardApplyNo"], "CA20000000000000000009");
    assert_eq!(body["userId"], json!(50000104662u64));
    assert!(s.steps[1].request_for(&scenario::Captured::new()).is_err());
}

#[test]
fn an_expected_body_may_name_a_capture_too() {
    let text = search_then_inquire("/issuedCardList/0/cardApplyNo", "applyNo").replace(
        "cardApplyNo: \"{{captured.applyNo}}\"\n    expect: { status: 200, code: \"000_000\" }",
        "cardApplyNo: \"{{captured.applyNo}}\"\n    expect: { status: 200, code: \"000_000\", body: { echo: \"{{captured.applyNo}}\", n: \"<len:3>\" } }",
    );
    let s = load(&text).unwrap();
    let mut captured = scenario::Captured::new();
    captured.insert("applyNo".into(), json!("CA20000000000000000009"));
    let expect = s.steps[1].expect_for(&captured).unwrap();
    let pattern = expect.body.unwrap();
    assert_eq!(
        pattern.source(),
        &json!({"echo": "CA20000000000000000009", "n": "<len:3>"})
    );
    assert!(
        pattern
            .mismatches(&json!({"echo": "CA20000000000000000009", "n": "abc"}))
            .is_empty()
    );
    assert_eq!(
        pattern
            .mismatches(&json!({"echo": "other", "n": "abc"}))
            .len(),
        1
    );
}
