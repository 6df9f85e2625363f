//! `facts`: the ledger as text and as JSON, and a spec that cannot be read is an input error.

use std::path::Path;
use std::process::Output;

use konaplate_conformance::facts::Ledger;
use konaplate_conformance::spec;
use serde_json::Value;

use crate::support;

fn bin(args: &[&str]) -> Output {
    let (mut command, _reports) = support::binary::command();
    command.args(args).output().unwrap()
}

#[test]
fn facts_lists_the_ledger_as_text_and_json() {
    let ledger = Ledger::build(&spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap());

    let o = bin(&["facts", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let listed: Vec<&str> = doc["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    let built: Vec<&str> = ledger.facts.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(listed, built);
    assert_eq!(doc["counts"]["total"], built.len());
    let fee = doc["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "expiredCardReissue.lifecycle.fee-may-be-charged")
        .unwrap();
    assert_eq!(fee["checkable"], false);
    assert!(fee["not_checkable"].as_str().unwrap().contains("charged"));

    let o = bin(&["facts"]);
    assert_eq!(o.status.code(), Some(0));
    let text = String::from_utf8(o.stdout).unwrap();
    let first = text.lines().next().unwrap();
    assert!(
        first.contains(&format!("{} documented facts", built.len())),
        "{first}"
    );
    assert!(text.contains("  cardDeliveryCancel.response.mobileCardNo.optional: Optional\n"));
    assert!(text.contains("      not checkable: "));
}

#[test]
fn a_spec_with_a_bad_lifecycle_rule_is_an_input_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(spec::DEFAULT_SPEC_PATH).unwrap();
    let bad = text.replacen(
        "          code: \"003_022\"\n",
        "          code: \"003_099\"\n",
        1,
    );
    let line = bad
        .lines()
        .position(|l| l.contains("003_099"))
        .map(|i| i + 1)
        .unwrap();
    let path = dir.path().join("spec.yaml");
    std::fs::write(&path, bad).unwrap();
    let o = bin(&["facts", "--spec", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(stderr.contains(&format!("spec.yaml:{line}:")), "{stderr}");
    assert!(
        stderr.contains("`003_099` is not in the operation's x-error-codes"),
        "{stderr}"
    );
}

/// A reader that stops early (`facts --format json | head -c 10`) closes the pipe: the command
/// ends without a panic, as a Unix tool would.
#[test]
fn a_reader_that_goes_away_is_no_panic() {
    use std::io::Read as _;
    use std::process::Stdio;

    let (mut command, _reports) = support::binary::command();
    let mut child = command
        .args(["facts", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe's read end is dropped here; the ledger's JSON is far larger than a pipe buffer,
    // so the writer meets the closed pipe.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
