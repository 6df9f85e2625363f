//! `replay --script`: the script, run as it is with bash, curl and openssl against the
//! standalone reference mock (`konaplate-conformance mock`), gets the answer the replay got,
//! and holds no secret: no credential, no card number or PAR, no key.
//!
//! Skipped, saying so, when bash, curl or openssl is missing.

mod support;

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use konaplate_conformance::{jwe, profile};
use serde_json::Value;
use support::fault::run_binary;

const ACCESS_KEY: &str = "KPTESTACCESSKEY0000000000000000000000001";
const SECRET_KEY: &str = "kp-test-secret-key-do-not-use-in-production";
const CRYPTO_KEY_ID: &str = "KPTESTCRYPTOKEYID000000000000001";

/// The standalone mock, killed when dropped.
struct Standalone {
    child: Child,
    base_url: String,
}

impl Standalone {
    fn start() -> Standalone {
        let mut child = Command::new(env!("CARGO_BIN_EXE_konaplate-conformance"))
            .args(["mock", "--listen", "127.0.0.1:0"])
            .env_remove("KONAPLATE_ACCESS_KEY")
            .env_remove("KONAPLATE_SECRET_KEY")
            .env_remove("KONAPLATE_CRYPTO_KEY_ID")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The mock says where it listens once it does: the event to wait for.
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let line = lines.next().unwrap().unwrap();
        let base_url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_string();
        Standalone { child, base_url }
    }
}

impl Drop for Standalone {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn missing_tools() -> Vec<&'static str> {
    ["bash", "curl", "openssl"]
        .into_iter()
        .filter(|tool| {
            Command::new(tool)
                .arg("--version")
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_err()
        })
        .collect()
}

/// Whether bash, curl or openssl is missing, said so on stderr: the test is then skipped.
#[expect(clippy::print_stderr, reason = "a skipped test says why")]
fn skipped_without_tools() -> bool {
    let missing = missing_tools();
    if !missing.is_empty() {
        eprintln!(
            "SKIPPED: replay scripts need {} on PATH",
            missing.join(", ")
        );
    }
    !missing.is_empty()
}

/// `replay NAME --script SCRIPT` against the standalone mock, with encryption on.
fn replay_with_script(mock: &Standalone, name: &str, script: &Path) -> support::fault::BinRun {
    let args = [
        "replay",
        name,
        "--base-url",
        &mock.base_url,
        "--encryption",
        "on",
        "--script",
    ];
    let mut args = args.to_vec();
    args.push(script.to_str().unwrap());
    run_binary(&args, Duration::from_secs(60))
}

/// The status and body a replay printed.
fn replayed_answer(stdout: &str) -> (u16, String) {
    let lines: Vec<&str> = stdout.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("HTTP ")).unwrap();
    let status = lines[at]
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let blank = at + lines[at..].iter().position(|l| l.is_empty()).unwrap();
    (status, lines[blank + 1].to_string())
}

/// Runs the script with the credentials (and `extra`) in the environment; status and body.
fn run_script(script: &Path, secret_key: &str, extra: &[(&str, String)]) -> (u16, String) {
    let mut command = Command::new("bash");
    command
        .arg(script)
        .env("KONAPLATE_ACCESS_KEY", ACCESS_KEY)
        .env("KONAPLATE_SECRET_KEY", secret_key)
        .env("KONAPLATE_CRYPTO_KEY_ID", CRYPTO_KEY_ID);
    for (k, v) in extra {
        command.env(k, v);
    }
    let out = command.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.trim().to_string())
}

/// The plaintext of an encrypted answer, opened with the mock profile's client key.
fn opened(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap();
    let key = std::fs::read_to_string("tests/keys/client-private-TEST-ONLY.pem").unwrap();
    let key = jwe::PrivateKey::from_pem(&key).unwrap();
    let token = jwe::enc_data(&v).unwrap();
    String::from_utf8(jwe::decrypt(token, &key).unwrap().plaintext).unwrap()
}

#[test]
fn a_replay_script_gets_the_same_answer_and_holds_no_secret() {
    if skipped_without_tools() {
        return;
    }
    let mock = Standalone::start();
    let dir = tempfile::tempdir().unwrap();
    let fixtures = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let var = |name: &str| match fixtures.var(name).unwrap() {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let card_no = var("card.terminated.cardNo");
    let cases: [(&str, Vec<(&str, String)>); 3] = [
        ("cardDeliveryInquiry::success", vec![]),
        // Card data in a plain body comes from the environment.
        (
            "cardStatusChange::card-already-terminated",
            vec![("KONAPLATE_REPLAY_CARDNO", card_no.clone())],
        ),
        // A sealed request and an encrypted answer.
        ("preIssueWaitingPhysical::wallet-user-not-found", vec![]),
    ];
    let private_key = std::fs::read_to_string("tests/keys/client-private-TEST-ONLY.pem").unwrap();
    for (name, extra) in cases {
        let script = dir.path().join(format!("{}.sh", name.replace("::", "-")));
        let ran = replay_with_script(&mock, name, &script);
        assert_eq!(ran.code(), Some(0), "{}", ran.text());
        let text = std::fs::read_to_string(&script).unwrap();
        for secret in [
            ACCESS_KEY,
            SECRET_KEY,
            CRYPTO_KEY_ID,
            &card_no,
            private_key.lines().nth(1).unwrap(),
        ] {
            assert!(
                !text.contains(secret),
                "{name}: the script holds a secret:\n{text}"
            );
        }
        let (status, body) = replayed_answer(&ran.stdout);
        let (script_status, script_body) = run_script(&script, SECRET_KEY, &extra);
        assert_eq!(script_status, status, "{name}");
        let script_body = if name.starts_with("preIssue") {
            assert!(script_body.contains("encData"), "{script_body}");
            opened(&script_body)
        } else {
            script_body
        };
        assert_eq!(script_body, body, "{name}");
        // Negative control: the token is computed from the environment, and checked.
        let (wrong, _) = run_script(&script, "not-the-secret-key", &extra);
        assert_eq!(wrong, 401, "{name}");
    }
}

#[test]
fn replay_names_an_unknown_case_clearly() {
    let ran = run_binary(
        &["replay", "cardDeliveryInquiry::sucess"],
        Duration::from_secs(60),
    );
    assert_eq!(ran.code(), Some(2), "{}", ran.text());
    assert!(
        ran.stderr
            .contains("did you mean `cardDeliveryInquiry::success`?"),
        "{}",
        ran.text()
    );
}

#[test]
fn a_scenario_replays_step_by_step_and_its_script_sends_every_step() {
    if skipped_without_tools() {
        return;
    }
    let mock = Standalone::start();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("scenario.sh");
    let name = "scenario::pre-issue-then-inquiry";
    let ran = replay_with_script(&mock, name, &script);
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    assert!(
        ran.stdout.contains(&format!("=== {name}: pass")),
        "{}",
        ran.text()
    );
    let replayed: Vec<&str> = ran
        .stdout
        .lines()
        .filter(|l| l.starts_with("HTTP "))
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(replayed, ["200", "200"], "{}", ran.stdout);
    let text = std::fs::read_to_string(&script).unwrap();
    let fixtures = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let physical = fixtures.var("scenario.linking.physical.cardNo").unwrap();
    for secret in [
        ACCESS_KEY,
        SECRET_KEY,
        CRYPTO_KEY_ID,
        physical.as_str().unwrap(),
    ] {
        assert!(!text.contains(secret), "the script holds a secret:\n{text}");
    }
    let out = Command::new("bash")
        .arg(&script)
        .env("KONAPLATE_ACCESS_KEY", ACCESS_KEY)
        .env("KONAPLATE_SECRET_KEY", SECRET_KEY)
        .env("KONAPLATE_CRYPTO_KEY_ID", CRYPTO_KEY_ID)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let statuses: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("HTTP/"))
        .map(|l| l.split_whitespace().nth(1).unwrap())
        .collect();
    assert_eq!(statuses, replayed, "{text}");
    // The plain second step answers as it did in the replay.
    let lines: Vec<&str> = ran.stdout.lines().collect();
    let at = lines.iter().rposition(|l| l.starts_with("HTTP ")).unwrap();
    let blank = at + lines[at..].iter().position(|l| l.is_empty()).unwrap();
    let script_body = text.rsplit("\r\n\r\n").next().unwrap().trim();
    assert_eq!(script_body, lines[blank + 1], "{text}");
}

#[test]
fn replay_prints_the_masked_exchange_and_its_checks() {
    let ran = run_binary(
        &["replay", "cardStatusChange::card-already-terminated"],
        Duration::from_secs(60),
    );
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    for needle in [
        "POST http://127.0.0.1:",
        "X-KM-Tran-Token: [REDACTED]",
        "HTTP 400",
        "checks: all passed",
    ] {
        assert!(ran.stdout.contains(needle), "{needle}\n{}", ran.text());
    }
    assert!(!ran.stdout.contains(ACCESS_KEY) && !ran.stdout.contains("9410000000000003"));
}
