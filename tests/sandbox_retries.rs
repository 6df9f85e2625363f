//! Retries and the run's rate against a gateway that misbehaves on purpose (tests/support/
//! gateway.rs): a 503 once then the mock's answer, a 429 with `Retry-After`, a gateway that
//! counts requests per window. Every run is the binary's, against servers on 127.0.0.1, and
//! every claim is read from the server's own record of arrivals.

mod support;

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use support::fault::{BinRun, outcome, read_report, run_binary};
use support::gateway::{Gateway, Policy, busiest_window, runtime};

const INQUIRY: &str = "cardDeliveryInquiry::success";
const STATUS_CHANGE: &str = "cardStatusChange::success";

/// Runs the binary against `gateway` with `extra` flags; the report directory stays with it.
fn run(gateway: &Gateway, extra: &[&str]) -> (BinRun, tempfile::TempDir) {
    let reports = tempfile::tempdir().unwrap();
    let mut args = vec![
        "run",
        "--base-url",
        &gateway.base_url,
        "--report-dir",
        reports.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    (run_binary(&args, Duration::from_secs(120)), reports)
}

fn verdict<'a>(report: &'a Value, name: &str) -> &'a str {
    outcome(report, name).unwrap()["verdict"].as_str().unwrap()
}

/// A 503 with a plain-text body is a `fail` or a `not-json` `error`, never a pass.
fn failing(verdict: &str) -> bool {
    matches!(verdict, "fail" | "error")
}

fn summary(reports: &Path) -> String {
    std::fs::read_to_string(reports.join("latest/summary.md")).unwrap()
}

#[test]
fn a_503_once_then_a_pass_is_flaky_in_every_report_and_fails_only_on_request() {
    let rt = runtime();
    let once = Policy::FailFirst {
        status: 503,
        count: 1,
        retry_after: None,
    };
    // Without retries the 503 is the answer: the case fails.
    let gateway = rt.block_on(Gateway::start(once.clone()));
    let (ran, reports) = run(&gateway, &[INQUIRY, "--exact"]);
    assert_eq!(ran.code(), Some(100), "{}", ran.text());
    assert!(failing(verdict(&read_report(reports.path()), INQUIRY)));
    assert!(
        summary(reports.path())
            .contains(&format!("Replay: `konaplate-conformance replay {INQUIRY}"))
    );

    let gateway = rt.block_on(Gateway::start(once.clone()));
    let (ran, reports) = run(&gateway, &[INQUIRY, "--exact", "--retries", "2"]);
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    let arrivals = gateway.arrivals();
    assert_eq!(arrivals.len(), 2, "{arrivals:?}");
    // Fresh headers on the second attempt.
    assert_ne!(arrivals[0].correlation_id, arrivals[1].correlation_id);
    assert_ne!(arrivals[0].tran_token, arrivals[1].tran_token);
    let report = read_report(reports.path());
    assert_eq!(verdict(&report, INQUIRY), "flaky");
    let retries = &outcome(&report, INQUIRY).unwrap()["retries"];
    assert_eq!(retries[0]["answer"], "HTTP 503", "{retries}");
    assert_eq!(report["totals"]["flaky"], 1);
    let summary = summary(reports.path());
    assert!(
        summary.contains("## Flaky") && summary.contains("1 flaky"),
        "{summary}"
    );
    let junit = std::fs::read_to_string(reports.path().join("latest/junit.xml")).unwrap();
    assert!(junit.contains(r#"name="verdict" value="flaky""#), "{junit}");
    assert!(ran.stderr.contains("flaky: 1 case(s)"), "{}", ran.text());

    let gateway = rt.block_on(Gateway::start(once));
    let (ran, _reports) = run(
        &gateway,
        &[INQUIRY, "--exact", "--retries", "2", "--fail-on-flaky"],
    );
    assert_eq!(ran.code(), Some(100), "{}", ran.text());
    assert!(
        ran.stdout.contains("flaky: passed after 1 retry (HTTP 503"),
        "{}",
        ran.text()
    );
}

#[test]
fn a_429_is_sent_again_only_after_its_retry_after() {
    let rt = runtime();
    let gateway = rt.block_on(Gateway::start(Policy::FailFirst {
        status: 429,
        count: 1,
        retry_after: Some("1"),
    }));
    let (ran, reports) = run(&gateway, &[INQUIRY, "--exact", "--retries", "1"]);
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    let arrivals = gateway.arrivals();
    assert_eq!(arrivals.len(), 2, "{arrivals:?}");
    // The backoff alone would have waited about 250 ms.
    let gap = arrivals[1].at - arrivals[0].at;
    assert!(gap >= Duration::from_secs(1), "sent again after {gap:?}");
    let report = read_report(reports.path());
    assert_eq!(verdict(&report, INQUIRY), "flaky");
    assert_eq!(
        outcome(&report, INQUIRY).unwrap()["retries"][0]["waited_ms"],
        1000
    );
}

#[test]
fn a_state_changing_case_is_not_sent_again_after_an_answer() {
    let rt = runtime();
    let gateway = rt.block_on(Gateway::start(Policy::FailFirst {
        status: 503,
        count: 1,
        retry_after: None,
    }));
    let (ran, reports) = run(&gateway, &[STATUS_CHANGE, "--exact", "--retries", "3"]);
    assert_eq!(ran.code(), Some(100), "{}", ran.text());
    assert_eq!(gateway.arrivals().len(), 1);
    assert!(failing(verdict(
        &read_report(reports.path()),
        STATUS_CHANGE
    )));
}

#[test]
fn the_rate_holds_across_threads_as_the_server_counts_it() {
    let rt = runtime();
    let limit = Policy::Limit {
        per_window: 20,
        window: Duration::from_secs(1),
    };
    let flags = ["--no-generated", "--test-threads", "4"];
    // Negative control: without a rate, the gateway's limit is hit and cases fail.
    let gateway = rt.block_on(Gateway::start(limit.clone()));
    let (ran, _reports) = run(&gateway, &flags);
    let arrivals = gateway.arrivals();
    assert_eq!(ran.code(), Some(100), "{}", ran.text());
    assert!(arrivals.iter().any(|a| a.refused_with == Some(429)));
    assert!(busiest_window(&arrivals, Duration::from_secs(1)) > 20);

    let rate = 12;
    let gateway = rt.block_on(Gateway::start(limit));
    let rate_flag = rate.to_string();
    let mut flags = flags.to_vec();
    flags.extend(["--rate", &rate_flag]);
    let (ran, reports) = run(&gateway, &flags);
    let arrivals = gateway.arrivals();
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    assert!(arrivals.iter().all(|a| a.refused_with.is_none()));
    // Every exchange of the run, a scenario's steps included.
    let sent = read_report(reports.path())["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| {
            let steps = o["steps"].as_array().cloned().unwrap_or_default();
            if steps.is_empty() {
                vec![o.clone()]
            } else {
                steps
            }
        })
        .filter(|o| !o["exchange"].is_null())
        .count();
    assert_eq!(arrivals.len(), sent);
    assert!(sent > 2 * rate, "too few requests to span windows: {sent}");
    // GCRA releases requests 1/R apart. On a loaded machine a request released late can
    // arrive next to its successor, so a window may hold one or two more: not more.
    let busiest = busiest_window(&arrivals, Duration::from_secs(1));
    assert!(
        busiest <= rate + 2,
        "{busiest} requests in one second at --rate {rate}"
    );
    // Over the whole run, the rate is held outright.
    let first = arrivals.iter().map(|a| a.at).min().unwrap();
    let last = arrivals.iter().map(|a| a.at).max().unwrap();
    let mean = (arrivals.len() - 1) as f64 / (last - first).as_secs_f64();
    assert!(
        mean <= rate as f64 * 1.05,
        "{mean:.2} requests per second at --rate {rate}"
    );
}

#[test]
fn a_scenario_whose_step_passed_after_a_retry_goes_on_and_is_flaky() {
    let rt = runtime();
    let gateway = rt.block_on(Gateway::start(Policy::FailFirst {
        status: 503,
        count: 1,
        retry_after: None,
    }));
    let name = "scenario::pre-issue-then-inquiry";
    let (ran, reports) = run(&gateway, &[name, "--exact", "--retries", "1"]);
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    // Both steps went out: the retried one twice.
    assert_eq!(gateway.arrivals().len(), 3);
    let report = read_report(reports.path());
    assert_eq!(verdict(&report, name), "flaky");
    let steps = outcome(&report, name).unwrap()["steps"].as_array().unwrap();
    let verdicts: Vec<&str> = steps
        .iter()
        .map(|s| s["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["flaky", "pass"]);
}
