//! A proxy session as a run, end to end: `proxy --mock -- <client command>` with a scripted
//! client (the binary's own `run` over a few case files: every request it sends is correctly
//! signed, and only what the files say differs). A conforming client gets exit 0 and a coverage
//! matrix of exactly what it met; one documented defect gets exit 100 and one grouped finding;
//! the client suite's own failure comes through; an inferred finding warns unless
//! `--fail-on any`; the report files pass the same leak search as `run`'s.

use crate::support;

use std::path::Path;
use std::process::Output;

use konaplate_conformance::mock::{TEST_ACCESS_KEY, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY};
use serde_json::Value;
use support::leak;

/// A case file of `operation` with the cases given as YAML.
fn case_file(dir: &Path, operation: &str, cases: &str) {
    let text = format!("operation: {operation}\ncases:\n{cases}");
    std::fs::write(dir.join(format!("{operation}.yaml")), text).unwrap();
}

/// A suspension of the member's card, with `status` and, optionally, a forced answer.
fn status_change(id: &str, status: &str, prefer: Option<&str>, expect: &str) -> String {
    let headers = prefer.map_or(String::new(), |code| {
        format!("      headers:\n        Prefer: \"code={code}\"\n")
    });
    let http = if expect == "000_000" { 200 } else { 400 };
    format!(
        "  - id: {id}\n    request:\n{headers}      body:\n        userId: \"{{{{member.active.userId}}}}\"\n        cardNo: \"{{{{card.statusChange.cardNo}}}}\"\n        status: {status}\n    expect:\n      status: {http}\n      code: \"{expect}\"\n"
    )
}

/// `proxy --mock --listen 127.0.0.1:0 --report-dir <reports> ARGS -- run --cases <cases>`;
/// the output and report.json.
fn session(cases: &Path, reports: &Path, args: &[&str]) -> (Output, Value) {
    session_of(cases, reports, args, &[])
}

/// [`session`] with `client` flags added to the client's `run`.
fn session_of(cases: &Path, reports: &Path, args: &[&str], client: &[&str]) -> (Output, Value) {
    let (mut proxy, _unused) = support::binary::command();
    let out = proxy
        .args(["proxy", "--mock", "--listen", "127.0.0.1:0", "--report-dir"])
        .arg(reports)
        .args(args)
        .args([
            "--",
            support::binary::EXE,
            "run",
            "--no-generated",
            "--no-report",
        ])
        .args(client)
        .arg("--cases")
        .arg(cases)
        .output()
        .unwrap();
    let report = std::fs::read_to_string(reports.join("latest/report.json"))
        .unwrap_or_else(|e| panic!("no report.json ({e}): {}", text(&out)));
    (out, serde_json::from_str(&report).unwrap())
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// The (code, exchanges) the coverage matrix shows received for `operation`.
fn received(report: &Value, operation: &str) -> Vec<(String, usize)> {
    let op = report["coverage"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["operation"] == operation)
        .unwrap();
    op["codes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["result"] != "none")
        .map(|c| {
            let n = c["cases"].as_array().unwrap().len();
            (c["code"].as_str().unwrap().to_string(), n)
        })
        .collect()
}

fn verdicts(report: &Value) -> Vec<String> {
    let outcomes = report["outcomes"].as_array().unwrap();
    outcomes
        .iter()
        .map(|o| o["verdict"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_conforming_client_exits_0_and_the_matrix_shows_exactly_what_it_met() {
    let (cases, reports) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let suite = [
        status_change("suspend", "SUSPEND", None, "000_000"),
        status_change("forced-003-022", "SUSPEND", Some("003_022"), "003_022"),
    ];
    case_file(cases.path(), "cardStatusChange", &suite.concat());
    let (out, report) = session(cases.path(), reports.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(verdicts(&report), ["pass", "pass"]);
    let met = received(&report, "cardStatusChange");
    assert_eq!(met, [("000_000".into(), 1), ("003_022".into(), 1)]);
    assert!(received(&report, "cardDeliveryCancel").is_empty());
    // One JUnit testcase per exchange.
    let junit = std::fs::read_to_string(reports.path().join("latest/junit.xml")).unwrap();
    assert_eq!(junit.matches("<testcase ").count(), 2, "{junit}");
    assert!(
        junit.contains("cardStatusChange::exchange-000001"),
        "{junit}"
    );
    // What it sent: both documented fields it needs, never `par`; every mandatory header.
    let client = &report["run"]["client"]["operations"];
    let status = client
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["operation"] == "cardStatusChange");
    let fields = &status.unwrap()["fields"];
    let sent = |name: &str| {
        fields
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == name)
            .unwrap()["sent"]
            .clone()
    };
    assert_eq!(
        (sent("status"), sent("cardNo"), sent("par")),
        (2.into(), 2.into(), 0.into())
    );
    let console = text(&out);
    assert!(
        console.contains("client coverage: 2 of 30 documented answers received"),
        "{console}"
    );
    let summary = std::fs::read_to_string(reports.path().join("latest/summary.md")).unwrap();
    assert!(summary.contains("## Client coverage"), "{summary}");
    assert!(!summary.contains("Replay:"), "{summary}");
}

#[test]
fn one_documented_defect_exits_100_with_one_grouped_finding_though_the_client_suite_passes() {
    let (cases, reports) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // `ACTIVE` is no documented status (SUSPEND, RESUME): the mock refuses it with 000_002,
    // which this client's suite expects, so the suite passes; the vendor's page forbids it.
    let suite = [
        status_change("suspend", "SUSPEND", None, "000_000"),
        status_change("activate", "ACTIVE", None, "000_002"),
        status_change("activate-again", "ACTIVE", None, "000_002"),
    ];
    case_file(cases.path(), "cardStatusChange", &suite.concat());
    let (out, report) = session(cases.path(), reports.path(), &[]);
    let console = text(&out);
    assert_eq!(out.status.code(), Some(100), "{console}");
    assert!(
        console.contains("the client command exited with code 0"),
        "{console}"
    );
    let mut seen = verdicts(&report);
    seen.sort();
    assert_eq!(seen, ["fail", "fail", "pass"]);
    let summary = std::fs::read_to_string(reports.path().join("latest/summary.md")).unwrap();
    let findings: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("| ❌ |"))
        .collect();
    assert_eq!(findings.len(), 1, "{summary}");
    assert!(
        findings[0].contains(
            "| documented: cardStatusChange.request.status.enum | `[request-body] at /status` | 2:"
        ),
        "{}",
        findings[0]
    );
    let outcomes = report["outcomes"].as_array().unwrap();
    let failed = outcomes.iter().find(|o| o["verdict"] == "fail").unwrap();
    let failure = &failed["failures"][0];
    assert_eq!(failure["check"], "request-body");
    assert!(failure.get("assumption").is_none(), "documented: {failure}");
    assert_eq!(
        failure["facts"],
        serde_json::json!(["cardStatusChange.request.status.enum"])
    );
    // The documentation coverage: the request's enum broken by the exchanges (one column for
    // them all), the answers' Messages held; the console line says as much.
    let fact = |id: &str| {
        let ops = report["facts"]["operations"].as_array().unwrap();
        let mut facts = ops.iter().flat_map(|o| o["facts"].as_array().unwrap());
        facts.find(|f| f["id"] == id).unwrap().clone()
    };
    let enum_fact = fact("cardStatusChange.request.status.enum");
    assert_eq!(enum_fact["result"], "broken", "{enum_fact:#}");
    assert_eq!(
        enum_fact["cases"]["cardStatusChange::exchange-*"]["broken"], 2,
        "{enum_fact:#}"
    );
    let message = fact("cardStatusChange.code.000_000.message");
    assert_eq!(message["result"], "held", "{message:#}");
    let facts = &report["facts"];
    let line = format!(
        "documented facts: {} verified ({} held, 1 broken)",
        facts["verified"], facts["held"]
    );
    assert!(console.contains(&line), "{line}\n{console}");
}

#[test]
fn the_wrapped_commands_failure_is_the_sessions_exit_code_and_the_reports_are_written() {
    let reports = tempfile::tempdir().unwrap();
    let (mut proxy, _unused) = support::binary::command();
    let out = proxy
        .args(["proxy", "--mock", "--listen", "127.0.0.1:0", "--report-dir"])
        .arg(reports.path())
        .args(["--base-url-env", "MY_CLIENT_URL", "--", "sh", "-c"])
        .arg("case \"$MY_CLIENT_URL\" in http://127.0.0.1:*) exit 3;; *) exit 9;; esac")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(reports.path().join("latest/report.json").exists());
    // A command that cannot start is an input problem, said, with the reports still written.
    let again = tempfile::tempdir().unwrap();
    let (mut proxy, _unused) = support::binary::command();
    let out = proxy
        .args(["proxy", "--mock", "--listen", "127.0.0.1:0", "--report-dir"])
        .arg(again.path())
        .args(["--", "./no-such-client-suite"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("cannot start `./no-such-client-suite`"),
        "{}",
        text(&out)
    );
    assert!(again.path().join("latest/summary.md").exists());
}

#[test]
fn an_inferred_finding_warns_unless_fail_on_any_and_names_its_assumption() {
    let (cases, reports) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // A card number with a letter: its length is documented, its digits-only alphabet is our
    // reading (card-number-digits).
    let suite = "  - id: lettered-card\n    request:\n      body:\n        userId: \"{{member.active.userId}}\"\n        cardNo: \"941000000000000A\"\n        status: SUSPEND\n    expect:\n      status: 400\n      assumes: card-number-digits\n";
    case_file(cases.path(), "cardStatusChange", suite);
    let (out, report) = session(cases.path(), reports.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let warning = &report["outcomes"][0]["warnings"][0];
    assert_eq!(warning["assumption"], "card-number-digits", "{report}");
    let strict = tempfile::tempdir().unwrap();
    let (out, report) = session(cases.path(), strict.path(), &["--fail-on", "any"]);
    assert_eq!(out.status.code(), Some(100), "{}", text(&out));
    assert_eq!(
        report["outcomes"][0]["failures"][0]["assumption"],
        "card-number-digits"
    );
}

#[test]
fn the_session_reports_pass_the_runs_leak_search() {
    let (cases, reports) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let suite = [
        status_change("suspend", "SUSPEND", None, "000_000"),
        status_change("activate", "ACTIVE", None, "000_002"),
    ];
    case_file(cases.path(), "cardStatusChange", &suite.concat());
    // The mock profile's credentials, which every request carries, its card number, and the
    // start of every Tran-Token (`KMV1:` and the time's digits).
    let needles = [
        TEST_ACCESS_KEY,
        TEST_SECRET_KEY,
        TEST_CRYPTO_KEY_ID,
        "9410000000000001",
        "KMV1:2",
    ];
    let (out, _) = session(cases.path(), reports.path(), &[]);
    assert_eq!(out.status.code(), Some(100), "{}", text(&out));
    let mut files = leak::every_file(reports.path());
    files.push(("console".into(), text(&out).into_bytes()));
    for (path, bytes) in &files {
        for needle in &needles {
            assert!(
                !leak::contains(bytes, needle),
                "{} holds {needle}",
                path.display()
            );
        }
    }
    // The control: the exchanges did carry them.
    let report = std::fs::read_to_string(reports.path().join("latest/report.json")).unwrap();
    assert!(report.contains("X-KM-Access-Key"), "{report}");
}

/// The failures and warnings of the exchanges to `operation`, as (check, path, basis, facts).
fn findings_of(report: &Value, operation: &str) -> Vec<(String, String, String, Value)> {
    let outcomes = report["outcomes"].as_array().unwrap();
    let mut out = Vec::new();
    for o in outcomes.iter().filter(|o| o["operation"] == operation) {
        for kind in ["failures", "warnings"] {
            for f in o[kind].as_array().into_iter().flatten() {
                let basis = match f["assumption"].as_str() {
                    Some(a) => format!("{kind}: inferred: {a}"),
                    None => format!("{kind}: documented"),
                };
                let (check, path) = (f["check"].to_string(), f["path"].to_string());
                out.push((check, path, basis, f["facts"].clone()));
            }
        }
    }
    out
}

#[test]
fn a_plain_client_of_an_operation_whose_answer_only_is_encrypted_gets_no_documented_finding() {
    let (cases, reports) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    // A client written against the sandbox, sending every request plain and without a key id:
    // to cardDeliveryCancel, whose answer only the page marks Encrypted, and, as the control,
    // to preIssueWaitingPhysical, whose request it marks Encrypted too.
    let cancel = "  - id: cancel\n    request:\n      body:\n        cardApplyNo: \"{{application.cancellable.cardApplyNo}}\"\n        userId: \"{{member.active.userId}}\"\n    expect:\n      status: 200\n      code: \"000_000\"\n";
    let search = "  - id: search\n    request:\n      body:\n        userId: \"{{member.active.userId}}\"\n        physicalCardNo: \"{{physical.active.cardNo}}\"\n        physicalCardExpDate: \"{{physical.active.expDate}}\"\n        physicalCardCVC: \"{{physical.active.cvc}}\"\n    expect:\n      status: 200\n      code: \"000_000\"\n";
    case_file(cases.path(), "cardDeliveryCancel", cancel);
    case_file(cases.path(), "preIssueWaitingPhysical", search);
    let plain = ["--encryption", "off"];
    let (out, report) = session_of(cases.path(), reports.path(), &[], &plain);
    // The pages require the key id with an encrypted request: the search fails, documented.
    assert_eq!(out.status.code(), Some(100), "{}", text(&out));
    let search = findings_of(&report, "preIssueWaitingPhysical");
    let documented: Vec<&Value> = search
        .iter()
        .filter(|(_, _, basis, _)| basis == "failures: documented")
        .map(|(_, _, _, facts)| facts)
        .collect();
    for fact in [
        "preIssueWaitingPhysical.encryption.request",
        "preIssueWaitingPhysical.requestHeader.X-KM-Crypto-Key-Id.conditional",
    ] {
        assert!(
            documented
                .iter()
                .any(|f| f.as_array().unwrap().iter().any(|x| x == fact)),
            "no documented finding naming {fact}: {search:?}"
        );
    }
    // For the cancel they are silent: one warning naming the assumption, nothing documented.
    let cancel = findings_of(&report, "cardDeliveryCancel");
    assert_eq!(
        cancel,
        [(
            "\"encryption\"".to_string(),
            "\"X-KM-Crypto-Key-Id\"".to_string(),
            "warnings: inferred: key-id-for-encrypted-answer".to_string(),
            Value::Null
        )],
        "{}",
        text(&out)
    );
    // The console and summary.md say so too.
    let summary = std::fs::read_to_string(reports.path().join("latest/summary.md")).unwrap();
    assert!(
        summary.contains("inferred: key-id-for-encrypted-answer"),
        "{summary}"
    );
}
