//! The binary end to end: listing, exit codes, broken input, the safety guard, and certifying
//! one standalone mock twice.

use std::path::Path;
use std::process::{Command, Output};

use konaplate_conformance::mock::{MockConfig, MockServer};

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_konaplate-conformance"))
        .args(args)
        .env_remove("KONAPLATE_BASE_URL")
        .env_remove("KONAPLATE_TARGET")
        .env_remove("KONAPLATE_GENERATED")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// The result libtest printed for a trial (`ok`, `FAILED`, `ignored, <reason>`).
fn verdict(out: &str, name: &str) -> Option<String> {
    out.lines()
        .filter_map(|l| l.strip_prefix("test "))
        .find_map(|l| {
            let (n, v) = l.split_once(" ... ")?;
            (n.trim_end() == name).then(|| v.to_string())
        })
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The names of the committed documented cases and scenarios, counted from their files.
fn committed_names() -> Vec<String> {
    use konaplate_conformance::{case, profile, scenario, spec};
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    let scenarios = scenario::load_dir(Path::new("cases/scenarios"), &spec, &profile).unwrap();
    let mut names: Vec<String> = files
        .iter()
        .flat_map(|f| f.cases.iter().map(|c| c.name()))
        .chain(scenarios.iter().map(|s| s.name()))
        .collect();
    names.sort();
    names
}

#[test]
fn list_shows_every_case_and_scenario_and_nothing_else_on_stdout() {
    let o = bin(&["run", "--list", "--no-generated"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stdout = String::from_utf8(o.stdout).unwrap();
    let mut listed: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_string)
        .collect();
    listed.sort();
    let committed = committed_names();
    assert_eq!(listed, committed);
    assert!(
        listed.iter().any(|n| n.starts_with("scenario::")),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), committed.len(), "{stdout}");
    // Generated cases are on by default, beside the documented ones.
    let o = bin(&["run", "--list"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.lines().all(|l| l.ends_with(": test")), "{stdout}");
    let (generated, documented): (Vec<&str>, Vec<&str>) =
        stdout.lines().partition(|l| l.contains("::generated::"));
    assert_eq!(documented.len(), committed.len(), "{stdout}");
    assert!(!generated.is_empty(), "{stdout}");
}

#[test]
fn filters_select_cases() {
    let o = bin(&["run", "--exact", "cardStatusChange::success"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(text(&o).contains("1 passed; 0 failed"), "{}", text(&o));
}

#[test]
fn bad_flags_are_usage_errors() {
    let o = bin(&["run", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = bin(&["run", "--base-url", "not a url"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("invalid base URL"), "{}", text(&o));
    let o = bin(&["run", "--timeout-ms", "0"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_broken_case_file_is_one_failing_trial_and_the_rest_still_run() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["cardDeliveryInquiry.yaml", "cardStatusChange.yaml"] {
        std::fs::copy(Path::new("cases").join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("broken.yaml"),
        "operation: cardStatusChange\ncases:\n  - id: [\n",
    )
    .unwrap();
    let cases = dir.path().to_str().unwrap();
    let o = bin(&["run", "--no-generated", "--cases", cases]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(2), "{out}");
    assert!(out.contains("10 passed; 1 failed"), "{out}");
    assert_eq!(
        verdict(&out, "broken.yaml").as_deref(),
        Some("FAILED"),
        "{out}"
    );
    assert!(out.contains("broken.yaml:3:"), "{out}");
}

#[test]
fn a_broken_profile_or_spec_is_an_input_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("p.yaml");
    std::fs::write(&profile, "environment: staging\n").unwrap();
    let o = bin(&["run", "--target", profile.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("p.yaml:1:"), "{}", text(&o));
    let spec = dir.path().join("s.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: x, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let o = bin(&["run", "--spec", spec.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("s.yaml"), "{}", text(&o));
}

#[test]
fn state_changing_cases_are_refused_on_production_targets() {
    let dir = tempfile::tempdir().unwrap();
    let mock = std::fs::read_to_string("cases/targets/mock.yaml").unwrap();
    let prod = mock
        .replacen(
            "environment: mock\n",
            "environment: production\nbase-url: http://127.0.0.1:9\n",
            1,
        )
        .lines()
        .filter(|l| !l.contains("test-default"))
        .collect::<Vec<_>>()
        .join("\n");
    let profile = dir.path().join("prod.yaml");
    std::fs::write(&profile, prod).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_konaplate-conformance"))
        .args([
            "run",
            "--target",
            profile.to_str().unwrap(),
            "cardStatusChange::success",
        ])
        .env("KONAPLATE_ACCESS_KEY", "x".repeat(40))
        .env("KONAPLATE_SECRET_KEY", "s")
        .output()
        .unwrap();
    let out = text(&o);
    assert!(
        verdict(&out, "cardStatusChange::success")
            .unwrap()
            .starts_with("ignored (refused"),
        "{out}"
    );
    assert!(
        out.contains("--allow-state-changes-on-live-target"),
        "{out}"
    );
    assert!(out.contains("0 passed; 0 failed; 1 ignored"), "{out}");
}

#[test]
fn one_standalone_mock_certified_twice_with_a_reset_between() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(MockServer::start(
            MockConfig::default(),
            "127.0.0.1:0".parse().unwrap(),
        ))
        .unwrap();
    let url = server.base_url();
    let run = || bin(&["run", "--base-url", &url]);
    let first = run();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    // Without a reset, the cases that changed state now fail: the mock really is stateful.
    let again = run();
    assert_eq!(again.status.code(), Some(100));
    assert_eq!(
        verdict(&text(&again), "cardDeliveryCancel::success").as_deref(),
        Some("FAILED")
    );
    let reset = rt
        .block_on(
            reqwest::Client::new()
                .post(format!("{url}/__admin/reset"))
                .header("Content-Type", "application/json")
                .send(),
        )
        .unwrap();
    assert!(reset.status().is_success());
    let second = run();
    assert_eq!(second.status.code(), Some(0), "{}", text(&second));
    rt.block_on(server.shutdown());
}

#[test]
fn the_baseline_gate_fails_only_on_cases_that_got_worse() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt
        .block_on(MockServer::start(
            MockConfig::default(),
            "127.0.0.1:0".parse().unwrap(),
        ))
        .unwrap();
    let url = server.base_url();
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().to_str().unwrap();
    let first = bin(&["run", "--base-url", &url, "--report-dir", reports]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    let accepted = dir.path().join("accepted.json");
    std::fs::copy(dir.path().join("latest/report.json"), &accepted).unwrap();
    // No reset: the cancel and reissue successes now fail (SUSPEND is idempotent), and so do
    // the scenarios that cancel and reissue; all passed in the baseline.
    let worse = bin(&[
        "run",
        "--base-url",
        &url,
        "--report-dir",
        reports,
        "--baseline",
        accepted.to_str().unwrap(),
    ]);
    assert_eq!(worse.status.code(), Some(100), "{}", text(&worse));
    assert!(
        text(&worse).contains("baseline: 4 newly failing"),
        "{}",
        text(&worse)
    );
    let summary = std::fs::read_to_string(dir.path().join("latest/summary.md")).unwrap();
    for name in [
        "cardDeliveryCancel::success",
        "expiredCardReissue::success",
        "scenario::cancel-same-day",
        "scenario::reissue-once",
    ] {
        assert!(summary.contains(name), "{name}: {summary}");
    }
    // Accept the failing run: the same failures again do not fail the gate.
    std::fs::copy(dir.path().join("latest/report.json"), &accepted).unwrap();
    let same = bin(&[
        "run",
        "--base-url",
        &url,
        "--report-dir",
        reports,
        "--baseline",
        accepted.to_str().unwrap(),
    ]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    assert!(
        text(&same).contains("0 newly failing, 0 fixed, 4 still failing"),
        "{}",
        text(&same)
    );
    let bad = bin(&["run", "--baseline", "/nonexistent/report.json"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad).contains("/nonexistent/report.json"),
        "{}",
        text(&bad)
    );
    rt.block_on(server.shutdown());
}

#[test]
fn a_filter_that_selects_no_case_exits_4_and_claims_no_coverage() {
    let o = bin(&["run", "nosuchcase", "--no-report"]);
    assert_eq!(o.status.code(), Some(4), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no case matches the filter"), "{err}");
    assert!(err.contains("nothing was probed"), "{err}");
    // A filter that selects only documented cases: the generated ones probed nothing either.
    let o = bin(&["run", "cardStatusChange::success", "--exact", "--no-report"]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("nothing was probed"),
        "{}",
        text(&o)
    );
}

#[test]
fn max_failures_stops_starting_cases_and_reports_the_rest_as_not_run() {
    // A closed port: every case errors (connect), so the limit is reached at once.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "run",
        "--base-url",
        &base,
        "--no-generated",
        "--test-threads",
        "1",
        "--max-failures",
        "2",
        "--report-dir",
        dir.path().to_str().unwrap(),
    ];
    let o = bin(&args);
    assert_eq!(o.status.code(), Some(100), "{}", text(&o));
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("latest/report.json")).unwrap(),
    )
    .unwrap();
    let outcomes = report["outcomes"].as_array().unwrap();
    let errors = outcomes.iter().filter(|o| o["verdict"] == "error").count();
    let not_run = outcomes
        .iter()
        .filter(|o| {
            o["verdict"] == "skipped" && o["skip_reason"] == "not run: --max-failures 2 reached"
        })
        .count();
    assert_eq!(errors, 2, "{report:#}");
    assert_eq!(errors + not_run, outcomes.len(), "{report:#}");
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("ignored (not run: --max-failures 2 reached)"),
        "{}",
        text(&o)
    );
    let o = bin(&["run", "--max-failures", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
}
