//! `Prefer: code=NNN_NNN`: a request asks for one documented result code of its operation, as
//! Prism's `Prefer: code=` does, so a client team can see how their client handles an answer
//! the fixtures do not easily reach.
//!
//! The header follows RFC 7240: preferences are separated by commas (or come in several
//! `Prefer` headers), parameters by semicolons, and a value may be quoted. Only `code` is read.
//! Success (`000_000`) cannot be forced: its data comes from the rules, so a forced success
//! would be an answer the real service never gives.

use axum::http::HeaderMap;

use crate::mock::envelope::Reply;
use crate::mock::operation::Operation;

/// The request header.
pub(crate) const PREFER: &str = "prefer";

/// The answer header that confirms a forced code (RFC 7240 `Preference-Applied`).
pub(crate) const PREFERENCE_APPLIED: &str = "preference-applied";

/// The documented code the request asks for: `Ok(None)` without `Prefer: code=`, `Err` with
/// the mock's refusal (400 `900_400`) for a code the operation's page does not document.
pub(crate) fn forced_code(
    op: &Operation,
    headers: &HeaderMap,
) -> Result<Option<&'static str>, Reply> {
    let Some(asked) = asked_code(headers) else {
        return Ok(None);
    };
    if asked == "000_000" {
        return Err(Reply::control_refused(format!(
            "Prefer: code=000_000 cannot be forced: a success carries data only the rules \
             compute; send a request the fixtures accept (POST {})",
            op.path
        )));
    }
    match op.codes().find(|code| *code == asked) {
        Some(code) => Ok(Some(code)),
        None => {
            let documented: Vec<&str> = op.codes().filter(|c| *c != "000_000").collect();
            Err(Reply::control_refused(format!(
                "Prefer: code={asked} is not a documented result code of POST {}; documented: {}",
                op.path,
                documented.join(", ")
            )))
        }
    }
}

/// The value of the first `code` preference, unquoted.
fn asked_code(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(PREFER)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .find_map(|preference| {
            let first = preference.split(';').next()?;
            let (name, value) = first.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("code")
                .then(|| value.trim().trim_matches('"').to_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::ops::{card_status, delivery_cancel};
    use axum::http::{HeaderValue, StatusCode};

    fn prefer(values: &[&'static str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for value in values {
            headers.append(PREFER, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn reads_the_code_preference_wherever_it_is() {
        let op = &card_status::OPERATION;
        for values in [
            &["code=003_022"][..],
            &["respond-async, code=\"003_022\"; x=1"],
            &["wait=5", "CODE = 003_022"],
        ] {
            assert_eq!(
                forced_code(op, &prefer(values)),
                Ok(Some("003_022")),
                "{values:?}"
            );
        }
        assert_eq!(forced_code(op, &prefer(&["wait=5"])), Ok(None));
        assert_eq!(forced_code(op, &HeaderMap::new()), Ok(None));
    }

    #[test]
    fn an_undocumented_code_is_refused_with_the_documented_ones() {
        let refusal =
            forced_code(&delivery_cancel::OPERATION, &prefer(&["code=003_022"])).unwrap_err();
        assert_eq!(
            (refusal.status, refusal.code),
            (StatusCode::BAD_REQUEST, "900_400")
        );
        assert!(
            refusal
                .description
                .contains("documented: 000_002, 001_006, 003_002, 003_003"),
            "{}",
            refusal.description
        );
        let success =
            forced_code(&delivery_cancel::OPERATION, &prefer(&["code=000_000"])).unwrap_err();
        assert!(success.description.contains("cannot be forced"));
    }
}
