//! Response headers: the content type and `X-KM-Correlation-Id` (the other headers an answer
//! declares are [`super::response_headers`]').

use super::Judged;
use super::table::{Basis, Check, claims_none, no_facts};
use crate::assumption::Assumption;
use crate::facts::{self, Aspect, Kind, Side};
use crate::outcome::{CheckKind, Failure, Received, Said, SentRequest};
use crate::spec::protocol::header as names;

/// Every answer is declared JSON. No source states an answer's `Content-Type`: an assumption.
pub(super) const CONTENT_TYPE: Check = Check {
    name: "content-type",
    applies: |_| true,
    run: |j| content_type(j.received).into_iter().collect(),
    verifies: no_facts,
    claims: claims_none,
    basis: Basis::Assumed(Assumption::JsonContentType),
};

/// Every answer carries a well-formed correlation id (the request's, if the profile says the
/// target echoes it).
pub(super) const CORRELATION_ID: Check = Check {
    name: "correlation-id",
    applies: |_| true,
    run: |j| {
        let echoes = j.ctx.echoes_correlation_id;
        let fact = |aspect| correlation_fact(j, aspect);
        correlation_id(&j.exchange.request, j.received, echoes)
            .into_iter()
            .map(|f| {
                if f.assumption.is_some() {
                    return f;
                }
                // Missing, malformed at the right length, or not one 20-character id.
                let aspect = match f.expected.as_string().as_str() {
                    MANDATORY => Aspect::Required,
                    _ if f.actual.contains("(20 characters)") => Aspect::Format,
                    _ => Aspect::Length,
                };
                f.verifying(fact(aspect))
            })
            .collect()
    },
    verifies: |j| {
        [Aspect::Required, Aspect::Length, Aspect::Format]
            .into_iter()
            .filter_map(|a| correlation_fact(j, a))
            .collect()
    },
    claims: |f| f.kind == Kind::Header && f.subject == correlation_subject(),
    basis: Basis::Own,
};

/// What a missing correlation id was expected to be.
const MANDATORY: &str = "a correlation id (mandatory)";

fn correlation_subject() -> String {
    facts::header_subject(Side::Response, names::CORRELATION_ID)
}

/// The id of the correlation id's `aspect` fact for the judged operation, when its page
/// states it.
fn correlation_fact(j: &Judged, aspect: Aspect) -> Option<String> {
    j.fact_id(&correlation_subject(), aspect)
}

/// The body must be declared `application/json` (a charset parameter is fine).
pub fn content_type(received: &Received) -> Option<Failure> {
    let actual = received.header("content-type");
    let ok = actual.is_some_and(|v| {
        let media = v
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        media == "application/json"
            || (media.starts_with("application/") && media.ends_with("+json"))
    });
    (!ok).then(|| {
        Failure::new(
            CheckKind::ContentType,
            "Content-Type",
            "application/json",
            actual.map_or("no Content-Type header".to_string(), |v| format!("\"{v}\"")),
        )
    })
}

/// Whether `s` is `yyMMddHHmmss-` + 7 hex digits.
pub fn is_correlation_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 20
        && b[..12].iter().all(u8::is_ascii_digit)
        && b[12] == b'-'
        && b[13..].iter().all(u8::is_ascii_hexdigit)
}

/// The answer must carry one well-formed correlation id (documented), equal to the request's
/// when the profile says the target echoes it (undocumented: [`Assumption::CorrelationIdEcho`]).
///
/// Every value is read: a header the answer repeats is one line per value, and the page
/// defines a single 20-character id, so a second line fails (two different ids contradict
/// each other; a repeated one, joined as HTTP allows, is no longer 20 characters), and the
/// documented length and format apply to each value.
pub fn correlation_id(sent: &SentRequest, received: &Received, echoes: bool) -> Vec<Failure> {
    let name = names::CORRELATION_ID;
    let values = received.header_values(name);
    if values.is_empty() {
        return vec![Failure::new(
            CheckKind::Header,
            name,
            MANDATORY,
            "no header",
        )];
    }
    let mut out = Vec::new();
    if values.len() > 1 {
        out.push(repeated(name, &values));
    }
    let mut distinct: Vec<&str> = Vec::new();
    for v in &values {
        if !distinct.contains(v) {
            distinct.push(v);
        }
    }
    for actual in &distinct {
        if !is_correlation_id(actual) {
            out.push(Failure::new(
                CheckKind::Header,
                name,
                "20 characters, yyMMddHHmmss-xxxxxxx (7 hex)",
                Said::value(format!("\"{actual}\"")).then(Said::words(format!(
                    " ({} characters)",
                    actual.chars().count()
                ))),
            ));
        }
    }
    if echoes {
        let sent_id = sent
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .filter(|s| is_correlation_id(s));
        for actual in distinct
            .iter()
            .filter(|a| sent_id.is_some_and(|s| s != **a))
        {
            out.push(
                Failure::new(
                    CheckKind::Header,
                    name,
                    Said::words("the request's ")
                        .then(Said::text(format!("\"{}\"", sent_id.unwrap_or_default())))
                        .then(Said::words(" echoed")),
                    Said::value(format!("\"{actual}\"")),
                )
                .assuming(Some(Assumption::CorrelationIdEcho)),
            );
        }
    }
    out
}

/// A single-valued header that came more than once.
fn repeated(name: &str, values: &[&str]) -> Failure {
    let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
    let same = values.iter().all(|v| *v == values[0]);
    Failure::new(
        CheckKind::Header,
        name,
        "one value (the page defines a single id)",
        Said::words(format!(
            "{} values{}: ",
            values.len(),
            if same {
                ", the same id repeated"
            } else {
                " that differ"
            },
        ))
        .then(Said::text(quoted.join(", "))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(headers: &[(&str, &str)]) -> Received {
        Received {
            status: 200,
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: String::new(),
            json: None,
        }
    }

    fn sent(id: &str) -> SentRequest {
        SentRequest {
            method: "POST".into(),
            url: "http://x".into(),
            headers: vec![(names::CORRELATION_ID.into(), id.into())],
            body: String::new(),
        }
    }

    #[test]
    fn content_type_accepts_json_with_charset_only() {
        assert!(
            content_type(&received(&[(
                "content-type",
                "application/json; charset=utf-8"
            )]))
            .is_none()
        );
        assert!(content_type(&received(&[("content-type", "text/plain")])).is_some());
        assert!(content_type(&received(&[])).is_some());
    }

    #[test]
    fn correlation_id_must_be_present_well_formed_and_echoed() {
        let id = "221108120814-abcdef0";
        let s = sent(id);
        assert!(correlation_id(&s, &received(&[("x-km-correlation-id", id)]), true).is_empty());
        assert_eq!(correlation_id(&s, &received(&[]), true).len(), 1);
        let bad = correlation_id(
            &s,
            &received(&[("x-km-correlation-id", "221108120814-abcdef")]),
            false,
        );
        assert!(bad[0].actual.contains("19 characters"), "{bad:?}");
        let other = "221108120814-1234567";
        assert_eq!(
            correlation_id(&s, &received(&[("x-km-correlation-id", other)]), true).len(),
            1
        );
        assert!(correlation_id(&s, &received(&[("x-km-correlation-id", other)]), false).is_empty());
    }

    #[test]
    fn a_repeated_correlation_id_fails_and_each_value_is_checked() {
        let id = "221108120814-abcdef0";
        let s = sent(id);
        let other = "221108120814-1234567";
        let two = correlation_id(
            &s,
            &received(&[("x-km-correlation-id", id), ("X-KM-Correlation-Id", other)]),
            false,
        );
        assert_eq!(two.len(), 1, "{two:?}");
        assert!(
            two[0]
                .actual
                .to_string()
                .starts_with("2 values that differ"),
            "{two:?}"
        );
        assert!(two[0].assumption.is_none(), "documented: {two:?}");
        // The same id twice still fails; a malformed second one fails its format too.
        let same = correlation_id(
            &s,
            &received(&[("x-km-correlation-id", id), ("x-km-correlation-id", id)]),
            true,
        );
        assert_eq!(same.len(), 1, "{same:?}");
        assert!(same[0].actual.contains("the same id repeated"), "{same:?}");
        let bad = correlation_id(
            &s,
            &received(&[("x-km-correlation-id", id), ("x-km-correlation-id", "x")]),
            false,
        );
        assert_eq!(bad.len(), 2, "{bad:?}");
        assert!(bad[1].actual.contains("1 characters"), "{bad:?}");
        // Echo: the value that is not the request's is named.
        let echo = correlation_id(
            &s,
            &received(&[("x-km-correlation-id", id), ("x-km-correlation-id", other)]),
            true,
        );
        assert_eq!(echo.len(), 2, "{echo:?}");
        assert_eq!(echo[1].actual, format!("\"{other}\""));
    }
}
