//! `replay --script`: the script, run as it is with bash, curl and openssl against the
//! standalone reference mock (`konaplate-conformance mock`), gets the answer the replay got,
//! and holds no secret: no credential, no card number or PAR, no key.
//!
//! Skipped, saying so, when bash, curl or openssl is missing.

use crate::support;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use konaplate_conformance::mask::Masker;
use konaplate_conformance::{jwe, profile};
use serde_json::Value;
use support::binary::StandaloneMock;
use support::fault::run_binary;

const ACCESS_KEY: &str = "KPTESTACCESSKEY0000000000000000000000001";
const SECRET_KEY: &str = "kp-test-secret-key-do-not-use-in-production";
const CRYPTO_KEY_ID: &str = "KPTESTCRYPTOKEYID000000000000001";

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

/// `replay NAME --script SCRIPT` against the standalone mock, with encryption `on` or `off`.
fn replay_with_script(
    mock: &StandaloneMock,
    name: &str,
    encryption: &str,
    script: &Path,
) -> support::fault::BinRun {
    let script = script.to_str().unwrap();
    let args = [
        "replay",
        name,
        "--base-url",
        &mock.url,
        "--encryption",
        encryption,
        "--script",
        script,
    ];
    run_binary(&args, Duration::from_secs(60))
}

/// Every `(status, body)` a replay printed, in order (one per step of a scenario).
fn replayed_answers(stdout: &str) -> Vec<(u16, String)> {
    let lines: Vec<&str> = stdout.lines().collect();
    let mut answers = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("HTTP ") else {
            continue;
        };
        let status = rest.split_whitespace().next().unwrap().parse().unwrap();
        let blank = at + lines[at..].iter().position(|l| l.is_empty()).unwrap();
        answers.push((status, lines[blank + 1].to_string()));
    }
    answers
}

/// Every `(status, body)` curl printed (`--include`, then a newline of the script's own).
fn script_answers(stdout: &str) -> Vec<(u16, String)> {
    stdout
        .split("HTTP/1.1 ")
        .skip(1)
        .map(|answer| {
            let (head, body) = answer.split_once("\r\n\r\n").unwrap();
            let status = head.split_whitespace().next().unwrap().parse().unwrap();
            (status, body.trim_end().to_string())
        })
        .collect()
}

/// Runs the script with the credentials and `extra` in the environment: exit code, stdout,
/// stderr.
fn run_script(
    script: &Path,
    secret_key: &str,
    extra: &[(String, String)],
) -> (i32, String, String) {
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
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The plaintext of an encrypted answer, opened with the mock profile's client key; any other
/// answer as it is.
fn opened(body: &str) -> String {
    let Ok(v) = serde_json::from_str::<Value>(body) else {
        return body.to_string();
    };
    let Some(token) = jwe::enc_data(&v) else {
        return body.to_string();
    };
    let key = std::fs::read_to_string("tests/keys/client-private-TEST-ONLY.pem").unwrap();
    let key = jwe::PrivateKey::from_pem(&key).unwrap();
    String::from_utf8(jwe::decrypt(token, &key).unwrap().plaintext).unwrap()
}

/// Every committed case and scenario, by name, with the request bodies it sends (profile
/// variables in place), in order.
fn committed() -> Vec<(String, Vec<Value>)> {
    use konaplate_conformance::case::{self, Body};
    use konaplate_conformance::{scenario, spec};
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let json = |b: &Body| match b {
        Body::Json(v) => v.clone(),
        _ => Value::Null,
    };
    let mut all = Vec::new();
    for file in case::load_dir(Path::new("cases"), &spec, &profile).unwrap() {
        for c in file.cases {
            all.push((c.name(), vec![json(&c.request.body)]));
        }
    }
    for loaded in scenario::load_dir(Path::new("cases/scenarios"), &spec, &profile).unwrap() {
        let s = loaded.scenario.unwrap();
        let bodies = s.steps.iter().map(|st| json(&st.request.body)).collect();
        all.push((s.name(), bodies));
    }
    all
}

/// The values a script asks for (`export NAME: the value at POINTER of request N, ...`), from
/// the bodies the case sent.
fn asked_for(stderr: &str, bodies: &[Value]) -> Vec<(String, String)> {
    stderr
        .lines()
        .filter_map(|l| l.strip_prefix("export "))
        .filter(|l| l.starts_with("KONAPLATE_REPLAY_"))
        .map(|l| {
            let (var, hint) = l.split_once(": ").unwrap();
            let rest = hint
                .strip_prefix("the value at ")
                .unwrap_or_else(|| panic!("{hint}"));
            let (pointer, rest) = rest.split_once(" of request ").unwrap();
            let n: usize = rest.split(',').next().unwrap().parse().unwrap();
            let value = match bodies[n - 1].pointer(pointer).unwrap() {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            (var.to_string(), value)
        })
        .collect()
}

/// The card numbers in the bodies, as written there.
fn cards_in(bodies: &[Value]) -> Vec<String> {
    bodies
        .iter()
        .map(Value::to_string)
        .flat_map(|text| {
            konaplate_conformance::mask::cards::find(&text)
                .into_iter()
                .map(move |f| text[f.span].to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The script of every committed case and scenario gets the answers the replay got, holds no
/// secret, and signs with the key from the environment.
fn every_committed_script_reproduces(encryption: &str) {
    if skipped_without_tools() {
        return;
    }
    let mock = StandaloneMock::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let private_key = std::fs::read_to_string("tests/keys/client-private-TEST-ONLY.pem").unwrap();
    let masker = Masker::default();
    let committed = committed();
    let documented = support::suite().trials();
    assert_eq!(committed.len(), documented);
    let mut checked_the_key = false;
    for (name, bodies) in &committed {
        let script = dir.path().join(format!("{}.sh", name.replace("::", "-")));
        mock.reset();
        let ran = replay_with_script(&mock, name, encryption, &script);
        assert_eq!(ran.code(), Some(0), "{}", ran.text());
        let text = std::fs::read_to_string(&script).unwrap();
        let secrets = [
            ACCESS_KEY,
            SECRET_KEY,
            CRYPTO_KEY_ID,
            private_key.lines().nth(1).unwrap(),
        ];
        for secret in secrets
            .map(String::from)
            .into_iter()
            .chain(cards_in(bodies))
        {
            assert!(
                !text.contains(&secret),
                "{name}: the script holds {secret}:\n{text}"
            );
        }
        // Without the values it takes out, the script says which to export, and sends nothing.
        let extra = if text.contains("kp_need KONAPLATE_REPLAY_") {
            let (code, stdout, stderr) = run_script(&script, SECRET_KEY, &[]);
            assert_eq!((code, stdout.as_str()), (2, ""), "{name}: {stderr}");
            asked_for(&stderr, bodies)
        } else {
            vec![]
        };
        mock.reset();
        let (code, stdout, stderr) = run_script(&script, SECRET_KEY, &extra);
        assert_eq!(code, 0, "{name}: {stdout}\n{stderr}\n{text}");
        let got: Vec<(u16, String)> = script_answers(&stdout)
            .into_iter()
            .map(|(status, body)| (status, masker.body(&opened(&body))))
            .collect();
        assert_eq!(
            got,
            replayed_answers(&ran.stdout),
            "{name} ({encryption}):\n{text}"
        );
        // Negative control: the token is computed from the environment, and checked.
        if !checked_the_key {
            let (_, wrong, _) = run_script(&script, "not-the-secret-key", &extra);
            assert_eq!(script_answers(&wrong)[0].0, 401, "{name}");
            checked_the_key = true;
        }
    }
}

#[test]
fn every_committed_case_and_scenario_replays_from_its_script_encrypted() {
    every_committed_script_reproduces("on");
}

#[test]
fn every_committed_case_and_scenario_replays_from_its_script_in_plaintext() {
    every_committed_script_reproduces("off");
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
    let mock = StandaloneMock::start(&[]);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("scenario.sh");
    let name = "scenario::pre-issue-then-inquiry";
    let ran = replay_with_script(&mock, name, "on", &script);
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
