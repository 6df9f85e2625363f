//! The whole suite through the binary against the embedded reference mock, with message
//! encryption on (the default mock profile), off (by `KONAPLATE_ENCRYPTION=off` and by the
//! profile's `enabled: false`), and with a key file missing; and what the reports say about it.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `run` with a report directory, our environment cleared of settings that would change it.
fn run(report_dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_konaplate-conformance"));
    cmd.arg("run")
        .arg("--report-dir")
        .arg(report_dir)
        .args(args)
        .current_dir(root());
    for name in [
        "KONAPLATE_BASE_URL",
        "KONAPLATE_TARGET",
        "KONAPLATE_ENCRYPTION",
        "KONAPLATE_ACCESS_KEY",
        "KONAPLATE_SECRET_KEY",
        "KONAPLATE_CRYPTO_KEY_ID",
    ] {
        cmd.env_remove(name);
    }
    cmd.env("NO_COLOR", "1").envs(env.iter().copied());
    cmd.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn report(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("latest/report.json")).unwrap()).unwrap()
}

/// `(request, response)` encryption of a case's exchange in report.json.
fn flags(report: &Value, name: &str) -> (bool, bool) {
    let o = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == name)
        .unwrap_or_else(|| panic!("no case {name}"));
    let e = &o["exchange"]["encryption"];
    (
        e["request"].as_bool().unwrap(),
        e["response"].as_bool().unwrap(),
    )
}

fn all_passed(report: &Value) -> bool {
    let t = &report["totals"];
    t["failed"] == 0 && t["errors"] == 0 && t["passed"].as_u64().unwrap() > 0
}

fn encrypted_exchanges(report: &Value) -> usize {
    report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| {
            let e = &o["exchange"]["encryption"];
            e["request"] == true || e["response"] == true
        })
        .count()
}

/// Everything written under `dir`, as one string.
fn all_files(dir: &Path) -> String {
    let mut out = String::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
            }
        }
    }
    out
}

#[test]
fn the_suite_passes_with_encryption_on_and_the_reports_say_which_exchanges_were_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &[], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(dir.path());
    assert!(all_passed(&r), "{r:#}");
    for (name, expected) in [
        ("preIssueWaitingPhysical::success", (true, true)),
        (
            "preIssueWaitingPhysical::invalid-input-parameter",
            (true, true),
        ),
        ("expiredCardReissue::success", (true, false)),
        ("cardDeliveryCancel::success", (false, true)),
        ("cardDeliveryCancel::invalid-input-parameter", (false, true)),
        ("cardStatusChange::success", (false, false)),
        ("cardDeliveryInquiry::success", (false, false)),
    ] {
        assert_eq!(flags(&r, name), expected, "{name}");
    }
    // The bodies shown are the decrypted ones, masked.
    let success = r["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["name"] == "preIssueWaitingPhysical::success")
        .unwrap();
    let request: Value =
        serde_json::from_str(success["exchange"]["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(request["physicalCardCVC"], "[REDACTED]");
    assert_eq!(
        success["exchange"]["response"]["json"]["response"]["code"],
        "000_000"
    );
    let summary = std::fs::read_to_string(dir.path().join("latest/summary.md")).unwrap();
    assert!(
        summary.contains("| Encryption | JWE on "),
        "summary.md says how many exchanges were encrypted:\n{summary}"
    );
    let junit = std::fs::read_to_string(dir.path().join("latest/junit.xml")).unwrap();
    assert!(junit.contains(r#"<property name="encrypted-request" value="true"/>"#));
    // Neither ciphertext nor key material reaches a report.
    let everything = all_files(dir.path());
    assert!(!everything.contains("encData"));
    let key =
        std::fs::read_to_string(root().join("tests/keys/client-private-TEST-ONLY.pem")).unwrap();
    for line in key.lines().filter(|l| !l.starts_with("-----")) {
        assert!(!everything.contains(line), "key material in a report");
    }
}

#[test]
fn the_suite_passes_with_encryption_off_by_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &[], &[("KONAPLATE_ENCRYPTION", "off")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(dir.path());
    assert!(all_passed(&r), "{r:#}");
    assert_eq!(encrypted_exchanges(&r), 0);
    let summary = std::fs::read_to_string(dir.path().join("latest/summary.md")).unwrap();
    assert!(!summary.contains("| Encryption |"), "{summary}");
}

#[test]
fn the_suite_passes_with_encryption_off_in_the_profile() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path().join("plain.yaml");
    let text_ = std::fs::read_to_string(root().join("cases/targets/mock.yaml")).unwrap();
    assert!(text_.contains("  enabled: true\n"));
    // In another directory the relative key paths lead nowhere: off needs no keys at all.
    std::fs::write(
        &profile,
        text_.replace("  enabled: true\n", "  enabled: false\n"),
    )
    .unwrap();
    let o = run(
        &dir.path().join("reports"),
        &["--target", profile.to_str().unwrap()],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let r = report(&dir.path().join("reports"));
    assert!(all_passed(&r), "{r:#}");
    assert_eq!(encrypted_exchanges(&r), 0);
}

#[test]
fn a_missing_key_file_fails_only_the_cases_that_need_it_and_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let keys: PathBuf = root().join("tests/keys");
    let text_ = std::fs::read_to_string(root().join("cases/targets/mock.yaml"))
        .unwrap()
        .replace(
            "../../tests/keys/server-public-TEST-ONLY.pem",
            "no-such-server-key.pem",
        )
        .replace("../../tests/keys/", &format!("{}/", keys.display()));
    let profile = dir.path().join("missing.yaml");
    std::fs::write(&profile, text_).unwrap();
    let reports = dir.path().join("reports");
    let o = run(&reports, &["--target", profile.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(100), "{}", text(&o));
    let r = report(&reports);
    let missing = dir.path().join("no-such-server-key.pem");
    for o in r["outcomes"].as_array().unwrap() {
        let name = o["name"].as_str().unwrap();
        // A scenario needs it when one of its steps does.
        let operations: Vec<&str> = match o["steps"].as_array() {
            Some(steps) => steps
                .iter()
                .map(|s| s["operation"].as_str().unwrap())
                .collect(),
            None => vec![o["operation"].as_str().unwrap()],
        };
        let needs_the_key = operations
            .iter()
            .any(|op| ["preIssueWaitingPhysical", "expiredCardReissue"].contains(op));
        if needs_the_key {
            assert_eq!(o["verdict"], "error", "{name}");
            let message = o["error"]["message"].as_str().unwrap();
            assert!(
                message.contains(&missing.display().to_string())
                    && message.contains("cannot read the server public key file"),
                "{message}"
            );
        } else {
            assert_eq!(o["verdict"], "pass", "{name}: {o:#}");
        }
    }
}

#[test]
fn a_bad_encryption_switch_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &[], &[("KONAPLATE_ENCRYPTION", "sometimes")]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("KONAPLATE_ENCRYPTION must be `on` or `off`"),
        "{}",
        text(&o)
    );
}
