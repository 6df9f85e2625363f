//! Which facts a finding is about, and which facts a body exercises: the ledger side of "every
//! check names its facts". A schema violation (`maxLength` at `/issuedCardList/0/digital/cardNo`)
//! names the field's length fact; an answer body exercises the presence facts of the fields
//! its objects could hold and the shape facts of the fields it holds.

use serde_json::Value;

use super::fact::{Aspect, Fact, Side, field_subject, id};
use super::ledger::Ledger;

/// The dotted field path of a JSON pointer into a body: array indices dropped, as in the fact
/// ids (`/issuedCardList/0/digital/cardNo` → `issuedCardList.digital.cardNo`).
pub fn field_path(pointer: &str) -> String {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .filter(|s| s.parse::<usize>().is_err())
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    segments.join(".")
}

/// The aspect a JSON Schema keyword checks, when it checks one a page states.
pub fn aspect_of_keyword(keyword: &str) -> Option<Aspect> {
    Some(match keyword {
        "type" => Aspect::Type,
        "minLength" | "maxLength" => Aspect::Length,
        "minimum" | "maximum" => Aspect::Range,
        "enum" => Aspect::Enum,
        "pattern" => Aspect::Format,
        _ => return None,
    })
}

impl Ledger {
    /// The fact a schema violation breaks: `keyword` failing at `pointer` in `side`'s body of
    /// `operation`. For `required`, the missing property is named first, in quotes, in
    /// `message` (as the validator words it). `None`: no page states it (an inference, or a
    /// keyword no page speaks of).
    pub fn of_violation(
        &self,
        operation: &str,
        side: Side,
        pointer: &str,
        keyword: &str,
        message: &str,
    ) -> Option<&Fact> {
        let path = field_path(pointer);
        if keyword == "required" {
            let missing = message.split('"').nth(1)?;
            let child = if path.is_empty() {
                missing.to_string()
            } else {
                format!("{path}.{missing}")
            };
            return self.presence(operation, &field_subject(side, &child));
        }
        let aspect = aspect_of_keyword(keyword)?;
        self.get(&id(operation, &field_subject(side, &path), Some(aspect)))
    }

    /// The fact a schema violation breaks, for a report: [`Ledger::of_violation`]'s, else (a
    /// keyword no page speaks of, such as a body that is no object at all) the presence of the
    /// field it is at, or of the envelope `response` at the root of an answer.
    pub fn broken_by(
        &self,
        operation: &str,
        side: Side,
        pointer: &str,
        keyword: &str,
        message: &str,
    ) -> Option<&Fact> {
        let exact = self.of_violation(operation, side, pointer, keyword, message);
        let path = field_path(pointer);
        let at = match (path.is_empty(), side) {
            (true, Side::Response) => "response",
            _ => &path,
        };
        exact.or_else(|| self.presence(operation, &field_subject(side, at)))
    }

    /// The facts `body` exercises as `side`'s body of `operation`: the presence fact of every
    /// field whose parent object is in it, and every other fact of a field it holds.
    pub fn exercised_by_body<'a>(
        &'a self,
        operation: &'a str,
        side: Side,
        body: &'a Value,
    ) -> impl Iterator<Item = &'a Fact> + 'a {
        let fields = self.fields.get(operation).into_iter().flatten();
        fields
            .filter(move |f| f.side == side && reaches(body, &f.reach))
            .map(|f| &self.facts[f.fact])
    }
}

impl Ledger {
    /// The facts `body` exercises as the answer of `status` of `operation`: those of
    /// [`Ledger::exercised_by_body`] about fields that answer declares (a `400` answer does
    /// not exercise the presence of the success's data fields).
    pub fn exercised_by_answer<'a>(
        &'a self,
        operation: &'a str,
        status: u16,
        body: &'a Value,
    ) -> impl Iterator<Item = &'a Fact> + 'a {
        // One lookup of what the answer declares, not one per fact.
        let declared = self.declared(operation, status);
        self.exercised_by_body(operation, Side::Response, body)
            .filter(move |f| declared.is_some_and(|d| d.contains(&f.subject)))
    }
}

/// Whether `body` holds a value at the dotted `segments`, looking into every item of an array.
fn reaches(body: &Value, segments: &[String]) -> bool {
    match (body, segments.split_first()) {
        (Value::Array(items), _) => items.iter().any(|item| reaches(item, segments)),
        (_, None) => true,
        (Value::Object(map), Some((first, rest))) => {
            map.get(first.as_str()).is_some_and(|v| reaches(v, rest))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::spec;

    fn ledger() -> Ledger {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        Ledger::build(&spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap())
    }

    #[test]
    fn every_fact_is_found_by_its_operation_subject_and_aspect_as_by_its_id() {
        let ledger = ledger();
        for f in &ledger.facts {
            let found = ledger.find(&f.operation, &f.subject, f.aspect);
            assert_eq!(found.map(|g| &g.id), Some(&f.id));
            assert_eq!(
                ledger
                    .get(&id(&f.operation, &f.subject, f.aspect))
                    .map(|g| &g.id),
                Some(&f.id)
            );
        }
        let any = &ledger.facts[0];
        assert!(
            ledger
                .find(&any.operation, "no.such.subject", any.aspect)
                .is_none()
        );
        assert!(
            ledger
                .find("noSuchOperation", &any.subject, any.aspect)
                .is_none()
        );
    }

    #[test]
    fn paths_drop_array_indices() {
        assert_eq!(
            field_path("/issuedCardList/0/digital/cardNo"),
            "issuedCardList.digital.cardNo"
        );
        assert_eq!(field_path(""), "");
    }

    #[test]
    fn a_violation_names_the_fact_it_breaks() {
        let l = ledger();
        let op = "preIssueWaitingPhysical";
        let at = |pointer, keyword, message| {
            l.of_violation(op, Side::Response, pointer, keyword, message)
                .map(|f| f.id.as_str())
        };
        assert_eq!(
            at("/issuedCardList/0/digital/cardNo", "maxLength", ""),
            Some("preIssueWaitingPhysical.response.issuedCardList.digital.cardNo.length")
        );
        assert_eq!(
            at(
                "/issuedCardList/1",
                "required",
                "\"values\" is a required property"
            ),
            Some("preIssueWaitingPhysical.response.issuedCardList.values.required")
        );
        // The digits-only pattern of a card number is our inference: no fact.
        assert_eq!(at("/issuedCardList/0/digital/cardNo", "pattern", ""), None);
        assert_eq!(at("", "additionalProperties", ""), None);
        let cancel = l.of_violation(
            "cardDeliveryCancel",
            Side::Request,
            "",
            "required",
            "\"userId\" is a required property",
        );
        assert_eq!(
            cancel.map(|f| f.id.as_str()),
            Some("cardDeliveryCancel.request.userId.required")
        );
    }

    #[test]
    fn a_body_exercises_the_facts_of_what_it_holds() {
        let l = ledger();
        let body = json!({"response": {"code": "000_000"}, "mobileCardNo": "9430000000000003"});
        let ids: Vec<&str> = l
            .exercised_by_body("cardDeliveryCancel", Side::Response, &body)
            .map(|f| f.id.as_str())
            .collect();
        for id in [
            "cardDeliveryCancel.response.mobileCardNo.optional",
            "cardDeliveryCancel.response.mobileCardNo.length",
            "cardDeliveryCancel.response.par.optional",
            "cardDeliveryCancel.response.response.code.format",
        ] {
            assert!(ids.contains(&id), "{id} not in {ids:?}");
        }
        // `par` is absent: its presence is exercised (it may be), its length is not.
        assert!(!ids.contains(&"cardDeliveryCancel.response.par.length"));
        assert!(!ids.iter().any(|i| i.contains(".request.")));

        // The error answer declares the envelope only: it does not exercise `par`'s presence.
        let error = json!({"response": {"code": "000_002"}});
        let by_400: Vec<&str> = l
            .exercised_by_answer("cardDeliveryCancel", 400, &error)
            .map(|f| f.id.as_str())
            .collect();
        assert!(by_400.contains(&"cardDeliveryCancel.response.response.code.format"));
        assert!(!by_400.iter().any(|i| i.contains(".par.")), "{by_400:?}");
        let by_200: Vec<&str> = l
            .exercised_by_answer("cardDeliveryCancel", 200, &body)
            .map(|f| f.id.as_str())
            .collect();
        assert!(by_200.contains(&"cardDeliveryCancel.response.par.optional"));
    }
}
