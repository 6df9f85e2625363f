//! The contract's schemas catch what the vendor pages forbid, and name the JSON path.

use std::path::Path;

use konaplate_conformance::spec::{self, Spec, schema::violations};
use serde_json::{Value, json};

fn spec() -> Spec {
    spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).expect("the committed spec loads")
}

fn response_violations(spec: &Spec, op: &str, status: u16, body: &Value) -> Vec<(String, String)> {
    let op = spec.operation(op).unwrap();
    let v = spec.schemas.response(op, status).unwrap();
    violations(&v, body)
        .into_iter()
        .map(|v| (v.path, v.keyword))
        .collect()
}

fn request_violations(spec: &Spec, op: &str, body: &Value) -> Vec<(String, String)> {
    let op = spec.operation(op).unwrap();
    let v = spec.schemas.request(op).unwrap();
    violations(&v, body)
        .into_iter()
        .map(|v| (v.path, v.keyword))
        .collect()
}

fn ok() -> Value {
    json!({"code": "000_000", "description": "Success."})
}

fn issued_card() -> Value {
    json!({
        "cardApplyNo": "CA20000000000000000002",
        "issueType": "ISSUE",
        "digital": {"cardNo": "9430000000000002", "par": "Q1TESTPAR000000000000000102",
                    "serviceId": "000170000002000", "serviceName": "KONA prepaid", "mobileCardCVC": "321"},
        "status": "DIGITAL_ISSUED",
        "values": {"balance": 9999999999u64, "points": [{"policyType": "07", "policyId": "P1", "policyName": "Donation", "amount": 0}]},
        "requester": "APP"
    })
}

#[test]
fn the_five_operations_with_their_catalogue() {
    let spec = spec();
    let ids: Vec<&str> = spec.operation_ids().collect();
    assert_eq!(
        ids,
        [
            "cardDeliveryInquiry",
            "preIssueWaitingPhysical",
            "cardStatusChange",
            "expiredCardReissue",
            "cardDeliveryCancel"
        ]
    );
    let counts: Vec<(usize, usize)> = spec
        .operations
        .iter()
        .map(|o| (o.error_codes.len(), o.test_data.len()))
        .collect();
    assert_eq!(counts, [(4, 4), (5, 6), (6, 6), (10, 10), (5, 5)]);
    let status = spec.operation("cardStatusChange").unwrap();
    assert_eq!(status.path, "/api/v1/card/status");
    assert_eq!(
        status.error_code("003_022").unwrap().message,
        "Card already terminated"
    );
    assert_eq!(
        status.test_data("400 - par not found").unwrap().code,
        "003_021"
    );
    let pre = spec.operation("preIssueWaitingPhysical").unwrap();
    assert!(pre.encryption.request && pre.encryption.response);
    assert_eq!(
        pre.test_data("200 - Test succeeded - Not searched")
            .unwrap()
            .code,
        "000_000"
    );
    let changing: Vec<&str> = spec
        .operations
        .iter()
        .filter(|o| o.state_changing)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(
        changing,
        [
            "cardStatusChange",
            "expiredCardReissue",
            "cardDeliveryCancel"
        ]
    );
}

#[test]
fn a_well_formed_response_of_each_operation_passes() {
    let spec = spec();
    let good = [
        (
            "cardDeliveryInquiry",
            json!({"response": ok(), "status": "SHIPPING"}),
        ),
        (
            "preIssueWaitingPhysical",
            json!({"response": ok(), "issuedCardList": [issued_card()]}),
        ),
        (
            "preIssueWaitingPhysical",
            json!({"response": ok(), "issuedCardList": []}),
        ),
        (
            "cardStatusChange",
            json!({"response": {"code": "000_000", "description": "Success"}}),
        ),
        (
            "expiredCardReissue",
            json!({"response": ok(), "cardApplyNo": "CA20000000000000000099"}),
        ),
        (
            "cardDeliveryCancel",
            json!({"response": ok(), "mobileCardNo": "9430000000000003", "par": "Q1TESTPAR000000000000000103"}),
        ),
    ];
    for (op, body) in good {
        assert_eq!(response_violations(&spec, op, 200, &body), vec![], "{op}");
        let err = json!({"response": {"code": "000_002", "description": "Invalid input parameter. userId"}});
        assert_eq!(
            response_violations(&spec, op, 400, &err),
            vec![],
            "{op} 400"
        );
    }
}

#[test]
fn card_apply_no_must_be_exactly_22() {
    let spec = spec();
    for no in ["CA2000000000000000001", "CA200000000000000000001"] {
        let body = json!({"response": ok(), "cardApplyNo": no});
        let v = response_violations(&spec, "expiredCardReissue", 200, &body);
        assert_eq!(v.len(), 1, "{no}: {v:?}");
        assert_eq!(v[0].0, "/cardApplyNo");
        assert!(v[0].1 == "minLength" || v[0].1 == "maxLength");
    }
}

#[test]
fn unknown_delivery_status_is_an_enum_violation() {
    let v = response_violations(
        &spec(),
        "cardDeliveryInquiry",
        200,
        &json!({"response": ok(), "status": "DELIVERED"}),
    );
    assert_eq!(v, vec![("/status".to_string(), "enum".to_string())]);
}

#[test]
fn missing_required_fields_are_named() {
    let spec = spec();
    let v = response_violations(
        &spec,
        "cardDeliveryInquiry",
        200,
        &json!({"response": ok()}),
    );
    assert_eq!(v, vec![("".to_string(), "required".to_string())]);
    let mut item = issued_card();
    item.as_object_mut().unwrap().remove("digital");
    let v = response_violations(
        &spec,
        "preIssueWaitingPhysical",
        200,
        &json!({"response": ok(), "issuedCardList": [item]}),
    );
    assert_eq!(
        v,
        vec![("/issuedCardList/0".to_string(), "required".to_string())]
    );
}

#[test]
fn balance_above_its_maximum_and_policy_type_outside_the_enum() {
    let spec = spec();
    let mut item = issued_card();
    item["values"]["balance"] = json!(10000000000u64);
    item["values"]["points"][0]["policyType"] = json!("08");
    let v = response_violations(
        &spec,
        "preIssueWaitingPhysical",
        200,
        &json!({"response": ok(), "issuedCardList": [item]}),
    );
    assert_eq!(
        v,
        vec![
            (
                "/issuedCardList/0/values/balance".to_string(),
                "maximum".to_string()
            ),
            (
                "/issuedCardList/0/values/points/0/policyType".to_string(),
                "enum".to_string()
            ),
        ]
    );
}

#[test]
fn user_id_keeps_all_nineteen_digits() {
    let spec = spec();
    let body = |id: Value| json!({"userId": id, "cardNo": "9410000000000001", "status": "SUSPEND"});
    assert_eq!(
        request_violations(
            &spec,
            "cardStatusChange",
            &body(json!(9999999999999999999u64))
        ),
        vec![]
    );
    // One above the documented maximum: an f64 would round both to 1e19 and accept it.
    let v = request_violations(
        &spec,
        "cardStatusChange",
        &body(json!(10000000000000000000u64)),
    );
    assert_eq!(v, vec![("/userId".to_string(), "maximum".to_string())]);
    assert_eq!(
        request_violations(&spec, "cardStatusChange", &body(json!(0))),
        vec![("/userId".to_string(), "minimum".to_string())]
    );
}

#[test]
fn card_status_needs_par_or_card_no() {
    let spec = spec();
    let v = request_violations(
        &spec,
        "cardStatusChange",
        &json!({"userId": 1, "status": "RESUME"}),
    );
    assert_eq!(v, vec![("".to_string(), "anyOf".to_string())]);
    let v = request_violations(
        &spec,
        "cardStatusChange",
        &json!({"userId": 1, "par": "Q1TESTPAR000000000000000001", "status": "STOP"}),
    );
    assert!(
        v.iter().any(|(p, k)| p == "/status" && k == "enum"),
        "{v:?}"
    );
}

#[test]
fn broken_specs_are_input_errors_with_positions() {
    let text = std::fs::read_to_string(spec::DEFAULT_SPEC_PATH).unwrap();
    let path = Path::new("broken.yaml");
    let bad_yaml = text.replacen("paths:", "paths: [", 1);
    assert!(spec::load_str(path, &bad_yaml).unwrap_err().pos.is_some());
    // The operation's own id (links name operations too), made a duplicate.
    let dup = text.replacen(
        "operationId: cardStatusChange\n      summary",
        "operationId: cardDeliveryInquiry\n      summary",
        1,
    );
    assert_ne!(dup, text);
    let e = spec::load_str(path, &dup).unwrap_err();
    assert!(e.message.contains("duplicate operationId"), "{e}");
    assert!(e.pos.is_some());
    let wrong = text.replacen("openapi: 3.1.0", "openapi: 3.0.3", 1);
    assert!(
        spec::load_str(path, &wrong)
            .unwrap_err()
            .message
            .contains("3.1")
    );
}

#[test]
fn the_headers_an_answer_declares_are_read_once_with_their_references_followed() {
    let spec = spec();
    let op = "cardDeliveryInquiry";
    let declared = spec.response_headers(op, 200);
    let names: Vec<&str> = declared.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(names, ["X-KM-Correlation-Id", "X-KM-Crypto-Key-Id"]);
    // Followed into `components/headers`: the correlation id is Required, the key id is not,
    // and each schema pointer names the component's schema.
    assert!(declared[0].required && !declared[1].required);
    assert_eq!(
        declared[1].schema,
        "/components/headers/X-KM-Crypto-Key-Id/schema"
    );
    for h in declared {
        assert!(spec.doc.pointer(&h.schema).is_some(), "{h:?}");
        assert!(spec.schemas.get(&h.schema).is_ok(), "{h:?}");
    }
    // A status the operation does not document, and an unknown operation: none.
    assert!(spec.response_headers(op, 418).is_empty());
    assert!(spec.response_headers("noSuchOperation", 200).is_empty());
}
