//! The fact ledger covers the spec: every body field, header, Response Code row, Test Data
//! item, Encrypted flag and lifecycle rule of the contract has its facts, found here by a walk
//! of the spec written independently of the ledger's own, and nothing the spec marks as our
//! inference is listed as a fact.

use std::path::Path;

use konaplate_conformance::facts::{Kind, Ledger};
use konaplate_conformance::spec::{self, Spec};
use serde_json::Value;

fn spec() -> Spec {
    spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).expect("the committed spec loads")
}

/// Something of the spec the ledger must state, or must not.
#[derive(Debug)]
struct Expected {
    /// The subject's id prefix: `<operation>.<subject>`.
    subject: String,
    /// Documented (must have facts), or our inference (must have none).
    documented: bool,
}

fn resolve<'a>(doc: &'a Value, mut node: &'a Value) -> &'a Value {
    while let Some(r) = node.get("$ref").and_then(Value::as_str) {
        node = doc.pointer(&r[1..]).expect("a local $ref");
    }
    node
}

fn inferred(node: &Value) -> bool {
    node.get("x-provenance").and_then(Value::as_str) == Some("inferred")
}

/// Every property under `schema`, as `<prefix><dotted path>`, with whether any node on its way
/// is marked inferred.
fn properties(
    doc: &Value,
    schema: &Value,
    prefix: &str,
    under_inferred: bool,
    out: &mut Vec<Expected>,
) {
    let schema = resolve(doc, schema);
    let schema = match schema.get("items") {
        Some(items) if schema.get("type").and_then(Value::as_str) == Some("array") => {
            resolve(doc, items)
        }
        _ => schema,
    };
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, node) in props {
        let gone = under_inferred || inferred(node) || inferred(resolve(doc, node));
        let subject = format!("{prefix}{name}");
        out.push(Expected {
            subject: subject.clone(),
            documented: !gone,
        });
        // One keyword of a documented field that is our inference: no fact states it.
        let keywords = node.get("x-inferred").and_then(Value::as_object);
        for keyword in keywords.into_iter().flat_map(|m| m.keys()) {
            let aspect = match keyword.as_str() {
                "pattern" => "format",
                "minLength" | "maxLength" => "length",
                "minimum" | "maximum" => "range",
                other => other,
            };
            out.push(Expected {
                subject: format!("{subject}.{aspect}"),
                documented: false,
            });
        }
        properties(doc, node, &format!("{subject}."), gone, out);
    }
}

/// What the spec says the ledger must hold, walked from the document itself.
fn expected(spec: &Spec) -> Vec<Expected> {
    let doc = &spec.doc;
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        let op = &item["post"];
        let id = op["operationId"].as_str().unwrap();
        let mut put = |subject: String, documented: bool| {
            out.push(Expected {
                subject,
                documented,
            })
        };
        let body = &op["requestBody"]["content"]["application/json"]["schema"];
        let mut fields = Vec::new();
        properties(doc, body, &format!("{id}.request."), false, &mut fields);
        for (status, answer) in op["responses"].as_object().unwrap() {
            let answer = resolve(doc, answer);
            if inferred(answer) {
                assert_eq!(status, "401", "{path}: only the 401 is inferred");
                continue;
            }
            let schema = &answer["content"]["application/json"]["schema"];
            properties(doc, schema, &format!("{id}.response."), false, &mut fields);
            for name in answer["headers"].as_object().unwrap().keys() {
                put(format!("{id}.responseHeader.{name}"), true);
            }
        }
        for f in fields {
            put(f.subject, f.documented);
        }
        let headers_inferred = op["x-headers-provenance"]["request"].as_str() == Some("inferred");
        for param in op["parameters"].as_array().unwrap() {
            let param = resolve(doc, param);
            put(
                format!("{id}.requestHeader.{}", param["name"].as_str().unwrap()),
                !headers_inferred,
            );
        }
        for row in op["x-error-codes"].as_array().unwrap() {
            let code = row["code"].as_str().unwrap();
            for aspect in ["status", "message", "when"] {
                put(format!("{id}.code.{code}.{aspect}"), true);
            }
        }
        for item in op["x-test-data"].as_array().unwrap() {
            put(
                format!("{id}.testData.{}", item["code"].as_str().unwrap()),
                true,
            );
        }
        for side in ["request", "response"] {
            let mark = op["x-encryption-provenance"][side].as_str();
            let documented = !matches!(mark, Some("unknown" | "inferred"));
            put(format!("{id}.encryption.{side}"), documented);
        }
        for rule in op["x-lifecycle"].as_array().into_iter().flatten() {
            put(
                format!("{id}.lifecycle.{}", rule["id"].as_str().unwrap()),
                true,
            );
        }
    }
    out
}

/// The gaps: each documented subject with no fact, each inferred one with a fact.
fn gaps(spec: &Spec, ledger: &Ledger) -> Vec<String> {
    let has = |subject: &str| {
        ledger
            .facts
            .iter()
            .any(|f| f.id == subject || format!("{}.{}", f.operation, f.subject) == subject)
    };
    let mut out = Vec::new();
    for e in expected(spec) {
        match (e.documented, has(&e.subject)) {
            (true, false) => out.push(format!("no fact states {}", e.subject)),
            (false, true) => out.push(format!("the ledger states our inference {}", e.subject)),
            _ => {}
        }
    }
    out
}

#[test]
fn every_field_header_code_test_data_item_flag_and_rule_of_the_spec_has_its_facts() {
    let spec = spec();
    let ledger = Ledger::build(&spec);
    assert_eq!(gaps(&spec, &ledger), Vec::<String>::new());
    // And the walk found something of each kind to compare with.
    for kind in Kind::ALL {
        assert!(
            ledger.facts.iter().any(|f| f.kind == kind),
            "no {kind} fact"
        );
    }
}

#[test]
fn a_ledger_missing_a_fact_is_caught() {
    let spec = spec();
    let full = Ledger::build(&spec);
    for dropped in [
        "cardStatusChange.code.003_022.message",
        "cardDeliveryCancel.response.mobileCardNo",
        "preIssueWaitingPhysical.response.issuedCardList.values.points.amount",
        "cardDeliveryInquiry.responseHeader.X-KM-Crypto-Key-Id",
        "preIssueWaitingPhysical.testData.000_000",
        "expiredCardReissue.lifecycle.fee-may-be-charged",
    ] {
        let kept = full
            .facts
            .iter()
            .filter(|f| f.id != dropped && !f.id.starts_with(&format!("{dropped}.")))
            .cloned()
            .collect();
        let gaps = gaps(&spec, &Ledger::of(kept));
        assert!(
            gaps.iter().any(|g| g.ends_with(dropped)),
            "dropping {dropped}: {gaps:?}"
        );
    }
}

#[test]
fn ids_are_unique_and_name_their_operation() {
    let spec = spec();
    let ledger = Ledger::build(&spec);
    let mut ids: Vec<&str> = ledger.facts.iter().map(|f| f.id.as_str()).collect();
    let all = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), all, "duplicate fact ids");
    for f in &ledger.facts {
        assert!(spec.operation(&f.operation).is_some(), "{}", f.id);
        assert!(f.id.starts_with(&format!("{}.", f.operation)), "{}", f.id);
        assert!(
            spec.doc.pointer(&f.spec).is_some(),
            "{} points at nothing: {}",
            f.id,
            f.spec
        );
        assert_eq!(f.checkable, f.not_checkable.is_none(), "{}", f.id);
    }
}

#[test]
fn a_ledger_stating_an_inference_is_caught() {
    use konaplate_conformance::facts::{About, Aspect, Fact, Source};
    let spec = spec();
    let mut facts = Ledger::build(&spec).facts;
    for (op, subject, aspect) in [
        ("cardDeliveryInquiry", "request.userId", Aspect::Required),
        (
            "preIssueWaitingPhysical",
            "request.physicalCardNo",
            Aspect::Format,
        ),
    ] {
        let about = About::new(Kind::Field, subject.into(), Some(aspect));
        facts.push(Fact::new(
            op,
            about,
            "x".into(),
            Source::page("p"),
            String::new(),
        ));
    }
    let gaps = gaps(&spec, &Ledger::of(facts));
    assert_eq!(
        gaps,
        [
            "the ledger states our inference cardDeliveryInquiry.request.userId",
            "the ledger states our inference preIssueWaitingPhysical.request.physicalCardNo.format",
        ]
    );
}

#[test]
fn the_ledger_states_the_pages_words() {
    let ledger = Ledger::build(&spec());
    let states = |id: &str| ledger.get(id).map(|f| f.states.as_str());
    assert_eq!(
        states("cardDeliveryCancel.response.mobileCardNo.optional"),
        Some("Optional")
    );
    assert_eq!(
        states("cardDeliveryCancel.response.par.length"),
        Some("Length : 27")
    );
    assert_eq!(
        states("cardStatusChange.code.003_022.message"),
        Some("\"Card already terminated\"")
    );
    assert_eq!(
        states("cardStatusChange.code.003_022.status"),
        Some("HTTP 400")
    );
    assert_eq!(
        states("expiredCardReissue.code.003_008.message"),
        Some("\"Par not found from cardNo.\"")
    );
    assert_eq!(
        states("cardDeliveryInquiry.responseHeader.X-KM-Crypto-Key-Id.length"),
        Some("Length : 32")
    );
    assert_eq!(
        states("preIssueWaitingPhysical.request.userId.range"),
        Some("Min : 1 , Max : 9999999999999999999")
    );
    assert_eq!(
        states("preIssueWaitingPhysical.testData.000_000.2"),
        Some("\"200 - Test succeeded - Not searched\" answers 000_000 (HTTP 200)")
    );
    // A fee actually charged is not visible from outside: listed, with why.
    let fee = ledger
        .get("expiredCardReissue.lifecycle.fee-may-be-charged")
        .unwrap();
    assert!(!fee.checkable && fee.not_checkable.is_some());
    // Where the seed page is silent and a reference speaks, the fact says so.
    let reissue = ledger.get("expiredCardReissue.encryption.request").unwrap();
    assert!(
        reissue
            .source
            .reference
            .as_deref()
            .unwrap()
            .contains("public variant")
    );
    // No source shows the inquiry's request flag: not a fact.
    assert!(
        ledger
            .get("cardDeliveryInquiry.encryption.request")
            .is_none()
    );
    assert!(
        ledger
            .get("cardDeliveryInquiry.encryption.response")
            .is_some()
    );
}
