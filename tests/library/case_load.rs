//! Bad case files: every problem names file, line and column, and only what is broken fails.

use std::path::Path;

use konaplate_conformance::case::{LoadedFile, load_str};
use konaplate_conformance::{profile, spec};

fn load(text: &str) -> LoadedFile {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    load_str(Path::new("cases/broken.yaml"), text, &spec, &profile)
}

fn file_error(text: &str) -> String {
    load(text).file_error.expect("a file error").to_string()
}

fn case_errors(text: &str) -> Vec<(String, String)> {
    load(text)
        .case_errors
        .into_iter()
        .map(|(n, e)| (n, e.to_string()))
        .collect()
}

const GOOD_CASE: &str = r#"  - id: ok
    test-data: "200 - success test"
    request:
      body: { userId: "{{member.active.userId}}", cardNo: "{{card.statusChange.cardNo}}", status: SUSPEND }
    expect: { status: 200, code: "000_000" }
"#;

fn file(cases: &str) -> String {
    format!("operation: cardStatusChange\ncases:\n{GOOD_CASE}{cases}")
}

#[test]
fn unknown_key_suggests_the_right_one() {
    let e = file_error(&file(
        "  - id: bad\n    request: {}\n    expect: { stauts: 400 }\n",
    ));
    insta::assert_snapshot!(e, @r"
    error: cases[1].expect: unknown field `stauts`, expected one of `status`, `code`, `code-not`, `message-contains`, `message-names`, `body`, `schema`, `assumes`, `verifies`, `not-accepted`, `client-error`
      --> cases/broken.yaml:10:15
       |
    10 |     expect: { stauts: 400 }
       |               ^
       = help: did you mean `status`?
    ");
}

#[test]
fn malformed_yaml_points_at_the_spot() {
    let e = file_error("operation: cardStatusChange\ncases:\n  - id: [unclosed\n");
    assert!(e.contains("cases/broken.yaml:"), "{e}");
    assert!(e.contains("-->"), "{e}");
}

#[test]
fn wrong_type_points_at_the_value() {
    let e = file_error(&file(
        "  - id: bad\n    request: {}\n    expect: { status: four-hundred }\n",
    ));
    assert!(e.contains("cases/broken.yaml:10:23"), "{e}");
    assert!(e.contains("invalid type"), "{e}");
}

#[test]
fn unknown_operation_suggests_a_known_one() {
    let e = file_error("operation: cardStatusChang\ncases: []\n");
    insta::assert_snapshot!(e, @r"
    error: unknown operation `cardStatusChang`
      --> cases/broken.yaml:1:12
      |
    1 | operation: cardStatusChang
      |            ^
      = help: did you mean `cardStatusChange`?
    ");
}

#[test]
fn duplicate_ids_fail_only_the_second() {
    let loaded = load(&file(GOOD_CASE));
    assert_eq!(loaded.cases.len(), 1);
    assert_eq!(loaded.case_errors.len(), 1);
    let (name, e) = &loaded.case_errors[0];
    assert_eq!(name, "cardStatusChange::ok#2");
    assert!(e.to_string().contains("duplicate case id `ok`"));
    assert_eq!(e.pos.map(|p| (p.line, p.col)), Some((8, 9)));
    assert_eq!(e.help.as_deref(), Some("first used on line 3"));
}

#[test]
fn undocumented_codes_are_caught_with_the_documented_list() {
    let errors = case_errors(&file(
        "  - id: bad\n    request: {}\n    expect: { status: 400, code: \"003_011\" }\n",
    ));
    insta::assert_snapshot!(errors[0].1, @r#"
    error: `cardStatusChange` does not document result code `003_011`
      --> cases/broken.yaml:10:34
       |
    10 |     expect: { status: 400, code: "003_011" }
       |                                  ^
       = help: documented codes: 000_000, 000_002, 001_006, 003_001, 003_021, 003_022
    "#);
    assert_eq!(errors[0].0, "cardStatusChange::bad");
}

#[test]
fn undefined_variables_are_caught_with_a_suggestion() {
    let errors = case_errors(&file(
        "  - id: bad\n    request:\n      body: { userId: \"{{member.activ.userId}}\" }\n    expect: { status: 400 }\n",
    ));
    let e = &errors[0].1;
    assert!(
        e.contains("variable `member.activ.userId` is not defined"),
        "{e}"
    );
    assert!(e.contains("cases/broken.yaml:10:23"), "{e}");
    assert!(e.contains("did you mean `member.active.userId`?"), "{e}");
}

#[test]
fn status_must_agree_with_the_documented_code() {
    let errors = case_errors(&file(
        "  - id: bad\n    request: {}\n    expect: { status: 200, code: \"003_022\" }\n",
    ));
    assert!(
        errors[0]
            .1
            .contains("documented with HTTP 400, the case expects 200"),
        "{}",
        errors[0].1
    );
}

#[test]
fn test_data_labels_must_exist_and_agree() {
    let errors = case_errors(&file(
        "  - id: bad\n    test-data: \"400 - par not fond\"\n    request: {}\n    expect: { status: 400, code: \"003_021\" }\n",
    ));
    assert!(
        errors[0].1.contains("did you mean `400 - par not found`?"),
        "{}",
        errors[0].1
    );
    let errors = case_errors(&file(
        "  - id: bad\n    test-data: \"400 - par not found\"\n    request: {}\n    expect: { status: 400, code: \"003_022\" }\n",
    ));
    assert!(
        errors[0]
            .1
            .contains("answers `003_021`, the case expects `003_022`"),
        "{}",
        errors[0].1
    );
}

#[test]
fn a_whole_placeholder_keeps_the_variable_type() {
    let loaded = load(&file(""));
    let konaplate_conformance::case::Body::Json(body) = &loaded.cases[0].request.body else {
        panic!()
    };
    assert!(body["userId"].is_u64());
    assert_eq!(body["cardNo"], "9410000000000001");
}

#[test]
fn malformed_matchers_are_input_errors_at_their_position() {
    let errors = case_errors(&file(
        "  - id: bad\n    request: {}\n    expect:\n      status: 400\n      body: { cardApplyNo: \"<len:x>\", par: \"<regex:(>\" }\n",
    ));
    let e = &errors[0].1;
    assert!(e.contains("malformed matcher `<len:x>`"), "{e}");
    assert!(e.contains("cases/broken.yaml:12:28"), "{e}");
    let errors = case_errors(&file(
        "  - id: bad\n    request: {}\n    expect:\n      status: 400\n      body: { par: \"<regex:(>\" }\n",
    ));
    assert!(
        errors[0].1.contains("malformed matcher `<regex:(>`"),
        "{}",
        errors[0].1
    );
}

#[test]
fn a_clean_load_indexes_no_positions_until_a_case_asks_where_it_is() {
    let text = file(
        "  - id: second\n    request:\n      body: { userId: \"{{member.active.userId}}\", cardNo: \"{{card.statusChange.cardNo}}\", status: RESUME }\n    expect: { status: 400, code: \"000_002\" }\n",
    );
    let loaded = load(&text);
    assert!(loaded.file_error.is_none() && loaded.case_errors.is_empty());
    let second = &loaded.cases[1];
    // The index is the loader's second parse of the file: a clean load does without it.
    assert!(!second.at.positions().indexed());
    // Asked for, it points at the `id` value, as the duplicate-trial message needs.
    let line = text.lines().position(|l| l.contains("id: second")).unwrap() + 1;
    let col = text.lines().nth(line - 1).unwrap().find("second").unwrap() + 1;
    assert_eq!((second.pos().line, second.pos().col), (line, col));
    assert!(second.at.positions().indexed());
    // One index for the whole file, shared by its cases.
    assert!(loaded.cases[0].at.positions().indexed());
    assert_eq!(loaded.cases[0].pos().line, 3);
}

#[test]
fn a_method_other_than_post_is_kept_and_a_malformed_one_is_an_error_at_its_key() {
    let put = "  - id: put\n    request:\n      method: PUT\n      body: { userId: 1 }\n    expect: { code-not: \"000_000\", verifies: [cardStatusChange.code.000_000.when] }\n";
    let loaded = load(&file(put));
    assert!(loaded.case_errors.is_empty(), "{:?}", loaded.case_errors);
    let methods: Vec<(String, &str)> = loaded
        .cases
        .iter()
        .map(|c| (c.id.clone(), c.request.method()))
        .collect();
    assert_eq!(
        methods,
        [("ok".to_string(), "POST"), ("put".to_string(), "PUT")]
    );
    // POST written out is the default, not a probe.
    let post = load(&file(
        &put.replace("PUT", "POST").replace("id: put", "id: post"),
    ));
    assert!(post.cases.iter().all(|c| c.request.method.is_none()));
    let errors = case_errors(&file(&put.replace("PUT", "put me")));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].1.contains("`put me` is not an HTTP method"),
        "{errors:?}"
    );
    assert!(
        errors[0].1.contains("cases/broken.yaml:10:15"),
        "{errors:?}"
    );
}

#[test]
fn a_documented_refusal_must_name_what_it_breaks() {
    // The expected code rests on an assumption, and "not accepted" claims a page but names none.
    let bare = "  - id: refused\n    request:\n      body: { userId: 1 }\n    expect: { code-not: \"000_000\", assumes: format-violation-code, not-accepted: documented }\n";
    let errors = case_errors(&file(bare));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .1
            .contains("`not-accepted: documented` names no documented fact"),
        "{errors:?}"
    );
    assert!(
        errors[0].1.contains("cases/broken.yaml:11:82"),
        "{errors:?}"
    );
    // Naming the constraint, or resting the refusal on an assumption, loads.
    let named = bare.replace(
        "not-accepted: documented",
        "not-accepted: documented, verifies: [cardStatusChange.request.userId.type]",
    );
    let assumed = bare.replace("not-accepted: documented", "not-accepted: spec-inferred");
    for text in [named, assumed] {
        let loaded = load(&file(&text));
        assert!(loaded.case_errors.is_empty(), "{:?}", loaded.case_errors);
    }
}
