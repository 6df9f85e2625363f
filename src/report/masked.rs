//! Masked copies of the run's data: every report renders from these, so each string is masked
//! exactly once, at one place.
//!
//! A failure's texts are pieces ([`Said`]): the harness's own words stay as they are; a value
//! from the wire or the user's inputs is masked by shape and, when the failure's path ends in a
//! field the masker knows by name (`mobileCardCVC`, `par`, ...), as that field's value would be
//! (a header failure's as that header's value), with its shape beside it (`actual_shape`:
//! `15 digits, Luhn fails`, [`crate::mask::shape`]); other wire text is masked by shape.

use serde_json::{Map, Value};

use super::RunInfo;
use super::answer_times::AnswerTimes;
use crate::expect::Pattern;
use crate::mask::{Masker, shape};
use crate::outcome::{
    CheckKind, Exchange, Failure, Outcome, Piece, Received, Retry, RunError, Said, SentRequest,
    Verdict,
};
use crate::provenance::{FileHash, Provenance};

/// A masked copy of an outcome: names, views, failures, error, skip reason and exchange.
pub fn outcome(o: &Outcome, m: &Masker) -> Outcome {
    Outcome {
        name: m.text(&o.name),
        operation: m.text(&o.operation),
        case_id: m.text(&o.case_id),
        expected_code: o.expected_code.as_deref().map(|c| m.text(c)),
        expected: o.expected.as_ref().map(|v| view(v, m)),
        actual: o.actual.as_ref().map(|v| view(v, m)),
        verdict: verdict(&o.verdict, m),
        warnings: o.warnings.iter().map(|f| failure(f, m)).collect(),
        exchange: o.exchange.as_ref().map(|x| exchange(x, m)),
        duration: o.duration,
        steps: o.steps.iter().map(|s| outcome(s, m)).collect(),
        // Fact ids come from the spec, never from a target or a profile.
        facts: o.facts.clone(),
    }
}

/// A masked copy of a diff view (`{"status", "body"}`): the case's matchers in it
/// (`"cardNo": "<len:16>"`, also where the answer matched one) are the harness's words,
/// masked by shape only (a regex's text as a failure line masks it); every value is masked
/// as [`Masker::json`] masks it.
pub fn view(v: &Value, m: &Masker) -> Value {
    m.json_keeping(v, &Pattern::is_matcher)
}

/// Masked copies of all outcomes, in the same order.
pub fn outcomes(os: &[Outcome], m: &Masker) -> Vec<Outcome> {
    os.iter().map(|o| outcome(o, m)).collect()
}

/// A masked copy of the run facts (a target URL or a path could carry anything).
pub fn info(i: &RunInfo, m: &Masker) -> RunInfo {
    RunInfo {
        run_id: m.text(&i.run_id),
        started_at: m.text(&i.started_at),
        target: m.text(&i.target),
        profile: m.text(&i.profile),
        environment: m.text(&i.environment),
        spec_path: m.text(&i.spec_path),
        spec_version: m.text(&i.spec_version),
        spec_hash: m.text(&i.spec_hash),
        strict: i.strict,
        duration: i.duration,
        // Counts and fixed reasons: nothing to mask.
        constraints: i.constraints.clone(),
        provenance: i.provenance.as_ref().map(|p| provenance(p, m)),
        tags: i
            .tags
            .iter()
            .map(|(name, tags)| (m.text(name), tags.iter().map(|t| m.text(t)).collect()))
            .collect(),
        client: i.client.as_ref().map(|c| c.map_names(|n| m.text(n))),
        // Durations and counts, under operation ids.
        answer_times: AnswerTimes(
            i.answer_times
                .0
                .iter()
                .map(|(op, t)| (m.text(op), t.clone()))
                .collect(),
        ),
    }
}

/// Paths could carry anything; versions and hashes are masked too, for the guard's sake.
fn provenance(p: &Provenance, m: &Masker) -> Provenance {
    let file = |f: &FileHash| FileHash {
        path: m.text(&f.path),
        sha256: f.sha256.as_deref().map(|h| m.text(h)),
    };
    Provenance {
        tool_version: m.text(&p.tool_version),
        git_commit: p.git_commit.as_deref().map(|c| m.text(c)),
        spec: file(&p.spec),
        profile: file(&p.profile),
        cases: p.cases.iter().map(file).collect(),
        scenarios: p.scenarios.iter().map(file).collect(),
    }
}

fn verdict(v: &Verdict, m: &Masker) -> Verdict {
    match v {
        Verdict::Pass => Verdict::Pass,
        Verdict::Fail { failures } => Verdict::Fail {
            failures: failures.iter().map(|f| failure(f, m)).collect(),
        },
        Verdict::Error { error } => Verdict::Error {
            error: RunError {
                kind: error.kind,
                message: m.text(&error.message),
            },
        },
        Verdict::Skipped { reason } => Verdict::Skipped {
            reason: m.text(reason),
        },
        Verdict::Flaky { retries } => Verdict::Flaky {
            retries: retries
                .iter()
                .map(|r| Retry {
                    answer: m.text(&r.answer),
                    waited_ms: r.waited_ms,
                })
                .collect(),
        },
    }
}

/// A masked copy of a failure (see the module docs for how its path matters): the harness's
/// words as they are, each wire piece masked, and beside a masked actual value its shape.
pub fn failure(f: &Failure, m: &Masker) -> Failure {
    let value = |s: &str| match f.check {
        CheckKind::Header | CheckKind::RequestHeader => m.header(&f.path, s),
        // An encryption failure's path names the wrapper field, not a value; an input error's
        // is a case file's.
        CheckKind::Input | CheckKind::Encryption => m.text(s),
        _ => match named_field(&f.path, m) {
            Some(field) => as_field(field, s, m),
            None => m.text(s),
        },
    };
    let said = |s: &Said| {
        let masked: String = s
            .pieces()
            .iter()
            .map(|p| match p {
                Piece::Words(w) => w.clone(),
                Piece::Value(v) => value(v),
                Piece::Text(t) => m.text(t),
            })
            .collect();
        Said::words(masked)
    };
    let actual = said(&f.actual);
    // A value the masker changed keeps its shape beside it; one it left whole needs none.
    let shape = f
        .actual
        .the_value()
        .filter(|_| actual != f.actual.as_string())
        .map(shape::of_actual);
    Failure {
        check: f.check,
        path: m.text(&f.path),
        expected: said(&f.expected),
        actual,
        actual_shape: f.actual_shape.as_deref().map(|s| m.text(s)).or(shape),
        assumption: f.assumption,
        facts: f.facts.clone(),
    }
}

/// The last segment of a JSON pointer, when the masker recognises it as a field name.
fn named_field<'a>(path: &'a str, m: &Masker) -> Option<&'a str> {
    let field = path.rsplit('/').next().filter(|f| !f.is_empty())?;
    // A probe value that no shape rule touches: if it comes back changed, the name did it.
    let probe = Value::String("probe-value-of-no-shape".into());
    let masked = m.json(&single(field, probe.clone()));
    (masked.get(field) != Some(&probe)).then_some(field)
}

/// `s` masked as the value of `field`: as JSON when it parses, else as a string.
fn as_field(field: &str, s: &str, m: &Masker) -> String {
    match serde_json::from_str::<Value>(s) {
        Ok(v) if !v.is_object() && !v.is_array() => {
            let masked = m.json(&single(field, v));
            masked
                .get(field)
                .map_or_else(|| m.text(s), Value::to_string)
        }
        _ => match m
            .json(&single(field, Value::String(s.to_string())))
            .get(field)
        {
            Some(Value::String(masked)) => masked.clone(),
            _ => m.text(s),
        },
    }
}

fn single(field: &str, v: Value) -> Value {
    let mut map = Map::new();
    map.insert(field.to_string(), v);
    Value::Object(map)
}

/// A masked copy of an exchange: headers by name, bodies by field and shape.
pub fn exchange(x: &Exchange, m: &Masker) -> Exchange {
    Exchange {
        request: SentRequest {
            method: m.text(&x.request.method),
            url: m.text(&x.request.url),
            headers: headers(&x.request.headers, m),
            body: m.body(&x.request.body),
        },
        response: x.response.as_ref().map(|r| Received {
            status: r.status,
            headers: headers(&r.headers, m),
            body: m.body(&r.body),
            // The runner drops the parsed body once checked; parse it again from the text.
            json: match &r.json {
                Some(v) => Some(m.json(v)),
                None => serde_json::from_str::<Value>(&r.body)
                    .ok()
                    .map(|v| m.json(&v)),
            },
        }),
        elapsed: x.elapsed,
        encryption: x.encryption,
    }
}

fn headers(hs: &[(String, String)], m: &Masker) -> Vec<(String, String)> {
    hs.iter()
        .map(|(n, v)| (m.text(n), m.header(n, v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(s: &str) -> Said {
        Said::value(s.to_string())
    }

    #[test]
    fn a_failure_at_a_cvc_field_keeps_no_value_only_its_shape() {
        let m = Masker::default();
        let f = Failure::new(
            CheckKind::Body,
            "/digital/mobileCardCVC",
            value("\"123\""),
            value("\"4567\""),
        );
        let masked = failure(&f, &m);
        assert_eq!(masked.expected, "\"[REDACTED]\"");
        assert_eq!(masked.actual, "\"[REDACTED]\"");
        assert_eq!(masked.actual_shape.as_deref(), Some("4 digits"));
        let f = Failure::new(
            CheckKind::Body,
            "/physicalCardCVC",
            "a 3-digit CVC",
            value("123"),
        );
        assert_eq!(failure(&f, &m).expected, "a 3-digit CVC");
        assert_eq!(failure(&f, &m).actual, "\"[REDACTED]\"");
    }

    #[test]
    fn a_failure_at_a_par_or_card_field_is_partly_masked_with_its_shape() {
        let m = Masker::default();
        let f = Failure::new(
            CheckKind::Body,
            "/par",
            value("\"Q1TESTPAR000000000000000001\""),
            value("\"Q1TESTPAR00000000000000077\""),
        );
        let masked = failure(&f, &m);
        assert_eq!(masked.expected, "\"Q1TE*******************0001\"");
        assert_eq!(masked.actual, "\"Q1TE******************0077\"");
        let shape = "26 characters: letters and digits";
        assert_eq!(masked.actual_shape.as_deref(), Some(shape));
        let f = Failure::new(
            CheckKind::Schema,
            "/mobileCardNo",
            "`minLength` to hold",
            Said::text("value is shorter than 16 characters")
                .then(Said::words(" — "))
                .then(value("\"541234123456001\"")),
        );
        assert_eq!(
            failure(&f, &m).line(),
            "[schema] at /mobileCardNo: expected `minLength` to hold, got value is shorter than 16 characters — \"541234*****6001\" (15 digits, Luhn fails)"
        );
    }

    #[test]
    fn the_harness_words_at_a_card_field_are_never_masked() {
        let m = Masker::default();
        let f = Failure::new(
            CheckKind::Body,
            "/mobileCardNo",
            Said::words("16 characters or items (`<len:16>`)"),
            "no such field",
        );
        let masked = failure(&f, &m);
        assert_eq!(
            masked.line(),
            "[body] at /mobileCardNo: expected 16 characters or items (`<len:16>`), got no such field"
        );
        assert_eq!(masked.actual_shape, None);
        // The same texts as values (how they were typed before words had a type) are masked.
        let f = Failure::new(CheckKind::Body, "/par", value("no such field"), value("x"));
        assert_ne!(failure(&f, &m).expected, "no such field");
    }

    #[test]
    fn a_body_matcher_at_a_card_field_reads_as_words_and_the_value_as_its_shape() {
        let m = Masker::default();
        let expected = crate::expect::Pattern::compile(
            &serde_json::json!({"mobileCardNo": "<len:16>", "par": "<len:27>"}),
        );
        let lines = |answer: Value| -> Vec<String> {
            let failures = expected.mismatches(&answer);
            failures.iter().map(|f| failure(f, &m).line()).collect()
        };
        assert_eq!(
            lines(serde_json::json!({})),
            [
                "[body] at /mobileCardNo: expected 16 characters or items (`<len:16>`), got no such field",
                "[body] at /par: expected 27 characters or items (`<len:27>`), got no such field",
            ]
        );
        let answer = serde_json::json!({"mobileCardNo": "541234123456001", "par": "Q1TESTPAR00000000000000077"});
        assert_eq!(
            lines(answer),
            [
                "[body] at /mobileCardNo: expected 16 characters or items (`<len:16>`), got \"541234*****6001\" (15 digits, Luhn fails)",
                "[body] at /par: expected 27 characters or items (`<len:27>`), got \"Q1TE******************0077\" (26 characters: letters and digits)",
            ]
        );
    }

    #[test]
    fn a_view_keeps_the_matchers_at_a_card_field_as_words_and_masks_the_values() {
        let m = Masker::default();
        let expected = serde_json::json!({"body": {"mobileCardNo": "<len:16>",
            "par": "<len:27>", "mobileCardCVC": "<regex:^[0-9]{3}$>",
            "physicalCardNo": "<regex:^9410000000000001$>", "cardNo": "9410000000000001"}});
        let masked = view(&expected, &m);
        assert_eq!(
            masked,
            serde_json::json!({"body": {"mobileCardNo": "<len:16>", "par": "<len:27>",
                "mobileCardCVC": "<regex:^[0-9]{3}$>",
                "physicalCardNo": "<regex:^941000******0001$>", "cardNo": "941000******0001"}})
        );
        // Masking a masked view changes nothing (the collector's copy is masked again).
        assert_eq!(view(&masked, &m), masked);
        let actual = serde_json::json!({"body": {"mobileCardNo": "541234123456001",
            "mobileCardCVC": "<len:x>"}});
        assert_eq!(
            view(&actual, &m),
            serde_json::json!({"body": {"mobileCardNo": "541234*****6001",
                "mobileCardCVC": "[REDACTED]"}})
        );
    }

    #[test]
    fn other_failures_are_masked_by_shape_and_headers_by_name() {
        let m = Masker::default();
        let f = Failure::new(
            CheckKind::Body,
            "/status",
            value("\"READY\""),
            value("card 9410000000000001"),
        );
        let masked = failure(&f, &m);
        assert_eq!(masked.expected, "\"READY\"");
        assert_eq!(masked.actual, "card 941000******0001");
        let f = Failure::new(
            CheckKind::Header,
            "X-KM-Tran-Token",
            "a token",
            value("KMV1:1:abc"),
        );
        assert_eq!(failure(&f, &m).actual, "[REDACTED]");
    }
}
