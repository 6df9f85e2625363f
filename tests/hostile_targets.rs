//! Hostile and broken targets: a closed port, malformed URLs, a TLS server with a self-signed
//! certificate, a server that never answers, servers that do not speak HTTP, and the global
//! deadline. Each gives a clear error per case (or a clear usage error), never a hang, and the
//! reports are still written.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::fault::{BinRun, HostileServer, closed_port, read_report, run_binary};

/// A run of every case against `url`, reports into a temp dir: the run and its report.
fn run_against(url: &str, extra: &[&str], limit: Duration) -> (BinRun, Option<Value>) {
    let reports = tempfile::tempdir().unwrap();
    let dir = reports.path().to_str().unwrap();
    let mut args = vec!["run", "--base-url", url, "--report-dir", dir];
    args.extend_from_slice(extra);
    let run = run_binary(&args, limit);
    let report = reports
        .path()
        .join("latest/report.json")
        .exists()
        .then(|| read_report(reports.path()));
    (run, report)
}

/// Every outcome's `(name, error kind, error message)`; panics on a case that did not error.
fn errors(report: &Value) -> Vec<(String, String, String)> {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            assert_eq!(o["verdict"], "error", "{o:#}");
            (
                o["name"].as_str().unwrap().to_string(),
                o["error"]["kind"].as_str().unwrap().to_string(),
                o["error"]["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The run ended by itself, with 100, no panic, and a report of every case and scenario (at
/// its first step) as errors.
fn assert_all_errored(run: &BinRun, report: Option<&Value>) -> Vec<(String, String, String)> {
    let trials = support::suite().trials();
    assert!(run.status.is_some(), "killed: it hung\n{}", run.text());
    assert_eq!(run.code(), Some(100), "{}", run.text());
    assert!(!run.panicked(), "{}", run.text());
    let line = format!("0 passed; {trials} failed");
    assert!(run.stdout.contains(&line), "{}", run.text());
    let report = report.unwrap_or_else(|| panic!("no report written\n{}", run.text()));
    assert_eq!(report["totals"]["errors"], trials, "{:#}", report["totals"]);
    errors(report)
}

#[test]
fn an_unreachable_base_url_is_a_connect_error_per_case() {
    let port = closed_port();
    let url = format!("http://127.0.0.1:{port}");
    let (run, report) = run_against(&url, &[], Duration::from_secs(60));
    let errors = assert_all_errored(&run, report.as_ref());
    for (name, kind, message) in &errors {
        assert_eq!(kind, "connect", "{name}: {message}");
        assert!(message.contains(&url), "{name}: {message}");
        assert!(message.contains("Connection refused"), "{name}: {message}");
    }
    assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
    // The console says it per case, too.
    assert!(run.stdout.contains("error (connect): "), "{}", run.text());
}

#[test]
fn malformed_base_urls_are_usage_errors_before_anything_runs() {
    for url in [
        "not a url",
        "127.0.0.1:8080",
        "localhost:8080/api",
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
        "http://",
        "http://[::1",
        "http://127.0.0.1:99999",
        "https://exa mple.test",
        "",
    ] {
        let reports = tempfile::tempdir().unwrap();
        let run = run_binary(
            &[
                "run",
                "--base-url",
                url,
                "--report-dir",
                reports.path().to_str().unwrap(),
            ],
            Duration::from_secs(30),
        );
        assert_eq!(run.code(), Some(2), "{url:?}\n{}", run.text());
        assert!(!run.panicked(), "{url:?}\n{}", run.text());
        assert!(run.stderr.contains("--base-url"), "{url:?}\n{}", run.text());
        assert!(
            run.stderr.contains("base URL"),
            "{url:?}: the message should say what is wrong\n{}",
            run.text()
        );
        assert!(
            !reports.path().join("latest").exists(),
            "{url:?}: a usage error runs nothing and writes no report"
        );
    }
}

#[test]
fn a_tls_server_with_a_self_signed_certificate_is_refused_per_case() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(HostileServer::tls_self_signed());
    for url in [
        server.https_url(),
        format!("https://localhost:{}", server.addr.port()),
    ] {
        let (run, report) = run_against(&url, &[], Duration::from_secs(60));
        let errors = assert_all_errored(&run, report.as_ref());
        for (name, kind, message) in &errors {
            assert_eq!(kind, "connect", "{name}: {message}");
            assert!(message.contains("certificate"), "{name}: {message}");
        }
        assert!(run.elapsed < Duration::from_secs(30), "{:?}", run.elapsed);
    }
    assert!(server.accepted.load(std::sync::atomic::Ordering::SeqCst) > 0);
}

#[test]
fn a_server_that_accepts_and_never_answers_times_out_per_case() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(HostileServer::silent());
    let (run, report) = run_against(
        &server.http_url(),
        &["--timeout-ms", "300", "--test-threads", "16"],
        Duration::from_secs(60),
    );
    let errors = assert_all_errored(&run, report.as_ref());
    for (name, kind, message) in &errors {
        assert_eq!(kind, "timeout", "{name}: {message}");
        assert!(message.contains("timed out"), "{name}: {message}");
    }
    // Every case and scenario, 16 at a time, 0.3 s each: well under the limit.
    assert!(run.elapsed < Duration::from_secs(20), "{:?}", run.elapsed);
}

#[test]
fn the_deadline_bounds_the_run_even_while_requests_are_in_flight() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(HostileServer::silent());
    // A minute per request, but one second for the whole run. Two cases are in flight when
    // the deadline passes; they must not wait out their minute.
    let (run, report) = run_against(
        &server.http_url(),
        &[
            "--timeout-ms",
            "60000",
            "--deadline-secs",
            "1",
            "--test-threads",
            "2",
        ],
        Duration::from_secs(45),
    );
    let errors = assert_all_errored(&run, report.as_ref());
    assert!(
        run.elapsed < Duration::from_secs(15),
        "the deadline of 1 s did not bound the run: {:?}",
        run.elapsed
    );
    for (name, kind, message) in &errors {
        assert_eq!(kind, "deadline", "{name}: {message}");
        assert!(message.contains("deadline"), "{name}: {message}");
    }
    // The cases that were sent say so; the others were never sent.
    let in_flight = errors
        .iter()
        .filter(|(_, _, m)| m.contains("waiting for the answer"))
        .count();
    assert!((1..=2).contains(&in_flight), "{errors:#?}");
    assert!(server.accepted.load(std::sync::atomic::Ordering::SeqCst) >= 1);
}

#[test]
fn servers_that_do_not_speak_http_are_transport_errors_per_case() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    for (what, bytes) in [
        ("an SSH banner", &b"SSH-2.0-OpenSSH_9.6\r\n"[..]),
        ("a close without a byte", &b""[..]),
        ("a garbled status line", &b"HTTP/1.1 abc\r\n\r\n"[..]),
    ] {
        let server = rt.block_on(HostileServer::writes_then_closes(bytes));
        let (run, report) = run_against(
            &server.http_url(),
            &["--timeout-ms", "5000"],
            Duration::from_secs(60),
        );
        let errors = assert_all_errored(&run, report.as_ref());
        for (name, kind, message) in &errors {
            assert_eq!(kind, "transport", "{what}: {name}: {message}");
        }
        assert!(
            run.elapsed < Duration::from_secs(30),
            "{what}: {:?}",
            run.elapsed
        );
    }
}
