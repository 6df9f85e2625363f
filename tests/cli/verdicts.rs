//! Verdicts a user can trust against a server we did not write.
//!
//! The "silent server" below is the reference mock behind a proxy that keeps every documented
//! fact (lengths, enums, codes and their HTTP status, the documented message texts, the
//! required headers, encryption) and differs wherever the vendor pages are silent:
//!
//! - the result text is under `message`, not `description` (the profile says `description`);
//! - a message names no field, or only the top-level object of a nested one, unless the field
//!   is missing (the documented texts are all about missing fields);
//! - a malformed `YYMM` and a card number with a letter are answered as invalid card info
//!   (`003_011`, ...), not `000_002`;
//! - bad headers are answered `Unauthorized.` / `Invalid input parameter.` without the name;
//! - the correlation id is not echoed (a fresh, well-formed one comes back);
//! - and it varies where the pages themselves vary or mark a thing Optional: every text without
//!   its final period (or with one where the page has none), no `X-KM-Crypto-Key-Id` on any
//!   answer, no `mobileCardNo` and `par` in a cancel answer.
//!
//! The default run must fail no case and report each difference as a warning naming its
//! assumption, grouped; `--strict` must fail exactly the warned cases; a profile settles each
//! kind by name.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{HeaderMap, HeaderValue};
use konaplate_conformance::assumption::Assumption;
use konaplate_conformance::profile;
use serde_json::Value;
use support::fault::{
    BinRun, Editor, Fault, FaultServer, Mutation, Target, read_report, run_binary, run_binary_in,
};

/// The documented 400 code a card-data problem of each field gets on the silent server.
const CARD_FIELDS: &[(&str, &str, &str)] = &[
    ("cardNo", "003_001", "Invalid card info"),
    ("physicalCardNo", "003_011", "Invalid card info."),
    ("physicalCardExpDate", "003_011", "Invalid card info."),
    (
        "cardInfo.oldCardNo",
        "003_008",
        "Par not found from cardNo.",
    ),
];

/// The value at a dotted path of the request.
fn field<'v>(request: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(request, |v, k| v.get(k))
}

/// A card field of the request that has its documented length but is not all digits.
fn malformed_card_field(request: &Value) -> Option<(&'static str, &'static str)> {
    CARD_FIELDS.iter().find_map(|(name, code, message)| {
        let text = field(request, name)?.as_str()?;
        let length_ok = matches!(text.chars().count(), 4 | 16);
        let digits = text.bytes().all(|b| b.is_ascii_digit());
        (length_ok && !digits).then_some((*code, *message))
    })
}

/// The silent server's text for the mock's `description`.
fn silent_text(request: &Value, text: &str) -> String {
    if let Some(named) = text.strip_prefix("Invalid input parameter. ") {
        // Documented texts name a missing field: those stay as the pages show them.
        let missing = named
            .split(" or ")
            .all(|f| field(request, f).is_none_or(Value::is_null));
        return match named.split_once('.') {
            _ if missing => text.to_string(),
            Some((top, _)) => format!("Invalid input parameter. {top}"),
            None => "Invalid input parameter.".to_string(),
        };
    }
    if text.starts_with("Unauthorized.") {
        return "Unauthorized.".to_string();
    }
    text.to_string()
}

fn silent(request: &Value, answer: &mut Value, headers: &mut HeaderMap) -> bool {
    let Some(response) = answer.get_mut("response").and_then(Value::as_object_mut) else {
        return false;
    };
    if response.get("code").and_then(Value::as_str) == Some("000_002")
        && let Some((code, message)) = malformed_card_field(request)
    {
        response.insert("code".into(), code.into());
        response.insert("description".into(), message.into());
    }
    if let Some(Value::String(text)) = response.remove("description") {
        let text = silent_text(request, &text);
        response.insert("message".into(), other_period(&text).into());
    }
    // A fresh, well-formed id: not the request's.
    let fresh = "991231235959-0000000";
    headers.insert("x-km-correlation-id", HeaderValue::from_static(fresh));
    // Optional on the pages: the answer's key id, the discarded card of a cancel.
    headers.remove("x-km-crypto-key-id");
    if let Some(answer) = answer.as_object_mut() {
        answer.remove("mobileCardNo");
        answer.remove("par");
    }
    true
}

/// The text with its final period dropped, or one added: the pages write `Success` and
/// `Success.`, `Invalid input parameter` and `Invalid input parameter.`.
fn other_period(text: &str) -> String {
    match text.strip_suffix('.') {
        Some(bare) => bare.to_string(),
        None => format!("{text}."),
    }
}

/// Runs the binary against the silent server with `extra` flags (and a working directory).
fn against_silent_server(extra: &[&str], cwd: Option<&Path>) -> (BinRun, Value, String) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let fault = Fault {
        target: Target::every(),
        mutation: Mutation::Edit(Editor("silent server", Arc::new(silent))),
    };
    let (mock, proxy) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let mut args = vec![
        "run",
        "--base-url",
        &proxy.base_url,
        "--report-dir",
        reports.path().to_str().unwrap(),
        "--generated",
        "--encryption",
        "on",
    ];
    args.extend(extra);
    let run = run_binary_in(&args, Duration::from_secs(120), cwd);
    let report = read_report(reports.path());
    let summary =
        std::fs::read_to_string(reports.path().join("latest/summary.md")).unwrap_or_default();
    drop(proxy);
    drop(mock);
    (run, report, summary)
}

fn names_where(report: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| keep(o))
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect()
}

fn assumptions_warned(report: &Value) -> BTreeSet<String> {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["warnings"].as_array().unwrap())
        .filter_map(|w| w["assumption"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_server_that_differs_only_where_the_pages_are_silent_passes_with_grouped_warnings() {
    let (run, report, summary) = against_silent_server(&[], None);
    assert_eq!(run.code(), Some(0), "{}", run.text());
    let not_passing = names_where(&report, |o| o["verdict"] != "pass");
    assert!(not_passing.is_empty(), "{not_passing:?}");
    let warned = assumptions_warned(&report);
    for a in [
        Assumption::MessageField,
        Assumption::MessageNamesField,
        Assumption::FormatViolationCode,
        Assumption::CardNumberDigits,
        Assumption::CorrelationIdEcho,
    ] {
        assert!(warned.contains(a.name()), "no {a} warning: {warned:?}");
        // One finding per cause in the console tail, naming the assumption.
        let tail: Vec<&str> = run
            .stderr
            .lines()
            .filter(|l| {
                l.trim_start().starts_with("warn") && l.contains(&format!("(inferred: {a}"))
            })
            .collect();
        assert!(!tail.is_empty(), "no finding for {a}:\n{}", run.stderr);
    }
    // Every case is affected by the missing echo, and it is ONE finding.
    let echo: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.contains("[header] at X-KM-Correlation-Id (inferred: correlation-id-echo"))
        .collect();
    // (Cases that send no well-formed id have nothing to echo.)
    let cases = names_where(&report, |o| {
        o["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["assumption"] == "correlation-id-echo")
    })
    .len();
    assert!(cases > report["outcomes"].as_array().unwrap().len() / 2);
    assert_eq!(echo.len(), 1, "{}", run.stderr);
    assert!(
        echo[0].ends_with(&format!(": {cases} case(s)")),
        "{}",
        echo[0]
    );
    // summary.md lists the same findings before the per-case detail.
    let findings = summary.find("## Findings").expect("a findings section");
    assert!(
        summary[findings..].contains("inferred: correlation-id-echo"),
        "{summary}"
    );
    assert!(!summary.contains("## Failures"), "{summary}");
}

#[test]
fn strict_fails_exactly_the_cases_that_warned() {
    let (default_run, default_report, _) = against_silent_server(&[], None);
    assert_eq!(default_run.code(), Some(0), "{}", default_run.text());
    let warned = names_where(&default_report, |o| {
        o["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.get("assumption").is_some())
    });
    let (strict_run, strict_report, _) = against_silent_server(&["--strict"], None);
    assert_eq!(strict_run.code(), Some(100), "{}", strict_run.text());
    let failed = names_where(&strict_report, |o| o["verdict"] == "fail");
    assert_eq!(failed, warned);
    // Each failure says which assumption it rests on.
    let assumed = strict_report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["failures"].as_array().unwrap())
        .all(|f| f.get("assumption").is_some());
    assert!(
        assumed,
        "a documented failure against a server that keeps every documented fact"
    );
    assert!(
        strict_run
            .stdout
            .contains("(inferred: correlation-id-echo)"),
        "the console names the assumption of each failure"
    );
}

/// A copy of the mock profile with `block` appended, where its relative key paths still work.
pub(crate) fn settled_profile(dir: &Path, block: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let targets = dir.join("cases/targets");
    std::fs::create_dir_all(&targets).unwrap();
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    copy_dir(&root.join("tests/keys"), &dir.join("tests/keys"));
    let text = std::fs::read_to_string(root.join(profile::DEFAULT_TARGET_PATH)).unwrap();
    let path = targets.join("settled.yaml");
    std::fs::write(&path, format!("{text}\n{block}\n")).unwrap();
    path
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_profile_settles_each_assumption_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let block = "assumptions:\n  correlation-id-echo: off\n  format-violation-code: fail\n";
    let profile = settled_profile(dir.path(), block);
    let root = env!("CARGO_MANIFEST_DIR");
    let spec = format!("{root}/specs/konaplate-card.openapi.yaml");
    let cases = format!("{root}/cases");
    let (run, report, _) = against_silent_server(
        &[
            "--target",
            profile.to_str().unwrap(),
            "--spec",
            &spec,
            "--cases",
            &cases,
        ],
        Some(dir.path()),
    );
    assert_eq!(run.code(), Some(100), "{}", run.text());
    let warned = assumptions_warned(&report);
    assert!(!warned.contains("correlation-id-echo"), "{warned:?}");
    assert!(warned.contains("message-names-field"), "{warned:?}");
    let failed = names_where(&report, |o| o["verdict"] == "fail");
    assert!(!failed.is_empty());
    for name in &failed {
        assert!(name.ends_with("::pattern-mismatch"), "{failed:?}");
    }
}

#[test]
fn a_misspelt_assumption_is_an_input_error_at_its_line_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let profile = settled_profile(dir.path(), "assumptions:\n  message-names-feild: fail\n");
    let run = run_binary(
        &["run", "--target", profile.to_str().unwrap(), "--no-report"],
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(2), "{}", run.text());
    let text = run.stderr;
    let line = 1 + std::fs::read_to_string(&profile)
        .unwrap()
        .lines()
        .position(|l| l.contains("message-names-feild"))
        .unwrap();
    assert!(text.contains(&format!("settled.yaml:{line}:3")), "{text}");
    assert!(
        text.contains("unknown assumption `message-names-feild`"),
        "{text}"
    );
    assert!(
        text.contains("did you mean `message-names-field`?"),
        "{text}"
    );

    let profile = settled_profile(dir.path(), "assumptions:\n  card-number-digits: warning\n");
    let run = run_binary(
        &["run", "--target", profile.to_str().unwrap(), "--no-report"],
        Duration::from_secs(60),
    );
    assert_eq!(run.code(), Some(2), "{}", run.text());
    assert!(
        run.stderr
            .contains("must be fail, warn or off, found `warning`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean `warn`?"),
        "{}",
        run.stderr
    );
}
