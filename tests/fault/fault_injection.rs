//! The harness catches what it claims: every mutation of the reference mock's answers that the
//! contract forbids makes EXACTLY the affected cases fail (or error), with the right check and
//! JSON path, the run completes, and the reports are written. A mutation that breaks only an
//! assumption (an expectation the vendor pages do not state) is caught as a warning naming it:
//! the case passes, as it must against a server that follows every documented fact.
//!
//! Each mutation runs the real binary (`run --base-url <proxy> --report-dir <tmp>`) against a
//! [`FaultServer`] in front of a fresh [`MockServer`], then reads `report.json`. The proxy
//! records which requests it broke (by correlation id), so "the affected cases" is measured,
//! and also declared in the table below (the documented ones): the two must agree, and must
//! equal the set of cases that did not pass cleanly. The mutation score (caught / injected)
//! must be 100%, in two configurations: plaintext with the documented cases only, and the
//! default one (message encryption on, generated cases on), where the proxy opens and re-seals
//! encrypted answers and the generated cases that get a broken answer must notice it too.
//!
//! The stateless mutations break one answer and reason about the cases (scenarios skipped).
//! The stateful ones ([`support::stateful`]) remember earlier answers, like a mock that keeps
//! the wrong state; they run the whole suite in plaintext, and each must fail exactly the
//! scenario that covers it, at the right step, with the right check. Suite sizes are counted
//! from the committed case and scenario files, never written down.

use crate::support;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use konaplate_conformance::assumption::Assumption;
use konaplate_conformance::outcome::{CheckKind, RunErrorKind};
use konaplate_conformance::run::http::DEFAULT_BODY_CAP;
use serde_json::{Value, json};
use support::fault::{
    BinRun, Fault, FaultServer, HeaderEdit, Injected, Mutation, Target, outcome, read_report,
    request_correlation_id, run_binary,
};
use support::stateful::Memory;
use support::suite;

/// How the affected cases must end.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Caught {
    /// Fail, with a failure of this check at this path whose text mentions this.
    Check(CheckKind, &'static str, &'static str),
    /// Error of this kind, whose message mentions this.
    Error(RunErrorKind, &'static str),
    /// Pass with a warning of this check at this path mentioning this, naming the assumption
    /// (a default run: failed assumptions warn).
    Assumed(CheckKind, &'static str, &'static str, Assumption),
}

/// How the binary runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Encryption off, documented cases only: every broken answer reaches one documented case.
    Plain,
    /// The default configuration: encryption on, generated cases on.
    Default,
}

/// One mutation: what it breaks, which cases that must affect, and how they must end.
pub(crate) struct Mutant {
    pub id: &'static str,
    pub fault: Fault,
    pub strict: bool,
    pub timeout_ms: Option<u64>,
    pub affected: &'static [&'static str],
    pub caught: Caught,
    /// Only in this mode (the fault needs it, e.g. an encrypted answer to unseal).
    pub only: Option<Mode>,
    /// Generated cases that get a broken answer must notice it (fail, error or warn). Off for
    /// a fault only a documented expectation can see (a wrong but valid enum value).
    pub generated_notice: bool,
    /// For a stateful fault: the scenario step (from 1) that must fail. The run then includes
    /// the scenarios; without it they are skipped.
    pub step: Option<usize>,
}

fn mutant(
    id: &'static str,
    target: Target,
    mutation: Mutation,
    affected: &'static [&'static str],
    caught: Caught,
) -> Mutant {
    Mutant {
        id,
        fault: Fault { target, mutation },
        strict: false,
        timeout_ms: None,
        affected,
        caught,
        only: None,
        generated_notice: true,
        step: None,
    }
}

/// A stateful fault: the scenario it must fail, the step, and how. It reads the requests'
/// plaintext, so it runs in the plaintext configuration.
fn stateful(
    id: &'static str,
    target: Target,
    memory: Memory,
    scenario: &'static [&'static str],
    step: usize,
    caught: Caught,
) -> Mutant {
    Mutant {
        step: Some(step),
        only: Some(Mode::Plain),
        ..mutant(id, target, Mutation::Stateful(memory), scenario, caught)
    }
}

const INQUIRY_ERRORS: &[&str] = &[
    "cardDeliveryInquiry::invalid-card-info",
    "cardDeliveryInquiry::invalid-input-parameter",
    "cardDeliveryInquiry::wallet-user-not-found",
];
const PRE_ISSUE_ERRORS: &[&str] = &[
    "preIssueWaitingPhysical::invalid-card-info",
    "preIssueWaitingPhysical::invalid-input-parameter",
    "preIssueWaitingPhysical::not-found-issued-cards",
    "preIssueWaitingPhysical::wallet-user-not-found",
];
const STATUS_CHANGE_ERRORS: &[&str] = &[
    "cardStatusChange::card-already-terminated",
    "cardStatusChange::incorrect-card-information",
    "cardStatusChange::invalid-parameter",
    "cardStatusChange::par-not-found",
    "cardStatusChange::user-not-found",
];
const REISSUE_ERRORS: &[&str] = &[
    "expiredCardReissue::already-reissued",
    "expiredCardReissue::card-status-not-reissuable",
    "expiredCardReissue::expiry-too-far",
    "expiredCardReissue::invalid-input-parameter",
    "expiredCardReissue::par-not-found-from-card-no",
    "expiredCardReissue::product-not-reissuable",
    "expiredCardReissue::reissue-fee-payment-failed",
    "expiredCardReissue::user-name-not-found",
    "expiredCardReissue::wallet-user-not-found",
];
const CANCEL_ERRORS: &[&str] = &[
    "cardDeliveryCancel::invalid-input-parameter",
    "cardDeliveryCancel::not-cancelable-due-to-day",
    "cardDeliveryCancel::not-cancelable-due-to-status",
    "cardDeliveryCancel::wallet-user-not-found",
];

/// The mutation table (docs/testing.md shows it, rendered by `table`).
pub(crate) fn mutants() -> Vec<Mutant> {
    use CheckKind as C;
    use Mutation as M;
    use RunErrorKind as E;
    let inquiry = || Target::op("cardDeliveryInquiry");
    let pre_issue = || Target::op("preIssueWaitingPhysical");
    let status_change = || Target::op("cardStatusChange");
    let reissue = || Target::op("expiredCardReissue");
    let cancel = || Target::op("cardDeliveryCancel");
    const PRE_ISSUE_OK: &[&str] = &["preIssueWaitingPhysical::success"];
    vec![
        mutant(
            "string-one-too-long",
            reissue().status(200),
            M::Lengthen("/cardApplyNo"),
            &["expiredCardReissue::success"],
            Caught::Check(C::Schema, "/cardApplyNo", "maxLength"),
        ),
        mutant(
            "string-one-too-short",
            pre_issue().status(200),
            M::Shorten("/issuedCardList/0/digital/par"),
            PRE_ISSUE_OK,
            Caught::Check(C::Schema, "/issuedCardList/0/digital/par", "minLength"),
        ),
        mutant(
            "wrong-enum-value",
            pre_issue().status(200),
            M::Set("/issuedCardList/0/requester", json!("WEB")),
            PRE_ISSUE_OK,
            Caught::Check(C::Schema, "/issuedCardList/0/requester", "enum"),
        ),
        mutant(
            "missing-required-field",
            pre_issue().status(200),
            M::Remove("/issuedCardList/0/digital/serviceId"),
            PRE_ISSUE_OK,
            Caught::Check(C::Schema, "/issuedCardList/0/digital", "serviceId"),
        ),
        mutant(
            "wrong-json-type",
            pre_issue().status(200),
            M::Set("/issuedCardList/0/values/balance", json!("50000")),
            PRE_ISSUE_OK,
            Caught::Check(C::Schema, "/issuedCardList/0/values/balance", "type"),
        ),
        mutant(
            "number-above-maximum",
            pre_issue().status(200),
            M::Set(
                "/issuedCardList/0/values/points/0/amount",
                json!(10_000_000_000u64),
            ),
            PRE_ISSUE_OK,
            Caught::Check(
                C::Schema,
                "/issuedCardList/0/values/points/0/amount",
                "maximum",
            ),
        ),
        mutant(
            "number-below-minimum",
            pre_issue().status(200),
            M::Set("/issuedCardList/0/values/balance", json!(-1)),
            PRE_ISSUE_OK,
            Caught::Check(C::Schema, "/issuedCardList/0/values/balance", "minimum"),
        ),
        Mutant {
            strict: true,
            ..mutant(
                "unexpected-field-strict",
                status_change().status(200),
                M::Add("/cardStatus", json!("SUSPENDED")),
                &["cardStatusChange::success"],
                Caught::Check(C::UnknownField, "/cardStatus", "undeclared"),
            )
        },
        mutant(
            "wrong-result-code",
            cancel().status(400),
            M::Set("/response/code", json!("003_099")),
            CANCEL_ERRORS,
            Caught::Check(C::Code, "/response/code", "003_099"),
        ),
        // Only a case that states the value sees a wrong but valid one.
        Mutant {
            generated_notice: false,
            ..mutant(
                "wrong-value-valid-enum",
                inquiry().status(200),
                M::Set("/status", json!("ARRIVAL")),
                &["cardDeliveryInquiry::success"],
                Caught::Check(C::Body, "/status", "ARRIVAL"),
            )
        },
        mutant(
            "wrong-result-text",
            cancel().code("000_002"),
            M::Set("/response/description", json!("Invalid input parameter.")),
            &["cardDeliveryCancel::invalid-input-parameter"],
            Caught::Check(C::Message, "/response", "userId"),
        ),
        mutant(
            "wrong-http-status",
            status_change().status(400),
            M::Status(409),
            STATUS_CHANGE_ERRORS,
            Caught::Check(C::Status, "", "HTTP 409"),
        ),
        mutant(
            "http-200-for-an-error",
            reissue().status(400),
            M::Status(200),
            REISSUE_ERRORS,
            Caught::Check(C::Status, "", "HTTP 200"),
        ),
        mutant(
            "http-500",
            pre_issue().status(400),
            M::Status(500),
            PRE_ISSUE_ERRORS,
            Caught::Check(C::Status, "", "HTTP 500"),
        ),
        mutant(
            "correlation-id-missing",
            pre_issue().code("003_049"),
            M::Header("x-km-correlation-id", HeaderEdit::Remove),
            &["preIssueWaitingPhysical::not-found-issued-cards"],
            Caught::Check(C::Header, "X-KM-Correlation-Id", "no header"),
        ),
        mutant(
            "correlation-id-malformed",
            inquiry().status(400),
            M::Header("x-km-correlation-id", HeaderEdit::Shorten),
            INQUIRY_ERRORS,
            Caught::Check(C::Header, "X-KM-Correlation-Id", "19 characters"),
        ),
        // The pages do not say the id is echoed: a warning naming the assumption.
        mutant(
            "correlation-id-not-echoed",
            status_change().status(200),
            M::Header("x-km-correlation-id", HeaderEdit::Other),
            &["cardStatusChange::success"],
            Caught::Assumed(
                C::Header,
                "X-KM-Correlation-Id",
                "echoed",
                Assumption::CorrelationIdEcho,
            ),
        ),
        // The page defines one id: a second, different one contradicts it (the first,
        // echoed, is all a reader of one value would see).
        mutant(
            "correlation-id-repeated",
            reissue().code("003_004"),
            M::Header("x-km-correlation-id", HeaderEdit::Repeat),
            &["expiredCardReissue::already-reissued"],
            Caught::Check(C::Header, "X-KM-Correlation-Id", "2 values that differ"),
        ),
        mutant(
            "wrong-content-type",
            cancel().status(200),
            M::Header("content-type", HeaderEdit::Set("text/plain; charset=utf-8")),
            &["cardDeliveryCancel::success"],
            // No source states an answer's Content-Type: a warning naming the assumption.
            Caught::Assumed(
                C::ContentType,
                "Content-Type",
                "text/plain",
                Assumption::JsonContentType,
            ),
        ),
        mutant(
            "non-json-body",
            inquiry().code("001_006"),
            M::Body {
                content_type: Some("text/html"),
                body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
            },
            &["cardDeliveryInquiry::wallet-user-not-found"],
            Caught::Error(E::NotJson, "the body is not JSON: \"<html>"),
        ),
        mutant(
            "empty-body",
            status_change().code("003_021"),
            M::Body {
                content_type: None,
                body: "",
            },
            &["cardStatusChange::par-not-found"],
            Caught::Error(E::NotJson, "the body is empty"),
        ),
        mutant(
            "truncated-json",
            reissue().status(200),
            M::Truncate,
            &["expiredCardReissue::success"],
            Caught::Error(E::NotJson, "the body is not JSON"),
        ),
        Mutant {
            timeout_ms: Some(1_000),
            ..mutant(
                "slower-than-the-timeout",
                cancel().code("003_002"),
                M::Stall,
                &["cardDeliveryCancel::not-cancelable-due-to-day"],
                Caught::Error(E::Timeout, "timed out"),
            )
        },
        mutant(
            "connection-closed-mid-response",
            inquiry().status(200),
            M::CloseMidBody,
            &["cardDeliveryInquiry::success"],
            Caught::Error(E::Transport, "error decoding response body"),
        ),
        mutant(
            "body-over-the-size-cap",
            status_change().code("003_022"),
            M::PadTo(DEFAULT_BODY_CAP + 1),
            &["cardStatusChange::card-already-terminated"],
            Caught::Error(E::TooLarge, "exceeds the cap of 1048576 bytes"),
        ),
        // Every Response Code row gives the Message of its code: another text is documented.
        mutant(
            "wrong-message-text",
            status_change().code("003_022"),
            M::Set("/response/description", json!("Card terminated")),
            &["cardStatusChange::card-already-terminated"],
            Caught::Check(
                C::Message,
                "/response/description",
                "Card already terminated",
            ),
        ),
        // The answer's X-KM-Crypto-Key-Id is Optional but, when present, 32 characters. The
        // mock sends it back only when the request carried one (encryption on). The reports
        // redact the values of a key header, so the finding is known by the fact it names.
        Mutant {
            only: Some(Mode::Default),
            ..mutant(
                "response-key-id-short",
                pre_issue().status(200),
                M::Header("x-km-crypto-key-id", HeaderEdit::Shorten),
                &[
                    "preIssueWaitingPhysical::not-searched",
                    "preIssueWaitingPhysical::success",
                ],
                Caught::Check(
                    C::Header,
                    "X-KM-Crypto-Key-Id",
                    "preIssueWaitingPhysical.responseHeader.X-KM-Crypto-Key-Id.length",
                ),
            )
        },
        // The page marks the answer Encrypted: a plain one is a documented failure.
        Mutant {
            only: Some(Mode::Default),
            ..mutant(
                "unencrypted-answer",
                cancel().status(200),
                M::Unseal,
                &["cardDeliveryCancel::success"],
                Caught::Check(C::Encryption, "encData", "plain"),
            )
        },
        // Digits only is our reading: a warning naming it.
        mutant(
            "card-number-with-letters",
            pre_issue().status(200),
            M::Set(
                "/issuedCardList/0/digital/cardNo",
                json!("94100000000000AB"),
            ),
            PRE_ISSUE_OK,
            Caught::Assumed(
                C::Schema,
                "/issuedCardList/0/digital/cardNo",
                "pattern",
                Assumption::CardNumberDigits,
            ),
        ),
        mutant(
            "redirect-loop",
            reissue().code("003_010"),
            M::RedirectLoop,
            &["expiredCardReissue::reissue-fee-payment-failed"],
            Caught::Check(C::Status, "", "HTTP 307 redirect"),
        ),
        stateful(
            "second-cancel-succeeds",
            cancel(),
            Memory::RepeatSuccess(&["/cardApplyNo", "/userId"]),
            &["scenario::cancel-same-day"],
            2,
            Caught::Check(C::Code, "/response/code", "003_003"),
        ),
        stateful(
            "second-reissue-succeeds",
            reissue(),
            Memory::RepeatSuccess(&["/cardInfo/oldCardNo", "/userInfo/userId"]),
            &["scenario::reissue-once"],
            2,
            Caught::Check(C::Code, "/response/code", "003_004"),
        ),
        stateful(
            "suspension-forgotten",
            status_change(),
            Memory::ForgetSuspension(&["/cardNo", "/userId"], "003_001"),
            &["scenario::suspend-resume"],
            2,
            Caught::Check(C::Code, "/response/code", "003_001"),
        ),
    ]
}

/// What one mutation run produced.
struct Ran {
    run: BinRun,
    report: Option<Value>,
    /// The report directory (kept until the checks are done).
    reports: tempfile::TempDir,
    injected: Vec<Injected>,
    requests: usize,
}

/// Starts a fresh mock and the proxy on `rt`, runs the binary against the proxy.
fn run_one(
    rt: &tokio::runtime::Runtime,
    fault: Fault,
    strict: bool,
    timeout_ms: u64,
    mode: Mode,
    scenarios: bool,
) -> Ran {
    let (mock, proxy) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let timeout = timeout_ms.to_string();
    let mut args = vec![
        "run",
        "--base-url",
        &proxy.base_url,
        "--report-dir",
        reports.path().to_str().unwrap(),
        "--timeout-ms",
        &timeout,
    ];
    if strict {
        args.push("--strict");
    }
    if !scenarios {
        args.extend(["--skip", "scenario::"]);
    }
    if mode == Mode::Default {
        // The flags win over the plaintext, documented-only environment of `run_binary`.
        args.extend(["--generated", "--encryption", "on"]);
    }
    let run = run_binary(&args, Duration::from_secs(120));
    let report = reports
        .path()
        .join("latest/report.json")
        .exists()
        .then(|| read_report(reports.path()));
    let ran = Ran {
        run,
        report,
        reports,
        injected: proxy.injected(),
        requests: proxy.requests(),
    };
    drop(proxy);
    drop(mock);
    ran
}

/// The runtime the mocks and proxies of every trial run on.
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap()
    })
}

/// The report's outcomes as name → outcome.
fn outcomes(report: &Value) -> Vec<&Value> {
    report["outcomes"].as_array().unwrap().iter().collect()
}

/// The section libtest printed for a failing trial.
fn console_section<'a>(stdout: &'a str, name: &str) -> Option<&'a str> {
    let header = format!("---- {name} ----\n");
    let start = stdout.find(&header)? + header.len();
    let rest = &stdout[start..];
    let end = rest.find("\n---- ").or_else(|| rest.find("\n\nfailures:"));
    Some(&rest[..end.unwrap_or(rest.len())])
}

/// Whether a case (or a scenario's step) sent the request the proxy broke.
fn sent(o: &Value, i: &Injected) -> bool {
    request_correlation_id(o).unwrap_or("") == i.correlation_id
        && o.pointer("/exchange/request/url")
            .and_then(Value::as_str)
            .is_some_and(|u| u.ends_with(&i.path))
}

/// How many requests a run sent: one per case that ran, one per scenario step that was sent
/// (the steps after a failing one are not).
fn requests_sent(report: &Value) -> usize {
    outcomes(report)
        .into_iter()
        .filter(|o| o["verdict"] != "skipped")
        .map(|o| match o["steps"].as_array() {
            Some(steps) => steps.iter().filter(|s| s["verdict"] != "skipped").count(),
            None => 1,
        })
        .sum()
}

/// The diff file of a failing case, or of a scenario's failing step.
fn diff_path(run_dir: &Path, name: &str, o: &Value) -> std::path::PathBuf {
    let (op, id) = name.split_once("::").unwrap();
    match o["failed_step"].as_u64() {
        Some(n) => {
            let step = &o["steps"][n as usize - 1]["case_id"];
            run_dir
                .join("diffs/scenario")
                .join(id)
                .join(format!("{}.diff", step.as_str().unwrap_or("")))
        }
        None => run_dir.join("diffs").join(op).join(format!("{id}.diff")),
    }
}

/// The names of the cases whose requests the proxy broke, via the correlation id and the path
/// (generated header cases send the same malformed id to every operation, or none at all).
fn injected_cases(report: &Value, injected: &[Injected]) -> Result<BTreeSet<String>, String> {
    injected
        .iter()
        .map(|i| {
            outcomes(report)
                .into_iter()
                .find(|o| {
                    sent(o, i)
                        || o["steps"]
                            .as_array()
                            .is_some_and(|steps| steps.iter().any(|s| sent(s, i)))
                })
                .map(|o| o["name"].as_str().unwrap().to_string())
                .ok_or_else(|| {
                    format!(
                        "no case sent correlation id {:?} to {}",
                        i.correlation_id, i.path
                    )
                })
        })
        .collect()
}

/// Checks one mutation run: `Ok(number of broken answers caught)` or every reason it was not.
fn judge(m: &Mutant, ran: &Ran, mode: Mode) -> Result<usize, Vec<String>> {
    let mut problems = Vec::new();
    let run = &ran.run;
    if run.status.is_none() {
        return Err(vec![format!("the run hung and was killed\n{}", run.text())]);
    }
    if run.panicked() {
        problems.push(format!("something panicked\n{}", run.text()));
    }
    let Some(report) = &ran.report else {
        problems.push(format!("no report.json written\n{}", run.text()));
        return Err(problems);
    };
    let all = outcomes(report);
    let sent = requests_sent(report);
    if ran.requests != sent {
        problems.push(format!(
            "the target got {} requests for {sent} cases and steps (retries? redirects followed?)",
            ran.requests
        ));
    }
    let declared: BTreeSet<String> = m.affected.iter().map(|s| s.to_string()).collect();
    let injected = match injected_cases(report, &ran.injected) {
        Ok(injected) => injected,
        Err(e) => {
            problems.push(e);
            return Err(problems);
        }
    };
    let documented: BTreeSet<String> = injected
        .iter()
        .filter(|n| !n.contains("::generated::"))
        .cloned()
        .collect();
    if documented != declared || ran.injected.len() != injected.len() {
        problems.push(format!(
            "the proxy broke the answers of {injected:?} ({} answers), the table says {declared:?}",
            ran.injected.len()
        ));
    }
    if mode == Mode::Plain && injected != documented {
        problems.push(format!("generated cases ran in plain mode: {injected:?}"));
    }
    // Nothing else may fail or warn: the broken answers, and only they, are noticed.
    let noticed: BTreeSet<String> = all
        .iter()
        .filter(|o| o["verdict"] != "pass" || !o["warnings"].as_array().unwrap().is_empty())
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    let stray: Vec<&String> = noticed.difference(&injected).collect();
    if !stray.is_empty() {
        problems.push(format!(
            "cases not passing cleanly that got no broken answer: {stray:?}"
        ));
    }
    // Every finding rests on a documented fact or names its assumption: none is unfounded.
    problems.extend(unfounded(&all));
    let failing = all
        .iter()
        .any(|o| o["verdict"] != "pass" && o["verdict"] != "skipped");
    let expected_exit = if failing { 100 } else { 0 };
    if run.code() != Some(expected_exit) {
        problems.push(format!(
            "exit code {:?}, expected {expected_exit}",
            run.code()
        ));
    }
    let files = match run_files(ran) {
        Ok(f) => f,
        Err(e) => {
            problems.push(e);
            return Err(problems);
        }
    };
    let mut caught = 0;
    for name in &injected {
        let Some(o) = outcome(report, name) else {
            problems.push(format!("{name}: not in the report"));
            continue;
        };
        let result = if declared.contains(name) {
            documented_caught(m, name, o, run, &files)
        } else {
            generated_noticed(m, name, o)
        };
        match result {
            Ok(()) => caught += 1,
            Err(mut p) => problems.append(&mut p),
        }
    }
    if problems.is_empty() {
        Ok(caught)
    } else {
        Err(problems)
    }
}

/// Every failure and warning of `outcomes` (and their steps) that names neither a documented
/// fact nor an assumption, as a problem.
pub(crate) fn unfounded(outcomes: &[&Value]) -> Vec<String> {
    let mut out = Vec::new();
    let mut walk = vec![];
    walk.extend(outcomes.iter().copied());
    while let Some(o) = walk.pop() {
        walk.extend(o["steps"].as_array().into_iter().flatten());
        let findings = ["failures", "warnings"]
            .into_iter()
            .flat_map(|k| o[k].as_array().into_iter().flatten());
        for f in findings {
            let facts = f["facts"].as_array().is_some_and(|a| !a.is_empty());
            if !facts && f.get("assumption").is_none() && f["check"] != "input" {
                out.push(format!("{}: an unfounded finding {f}", o["name"]));
            }
        }
    }
    out
}

/// The report files of the one run directory.
struct RunFiles {
    dir: std::path::PathBuf,
    summary: String,
    junit: String,
}

fn run_files(ran: &Ran) -> Result<RunFiles, String> {
    let run_dirs: Vec<_> = std::fs::read_dir(ran.reports.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n != "latest" && !n.starts_with('.'))
        })
        .collect();
    let [dir] = run_dirs.as_slice() else {
        return Err(format!("expected one run directory, found {run_dirs:?}"));
    };
    for file in ["report.json", "summary.md", "junit.xml"] {
        if !dir.join(file).is_file() {
            return Err(format!("{file} missing in {}", dir.display()));
        }
    }
    Ok(RunFiles {
        dir: dir.clone(),
        summary: std::fs::read_to_string(dir.join("summary.md")).unwrap_or_default(),
        junit: std::fs::read_to_string(dir.join("junit.xml")).unwrap_or_default(),
    })
}

/// Whether a failure or warning entry is of `check` at `path` and mentions `mentions`.
/// Whether `f` is a failure of `check` at `path` whose text, or a fact it names, mentions
/// `mentions`.
fn matches(f: &Value, check: CheckKind, path: &str, mentions: &str) -> bool {
    f["check"] == serde_json::to_value(check).unwrap()
        && f["path"] == path
        && format!("{} {} {}", f["expected"], f["actual"], f["facts"]).contains(mentions)
}

/// A documented case whose answer was broken: ended as the table says, in every report.
fn documented_caught(
    m: &Mutant,
    name: &str,
    o: &Value,
    run: &BinRun,
    files: &RunFiles,
) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    if !files.summary.contains(name) || !files.junit.contains(name) {
        problems.push(format!("{name}: not in summary.md or junit.xml"));
    }
    if m.step.is_some() && o["failed_step"].as_u64() != m.step.map(|n| n as u64) {
        problems.push(format!(
            "{name}: failed at step {}, expected step {:?}",
            o["failed_step"], m.step
        ));
    }
    let diff = diff_path(&files.dir, name, o);
    if !matches!(m.caught, Caught::Assumed(..)) && !diff.is_file() {
        problems.push(format!("{name}: no diff file {}", diff.display()));
    }
    let console = console_section(&run.stdout, name).unwrap_or("");
    match m.caught {
        Caught::Check(check, path, mentions) => {
            let hit = o["failures"]
                .as_array()
                .into_iter()
                .flatten()
                .any(|f| matches(f, check, path, mentions));
            let line = if path.is_empty() {
                format!("[{}]: ", check.name())
            } else {
                format!("[{}] at {path}: ", check.name())
            };
            if !hit {
                problems.push(format!(
                    "{name}: no `{}` failure at {path:?} mentioning {mentions:?}: {:#}",
                    check.name(),
                    o["failures"]
                ));
            }
            if !console.contains(&line) {
                problems.push(format!(
                    "{name}: the console does not show {line:?}:\n{console}"
                ));
            }
        }
        Caught::Error(kind, mentions) => {
            let kind = serde_json::to_value(kind).unwrap();
            let hit = o["verdict"] == "error"
                && o["error"]["kind"] == kind
                && o["error"]["message"]
                    .as_str()
                    .is_some_and(|m| m.contains(mentions));
            let line = format!("error ({}): ", kind.as_str().unwrap());
            if !hit {
                problems.push(format!(
                    "{name}: expected a `{}` error mentioning {mentions:?}, got {} {:#}",
                    kind.as_str().unwrap(),
                    o["verdict"],
                    o["error"]
                ));
            }
            if !console.contains(&line) {
                problems.push(format!(
                    "{name}: the console does not show {line:?}:\n{console}"
                ));
            }
        }
        Caught::Assumed(check, path, mentions, assumption) => {
            let hit = o["verdict"] == "pass"
                && o["warnings"].as_array().into_iter().flatten().any(|w| {
                    matches(w, check, path, mentions) && w["assumption"] == assumption.name()
                });
            if !hit {
                problems.push(format!(
                    "{name}: expected a pass with a `{}` warning at {path:?} naming {assumption}: {o:#}",
                    check.name()
                ));
            }
            // The console tail lists it as a finding that names the assumption.
            let tail = format!("[{}] at {path} (inferred: {assumption}", check.name());
            if !run.stderr.contains(&tail) {
                problems.push(format!(
                    "{name}: the findings do not show {tail:?}:\n{}",
                    run.stderr
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// A generated case whose answer was broken noticed it: it failed, errored or warned.
fn generated_noticed(m: &Mutant, name: &str, o: &Value) -> Result<(), Vec<String>> {
    let warned = !o["warnings"].as_array().unwrap().is_empty();
    if !m.generated_notice || o["verdict"] != "pass" || warned {
        return Ok(());
    }
    Err(vec![format!(
        "{name}: got a broken answer and passed without a word: {o:#}"
    )])
}

impl Mode {
    /// The configurations a mutant runs in.
    pub(crate) fn of(m: &Mutant) -> Vec<Mode> {
        [Mode::Plain, Mode::Default]
            .into_iter()
            .filter(|mode| m.only.is_none_or(|o| o == *mode))
            .collect()
    }

    /// The trial name's part: `plain` or `default`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Mode::Plain => "plain",
            Mode::Default => "default",
        }
    }
}

/// What one caught mutation scored: the answers the proxy broke, all of them caught.
pub(crate) struct Scored {
    /// Broken answers (each caught).
    pub answers: usize,
    /// The run's wall time, for the table.
    pub seconds: f64,
}

/// Runs one mutation in one configuration and judges it: its score, or every reason it was
/// missed.
pub(crate) fn run_mutant(m: &Mutant, mode: Mode) -> Result<Scored, String> {
    let timeout = m.timeout_ms.unwrap_or(10_000);
    let ran = run_one(
        runtime(),
        m.fault.clone(),
        m.strict,
        timeout,
        mode,
        m.step.is_some(),
    );
    if ran.injected.is_empty() {
        return Err(format!("{}: the proxy broke no answer", m.id));
    }
    match judge(m, &ran, mode) {
        Ok(caught) if caught == ran.injected.len() => Ok(Scored {
            answers: caught,
            seconds: ran.run.elapsed.as_secs_f64(),
        }),
        Ok(caught) => Err(format!(
            "{}: {caught} of {} broken answers caught",
            m.id,
            ran.injected.len()
        )),
        Err(problems) => Err(format!("{}:\n  {}", m.id, problems.join("\n  "))),
    }
}

/// A control run passes every trial, with one request per case (and scenario step).
fn assert_passes(r: &Ran, requests: usize, trials: usize) {
    assert_eq!(r.run.code(), Some(0), "{}", r.run.text());
    assert_eq!(r.requests, requests);
    let report = r.report.as_ref().unwrap();
    assert_eq!(report["totals"]["passed"], trials, "{:#}", report["totals"]);
}

/// Control: the proxy with no mutation is transparent over the whole suite, scenarios included.
pub(crate) fn control_the_proxy_alone_breaks_nothing() {
    let suite = suite();
    let identity = Fault {
        target: Target::op("cardStatusChange"),
        mutation: Mutation::Identity,
    };
    let ran = run_one(runtime(), identity, false, 10_000, Mode::Plain, true);
    assert_passes(
        &ran,
        suite.cases + suite.steps,
        suite.cases + suite.scenarios,
    );
    assert!(ran.injected.is_empty());
}

/// Control: an undeclared field without `--strict` is a warning on the one case it touches.
pub(crate) fn control_an_unknown_field_only_warns_without_strict() {
    let suite = suite();
    let extra = Fault {
        target: Target::op("cardStatusChange").status(200),
        mutation: Mutation::Add("/cardStatus", json!("SUSPENDED")),
    };
    let ran = [run_one(runtime(), extra, false, 10_000, Mode::Plain, false)];
    assert_passes(&ran[0], suite.cases, suite.cases);
    assert_eq!(ran[0].injected.len(), 1);
    let report = ran[0].report.as_ref().unwrap();
    let o = outcome(report, "cardStatusChange::success").unwrap();
    assert_eq!(o["warnings"][0]["check"], "unknown-field", "{o:#}");
    assert_eq!(o["warnings"][0]["path"], "/cardStatus", "{o:#}");
    assert_eq!(report["totals"]["warnings"], 1);
    assert!(
        Path::new(ran[0].reports.path())
            .join("latest/summary.md")
            .is_file()
    );
}
