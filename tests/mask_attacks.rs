//! A hostile target that echoes the run's secrets and card data in every odd shape, against the
//! release binary: no planted value (nor 12 characters of one) may reach standard output,
//! standard error, or any byte under the report directory.
//!
//! The server answers in turn with a JSON echo (request headers and body, card numbers with
//! spaces and dashes, 13- to 19-digit Luhn-valid numbers, card data inside arrays and objects
//! under card field names, CVC-like and credential response headers), a non-JSON page with a
//! secret or a grouped card number straddling the 120-character cut of the error message, and
//! an answer larger than the body cap, full of secrets. The base URL carries userinfo, and the
//! server public key variable holds key material without its `-----BEGIN` line.
//!
//! The negative control: the same search over what the server really sent finds every planted
//! value, so a clean run is not a search that cannot fail (tests/report_leak.rs shows the
//! renderers leak them all with masking off).

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use support::fault::{BinRun, read_report, run_binary_with};
use support::leak::{contains, every_file};
use tokio::net::TcpListener;

const ACCESS_KEY: &str = "AKattackQ7f3c9a1e2b5d8c0e4f6a7b9c1d3e5f7";
const SECRET_KEY: &str = "SKattack-5d8e2f4a9c0b1e3d7f6a";
const CRYPTO_KEY_ID: &str = "CKattack0a1b2c3d4e5f60718293a4b";
const URL_USER: &str = "kpuser";
const URL_PASSWORD: &str = "pwAttack9f3e7c2d1b";
/// `base64("kpuser:pwAttack9f3e7c2d1b")`, what a client sends as `Authorization: Basic`.
const BASIC: &str = "a3B1c2VyOnB3QXR0YWNrOWYzZTdjMmQxYg==";
/// Luhn-valid card numbers in the shapes the masker once missed.
const CARDS: [&str; 7] = [
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "3782-822463-10005",
    "378282246310005",
    "4222222222222",
    "6011000990139424",
    "4111111111111111110",
];
/// CVCs under card field names, in an array, an object and a header.
const CVCS: [&str; 3] = ["\"751\"", "752}", "\"753\""];

/// What the hostile server sent, for the negative control.
#[derive(Clone, Default)]
struct Sent(Arc<Mutex<Vec<u8>>>);

impl Sent {
    fn push(&self, bytes: &[u8]) {
        self.0.lock().unwrap().extend_from_slice(bytes);
    }
}

/// The key material planted in the server key variable: the public key without its PEM lines.
fn key_material() -> String {
    let pem = std::fs::read_to_string("tests/keys/server-public-TEST-ONLY.pem").unwrap();
    pem.lines()
        .filter(|l| !l.starts_with("-----"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every planted value whose bytes must not be written, with windows of 12 characters of the
/// long ones, so a value cut in part is caught too.
fn planted() -> Vec<String> {
    let mut whole: Vec<String> = [ACCESS_KEY, SECRET_KEY, CRYPTO_KEY_ID, URL_PASSWORD, BASIC]
        .into_iter()
        .chain(CARDS)
        .map(str::to_string)
        .collect();
    whole.extend(key_material().lines().map(str::to_string));
    let mut out: Vec<String> = CVCS.iter().map(|s| s.to_string()).collect();
    for value in whole {
        let chars: Vec<char> = value.chars().collect();
        for w in chars.windows(12.min(chars.len())) {
            out.push(w.iter().collect());
        }
    }
    out.sort();
    out.dedup();
    out
}

fn header_echo(headers: &HeaderMap) -> Value {
    headers
        .iter()
        .map(|(n, v)| {
            let value = String::from_utf8_lossy(v.as_bytes()).into_owned();
            (n.as_str().to_string(), Value::String(value))
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The answer to the `n`th request (see the module docs).
fn answer(
    n: usize,
    headers: &HeaderMap,
    body: &Bytes,
) -> (StatusCode, Vec<(String, String)>, String) {
    let access = headers
        .get("x-km-access-key")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .unwrap_or_default();
    let text = |s: String| {
        (
            StatusCode::OK,
            vec![("content-type".into(), "text/html".into())],
            s,
        )
    };
    match n % 4 {
        // The access key the request carried, from character 105: across the 120-character cut.
        1 => text(format!("{}{access} trailing", "x".repeat(105))),
        // A grouped card number across the cut.
        2 => text(format!("{}{} trailing", "y".repeat(110), CARDS[0])),
        // Too large for the body cap, secrets throughout.
        3 => text(format!("secret {access} card {} ", CARDS[1]).repeat(2_000)),
        _ => {
            let echo = json!({
                "response": {"code": "000_000", "description": format!("card {} {}", CARDS[1], CARDS[3])},
                "echo": {"headers": header_echo(headers), "body": String::from_utf8_lossy(body)},
                "cards": [CARDS[0], CARDS[2], CARDS[4], CARDS[5], CARDS[6]],
                "physicalCardCVC": ["751"],
                "mobileCardCVC": {"value": 752},
                "number": 4_111_111_111_111_111u64,
                "secretKey": SECRET_KEY,
            });
            let headers = vec![
                ("content-type".into(), "application/json".into()),
                ("x-card-cvc".into(), "753".into()),
                ("x-km-crypto-key-id".into(), CRYPTO_KEY_ID.into()),
                ("x-echo-access".into(), access),
                ("x-echo-card".into(), CARDS[0].into()),
            ];
            (StatusCode::OK, headers, echo.to_string())
        }
    }
}

/// Starts the hostile server; returns its address and what it sent.
async fn hostile_server() -> (String, Sent) {
    let sent = Sent::default();
    let count = Arc::new(AtomicUsize::new(0));
    let log = sent.clone();
    let app = axum::Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let (log, count) = (log.clone(), count.clone());
        async move {
            let n = count.fetch_add(1, Ordering::SeqCst);
            let (status, extra, text) = answer(n, &headers, &body);
            log.push(text.as_bytes());
            let mut response: Response = (status, text).into_response();
            for (name, value) in extra {
                // As a report shows it: `["x-card-cvc","753"]`.
                log.push(json!([name, value]).to_string().as_bytes());
                response.headers_mut().insert(
                    axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                    value.parse().unwrap(),
                );
            }
            response
        }
    });
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (addr.to_string(), sent)
}

/// A copy of the mock profile whose keys come from environment variables.
fn profile_with_key_vars(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string("cases/targets/mock.yaml")
        .unwrap()
        .replace(
            "server-public-key: { path: ../../tests/keys/server-public-TEST-ONLY.pem }",
            "server-public-key: { env: KP_ATTACK_SERVER_KEY }",
        )
        .replace(
            "client-private-key: { path: ../../tests/keys/client-private-TEST-ONLY.pem }",
            "client-private-key: { env: KP_ATTACK_CLIENT_KEY }",
        );
    assert!(text.contains("KP_ATTACK_SERVER_KEY") && text.contains("KP_ATTACK_CLIENT_KEY"));
    let path = dir.join("mock-with-key-vars.yaml");
    std::fs::write(&path, text).unwrap();
    path
}

/// `(where, planted value)` for every planted value found in the bytes.
fn found_in(place: &str, bytes: &[u8], planted: &[String]) -> Vec<(String, String)> {
    planted
        .iter()
        .filter(|p| contains(bytes, p))
        .map(|p| (place.to_string(), p.clone()))
        .collect()
}

fn run_hostile(addr: &str, reports: &Path) -> BinRun {
    let profile = profile_with_key_vars(reports.parent().unwrap());
    let url = format!("http://{URL_USER}:{URL_PASSWORD}@{addr}");
    let material = key_material();
    run_binary_with(
        &[
            "run",
            "--base-url",
            &url,
            "--target",
            profile.to_str().unwrap(),
            "--report-dir",
            reports.to_str().unwrap(),
            "--body-cap",
            "16384",
            "--encryption",
            "on",
        ],
        &[
            ("KONAPLATE_ACCESS_KEY", ACCESS_KEY),
            ("KONAPLATE_SECRET_KEY", SECRET_KEY),
            ("KONAPLATE_CRYPTO_KEY_ID", CRYPTO_KEY_ID),
            ("KP_ATTACK_SERVER_KEY", &material),
            ("KP_ATTACK_CLIENT_KEY", &material.replace('\n', "\\n")),
        ],
        Duration::from_secs(120),
        None,
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_hostile_echo_leaks_nothing_to_the_console_or_the_reports() {
    let (addr, sent) = hostile_server().await;
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let run = run_hostile(&addr, &reports);
    assert!(run.status.is_some() && !run.panicked(), "{}", run.text());
    assert_eq!(run.code(), Some(100), "{}", run.text());
    let planted = planted();

    // The negative control: what the server sent holds every planted value but the ones only
    // the client had (the URL password, the key material), which the request carried.
    let sent = sent.0.lock().unwrap().clone();
    let sent_found = found_in("sent", &sent, &planted);
    for value in [ACCESS_KEY, SECRET_KEY, CRYPTO_KEY_ID, BASIC]
        .into_iter()
        .chain(CARDS)
        .chain(CVCS)
    {
        assert!(
            sent_found.iter().any(|(_, p)| value.contains(p.as_str())),
            "the server never sent {value}: the search could not have failed"
        );
    }

    let mut leaks = found_in("stdout", run.stdout.as_bytes(), &planted);
    leaks.extend(found_in("stderr", run.stderr.as_bytes(), &planted));
    let files = every_file(&reports);
    assert!(files.len() >= 6, "{} files", files.len());
    let html = files
        .iter()
        .filter(|(p, _)| p.ends_with("latest/report.html"));
    assert_eq!(
        html.count(),
        1,
        "report.html was not written, so not searched"
    );
    for (path, bytes) in &files {
        leaks.extend(found_in(&path.display().to_string(), bytes, &planted));
    }
    assert_eq!(leaks, vec![], "{}", run.text());
    // No report needed the final guard: masking got everything first.
    assert!(!run.stderr.contains("escaped masking"), "{}", run.text());

    let report = read_report(&reports);
    let outcomes = report["outcomes"].as_array().unwrap();
    let kinds: Vec<&str> = outcomes
        .iter()
        .filter_map(|o| o["error"]["kind"].as_str())
        .collect();
    for kind in ["not-json", "too-large", "setup"] {
        assert!(kinds.contains(&kind), "no {kind} error in {kinds:?}");
    }
    // A too-large answer keeps a short, masked prefix (the cap was 16 KiB, the answer 150 KB).
    for o in outcomes
        .iter()
        .filter(|o| o["error"]["kind"] == "too-large")
    {
        // A scenario keeps the exchange with the step that did not pass.
        let exchange = match o["failed_step"].as_u64() {
            Some(n) => &o["steps"][n as usize - 1]["exchange"],
            None => &o["exchange"],
        };
        let body = exchange["response"]["body"].as_str().unwrap();
        assert!(
            body.len() <= 2 * konaplate_conformance::run::http::TOO_LARGE_KEPT,
            "{} bytes kept",
            body.len()
        );
        assert!(body.contains("[REDACTED]"), "{body}");
    }
    // The key variable without PEM text is named, never shown.
    assert!(
        run.stdout
            .contains("`KP_ATTACK_SERVER_KEY` holds neither PEM text nor a file path"),
        "{}",
        run.text()
    );
}

/// A "proxy" on 127.0.0.1 that counts connections and answers each with 502.
async fn counting_proxy() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf).await;
                let _ = stream
                    .write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    .await;
            });
        }
    });
    (url, count)
}

fn run_with_proxy(proxy: &str, extra: &[&str]) -> BinRun {
    let reports = tempfile::tempdir().unwrap();
    let mut args = vec![
        "run",
        "--no-report",
        "--timeout-ms",
        "5000",
        "--report-dir",
        reports.path().to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let env: Vec<(&str, &str)> = [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ]
    .into_iter()
    .map(|k| (k, proxy))
    .chain([("NO_PROXY", ""), ("no_proxy", "")])
    .collect();
    run_binary_with(&args, &env, Duration::from_secs(120), None)
}

/// The in-process mock's traffic (keys, Tran-Tokens, card data) never goes to a proxy from the
/// environment; a remote target's does, which shows the proxy would have seen it.
#[tokio::test(flavor = "multi_thread")]
async fn proxies_never_carry_loopback_traffic() {
    let (proxy, connections) = counting_proxy().await;
    let run = run_with_proxy(&proxy, &[]);
    assert_eq!(run.code(), Some(0), "{}", run.text());
    assert_eq!(connections.load(Ordering::SeqCst), 0, "{}", run.text());

    // The negative control: a target that is not on this machine goes through the proxy.
    let run = run_with_proxy(
        &proxy,
        &["--base-url", "http://konaplate-remote.invalid:8080"],
    );
    assert_eq!(run.code(), Some(100), "{}", run.text());
    assert!(connections.load(Ordering::SeqCst) > 0, "{}", run.text());
    assert!(run.stdout.contains("502"), "{}", run.text());
}
