//! The parts of the contract written for other OpenAPI tools (Prism, Redocly, Schemathesis,
//! Swagger UI): the inferred 401 answer, the security schemes and the links. The harness does
//! not send by them, so these tests are what keeps them true to the rest of the document.

use std::path::Path;

use konaplate_conformance::spec::{self, Spec, schema::violations};
use serde_json::{Value, json};

fn spec() -> Spec {
    spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).expect("the committed spec loads")
}

#[test]
fn every_operation_declares_the_unauthorized_answer_with_the_envelope() {
    let spec = spec();
    for op in &spec.operations {
        let pointer = op
            .response_schema(401)
            .unwrap_or_else(|| panic!("{}: no 401", op.id));
        assert!(pointer.starts_with("/components/responses/"), "{pointer}");
        let v = spec.schemas.response(op, 401).unwrap();
        let body = json!({"response": {"code": "000_001", "description": "Unauthorized. X-KM-Tran-Token"}});
        assert!(violations(&v, &body).is_empty(), "{}", op.id);
        let keywords: Vec<String> = violations(&v, &json!({"code": "000_001"}))
            .into_iter()
            .map(|v| v.keyword)
            .collect();
        assert_eq!(keywords, ["required"], "{}", op.id);
    }
    let unauthorized = spec
        .doc
        .pointer("/components/responses/Unauthorized")
        .unwrap();
    assert_eq!(unauthorized["x-provenance"], "inferred");
    assert!(unauthorized["x-provenance-reason"].is_string());
}

#[test]
fn a_response_reference_that_names_nothing_is_an_input_error_with_a_position() {
    let text = std::fs::read_to_string(spec::DEFAULT_SPEC_PATH).unwrap();
    let broken = text.replacen(
        "$ref: '#/components/responses/Unauthorized'",
        "$ref: '#/components/responses/Unauthorised'",
        1,
    );
    assert_ne!(broken, text);
    let e = spec::load_str(Path::new("broken.yaml"), &broken).unwrap_err();
    assert!(e.message.contains("Unauthorised"), "{e}");
    assert!(e.pos.is_some(), "{e}");
}

#[test]
fn every_operation_requires_both_security_schemes_which_name_the_header_parameters() {
    let spec = spec();
    let schemes = spec.doc["components"]["securitySchemes"]
        .as_object()
        .unwrap();
    for op in &spec.operations {
        let operation = &spec.doc["paths"][&op.path]["post"];
        let security = operation["security"].as_array().unwrap();
        assert_eq!(
            security.len(),
            1,
            "{}: one requirement, both schemes",
            op.id
        );
        let names: Vec<&String> = security[0].as_object().unwrap().keys().collect();
        assert_eq!(names.len(), 2, "{}", op.id);
        for name in names {
            let header = schemes[name.as_str()]["name"].as_str().unwrap();
            assert_eq!(schemes[name.as_str()]["in"], "header");
            // The harness generates header cases from the parameters: the scheme's header
            // must stay one of them.
            let declared = operation["parameters"].as_array().unwrap().iter().any(|p| {
                let p = spec.schemas.resolve(p);
                p["name"] == header && p["in"] == "header"
            });
            assert!(declared, "{}: {header} is not a header parameter", op.id);
        }
    }
}

/// The schema a JSON pointer into a body reaches, walking `properties` and `items`.
fn reach<'a>(spec: &'a Spec, mut schema: &'a Value, pointer: &str) -> Option<&'a Value> {
    for segment in pointer.split('/').skip(1) {
        schema = spec.schemas.resolve(schema);
        schema = if segment.parse::<usize>().is_ok() {
            schema.get("items")?
        } else {
            schema.get("properties")?.get(segment)?
        };
    }
    Some(spec.schemas.resolve(schema))
}

/// Every link: its target exists, every field it fills is a field of the target's request,
/// and every value it takes is a field of the source's request or answer.
fn link_problems(spec: &Spec) -> (usize, Vec<String>) {
    let (mut count, mut problems) = (0, Vec::new());
    for op in &spec.operations {
        let responses = &spec.doc["paths"][&op.path]["post"]["responses"];
        for (status, response) in responses.as_object().unwrap() {
            let Some(links) = response.get("links").and_then(Value::as_object) else {
                continue;
            };
            let status: u16 = status.parse().unwrap();
            for (name, link) in links {
                count += 1;
                let at = format!("{} {status} {name}", op.id);
                let target = link["operationId"]
                    .as_str()
                    .and_then(|id| spec.operation(id));
                let Some(target) = target else {
                    problems.push(format!("{at}: no operation {}", link["operationId"]));
                    continue;
                };
                let target_request = spec.doc.pointer(&target.request_schema).unwrap();
                for (field, expression) in link["requestBody"].as_object().unwrap() {
                    if reach(spec, target_request, &format!("/{field}")).is_none() {
                        problems.push(format!("{at}: {} has no field {field}", target.id));
                    }
                    let expression = expression.as_str().unwrap_or_default();
                    let (source, pointer) = match expression.split_once('#') {
                        Some(("$request.body", p)) => (Some(op.request_schema.as_str()), p),
                        Some(("$response.body", p)) => (op.response_schema(status), p),
                        _ => (None, ""),
                    };
                    let schema = source.and_then(|s| spec.doc.pointer(s));
                    if schema.and_then(|s| reach(spec, s, pointer)).is_none() {
                        problems.push(format!("{at}: {expression} reaches no field"));
                    }
                }
            }
        }
    }
    (count, problems)
}

#[test]
fn every_link_connects_fields_that_exist() {
    let spec = spec();
    let (count, problems) = link_problems(&spec);
    assert!(count > 0, "the spec declares no links");
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn a_link_to_a_misspelt_field_is_caught() {
    let text = std::fs::read_to_string(spec::DEFAULT_SPEC_PATH).unwrap();
    for (from, to) in [
        (
            "$response.body#/cardApplyNo",
            "$response.body#/cardApplyNumber",
        ),
        (
            "cardApplyNo: $response.body#/cardApplyNo",
            "cardApplyNum: $response.body#/cardApplyNo",
        ),
        (
            "operationId: cardDeliveryInquiry\n              description",
            "operationId: cardInquiry\n              description",
        ),
    ] {
        let broken = text.replacen(from, to, 1);
        assert_ne!(broken, text, "{from}");
        let spec = spec::load_str(Path::new("broken.yaml"), &broken).unwrap();
        let (_, problems) = link_problems(&spec);
        assert_eq!(problems.len(), 1, "{from}: {problems:?}");
    }
}

#[test]
fn the_answers_that_hand_on_values_all_have_links() {
    // cardApplyNo from the reissue answer and from the pre-issue list; the discarded mobile
    // card from the cancel answer.
    let spec = spec();
    for (op, field) in [
        ("expiredCardReissue", "$response.body#/cardApplyNo"),
        (
            "preIssueWaitingPhysical",
            "$response.body#/issuedCardList/0/cardApplyNo",
        ),
        (
            "preIssueWaitingPhysical",
            "$response.body#/issuedCardList/0/digital/par",
        ),
        ("cardDeliveryCancel", "$response.body#/par"),
        ("cardDeliveryCancel", "$response.body#/mobileCardNo"),
    ] {
        let path = &spec.operation(op).unwrap().path;
        let links = &spec.doc["paths"][path]["post"]["responses"]["200"]["links"];
        let used = links.as_object().unwrap().values().any(|l| {
            l["requestBody"]
                .as_object()
                .unwrap()
                .values()
                .any(|e| e == field)
        });
        assert!(used, "{op}: no link takes {field}");
    }
}
