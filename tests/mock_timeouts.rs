//! The standalone mock does not let a client hold a connection forever: a client slow to send
//! its headers, silent after connecting, idle between keep-alive requests, or stalled in its
//! body is cut off. Each test waits for the close itself (an end of stream) under a generous
//! hang guard; none measures elapsed time.

use std::time::Duration;

use konaplate_conformance::mock::{MockConfig, MockServer};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpStream;

/// Only a connection left open reaches this.
const HANG_GUARD: Duration = Duration::from_secs(30);

/// Short client timeouts, so the tests end quickly.
async fn impatient_mock() -> MockServer {
    let config = MockConfig {
        header_timeout: Duration::from_millis(200),
        body_timeout: Duration::from_millis(200),
        ..MockConfig::default()
    };
    MockServer::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap()
}

/// Writes `sent`, then reads until the mock closes the connection; panics if it does not
/// within the hang guard. Returns what the mock wrote.
async fn closed_after(server: &MockServer, sent: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream.write_all(sent).await.unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(HANG_GUARD, stream.read_to_end(&mut received))
        .await
        .expect("the mock closes the connection");
    // A reset counts as closed too.
    let _ = read;
    String::from_utf8_lossy(&received).into_owned()
}

#[tokio::test]
async fn half_a_request_head_is_cut_off() {
    let server = impatient_mock().await;
    let answer = closed_after(
        &server,
        b"POST /api/v1/card/status HTTP/1.1\r\nHost: mock\r\nX-KM-Tran",
    )
    .await;
    // Closed without an operation's answer.
    assert!(!answer.contains("000_"), "{answer}");
}

#[tokio::test]
async fn a_silent_client_is_cut_off() {
    let server = impatient_mock().await;
    assert!(!closed_after(&server, b"").await.contains("HTTP/1.1 200"));
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_its_answer() {
    let server = impatient_mock().await;
    let answer = closed_after(
        &server,
        b"GET /__admin/health HTTP/1.1\r\nHost: mock\r\nConnection: keep-alive\r\n\r\n",
    )
    .await;
    // The request was answered in full, then the idle connection was closed.
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with(r#"{"status":"UP"}"#), "{answer}");
}

#[tokio::test]
async fn a_stalled_body_gets_408_and_a_closed_connection() {
    let server = impatient_mock().await;
    let answer = closed_after(
        &server,
        b"POST /api/v1/card/status HTTP/1.1\r\nHost: mock\r\nContent-Length: 100\r\n\r\n{\"userId\"",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("900_408"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
}

#[tokio::test]
async fn with_the_default_timeouts_a_slow_client_still_has_time() {
    // The negative control: the same half request against the default (10 s) timeouts is still
    // open a moment later, so the closes above come from the configured timeouts.
    let server = MockServer::start(MockConfig::default(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let mut stream = TcpStream::connect(server.addr()).await.unwrap();
    stream
        .write_all(b"POST /api/v1/card/status HTTP/1.1\r\nHost: mock\r\n")
        .await
        .unwrap();
    let mut byte = [0_u8; 1];
    let still_open = tokio::time::timeout(Duration::from_millis(600), stream.read(&mut byte)).await;
    assert!(still_open.is_err(), "closed early: {still_open:?}");
    // Finishing the request gets an answer on the same connection.
    stream
        .write_all(b"Content-Length: 2\r\n\r\n{}")
        .await
        .unwrap();
    let mut head = [0_u8; 12];
    tokio::time::timeout(HANG_GUARD, stream.read_exact(&mut head))
        .await
        .expect("an answer")
        .unwrap();
    assert_eq!(&head, b"HTTP/1.1 400");
}
