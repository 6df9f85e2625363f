//! A value a scenario step captures from the server is data: where a later step's expected body
//! names it, it is compared as it is, never compiled as a matcher (#27 G7). A server that
//! answered `<any>` would otherwise make any later answer pass.

use std::path::Path;

use konaplate_conformance::scenario::{self, Captured};
use konaplate_conformance::{profile, spec};
use serde_json::{Value, json};

const SCENARIO: &str = r#"
id: captured-literals
steps:
  - id: first
    operation: cardDeliveryInquiry
    request:
      body: { userId: "{{member.active.userId}}", cardApplyNo: "CA20000000000000000001" }
    expect: { status: 200, code: "000_000" }
    capture:
      code: /response/code
  - id: second
    operation: cardDeliveryInquiry
    request:
      body: { userId: "{{member.active.userId}}", cardApplyNo: "CA20000000000000000001" }
    expect:
      status: 200
      code: "000_000"
      # The result text's fields are Optional on the page: the step asks for them on the
      # assumption that the answer carries its text there.
      assumes: message-field
      body:
        response:
          code: "{{captured.code}}"
          message: "<{{captured.code}}>"
          description: "code {{captured.code}}"
"#;

fn second_step() -> scenario::Step {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let loaded = scenario::load_str(Path::new("s.yaml"), SCENARIO, &spec, &profile);
    loaded.scenario.unwrap().steps.remove(1)
}

/// The pointers where `answer` fails the second step's expectation, with `code` captured.
fn failing(code: &str, answer: &Value) -> Vec<String> {
    let captured: Captured = [("code".to_string(), json!(code))].into_iter().collect();
    let expect = second_step().expect_for(&captured).unwrap();
    let pattern = expect.body.unwrap();
    pattern
        .mismatches(answer)
        .into_iter()
        .map(|f| f.path)
        .collect()
}

#[test]
fn a_captured_matcher_is_compared_as_it_is() {
    let answer = json!({"response": {"code": "999_999", "message": "999_999", "description": "x"}});
    // Each captured text reads as a matcher once in place; none may match what it does not
    // equal (`any` makes `<{{captured.code}}>` read `<any>`).
    for code in [
        "<any>",
        "<string>",
        "<non-empty>",
        "<regex:.*>",
        "any",
        "regex:.*",
    ] {
        let failures = failing(code, &answer);
        for pointer in [
            "/response/code",
            "/response/message",
            "/response/description",
        ] {
            assert!(
                failures.iter().any(|f| f == pointer),
                "{code}: {failures:?}"
            );
        }
    }
    // Negative control: the captured value itself matches wherever it is.
    let same = json!({"response": {"code": "any", "message": "<any>", "description": "code any"}});
    assert_eq!(failing("any", &same), Vec::<String>::new());
    let almost = json!({"response": {"code": "any", "message": "<any", "description": "code any"}});
    assert_eq!(failing("any", &almost), ["/response/message"]);
}
