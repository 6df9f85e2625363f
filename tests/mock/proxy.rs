//! The proxy in front of the reference mock (both in-process on 127.0.0.1:0): a well-behaved
//! client has no finding, each misbehaving client exactly one of the right kind, the bytes pass
//! through unchanged, and nothing it prints or records holds card data, keys or tokens.
//!
//! No `KONAPLATE_*` variable is read here (see `proxy_rig`).

use crate::mock_client;
use crate::proxy_rig;

use std::sync::Arc;

use konaplate_conformance::proxy::{Proxy, Side};
use mock_client::{INQUIRY, STATUS, WAITING, signed_headers};
use proxy_rig::{Rig, bytes, config, inquiry, well_behaved};
use serde_json::json;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

#[tokio::test]
async fn a_well_behaved_client_has_no_finding() {
    let rig = Rig::start(None).await;
    let sent = well_behaved();
    for (path, body) in &sent {
        let answer = rig.signed(path, body).await;
        assert_eq!(answer.code(), "000_000", "{path}: {answer:?}");
        let seen = rig.last();
        assert_eq!(seen.findings, vec![], "{path}: {}", seen.line);
        assert!(
            seen.notes.is_empty(),
            "{path}: every body was read: {:?}",
            seen.notes
        );
        assert!(seen.line.ends_with(": ok"), "{}", seen.line);
    }
    let summary = rig.proxy.shutdown().await;
    assert_eq!(summary.exchanges, sent.len() as u64);
    assert_eq!((summary.with_findings, summary.not_inspected), (0, 0));
    assert_eq!(rig.lines.lock().unwrap().len(), sent.len());
}

#[tokio::test]
async fn each_misbehaving_client_is_one_finding_of_its_kind() {
    let rig = Rig::start(None).await;
    let good = inquiry();
    // A bad HMAC: signed over other bytes.
    rig.post(INQUIRY, &good, &signed_headers(b"{}")).await;
    let bad_hmac = rig.last();
    // A missing header.
    let mut headers = signed_headers(&good);
    headers.retain(|(n, _)| *n != "X-KM-Tran-Time");
    rig.post(INQUIRY, &good, &headers).await;
    let missing = rig.last();
    // An over-long field.
    let long = bytes(
        json!({"userId": 50_000_104_652u64, "cardNo": "94100000000000011", "status": "SUSPEND"}),
    );
    rig.signed(STATUS, &long).await;
    let over_long = rig.last();
    // A plain body to an encrypted operation.
    let plain = bytes(
        json!({"userId": 50_000_104_652u64, "physicalCardNo": "9420000000000001",
        "physicalCardExpDate": "3108", "physicalCardCVC": "123"}),
    );
    rig.signed(WAITING, &plain).await;
    let unencrypted = rig.last();
    for (seen, kind) in [
        (&bad_hmac, "tran-token"),
        (&missing, "request-header"),
        (&over_long, "request-body"),
        (&unencrypted, "encryption"),
    ] {
        assert_eq!(seen.kinds(), [kind], "{}", seen.line);
        assert!(
            seen.line.contains(&format!("1 finding: request [{kind}]")),
            "{}",
            seen.line
        );
    }
    // The answers to the turned-away requests are the profile's header-errors answers.
    assert_eq!(
        (bad_hmac.status, bad_hmac.code.as_deref()),
        (Some(401), Some("000_001"))
    );
    assert_eq!(
        (missing.status, missing.code.as_deref()),
        (Some(400), Some("000_002"))
    );
    let summary = rig.proxy.shutdown().await;
    assert_eq!((summary.exchanges, summary.with_findings), (4, 4));
    for kind in ["tran-token", "request-header", "request-body", "encryption"] {
        assert_eq!(summary.count(kind), 1, "{kind}: {}", summary.render());
    }
}

#[tokio::test]
async fn a_server_that_breaks_the_contract_is_a_response_finding() {
    // The mock told to answer the next inquiry with a malformed body.
    let rig = Rig::start(None).await;
    let fault = json!({"fault": "malformed", "operation": INQUIRY, "count": 1});
    let admin = rig
        .mock
        .client
        .post(format!("{}/__admin/faults", rig.proxy.base_url()))
        .header("Content-Type", "application/json")
        .body(fault.to_string());
    assert!(admin.send().await.unwrap().status().is_success());
    assert!(
        rig.last().line.contains("passed through unchecked"),
        "{}",
        rig.last().line
    );
    let body = inquiry();
    rig.signed(INQUIRY, &body).await;
    let seen = rig.last();
    assert_eq!(seen.findings.len(), 1, "{}", seen.line);
    assert_eq!(seen.findings[0].side, Side::Response);
    assert_eq!(seen.kinds(), ["not-json"], "{}", seen.line);
}

/// An upstream that records the raw bytes it got and answers fixed raw bytes.
async fn raw_upstream(answer: &'static [u8]) -> (String, tokio::sync::oneshot::Receiver<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let (tx, rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let got = read_message(&mut stream).await;
        stream.write_all(answer).await.unwrap();
        stream.shutdown().await.unwrap();
        let _ = tx.send(got);
    });
    (url, rx)
}

/// A whole HTTP/1.1 message with a Content-Length body.
async fn read_message(stream: &mut TcpStream) -> Vec<u8> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .map_or(0, |v| v.trim().parse().unwrap());
            if buf.len() >= end + 4 + len {
                return buf;
            }
        }
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(
            n > 0,
            "the message ended early: {}",
            String::from_utf8_lossy(&buf)
        );
        buf.extend_from_slice(&chunk[..n]);
    }
}

/// The head lines after the first, without the hop-by-hop and per-hop ones, and the body.
fn split(message: &[u8]) -> (String, Vec<String>, Vec<u8>) {
    let end = message.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(message[..end].to_vec()).unwrap();
    let mut lines = head.split("\r\n").map(str::to_string);
    let first = lines.next().unwrap();
    let per_hop = ["host:", "connection:", "date:"];
    let kept = lines
        .filter(|l| {
            !per_hop
                .iter()
                .any(|p| l.to_ascii_lowercase().starts_with(p))
        })
        .collect();
    (first, kept, message[end + 4..].to_vec())
}

#[tokio::test]
async fn bytes_pass_through_unchanged_both_ways() {
    const BODY: &str = "{ \"userId\" :  50000104652 ,\"status\":\"SUSPEND\", \"x\":\"\u{e9}\" }";
    const ANSWER: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=UTF-8\r\n\
        Connection: close\r\nX-KM-Correlation-Id: 260310120000-00000ab\r\n\
        X-Vendor-Odd: Keep  This\r\nx-lower: v\r\nContent-Length: 46\r\n\r\n\
        {\"response\" : {\"code\":\"000_000\"}, \"x\":[1,  2]}";
    let (upstream, got) = raw_upstream(ANSWER).await;
    let proxy = Proxy::start(
        config(&upstream, None),
        "127.0.0.1:0".parse().unwrap(),
        Arc::new(|_: &str| {}),
    )
    .await
    .unwrap();
    // Hop-by-hop headers first: dropping them must not reorder the others.
    let mut request = format!(
        "POST /api/v1/card/status?trace=1 HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        proxy.addr()
    );
    for (name, value) in signed_headers(BODY.as_bytes()) {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("x-lower-case: v\r\nX-Dup: a\r\nX-Dup: b\r\nX-Spaces: a  b\r\n");
    request.push_str(&format!("Content-Length: {}\r\n\r\n{BODY}", BODY.len()));
    let mut client = TcpStream::connect(proxy.addr()).await.unwrap();
    client.write_all(request.as_bytes()).await.unwrap();
    let mut received = Vec::new();
    client.read_to_end(&mut received).await.unwrap();
    let upstream_got = got.await.unwrap();

    let (line, headers, body) = split(request.as_bytes());
    let (up_line, up_headers, up_body) = split(&upstream_got);
    assert_eq!(up_line, line);
    assert_eq!(
        up_headers, headers,
        "names (in their case), values and order"
    );
    assert_eq!(up_body, body);
    let host = format!("host: {}", upstream.trim_start_matches("http://"));
    let upstream_text = String::from_utf8_lossy(&upstream_got).to_ascii_lowercase();
    assert!(
        upstream_text.contains(&host),
        "Host names the upstream: {upstream_text}"
    );

    let (status, headers, body) = split(ANSWER);
    let (got_status, got_headers, got_body) = split(&received);
    assert_eq!((got_status, got_headers, got_body), (status, headers, body));
    assert_eq!(proxy.shutdown().await.exchanges, 1);
}

#[tokio::test]
async fn the_proxy_passes_an_upstream_failure_on_as_502_and_a_finding() {
    // A port nothing listens on: bound, then closed.
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let dead = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let proxy = Proxy::start(
        config(&dead, None),
        "127.0.0.1:0".parse().unwrap(),
        Arc::new(|_: &str| {}),
    )
    .await
    .unwrap();
    let body = inquiry();
    let mut request = reqwest::Client::new()
        .post(format!("{}{INQUIRY}", proxy.base_url()))
        .body(body.clone());
    for (n, v) in signed_headers(&body) {
        request = request.header(n, v);
    }
    let answer = request.send().await.unwrap();
    assert_eq!(answer.status(), 502);
    let seen = proxy.seen().pop().unwrap();
    assert_eq!(seen.kinds(), ["upstream"], "{}", seen.line);
}

#[tokio::test]
async fn a_reused_correlation_id_is_a_warning_that_names_its_assumption() {
    let rig = Rig::start(None).await;
    let body = inquiry();
    let headers = signed_headers(&body);
    rig.post(INQUIRY, &body, &headers).await;
    assert!(rig.last().notes.is_empty(), "{}", rig.last().line);
    let mut again = signed_headers(&body);
    let reused = headers.iter().find(|(n, _)| *n == "X-KM-Correlation-Id");
    mock_client::replace_header(&mut again, "X-KM-Correlation-Id", &reused.unwrap().1);
    rig.post(INQUIRY, &body, &again).await;
    let seen = rig.last();
    assert_eq!(
        seen.findings,
        vec![],
        "a warning, not a finding: {}",
        seen.line
    );
    let note = seen.notes.join(" ");
    assert!(
        note.contains("[request-header] at X-KM-Correlation-Id"),
        "{note}"
    );
    assert!(
        note.contains("the id of exchange #1 (inferred: correlation-id-unique)"),
        "{note}"
    );
}

#[tokio::test]
async fn every_finding_carries_its_basis() {
    let rig = Rig::start(None).await;
    let body = inquiry();
    rig.post(INQUIRY, &body, &signed_headers(b"{}")).await;
    let seen = rig.last();
    assert_eq!(seen.kinds(), ["tran-token"], "{}", seen.line);
    assert_eq!(seen.findings[0].basis, "documented");
}
