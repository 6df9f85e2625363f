//! `--record DIR` and masking: the console lines and every byte the proxy records hold no card
//! number, CVC, key or Tran-Token, and the drafts are one case per distinct operation and
//! result code of the clean exchanges. The same search over what the client sent finds every
//! secret, so the search can fail.

mod mock_client;
mod proxy_rig;
mod support;

use std::collections::BTreeSet;

use konaplate_conformance::mock::{TEST_ACCESS_KEY, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY};
use konaplate_conformance::proxy::{CASES, EXCHANGES};
use mock_client::{INQUIRY, STATUS, WAITING, signed_headers};
use proxy_rig::{Rig, bytes, inquiry, sealed};
use serde_json::{Value, json};
use support::leak::{contains, every_file};

/// What a client sends: the path, the plaintext it means, and whether it seals it.
struct Sent {
    path: &'static str,
    plain: Value,
    sealed: bool,
    headers: Vec<(&'static str, String)>,
    wire: Vec<u8>,
}

fn sent(path: &'static str, plain: Value, seal: bool) -> Sent {
    let wire = if seal {
        sealed(&plain)
    } else {
        bytes(plain.clone())
    };
    Sent {
        path,
        headers: signed_headers(&wire),
        plain,
        sealed: seal,
        wire,
    }
}

fn traffic() -> Vec<Sent> {
    let user = 50_000_104_652u64;
    let waiting = json!({"userId": user, "physicalCardNo": "9420000000000001",
        "physicalCardExpDate": "3108", "physicalCardCVC": "123"});
    let mut bad_hmac = sent(INQUIRY, serde_json::from_slice(&inquiry()).unwrap(), false);
    bad_hmac.headers = signed_headers(b"{}");
    vec![
        sent(INQUIRY, serde_json::from_slice(&inquiry()).unwrap(), false),
        sent(
            INQUIRY,
            json!({"userId": user, "cardApplyNo": "CA20000000000000009999"}),
            false,
        ),
        sent(
            STATUS,
            json!({"userId": user, "cardNo": "9410000000000001", "status": "SUSPEND"}),
            false,
        ),
        sent(
            STATUS,
            json!({"userId": user, "cardNo": "9410000000009999", "status": "SUSPEND"}),
            false,
        ),
        sent(WAITING, waiting.clone(), true),
        // Plain to an encrypted operation: a finding, and its CVC on the wire in clear.
        sent(WAITING, waiting, false),
        bad_hmac,
        // The same operation and code again: no second draft.
        sent(INQUIRY, serde_json::from_slice(&inquiry()).unwrap(), false),
    ]
}

/// Card numbers, keys and every Tran-Token the client sent.
fn secrets(traffic: &[Sent]) -> Vec<String> {
    let mut out: Vec<String> = [TEST_ACCESS_KEY, TEST_SECRET_KEY, TEST_CRYPTO_KEY_ID]
        .iter()
        .chain(&["9410000000000001", "9420000000000001", "9410000000009999"])
        .map(|s| s.to_string())
        .collect();
    for s in traffic {
        out.extend(
            s.headers
                .iter()
                .filter(|(n, _)| *n == "X-KM-Tran-Token")
                .map(|(_, v)| v.clone()),
        );
    }
    out
}

/// The secrets found in `hay`.
fn leaks(hay: &[u8], secrets: &[String]) -> Vec<String> {
    secrets
        .iter()
        .filter(|s| contains(hay, s))
        .cloned()
        .collect()
}

/// Every value under a key that names a verification code, anywhere in `v`.
fn cvc_values(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                if k.to_ascii_lowercase().contains("cvc") {
                    out.push(v.to_string());
                }
                cvc_values(v, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| cvc_values(v, out)),
        _ => {}
    }
}

#[tokio::test]
async fn lines_and_recorded_files_hold_no_secret_and_drafts_are_one_per_code() {
    let dir = tempfile::tempdir().unwrap();
    let rig = Rig::start(Some(dir.path().to_path_buf())).await;
    let traffic = traffic();
    for s in &traffic {
        rig.post(s.path, &s.wire, &s.headers).await;
    }
    let seen = rig.proxy.seen();
    let summary = rig.proxy.shutdown().await;
    assert_eq!(summary.exchanges, traffic.len() as u64);
    assert_eq!(
        (summary.count("tran-token"), summary.count("encryption")),
        (1, 1)
    );

    // Nothing secret in the lines or in any recorded byte.
    let secrets = secrets(&traffic);
    let lines = rig.lines.lock().unwrap().join("\n");
    assert!(
        !lines.contains("escaped masking"),
        "the guard found nothing to mask: {lines}"
    );
    assert_eq!(
        leaks(lines.as_bytes(), &secrets),
        Vec::<String>::new(),
        "{lines}"
    );
    for (path, bytes) in &every_file(dir.path()) {
        assert_eq!(
            leaks(bytes, &secrets),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
    }
    // CVCs by field: masked in the exchanges, a profile placeholder in the drafts.
    let exchanges = std::fs::read_to_string(dir.path().join(EXCHANGES)).unwrap();
    let mut cvcs = Vec::new();
    for line in exchanges.lines() {
        cvc_values(&serde_json::from_str(line).unwrap(), &mut cvcs);
    }
    assert_eq!(exchanges.lines().count(), traffic.len());
    assert!(
        !cvcs.is_empty() && cvcs.iter().all(|v| v == "\"[REDACTED]\""),
        "{cvcs:?}"
    );

    // One draft per distinct (operation, code) of the exchanges without request findings.
    let expected: BTreeSet<(String, String)> = seen
        .iter()
        .filter(|s| s.findings.is_empty())
        .map(|s| (s.operation.clone().unwrap(), s.code.clone().unwrap()))
        .collect();
    let mut drafted = BTreeSet::new();
    let mut draft_cvcs = Vec::new();
    for entry in std::fs::read_dir(dir.path().join(CASES)).unwrap() {
        let path = entry.unwrap().path();
        let yaml: Value = serde_yaml::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let op = yaml["operation"].as_str().unwrap().to_string();
        for case in yaml["cases"].as_array().unwrap() {
            let code = case["expect"]["code"].as_str().unwrap().to_string();
            assert!(
                drafted.insert((op.clone(), code)),
                "{}: a code twice",
                path.display()
            );
            cvc_values(&case["request"]["body"], &mut draft_cvcs);
        }
    }
    assert_eq!(drafted, expected);
    assert!(
        expected.len() >= 4,
        "the traffic gives several codes: {expected:?}"
    );
    assert_eq!(draft_cvcs, ["\"{{physical.active.cvc}}\""]);
}

#[test]
fn the_search_finds_every_secret_in_what_the_client_sent() {
    let traffic = traffic();
    let mut raw = Vec::new();
    let mut cvcs = Vec::new();
    for s in &traffic {
        for (_, v) in &s.headers {
            raw.extend_from_slice(v.as_bytes());
        }
        raw.extend_from_slice(s.plain.to_string().as_bytes());
        cvc_values(&s.plain, &mut cvcs);
        assert_eq!(s.sealed, s.wire != bytes(s.plain.clone()));
    }
    // All but the HMAC key, which never travels.
    let secrets: Vec<String> = secrets(&traffic)
        .into_iter()
        .filter(|s| s != TEST_SECRET_KEY)
        .collect();
    assert_eq!(leaks(&raw, &secrets), secrets);
    assert!(cvcs.iter().any(|v| v == "\"123\""), "{cvcs:?}");
}
