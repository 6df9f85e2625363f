//! The request journal: the last N exchanges the mock had, for `GET /__admin/requests`.
//!
//! Records are kept as they happened and masked when they are read, with the crate's one
//! masker ([`Masker`]): nothing leaves the mock unmasked, and the hot path only pays for a
//! few clones. A read copies the records and masks the copy with the lock let go: masking a
//! long journal takes a while, and the mock's operations record under the same lock. The
//! bound keeps a long-running mock's memory flat; the count of records that fell off is
//! reported beside the list.

use std::collections::VecDeque;
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value, json};

use crate::mask::Masker;

/// The answer of one exchange, as the mock built it (before encryption).
#[derive(Debug, Clone)]
pub(crate) struct Answered {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// The body: the envelope, or the broken text of a `malformed` fault.
    pub(crate) body: Value,
    /// Whether the body went out encrypted (JWE).
    pub(crate) encrypted: bool,
}

/// One exchange.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// The mock's clock when the request came in (KST).
    pub(crate) at: DateTime<FixedOffset>,
    /// The request line.
    pub(crate) method: String,
    /// The request path.
    pub(crate) path: String,
    /// The request headers as received.
    pub(crate) headers: HeaderMap,
    /// The request body as received.
    pub(crate) body: Bytes,
    /// The JSON the operation read (after decryption), when the request got that far.
    pub(crate) read: Option<Value>,
    /// `None` when the connection was dropped on purpose.
    pub(crate) answer: Option<Answered>,
    /// The result code forced by `Prefer: code=`.
    pub(crate) forced: Option<&'static str>,
    /// The injected fault, by name.
    pub(crate) fault: Option<&'static str>,
}

#[derive(Debug, Default)]
struct Kept {
    next_seq: u64,
    records: VecDeque<(u64, Record)>,
    dropped: u64,
}

/// The last `limit` records.
#[derive(Debug)]
pub(crate) struct Journal {
    limit: usize,
    kept: Mutex<Kept>,
}

impl Journal {
    /// A journal of at most `limit` records (0 keeps none).
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            limit,
            kept: Mutex::new(Kept::default()),
        }
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a record, forgetting the oldest beyond the limit.
    pub(crate) fn record(&self, record: Record) {
        let mut kept = self.kept();
        kept.next_seq += 1;
        let seq = kept.next_seq;
        kept.records.push_back((seq, record));
        while kept.records.len() > self.limit {
            kept.records.pop_front();
            kept.dropped += 1;
        }
    }

    /// Forgets every record.
    pub(crate) fn clear(&self) {
        let mut kept = self.kept();
        kept.dropped = 0;
        kept.records.clear();
    }

    /// `{"limit", "dropped", "requests": [...]}`, oldest first, every value masked.
    pub(crate) fn list(&self, masker: &Masker) -> Value {
        self.list_with(|seq, record| masked(seq, record, masker))
    }

    /// [`Journal::list`] with `show` for each record, called outside the lock.
    fn list_with(&self, show: impl Fn(u64, &Record) -> Value) -> Value {
        let (records, dropped) = {
            let kept = self.kept();
            (kept.records.clone(), kept.dropped)
        };
        let requests: Vec<Value> = records
            .iter()
            .map(|(seq, record)| show(*seq, record))
            .collect();
        json!({"limit": self.limit, "dropped": dropped, "requests": requests})
    }
}

fn masked(seq: u64, record: &Record, masker: &Masker) -> Value {
    let headers: Map<String, Value> = record
        .headers
        .iter()
        .map(|(name, value)| {
            let text = String::from_utf8_lossy(value.as_bytes());
            (
                name.as_str().to_owned(),
                Value::from(masker.header(name.as_str(), &text)),
            )
        })
        .collect();
    let mut request = json!({
        "method": masker.text(&record.method),
        "path": masker.text(&record.path),
        "headers": headers,
        "body": masker.body(&String::from_utf8_lossy(&record.body)),
    });
    if let Some(read) = &record.read {
        request["json"] = masker.json(read);
    }
    let response = record.answer.as_ref().map(|answer| {
        json!({
            "status": answer.status.as_u16(),
            "body": masker.json(&answer.body),
            "encrypted": answer.encrypted,
        })
    });
    json!({
        "seq": seq,
        "at": record.at.to_rfc3339(),
        "request": request,
        "response": response,
        "forced": record.forced,
        "fault": record.fault,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::clock::kst;
    use axum::http::HeaderValue;
    use chrono::TimeZone as _;

    const CARD: &str = "9410000000000001";
    const SECRET: &str = "the-secret-of-this-mock";

    fn record(path: &str) -> Record {
        let mut headers = HeaderMap::new();
        headers.insert("x-km-access-key", HeaderValue::from_static("ACCESS-KEY-1"));
        headers.insert("x-note", HeaderValue::from_static(SECRET));
        Record {
            at: kst().with_ymd_and_hms(2026, 3, 10, 12, 0, 0).unwrap(),
            method: "POST".to_owned(),
            path: path.to_owned(),
            headers,
            body: Bytes::from(format!(r#"{{"cardNo":"{CARD}","physicalCardCVC":"123"}}"#)),
            read: Some(json!({"cardNo": CARD})),
            answer: Some(Answered {
                status: StatusCode::OK,
                body: json!({"digital": {"cardNo": CARD, "mobileCardCVC": "502"}}),
                encrypted: true,
            }),
            forced: None,
            fault: None,
        }
    }

    #[test]
    fn keeps_the_last_records_and_counts_the_rest() {
        let journal = Journal::new(2);
        for path in ["/a", "/b", "/c"] {
            journal.record(record(path));
        }
        let list = journal.list(&Masker::new([]));
        let paths: Vec<&Value> = list["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| &r["request"]["path"])
            .collect();
        assert_eq!(paths, [&json!("/b"), &json!("/c")]);
        assert_eq!(list["dropped"], 1);
        assert_eq!(list["requests"][1]["seq"], 3);
        journal.clear();
        assert_eq!(journal.list(&Masker::new([]))["requests"], json!([]));
    }

    #[test]
    fn every_part_is_masked_when_read() {
        let journal = Journal::new(5);
        // A card number in the path, with `%20` between its groups or without.
        journal.record(record(&format!("/x/{CARD}")));
        journal.record(record("/y?card=9410%200000%200000%200001"));
        let text = journal.list(&Masker::new([SECRET.to_owned()])).to_string();
        assert!(!text.contains("0000%200001"), "{text}");
        for leak in [CARD, "\"123\"", "\"502\"", "ACCESS-KEY-1", SECRET] {
            assert!(!text.contains(leak), "{leak} in {text}");
        }
        // The masker really is what hides them: without it they are all there.
        let raw = journal.list(&Masker::disabled()).to_string();
        for leak in [CARD, "ACCESS-KEY-1", SECRET, "0000%200001"] {
            assert!(raw.contains(leak), "{leak}");
        }
    }

    #[test]
    fn records_are_masked_with_the_journal_free_for_the_operations() {
        let journal = Journal::new(5);
        journal.record(record("/x"));
        let list = journal.list_with(|seq, _| {
            // An operation recording now would wait on the lock, were it still held.
            assert!(journal.kept.try_lock().is_ok(), "masking under the lock");
            json!(seq)
        });
        assert_eq!(list["requests"], json!([1]));
    }
}
