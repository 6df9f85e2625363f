//! Sending a case again when the target was briefly unavailable: which answers are worth
//! another attempt, how long to wait (exponential backoff, or the target's `Retry-After`), and
//! what each earlier attempt got, for the `flaky` verdict.
//!
//! The loop itself is `backon`'s; this module only decides. A state-changing operation is
//! sent again only after a connect error: once a request may have reached the target, a
//! second one could change the card twice.

use std::time::{Duration, Instant};

use backon::ExponentialBuilder;
use chrono::{DateTime, Utc};

use crate::outcome::{Received, Retry, RunErrorKind};

use super::send::Sent;

/// Waits longer than this are cut to it, whatever `Retry-After` says: a run is interactive.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

/// How often and how patiently a run sends again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts after the first (0: never again).
    pub retries: u32,
    /// The first backoff; each next one doubles, with jitter.
    pub first_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> RetryPolicy {
        RetryPolicy {
            retries: 0,
            first_delay: Duration::from_millis(250),
        }
    }
}

impl RetryPolicy {
    /// `retries` attempts after the first, backing off from the default first delay.
    pub fn times(retries: u32) -> RetryPolicy {
        RetryPolicy {
            retries,
            ..RetryPolicy::default()
        }
    }

    /// The backoff schedule `backon` walks.
    pub fn backoff(&self) -> ExponentialBuilder {
        ExponentialBuilder::default()
            .with_min_delay(self.first_delay)
            .with_max_delay(MAX_WAIT)
            .with_jitter()
            .with_max_times(self.retries as usize)
    }
}

/// Why `sent` is worth another attempt, or `None` when its answer stands.
pub fn reason(sent: &Sent, state_changing: bool) -> Option<String> {
    if let Some(e) = &sent.error {
        return match e.kind {
            RunErrorKind::Connect => Some(format!("connect error: {}", e.message)),
            RunErrorKind::Timeout if !state_changing => Some(format!("timeout: {}", e.message)),
            _ => None,
        };
    }
    let status = sent.exchange.as_ref()?.response.as_ref()?.status;
    (matches!(status, 429 | 502 | 503 | 504) && !state_changing).then(|| format!("HTTP {status}"))
}

/// The wait before the next attempt: the target's `Retry-After` when it gave one, else the
/// backoff; `None` (stop) when the backoff is spent or the wait would pass the deadline.
pub fn wait(sent: &Sent, backoff: Option<Duration>, deadline: Option<Instant>) -> Option<Duration> {
    let backoff = backoff?;
    let asked = sent
        .exchange
        .as_ref()
        .and_then(|x| x.response.as_ref())
        .and_then(|r| retry_after(r, Utc::now()));
    let wait = asked.unwrap_or(backoff).min(MAX_WAIT);
    match deadline {
        Some(d) if Instant::now() + wait >= d => None,
        _ => Some(wait),
    }
}

/// `Retry-After` as a wait: delay-seconds or an HTTP date (RFC 9110 §10.2.3).
pub fn retry_after(received: &Received, now: DateTime<Utc>) -> Option<Duration> {
    let value = received.header("retry-after")?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = DateTime::parse_from_rfc2822(value).ok()?;
    Some(
        (at.with_timezone(&Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// The record of an attempt that was sent again after `waited`.
pub fn record(sent: &Sent, state_changing: bool, waited: Duration) -> Retry {
    Retry {
        answer: reason(sent, state_changing).unwrap_or_else(|| "no answer".into()),
        waited_ms: u64::try_from(waited.as_millis()).unwrap_or(u64::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{Exchange, RunError, SentRequest};

    fn answered(status: u16, headers: &[(&str, &str)]) -> Sent {
        Sent {
            exchange: Some(Exchange {
                request: SentRequest {
                    method: "POST".into(),
                    url: "http://127.0.0.1:1/x".into(),
                    headers: vec![],
                    body: String::new(),
                },
                response: Some(Received {
                    status,
                    headers: headers
                        .iter()
                        .map(|(n, v)| (n.to_string(), v.to_string()))
                        .collect(),
                    body: String::new(),
                    json: None,
                }),
                elapsed: Duration::ZERO,
                encryption: Default::default(),
            }),
            error: None,
            sealed_body: None,
        }
    }

    fn failed(kind: RunErrorKind) -> Sent {
        Sent {
            exchange: None,
            error: Some(RunError {
                kind,
                message: "boom".into(),
            }),
            sealed_body: None,
        }
    }

    #[test]
    fn only_unavailable_answers_and_transport_failures_are_sent_again() {
        for status in [429, 502, 503, 504] {
            assert_eq!(
                reason(&answered(status, &[]), false),
                Some(format!("HTTP {status}"))
            );
        }
        for status in [200, 400, 401, 500, 501] {
            assert_eq!(reason(&answered(status, &[]), false), None, "{status}");
        }
        assert!(reason(&failed(RunErrorKind::Connect), false).is_some());
        assert!(reason(&failed(RunErrorKind::Timeout), false).is_some());
        assert_eq!(reason(&failed(RunErrorKind::Encryption), false), None);
    }

    #[test]
    fn a_state_changing_case_is_sent_again_only_after_a_connect_error() {
        assert_eq!(reason(&answered(503, &[]), true), None);
        assert_eq!(reason(&failed(RunErrorKind::Timeout), true), None);
        assert!(reason(&failed(RunErrorKind::Connect), true).is_some());
    }

    #[test]
    fn retry_after_wins_over_the_backoff_and_reads_both_forms() {
        let now = DateTime::parse_from_rfc2822("Mon, 30 Nov 2026 12:00:00 GMT")
            .unwrap()
            .with_timezone(&Utc);
        let r = |v: &str| answered(429, &[("retry-after", v)]);
        let received = |s: &Sent| s.exchange.clone().unwrap().response.unwrap();
        assert_eq!(
            retry_after(&received(&r("3")), now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            retry_after(&received(&r("Mon, 30 Nov 2026 12:00:05 GMT")), now),
            Some(Duration::from_secs(5))
        );
        assert_eq!(retry_after(&received(&r("soon")), now), None);
        let backoff = Some(Duration::from_millis(10));
        assert_eq!(wait(&r("2"), backoff, None), Some(Duration::from_secs(2)));
        assert_eq!(wait(&r("99999"), backoff, None), Some(MAX_WAIT));
        assert_eq!(wait(&answered(503, &[]), backoff, None), backoff);
        // A spent backoff stops, whatever the target asks; so does a wait past the deadline.
        assert_eq!(wait(&r("1"), None, None), None);
        let soon = Some(Instant::now() + Duration::from_millis(500));
        assert_eq!(wait(&r("2"), backoff, soon), None);
    }
}
