//! Refusals: a request the case expects refused must not be accepted, whichever code refuses
//! it (`not_accepted`), and a request with a method the operation does not declare must get a
//! client error (`client_error`, judged alone: see [`CLIENT_ERROR`]).

use serde_json::Value;

use super::table::{Basis, Check, claims_none, no_facts};
use crate::expect::Grounds;
use crate::outcome::{CheckKind, Failure};
use crate::spec::pointer;

/// The result code of the documented success, on every page.
const SUCCESS: &str = "000_000";

/// The request must not be accepted: the answer must not be the documented success. Its
/// failure rests on the case's `not_accepted` grounds ([`Basis::Grounds`]), not on the
/// expected code's basis: a server that takes a wrong MAC fails this on a documented fact
/// (the constraint the case breaks, among the case's facts) even where which code it should
/// have refused with is only our reading.
pub(super) const NOT_ACCEPTED: Check = Check {
    name: "not-accepted",
    applies: |j| j.expect.not_accepted.is_some(),
    run: |j| accepted(j.received.status, j.body).into_iter().collect(),
    verifies: |j| match j.expect.not_accepted {
        Some(Grounds::Documented) => j.expect.facts.clone(),
        _ => vec![],
    },
    claims: claims_none,
    basis: Basis::Grounds,
};

/// The answer must be a client error (HTTP 4xx): the one check of an expectation that says
/// `client_error`, walked on any answer, JSON or not (the judge walks it instead of the
/// answer table). Its failure rests on the case's assumption.
pub(super) const CLIENT_ERROR: Check = Check {
    name: "client-error",
    applies: |j| j.expect.client_error,
    run: |j| client_error(j.received.status).into_iter().collect(),
    verifies: no_facts,
    claims: claims_none,
    basis: Basis::Expected,
};

/// A failure when the answer accepted the request: its result code is the documented success
/// (or, with no result code, its status is a 2xx).
pub fn accepted(status: u16, body: &Value) -> Option<Failure> {
    let code = pointer::get(body, "/response/code").and_then(Value::as_str);
    let took = match code {
        Some(code) => code == SUCCESS,
        None => (200..300).contains(&status),
    };
    took.then(|| {
        let what = code.map_or_else(|| "no result code".to_string(), |c| format!("\"{c}\""));
        Failure::new(
            CheckKind::Accepted,
            "/response/code",
            format!("a refusal (anything but the documented success \"{SUCCESS}\")"),
            format!("{what}, HTTP {status}: the request was accepted"),
        )
    })
}

/// A failure unless `status` is a client error (4xx).
pub fn client_error(status: u16) -> Option<Failure> {
    let what = match status {
        200..=299 => "a success",
        300..=399 => "a redirect",
        500..=599 => "a server error",
        _ => "not a client error",
    };
    (!(400..500).contains(&status)).then(|| {
        Failure::new(
            CheckKind::Status,
            "",
            "a client error (HTTP 4xx)",
            format!("HTTP {status}, {what}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_the_documented_success_is_an_acceptance() {
        let ok = json!({"response": {"code": "000_000"}});
        let f = accepted(200, &ok).unwrap();
        assert_eq!(f.check, CheckKind::Accepted);
        assert!(f.actual.contains("\"000_000\", HTTP 200"), "{f:?}");
        // Any refusal passes, whatever code or status it comes with.
        for (status, code) in [(400, "000_002"), (401, "000_001"), (400, "001_006")] {
            assert_eq!(accepted(status, &json!({"response": {"code": code}})), None);
        }
        // The success code is an acceptance even with another status; a 2xx without a code too.
        assert!(accepted(400, &ok).is_some());
        assert!(accepted(204, &json!({})).is_some());
        assert_eq!(accepted(405, &json!({})), None);
    }

    #[test]
    fn a_client_error_is_a_4xx_and_nothing_else() {
        for status in [400, 404, 405, 499] {
            assert_eq!(client_error(status), None);
        }
        assert!(client_error(200).unwrap().actual.contains("a success"));
        assert!(client_error(500).unwrap().actual.contains("a server error"));
        assert!(client_error(307).unwrap().actual.contains("a redirect"));
    }
}
