//! Every command's console is terminal-safe: a server's answer holding ESC, BEL or CR (a
//! window retitle, a screen clear, a line overwritten) reaches `replay`'s and `probe`'s
//! console as visible escapes, as it does `run`'s (#27 G13), and a code with a newline in it
//! leaves `probe`'s fragment valid YAML holding that code (#27 M4).

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::fault::{BinRun, run_binary};
use support::gateway::runtime;
use support::{Canned, CannedServer};

/// A window retitle, a bell, a screen clear and a carriage return that hides what was before.
const HOSTILE: &str = "\u{1b}]0;owned\u{7}\u{1b}[2J\rall good";

fn steered(ran: &BinRun) -> Vec<char> {
    let both = format!("{}{}", ran.stdout, ran.stderr);
    ['\u{1b}', '\u{7}', '\r', '\u{9b}']
        .into_iter()
        .filter(|c| both.contains(*c))
        .collect()
}

#[test]
fn replay_shows_a_hostile_answer_as_visible_escapes() {
    let rt = runtime();
    let text = Canned {
        headers: vec![("content-type".into(), "text/plain".into())],
        body: HOSTILE.to_string(),
        ..Canned::json(200, json!({}))
    };
    let server = rt.block_on(CannedServer::start(text));
    let ran = run_binary(
        &[
            "replay",
            "cardDeliveryInquiry::success",
            "--base-url",
            &server.base_url,
        ],
        Duration::from_secs(60),
    );
    assert!(!ran.panicked(), "{}", ran.text());
    assert!(ran.stdout.contains("all good"), "{}", ran.text());
    assert!(steered(&ran).is_empty(), "{:?}", ran.stdout);
    assert!(ran.stdout.contains("\\u{1b}]0;owned"), "{:?}", ran.stdout);
}

#[test]
fn probe_shows_a_hostile_code_escaped_and_its_fragment_stays_yaml() {
    let rt = runtime();
    let code = format!("{HOSTILE}\nmessage-field: planted");
    let answer = json!({"response": {"code": code, "description": "\u{1b}[2Jbad"}});
    let server = rt.block_on(CannedServer::start(Canned::json(400, answer)));
    let ran = run_binary(
        &["probe", "--base-url", &server.base_url],
        Duration::from_secs(60),
    );
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    assert!(steered(&ran).is_empty(), "{:?}", ran.stdout);
    let fragment: Value = serde_yaml::from_str(&ran.stdout)
        .unwrap_or_else(|e| panic!("not YAML: {e}\n{}", ran.stdout));
    assert_eq!(
        fragment["header-errors"]["malformed"]["code"].as_str(),
        Some(code.as_str()),
        "{}",
        ran.stdout
    );
    assert_ne!(fragment["message-field"], "planted", "{}", ran.stdout);
}
