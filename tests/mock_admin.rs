//! The mock's control plane over real HTTP: clock, `Prefer: code=`, faults, the journal, the
//! guard against cross-site requests, and `admin: false`.

mod mock_client;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{TimeZone as _, Utc};
use konaplate_conformance::mock::{
    FixedClock, MockConfig, TEST_ACCESS_KEY, TEST_CRYPTO_KEY_ID, TEST_SECRET_KEY,
};
use mock_client::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Long enough for any honest answer on a loaded machine; only a hang reaches it.
const HANG_GUARD: Duration = Duration::from_secs(30);

const CANCELLABLE: &str = "CA20000000000000000003";

/// 2026-03-10 12:00 KST.
fn noon_kst() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(
        Utc.with_ymd_and_hms(2026, 3, 10, 3, 0, 0).unwrap(),
    ))
}

async fn mock_at_noon() -> Mock {
    Mock::with_config(MockConfig {
        clock: noon_kst(),
        ..MockConfig::default()
    })
    .await
}

/// An admin request with `Content-Type: application/json`.
async fn admin(
    mock: &Mock,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = mock
        .client
        .request(method, mock.url(path))
        .header("Content-Type", "application/json");
    if let Some(body) = body {
        request = request.body(body.to_string());
    }
    let response = request.send().await.expect("the mock answers");
    let status = response.status();
    let text = response.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(json!({"text": text})),
    )
}

fn cancel() -> Value {
    json!({"cardApplyNo": CANCELLABLE, "userId": ACTIVE})
}

fn inquiry() -> Value {
    json!({"userId": ACTIVE, "cardApplyNo": "CA20000000000000000001"})
}

/// POSTs a signed body with one extra header.
async fn post_with_header(
    mock: &Mock,
    path: &str,
    body: &Value,
    extra: (&'static str, &str),
) -> Answer {
    let bytes = body.to_string().into_bytes();
    let mut headers = signed_headers(&bytes);
    headers.push((extra.0, extra.1.to_owned()));
    mock.post_with(path, bytes, &headers).await
}

#[tokio::test]
async fn a_clock_pinned_past_kst_midnight_refuses_a_same_day_cancel() {
    let mock = mock_at_noon().await;
    // 15:00:01 UTC is 00:00:01 KST of the next day.
    let (status, clock) = admin(
        &mock,
        Method::POST,
        "/__admin/clock",
        Some(json!({"now": "2026-03-10T15:00:01Z"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{clock}");
    assert_eq!(
        clock,
        json!({"now": "2026-03-11T00:00:01+09:00", "mode": "pinned"})
    );
    let answer = mock.post(CANCEL, &cancel()).await;
    assert_eq!(
        (answer.status, answer.code(), answer.description()),
        (
            StatusCode::BAD_REQUEST,
            "003_002",
            "Card issue is not cancelable due to day."
        )
    );
    // Back to the configured clock (noon of the day of application): the cancel goes through.
    let (_, clock) = admin(&mock, Method::DELETE, "/__admin/clock", None).await;
    assert_eq!(clock["mode"], "real");
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "000_000");
    // Advancing twelve hours from noon crosses midnight too.
    assert_eq!(
        admin(&mock, Method::POST, "/__admin/reset", None).await.0,
        StatusCode::OK
    );
    let (status, clock) = admin(
        &mock,
        Method::POST,
        "/__admin/clock",
        Some(json!({"advance": "PT12H"})),
    )
    .await;
    assert_eq!((status, &clock["mode"]), (StatusCode::OK, &json!("offset")));
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "003_002");
}

#[tokio::test]
async fn clock_orders_that_make_no_sense_are_refused_with_the_field() {
    let mock = mock_at_noon().await;
    for (body, expected) in [
        (json!({"now": "yesterday"}), "now:"),
        (json!({"advance": "P1Dx"}), "advance:"),
        (
            json!({"now": "2026-03-10T15:00:01Z", "advance": "P1D"}),
            "exactly one",
        ),
        (json!({}), "exactly one"),
        (json!({"when": "now"}), "unknown field"),
    ] {
        let (status, answer) =
            admin(&mock, Method::POST, "/__admin/clock", Some(body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        let error = answer["error"].as_str().unwrap_or_default();
        assert!(error.contains(expected), "{body}: {error}");
    }
    // Nothing changed.
    let (_, clock) = admin(&mock, Method::GET, "/__admin/clock", None).await;
    assert_eq!(clock["mode"], "real");
}

#[tokio::test]
async fn prefer_forces_a_documented_code_with_its_status_and_text() {
    let mock = mock_at_noon().await;
    let forced = post_with_header(&mock, CANCEL, &cancel(), ("Prefer", "code=003_003")).await;
    assert_eq!(
        (forced.status, forced.code(), forced.description()),
        (
            StatusCode::BAD_REQUEST,
            "003_003",
            "Card issue is not cancelable due to status."
        )
    );
    assert_eq!(
        forced.headers.get("preference-applied").unwrap(),
        "code=003_003"
    );
    // A forced answer changes nothing: the application can still be cancelled.
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "000_000");
    let forced = post_with_header(
        &mock,
        STATUS,
        &json!({"userId": ACTIVE, "cardNo": "9410000000000001", "status": "SUSPEND"}),
        ("Prefer", "code=003_022"),
    )
    .await;
    assert_eq!(
        (forced.status, forced.code(), forced.description()),
        (
            StatusCode::BAD_REQUEST,
            "003_022",
            "Card already terminated"
        )
    );
}

#[tokio::test]
async fn an_undocumented_preferred_code_is_a_clear_400() {
    let mock = mock_at_noon().await;
    for asked in [
        "code=003_022",
        "code=999_999",
        "code=banana",
        "code=000_000",
    ] {
        let answer = post_with_header(&mock, CANCEL, &cancel(), ("Prefer", asked)).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::BAD_REQUEST, "900_400"),
            "{asked}"
        );
        assert!(
            answer.description().contains("Prefer: code="),
            "{asked}: {answer:?}"
        );
    }
    let answer = post_with_header(&mock, CANCEL, &cancel(), ("Prefer", "code=003_022")).await;
    assert!(
        answer
            .description()
            .ends_with("documented: 000_002, 001_006, 003_002, 003_003"),
        "{answer:?}"
    );
    // None of them reached the rules.
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "000_000");
}

#[tokio::test]
async fn faults_hit_the_next_requests_then_the_mock_recovers() {
    let mock = mock_at_noon().await;
    let order = json!({"fault": "unavailable", "operation": INQUIRY, "count": 2});
    let (status, added) = admin(&mock, Method::POST, "/__admin/faults", Some(order)).await;
    assert_eq!(
        (status, &added["remaining"]),
        (StatusCode::CREATED, &json!(2))
    );
    // Another operation is not affected.
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "000_000");
    for _ in 0..2 {
        let answer = mock.post(INQUIRY, &inquiry()).await;
        assert_eq!(
            (answer.status, answer.code()),
            (StatusCode::SERVICE_UNAVAILABLE, "900_503")
        );
    }
    assert_eq!(mock.post(INQUIRY, &inquiry()).await.code(), "000_000");

    admin(
        &mock,
        Method::POST,
        "/__admin/faults",
        Some(json!({"fault": "malformed"})),
    )
    .await;
    let answer = mock.post(INQUIRY, &inquiry()).await;
    assert_eq!(
        (answer.status, answer.content_type.as_str()),
        (StatusCode::OK, "application/json")
    );
    assert!(answer.body.get("unparsed").is_some(), "{answer:?}");
    assert_eq!(mock.post(INQUIRY, &inquiry()).await.code(), "000_000");

    let order = json!({"fault": "delay", "delayMs": 300});
    admin(&mock, Method::POST, "/__admin/faults", Some(order)).await;
    let started = Instant::now();
    assert_eq!(mock.post(INQUIRY, &inquiry()).await.code(), "000_000");
    assert!(started.elapsed() >= Duration::from_millis(300));

    // Listed while pending, gone after DELETE.
    admin(
        &mock,
        Method::POST,
        "/__admin/faults",
        Some(json!({"fault": "drop", "count": 5})),
    )
    .await;
    let (_, listed) = admin(&mock, Method::GET, "/__admin/faults", None).await;
    assert_eq!(listed["faults"][0]["fault"], "drop");
    admin(&mock, Method::DELETE, "/__admin/faults", None).await;
    assert_eq!(mock.post(INQUIRY, &inquiry()).await.code(), "000_000");
}

#[tokio::test]
async fn a_dropped_connection_carries_no_answer_at_all() {
    let mock = mock_at_noon().await;
    let order = json!({"fault": "drop", "operation": STATUS});
    admin(&mock, Method::POST, "/__admin/faults", Some(order)).await;
    let mut stream = TcpStream::connect(mock.server.addr()).await.unwrap();
    stream
        .write_all(
            b"POST /api/v1/card/status HTTP/1.1\r\nHost: mock\r\nContent-Length: 2\r\n\r\n{}",
        )
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut received))
        .await
        .expect("the connection is closed, not left hanging");
    // Closed (or reset) without a single byte of an answer.
    assert!(
        read.is_err() || received.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&received)
    );
    // The next request is answered as usual.
    let answer = mock
        .post(
            STATUS,
            &json!({"userId": ACTIVE, "cardNo": "9410000000000001", "status": "SUSPEND"}),
        )
        .await;
    assert_eq!(answer.code(), "000_000");
}

#[tokio::test]
async fn the_journal_shows_masked_entries_only_and_is_bounded() {
    let mock = Mock::with_config(MockConfig {
        clock: noon_kst(),
        journal_limit: 2,
        ..MockConfig::default()
    })
    .await;
    let waiting = json!({"userId": ACTIVE, "physicalCardNo": "9420000000000001", "physicalCardExpDate": "3108", "physicalCardCVC": "123"});
    let answer = mock.post(WAITING, &waiting).await;
    assert_eq!(
        answer.body["issuedCardList"][0]["digital"]["cardNo"],
        "9430000000000002"
    );
    mock.post(CANCEL, &cancel()).await;
    let (status, journal) = admin(&mock, Method::GET, "/__admin/requests", None).await;
    assert_eq!(status, StatusCode::OK);
    let text = journal.to_string();
    let token = tran_token(TEST_SECRET_KEY, waiting.to_string().as_bytes());
    let mac = token.rsplit(':').next().unwrap();
    for leak in [
        TEST_ACCESS_KEY,
        TEST_SECRET_KEY,
        TEST_CRYPTO_KEY_ID,
        mac,
        "9420000000000001",
        "9430000000000002",
        "\"123\"",
        "\"502\"",
    ] {
        assert!(!text.contains(leak), "{leak} in {text}");
    }
    let first = &journal["requests"][0];
    assert_eq!(first["request"]["path"], WAITING);
    assert_eq!(first["response"]["status"], 200);
    assert_eq!(first["response"]["encrypted"], true);
    // Masked, not dropped: the shape of the card number is still there.
    assert!(text.contains("942000******0001"), "{text}");
    // Bounded: a third exchange pushes the first out.
    mock.post(INQUIRY, &inquiry()).await;
    let (_, journal) = admin(&mock, Method::GET, "/__admin/requests", None).await;
    let paths: Vec<&Value> = journal["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &r["request"]["path"])
        .collect();
    assert_eq!(paths, [&json!(CANCEL), &json!(INQUIRY)]);
    assert_eq!(journal["dropped"], 1);
    admin(&mock, Method::DELETE, "/__admin/requests", None).await;
    let (_, journal) = admin(&mock, Method::GET, "/__admin/requests", None).await;
    assert_eq!(journal["requests"], json!([]));
}

#[tokio::test]
async fn a_cross_site_form_post_cannot_reset_the_mock() {
    let mock = mock_at_noon().await;
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "000_000");
    let refused = [
        (
            "application/x-www-form-urlencoded",
            None,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (
            "multipart/form-data; boundary=x",
            None,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        ("text/plain", None, StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (
            "application/json",
            Some("http://evil.example"),
            StatusCode::FORBIDDEN,
        ),
    ];
    for (content_type, origin, expected) in refused {
        let mut request = mock
            .client
            .post(mock.url("/__admin/reset"))
            .header("Content-Type", content_type)
            .body("reset=1");
        if let Some(origin) = origin {
            request = request.header("Origin", origin);
        }
        let answer = request.send().await.unwrap();
        assert_eq!(answer.status(), expected, "{content_type} {origin:?}");
    }
    // Not reset: the application is still cancelled.
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "003_003");
    // A JSON request from the mock's own origin (or none) is the way in.
    let own = format!("http://{}", mock.server.addr());
    let answer = mock
        .client
        .post(mock.url("/__admin/reset"))
        .header("Content-Type", "application/json")
        .header("Origin", own)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(mock.post(CANCEL, &cancel()).await.code(), "000_000");
}

#[tokio::test]
async fn without_admin_there_is_no_plane_and_prefer_is_ignored() {
    let mock = Mock::with_config(MockConfig {
        clock: noon_kst(),
        admin: false,
        ..MockConfig::default()
    })
    .await;
    for (method, path) in [
        (Method::POST, "/__admin/reset"),
        (Method::GET, "/__admin/health"),
        (Method::GET, "/__admin/requests"),
        (Method::POST, "/__admin/clock"),
        (Method::POST, "/__admin/faults"),
    ] {
        let (status, _) = admin(&mock, method, path, Some(json!({"fault": "drop"}))).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
    }
    let answer = post_with_header(&mock, CANCEL, &cancel(), ("Prefer", "code=003_003")).await;
    assert_eq!(answer.code(), "000_000");
    assert!(answer.headers.get("preference-applied").is_none());
}

/// A child process that is killed when the test ends, passed or not.
struct Standalone(std::process::Child);

impl Drop for Standalone {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `konaplate-conformance mock --listen 127.0.0.1:0 ARGS`, and its base URL from the banner.
fn standalone(args: &[&str]) -> (Standalone, String) {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_konaplate-conformance"))
        .args(["mock", "--listen", "127.0.0.1:0"])
        .args(args)
        .env_remove("KONAPLATE_ACCESS_KEY")
        .env_remove("KONAPLATE_SECRET_KEY")
        .env_remove("KONAPLATE_CRYPTO_KEY_ID")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let child = Standalone(child);
    let (sender, banner) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stderr).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = banner.recv_timeout(HANG_GUARD).expect("the mock starts");
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_owned();
    (child, url)
}

#[tokio::test]
async fn the_no_admin_flag_turns_the_standalone_plane_off() {
    for (args, expected) in [
        (&[][..], StatusCode::OK),
        (&["--no-admin"][..], StatusCode::NOT_FOUND),
    ] {
        let (_child, url) = standalone(args);
        let health = reqwest::get(format!("{url}/__admin/health")).await.unwrap();
        assert_eq!(health.status(), expected, "{args:?}");
    }
}
