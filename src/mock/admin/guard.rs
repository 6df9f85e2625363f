//! Who may reach the control plane: requests that a web page cannot forge.
//!
//! A page open in the user's browser can send a "simple" cross-site request (a form post, with
//! `application/x-www-form-urlencoded`, `multipart/form-data` or `text/plain`) to a local mock
//! without asking first. Requiring `Content-Type: application/json` on every admin request that
//! is not a `GET` makes such a request a CORS "preflighted" one, which the mock never approves;
//! refusing any `Origin` other than the mock's own closes the rest (a browser always sends
//! `Origin` on cross-site requests that are not `GET`). Clients that are not browsers send no
//! `Origin` and are unaffected.
//!
//! A page can still reach the plane by DNS rebinding: its own name, re-bound to 127.0.0.1,
//! makes the browser's request same-origin, with `Host` and `Origin` both the attacker's name.
//! So `Host` must be a loopback name (`localhost`, `*.localhost`), an IP address, or a name of
//! one label (`mock`, a container's name): none of them is a name an attacker can register and
//! re-bind, which takes a domain (`attacker.example`).

use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};
use serde_json::json;

/// Refuses the request unless it passes [`refusal`].
pub(crate) async fn admit(request: Request, next: Next) -> Response {
    match refusal(request.method(), request.headers()) {
        Some((status, error)) => (
            status,
            [(header::CONTENT_TYPE, "application/json")],
            json!({"error": error}).to_string(),
        )
            .into_response(),
        None => next.run(request).await,
    }
}

/// Why an admin request is refused: a `Host` that is neither a loopback name nor an IP
/// address, or a foreign `Origin` (403), or no JSON content type on a request that is not
/// `GET` or `HEAD` (415).
pub(crate) fn refusal(method: &Method, headers: &HeaderMap) -> Option<(StatusCode, String)> {
    if let Some(host) = headers.get(header::HOST)
        && !local_host(host.as_bytes())
    {
        return Some((
            StatusCode::FORBIDDEN,
            "admin requests must name the mock in Host by a loopback name, an IP address or a \
             name of one label"
                .to_owned(),
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        let same = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|o| Some(o) == host);
        if !same {
            return Some((
                StatusCode::FORBIDDEN,
                "admin requests from another origin are refused".to_owned(),
            ));
        }
    }
    if method == Method::GET || method == Method::HEAD {
        return None;
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"));
    (!json).then(|| {
        (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "admin requests must be Content-Type: application/json".to_owned(),
        )
    })
}

/// Whether a `Host` value names the mock in a way no one can re-bind: `localhost` or a name
/// under it (RFC 6761 keeps them on the loopback), an IP address, or a one-label name only the
/// local resolver answers (a container's, a hosts-file entry); with any port.
fn local_host(host: &[u8]) -> bool {
    let Ok(authority) = axum::http::uri::Authority::try_from(host) else {
        return false;
    };
    let name = authority.host().to_ascii_lowercase();
    let ip = name.trim_start_matches('[').trim_end_matches(']');
    ip.parse::<std::net::IpAddr>().is_ok() || !name.contains('.') || name.ends_with(".localhost")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(n, v)| {
                (
                    axum::http::HeaderName::from_static(n),
                    HeaderValue::from_static(v),
                )
            })
            .collect()
    }

    #[test]
    fn only_json_reaches_the_plane() {
        for content_type in [
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "text/plain",
            "application/jsonx",
        ] {
            let refused = refusal(&Method::POST, &headers(&[("content-type", content_type)]));
            assert_eq!(
                refused.map(|r| r.0),
                Some(StatusCode::UNSUPPORTED_MEDIA_TYPE),
                "{content_type}"
            );
        }
        assert!(refusal(&Method::DELETE, &headers(&[])).is_some());
        for ok in ["application/json", "Application/JSON; charset=utf-8"] {
            assert_eq!(
                refusal(&Method::POST, &headers(&[("content-type", ok)])),
                None
            );
        }
        assert_eq!(refusal(&Method::GET, &headers(&[])), None);
    }

    #[test]
    fn a_foreign_origin_is_refused_even_with_json() {
        let json = ("content-type", "application/json");
        let host = ("host", "127.0.0.1:8080");
        for origin in [
            "http://evil.example",
            "null",
            "https://127.0.0.1:8080",
            "http://127.0.0.1:9999",
        ] {
            let refused = refusal(&Method::POST, &headers(&[json, host, ("origin", origin)]));
            assert_eq!(
                refused.map(|r| r.0),
                Some(StatusCode::FORBIDDEN),
                "{origin}"
            );
            let get = refusal(&Method::GET, &headers(&[host, ("origin", origin)]));
            assert_eq!(get.map(|r| r.0), Some(StatusCode::FORBIDDEN), "{origin}");
        }
        let same = refusal(
            &Method::POST,
            &headers(&[json, host, ("origin", "http://127.0.0.1:8080")]),
        );
        assert_eq!(same, None);
    }

    #[test]
    fn a_rebound_name_in_host_is_refused_even_with_a_matching_origin() {
        let json = ("content-type", "application/json");
        for (host, origin) in [
            ("attacker.example:8080", "http://attacker.example:8080"),
            ("attacker.example", "http://attacker.example"),
            (
                "localhost.attacker.example",
                "http://localhost.attacker.example",
            ),
            ("127.0.0.1.nip.io:8080", "http://127.0.0.1.nip.io:8080"),
        ] {
            for method in [Method::POST, Method::GET] {
                let refused = refusal(
                    &method,
                    &headers(&[json, ("host", host), ("origin", origin)]),
                );
                assert_eq!(refused.map(|r| r.0), Some(StatusCode::FORBIDDEN), "{host}");
            }
            let no_origin = refusal(&Method::GET, &headers(&[("host", host)]));
            assert_eq!(
                no_origin.map(|r| r.0),
                Some(StatusCode::FORBIDDEN),
                "{host}"
            );
        }
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "LOCALHOST",
            "mock.localhost:1",
            "[::1]:8080",
            "10.0.0.7:8080",
            "mock:8080",
        ] {
            assert_eq!(
                refusal(&Method::GET, &headers(&[("host", host)])),
                None,
                "{host}"
            );
        }
    }
}
