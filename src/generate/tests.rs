//! The generator on a small hand-written spec: names, values, bases, headers, coverage.

use std::path::Path;

use serde_json::{Value, json};

use super::json::set;
use super::*;
use crate::case::{self, LoadedFile};
use crate::case::{Body, Case, Origin};
use crate::profile;
use crate::spec;

const SPEC: &str = r#"
openapi: 3.1.0
info: { title: t, version: "1" }
paths:
  /widget:
    post:
      operationId: widget
      x-seed: 000_a.txt
      parameters:
        - $ref: '#/components/parameters/Trace'
        - { name: X-Optional, in: header, required: false, schema: { type: string, maxLength: 3 } }
      requestBody:
        content: { application/json: { schema: { $ref: '#/components/schemas/Widget' } } }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object } } } }
        '400': { description: bad, content: { application/json: { schema: { type: object } } } }
      x-error-codes: &codes
        - { code: "000_000", http: 200, message: ok, description: ok }
        - { code: "000_002", http: 400, message: bad, description: bad }
        - { code: "001_006", http: 400, message: who, description: who }
      x-test-data: []
  /mover:
    post:
      operationId: mover
      x-seed: 001_b.txt
      x-state-changing: true
      parameters:
        - $ref: '#/components/parameters/Trace'
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [id, size]
              properties:
                id: { $ref: '#/components/schemas/Id' }
                size: { type: string, minLength: 1, maxLength: 3 }
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object } } } }
        '400': { description: bad, content: { application/json: { schema: { type: object } } } }
      x-error-codes: *codes
      x-test-data: []
components:
  parameters:
    Trace:
      name: X-KM-Correlation-Id
      in: header
      required: true
      schema: { type: string, minLength: 20, maxLength: 20, pattern: '^[0-9]{12}-[0-9A-Fa-f]{7}$' }
  schemas:
    Id: { type: integer, minimum: 1, maximum: 9999999999999999999 }
    Widget:
      type: object
      required: [id, kind, inner]
      properties:
        id: { $ref: '#/components/schemas/Id', description: the id }
        kind: { type: string, minLength: 1, maxLength: 2, enum: [A, BB] }
        note: { type: string, maxLength: 4 }
        code: { type: string, minLength: 0, maxLength: 3, pattern: '^[0-9]*$' }
        inner:
          type: object
          required: [deep]
          properties:
            deep: { type: string, minLength: 2, maxLength: 2 }
      anyOf:
        - required: [note]
        - required: [code]
"#;

const PROFILE: &str = r#"
environment: mock
asp-id: "000170000000000"
time-zone: KST
credentials:
  access-key: { env: T_A, test-default: a }
  secret-key: { env: T_S, test-default: s }
message-field: description
header-errors:
  malformed: { status: 400, code: "000_002" }
  unauthorized: { status: 401, code: "000_001" }
vars:
  big: 9999999999999999999
  generated: { mover: { id: 6, size: xyz } }
"#;

const WIDGET_CASES: &str = r#"
operation: widget
cases:
  - id: success
    request: { body: { id: "{{big}}", kind: BB, note: abcd, inner: { deep: xy } } }
    expect: { status: 200, code: "000_000" }
"#;

const MOVER_CASES: &str = r#"
operation: mover
cases:
  - id: success
    request: { body: { id: 5, size: abc } }
    expect: { status: 200, code: "000_000" }
  - id: stranger
    request: { body: { id: 777, size: abc } }
    expect: { status: 400, code: "001_006" }
"#;

fn spec() -> spec::Spec {
    spec::load_str(Path::new("t.yaml"), SPEC).unwrap()
}

fn profile(text: &str) -> profile::Profile {
    profile::load_str(Path::new("p.yaml"), text).unwrap()
}

fn files(spec: &spec::Spec, profile: &profile::Profile, texts: &[&str]) -> Vec<LoadedFile> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let f = case::load_str(Path::new(&format!("c{i}.yaml")), t, spec, profile);
            assert!(f.file_error.is_none() && f.case_errors.is_empty(), "{f:?}");
            f
        })
        .collect()
}

fn run(profile_text: &str, cases: &[&str]) -> Generated {
    let spec = spec();
    let profile = profile(profile_text);
    generate(&spec, &files(&spec, &profile, cases), &profile)
}

fn case<'a>(g: &'a Generated, name: &str) -> &'a Case {
    g.cases
        .iter()
        .find(|c| c.name() == name)
        .unwrap_or_else(|| panic!("no case {name}"))
}

fn body(c: &Case) -> &Value {
    match &c.request.body {
        Body::Json(v) => v,
        other => panic!("not JSON: {other:?}"),
    }
}

#[test]
fn names_are_stable_unique_and_sorted() {
    let g = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    let names: Vec<String> = g.cases.iter().map(Case::name).collect();
    let expected = [
        "mover::generated::X-KM-Correlation-Id::malformed",
        "mover::generated::X-KM-Correlation-Id::missing",
        "mover::generated::X-KM-Correlation-Id::too-long",
        "mover::generated::X-KM-Correlation-Id::too-short",
        "mover::generated::id::above-maximum",
        "mover::generated::id::at-maximum",
        "mover::generated::id::at-minimum",
        "mover::generated::id::below-minimum",
        "mover::generated::id::missing",
        "mover::generated::id::wrong-type",
        "mover::generated::method::put",
        "mover::generated::size::at-max-length",
        "mover::generated::size::at-min-length",
        "mover::generated::size::missing",
        "mover::generated::size::too-long",
        "mover::generated::size::too-short",
        "mover::generated::size::wrong-type",
        "widget::generated::X-KM-Correlation-Id::malformed",
        "widget::generated::X-KM-Correlation-Id::missing",
        "widget::generated::X-KM-Correlation-Id::too-long",
        "widget::generated::X-KM-Correlation-Id::too-short",
        "widget::generated::code::at-max-length",
        "widget::generated::code::pattern-mismatch",
        "widget::generated::code::too-long",
        "widget::generated::code::wrong-type",
        "widget::generated::id::above-maximum",
        "widget::generated::id::at-maximum",
        "widget::generated::id::at-minimum",
        "widget::generated::id::below-minimum",
        "widget::generated::id::missing",
        "widget::generated::id::wrong-type",
        "widget::generated::inner.deep::at-length",
        "widget::generated::inner.deep::missing",
        "widget::generated::inner.deep::too-long",
        "widget::generated::inner.deep::too-short",
        "widget::generated::inner.deep::wrong-type",
        "widget::generated::inner::missing",
        "widget::generated::inner::wrong-type",
        "widget::generated::kind::at-max-length",
        "widget::generated::kind::at-min-length",
        "widget::generated::kind::missing",
        "widget::generated::kind::not-in-enum",
        "widget::generated::kind::too-long",
        "widget::generated::kind::too-short",
        "widget::generated::kind::wrong-type",
        "widget::generated::method::put",
        "widget::generated::note-or-code::none-given",
        "widget::generated::note::at-max-length",
        "widget::generated::note::too-long",
        "widget::generated::note::wrong-type",
    ];
    assert_eq!(names, expected);
    assert!(g.cases.iter().all(|c| c.origin == Origin::Generated));
    assert!(g.notes.is_empty(), "{:?}", g.notes);
}

#[test]
fn the_same_inputs_give_the_same_cases() {
    let a = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    let b = run(PROFILE, &[MOVER_CASES, WIDGET_CASES]);
    let text = |g: &Generated| serde_json::to_string(&g.cases).unwrap();
    // Independent of the order the case files come in, except for where each came from.
    let strip = |g: &Generated| {
        let mut v: Value = serde_json::from_str(&text(g)).unwrap();
        for c in v.as_array_mut().unwrap() {
            c.as_object_mut().unwrap().remove("file");
        }
        v
    };
    assert_eq!(strip(&a), strip(&b));
    assert_eq!(text(&a), text(&run(PROFILE, &[WIDGET_CASES, MOVER_CASES])));
    assert_eq!(a.constraints, b.constraints);
}

#[test]
fn negatives_change_one_field_of_the_success_body() {
    let g = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    let good = json!({"id": 9999999999999999999u64, "kind": "BB", "note": "abcd", "inner": {"deep": "xy"}});
    let with = |path: &[&str], v: Value| {
        let mut b = good.clone();
        let p: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        set(&mut b, &p, v);
        b
    };
    let expectations = [
        (
            "id::above-maximum",
            with(&["id"], json!(10_000_000_000_000_000_000u64)),
        ),
        ("id::below-minimum", with(&["id"], json!(0))),
        (
            "id::wrong-type",
            with(&["id"], json!("9999999999999999999")),
        ),
        ("kind::too-short", with(&["kind"], json!(""))),
        ("kind::too-long", with(&["kind"], json!("BBB"))),
        ("kind::not-in-enum", with(&["kind"], json!("a"))),
        ("kind::wrong-type", with(&["kind"], json!(0))),
        ("note::too-long", with(&["note"], json!("abcda"))),
        ("code::too-long", with(&["code"], json!("0000"))),
        ("code::pattern-mismatch", with(&["code"], json!("#"))),
        (
            "inner.deep::too-short",
            with(&["inner", "deep"], json!("x")),
        ),
        (
            "inner.deep::too-long",
            with(&["inner", "deep"], json!("xyx")),
        ),
        (
            "inner::wrong-type",
            with(&["inner"], json!("{\"deep\":\"xy\"}")),
        ),
        ("inner.deep::missing", with(&["inner"], json!({}))),
        ("note-or-code::none-given", {
            let mut b = good.clone();
            b.as_object_mut().unwrap().remove("note");
            b
        }),
    ];
    for (id, expected) in expectations {
        let c = case(&g, &format!("widget::generated::{id}"));
        assert_eq!(body(c), &expected, "{id}");
        assert_eq!(c.expect.status, Some(400), "{id}");
        assert_eq!(c.expect.code.as_deref(), Some(INVALID_INPUT), "{id}");
        assert!(c.request.headers.is_empty(), "{id}");
    }
    // The u64 maximum travels exactly.
    let above = case(&g, "widget::generated::id::above-maximum");
    assert!(
        serde_json::to_string(body(above))
            .unwrap()
            .contains("\"id\":10000000000000000000")
    );
    // Message names: the dotted path, or any field of a group.
    assert_eq!(
        case(&g, "widget::generated::inner.deep::too-short")
            .expect
            .message_names,
        ["inner.deep"]
    );
    assert_eq!(
        case(&g, "widget::generated::note-or-code::none-given")
            .expect
            .message_names,
        ["note", "code"]
    );
}

#[test]
fn positive_boundaries_must_not_be_answered_invalid_input() {
    let g = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    let c = case(&g, "widget::generated::kind::at-min-length");
    assert_eq!(body(c)["kind"], json!("A"));
    assert_eq!(c.expect.status, None);
    assert_eq!(c.expect.code, None);
    assert_eq!(c.expect.code_not.as_deref(), Some(INVALID_INPUT));
    assert!(c.expect.message_names.is_empty());
    assert_eq!(
        body(case(&g, "widget::generated::kind::at-max-length"))["kind"],
        json!("BB")
    );
    assert_eq!(
        body(case(&g, "widget::generated::id::at-maximum"))["id"].as_u64(),
        Some(9_999_999_999_999_999_999)
    );
    // An exact length is one case probing both constraints.
    let deep: Vec<&Constraint> = g
        .constraints
        .iter()
        .filter(|c| c.operation == "widget" && c.field == "inner.deep")
        .collect();
    let at_length = "widget::generated::inner.deep::at-length".to_string();
    for kind in [ConstraintKind::MinLength, ConstraintKind::MaxLength] {
        let c = deep.iter().find(|c| c.kind == kind).unwrap();
        assert!(c.cases.contains(&at_length), "{c:?}");
    }
    // A field absent from the base gets a value of the length (and the pattern).
    assert_eq!(
        body(case(&g, "widget::generated::code::at-max-length"))["code"],
        json!("000")
    );
}

#[test]
fn state_changing_operations_start_accepted_values_from_the_non_member_case() {
    let g = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    // Negatives, of fields and of headers: the success body on the generated fixtures
    // (`vars.generated.mover`). Positives: the 001_006 body on them, its non-member kept.
    assert_eq!(
        body(case(&g, "mover::generated::size::too-long")),
        &json!({"id": 6, "size": "xyzx"})
    );
    assert_eq!(
        body(case(&g, "mover::generated::size::at-min-length")),
        &json!({"id": 777, "size": "x"})
    );
    assert_eq!(
        body(case(&g, "mover::generated::id::at-minimum")),
        &json!({"id": 1, "size": "xyz"})
    );
    let header = case(&g, "mover::generated::X-KM-Correlation-Id::missing");
    assert_eq!(body(header), &json!({"id": 6, "size": "xyz"}));
    // A read-only operation keeps its documented success body.
    assert_eq!(
        body(case(&g, "widget::generated::note::too-long"))["id"],
        json!(9999999999999999999u64)
    );

    // Without a 001_006 case: no positive boundary (nothing harmless to carry it), and the run
    // is told why; the negatives, of fields and headers, are on the success body as before.
    let only_success = "operation: mover\ncases:\n  - id: success\n    request: { body: { id: 5, size: abc } }\n    expect: { status: 200, code: \"000_000\" }\n";
    let g = run(PROFILE, &[WIDGET_CASES, only_success]);
    let mover: Vec<String> = g
        .cases
        .iter()
        .filter(|c| c.operation == "mover")
        .map(|c| c.id.clone())
        .collect();
    assert!(mover.iter().all(|id| !id.contains("::at-")), "{mover:?}");
    assert!(mover.contains(&"generated::size::too-long".to_string()));
    assert!(mover.iter().any(|id| id.contains("X-KM")));
    assert!(
        g.notes
            .iter()
            .any(|n| n.starts_with("mover: positive boundaries not generated")),
        "{:?}",
        g.notes
    );
    let header_constraints: Vec<&Constraint> = g
        .constraints
        .iter()
        .filter(|c| c.operation == "mover" && c.location == Location::Header)
        .collect();
    assert!(!header_constraints.is_empty());
    assert!(
        header_constraints
            .iter()
            .all(|c| !c.cases.is_empty() && c.not_covered.is_none()),
        "{header_constraints:?}"
    );
}

#[test]
fn a_state_changing_operation_without_its_own_fixtures_gets_no_case_and_the_run_is_told() {
    // The profile without `vars.generated.mover`: nothing of mover is built on the documented
    // fixtures; the note and every one of its constraints name the missing variable.
    for vars in [
        "vars: { big: 9999999999999999999 }",
        "vars: { big: 9999999999999999999, generated: { mover: {} } }",
    ] {
        let text = PROFILE.replace(
            "vars:\n  big: 9999999999999999999\n  generated: { mover: { id: 6, size: xyz } }",
            vars,
        );
        assert_ne!(text, PROFILE);
        let g = run(&text, &[WIDGET_CASES, MOVER_CASES]);
        assert!(g.cases.iter().all(|c| c.operation == "widget"), "{vars}");
        assert!(g.cases.iter().any(|c| c.operation == "widget"));
        let missing = "`vars.generated.mover`";
        assert_eq!(
            g.notes
                .iter()
                .filter(|n| n.starts_with("mover: no case generated") && n.contains(missing))
                .count(),
            1,
            "{:?}",
            g.notes
        );
        assert!(
            g.notes.iter().all(|n| !n.starts_with("mover: body")),
            "{:?}",
            g.notes
        );
        let mover: Vec<&Constraint> = g
            .constraints
            .iter()
            .filter(|c| c.operation == "mover")
            .collect();
        assert!(!mover.is_empty());
        assert!(
            mover.iter().all(|c| c
                .not_covered
                .as_deref()
                .is_some_and(|r| r.contains(missing))),
            "{mover:?}"
        );
    }
}

#[test]
fn header_cases_follow_the_profile() {
    let g = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    let c = case(&g, "widget::generated::X-KM-Correlation-Id::malformed");
    assert_eq!(
        c.request.headers,
        [(
            "X-KM-Correlation-Id".to_string(),
            Some("#21108120814-abcdef0".to_string())
        )]
    );
    assert_eq!(c.expect.status, Some(400));
    assert_eq!(c.expect.code.as_deref(), Some("000_002"));
    assert_eq!(c.expect.message_names, ["X-KM-Correlation-Id"]);
    assert_eq!(
        case(&g, "widget::generated::X-KM-Correlation-Id::missing")
            .request
            .headers,
        [("X-KM-Correlation-Id".to_string(), None)]
    );
    // Optional headers are not probed.
    assert!(!g.cases.iter().any(|c| c.id.contains("X-Optional")));

    // No header-errors: no header case, and the constraints say why. No message-field: no
    // message-names.
    let silent = PROFILE
        .replace("message-field: description\n", "")
        .replace(
            "header-errors:\n  malformed: { status: 400, code: \"000_002\" }\n  unauthorized: { status: 401, code: \"000_001\" }\n",
            "",
        );
    let g = run(&silent, &[WIDGET_CASES, MOVER_CASES]);
    assert!(!g.cases.iter().any(|c| c.id.contains("X-KM")));
    assert!(g.cases.iter().all(|c| c.expect.message_names.is_empty()));
    let cov = g.coverage(true);
    assert_eq!(cov.total - cov.covered, 8);
    assert!(
        cov.not_covered[0].reason.contains("header-errors"),
        "{cov:?}"
    );
    assert!(
        g.notes
            .iter()
            .any(|n| n.contains("header cases not generated"))
    );
}

#[test]
fn every_constraint_is_counted_and_covered() {
    let g = run(PROFILE, &[WIDGET_CASES, MOVER_CASES]);
    let labels: Vec<String> = g.constraints.iter().map(Constraint::label).collect();
    // widget: id 4, kind 5 (minLength 1), note 2 (no minLength), code 3 (minLength 0 is none),
    // inner 2, inner.deep 4, the group 1, Correlation-Id 4; mover: id 4, size 4, header 4.
    assert_eq!(labels.len(), 25 + 12, "{labels:#?}");
    assert!(labels.contains(&"widget body note-or-code anyOf".to_string()));
    assert!(labels.contains(&"widget header X-KM-Correlation-Id pattern".to_string()));
    assert!(!labels.iter().any(|l| l.contains("code minLength")));
    let cov = g.coverage(true);
    assert_eq!((cov.covered, cov.total), (37, 37), "{cov:?}");
    for c in &g.constraints {
        assert!(!c.cases.is_empty(), "{c:?}");
        for name in &c.cases {
            assert!(g.cases.iter().any(|k| &k.name() == name), "{name}");
        }
    }
}

#[test]
fn constraints_are_counted_without_the_cases_as_generation_counts_them() {
    let labels = |cs: &[Constraint]| cs.iter().map(Constraint::label).collect::<Vec<_>>();
    // With cases to start from and without any, with header answers and without.
    let no_header_errors = PROFILE.replace(
        "header-errors:\n  malformed: { status: 400, code: \"000_002\" }\n  unauthorized: { status: 401, code: \"000_001\" }\n",
        "",
    );
    assert_ne!(no_header_errors, PROFILE);
    for (profile_text, cases) in [
        (PROFILE, &[WIDGET_CASES, MOVER_CASES][..]),
        (PROFILE, &[][..]),
        (no_header_errors.as_str(), &[WIDGET_CASES][..]),
    ] {
        let (spec, profile) = (spec(), profile(profile_text));
        let generated = generate(&spec, &files(&spec, &profile, cases), &profile);
        let counted = constraints(&spec, &profile);
        assert!(!counted.is_empty());
        assert_eq!(labels(&counted), labels(&generated.constraints));
        assert!(counted.iter().all(|c| c.cases.is_empty()));
        assert_eq!(
            ConstraintCoverage::of(&counted, false),
            generated.coverage(false)
        );
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap();
    let text = std::fs::read_to_string(root.join(profile::DEFAULT_TARGET_PATH)).unwrap();
    let profile = profile::load_str(&root.join(profile::DEFAULT_TARGET_PATH), &text).unwrap();
    assert_eq!(
        labels(&constraints(&spec, &profile)),
        labels(&committed().constraints)
    );
}

#[test]
fn without_a_success_case_nothing_is_generated_and_the_reason_is_kept() {
    let g = run(PROFILE, &[MOVER_CASES]);
    assert!(g.cases.iter().all(|c| c.operation == "mover"));
    let widget: Vec<&Constraint> = g
        .constraints
        .iter()
        .filter(|c| c.operation == "widget")
        .collect();
    assert!(!widget.is_empty());
    assert!(widget.iter().all(|c| {
        c.not_covered
            .as_deref()
            .is_some_and(|r| r.contains("no documented success case"))
    }));
    assert!(
        g.notes
            .iter()
            .any(|n| n.starts_with("widget: body cases not generated"))
    );
}

#[test]
fn written_files_load_back_as_the_same_cases() {
    let spec = spec();
    let profile = profile(PROFILE);
    let docs = files(&spec, &profile, &[WIDGET_CASES, MOVER_CASES]);
    let g = generate(&spec, &docs, &profile);
    let written = case_files(&spec, &profile, &g.cases);
    assert_eq!(
        written.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["widget.yaml", "mover.yaml"]
    );
    let mut back: Vec<Case> = Vec::new();
    for (name, text) in &written {
        assert!(text.contains("code: \"000_002\""), "{text}");
        let loaded = case::load_str(Path::new(name), text, &spec, &profile);
        assert!(
            loaded.file_error.is_none() && loaded.case_errors.is_empty(),
            "{name}: {loaded:?}"
        );
        back.extend(loaded.cases);
    }
    back.sort_by_key(Case::name);
    assert_eq!(back.len(), g.cases.len());
    for (b, c) in back.iter().zip(&g.cases) {
        assert_eq!(b.name(), c.name());
        assert_eq!(
            serde_json::to_value(&b.request).unwrap(),
            serde_json::to_value(&c.request).unwrap(),
            "{}",
            c.name()
        );
        assert_eq!(
            serde_json::to_value(&b.expect).unwrap(),
            serde_json::to_value(&c.expect).unwrap(),
            "{}",
            c.name()
        );
    }
}

#[test]
fn outcomes_recognise_generated_ids_by_the_same_prefix() {
    assert_eq!(
        format!("{}::", super::ID_PREFIX),
        crate::outcome::GENERATED_ID_PREFIX
    );
}

/// The committed spec, cases and mock profile, generated.
fn committed() -> Generated {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load_str(
        &root.join(profile::DEFAULT_TARGET_PATH),
        &std::fs::read_to_string(root.join(profile::DEFAULT_TARGET_PATH)).unwrap(),
    )
    .unwrap();
    let files = case::load_dir(&root.join("cases"), &spec, &profile).unwrap();
    generate(&spec, &files, &profile)
}

#[test]
fn each_generated_case_says_what_its_expected_answer_assumes() {
    use crate::assumption::Assumption as A;
    let generated = committed();
    let assumes = |name: &str| case(&generated, name).expect.assumes;
    // A documented length and the documented 000_002.
    assert_eq!(
        assumes("cardStatusChange::generated::cardNo::too-long"),
        None
    );
    // Which code a malformed YYMM gets is not on the pages.
    assert_eq!(
        assumes("preIssueWaitingPhysical::generated::physicalCardExpDate::pattern-mismatch"),
        Some(A::FormatViolationCode)
    );
    // Card numbers: digits only is our reading, probed like a documented constraint.
    for name in [
        "cardStatusChange::generated::cardNo::pattern-mismatch",
        "preIssueWaitingPhysical::generated::physicalCardNo::pattern-mismatch",
        "expiredCardReissue::generated::cardInfo.oldCardNo::pattern-mismatch",
    ] {
        assert_eq!(assumes(name), Some(A::CardNumberDigits), "{name}");
    }
    // Fields the spec marks inferred, and the inferred "par or cardNo".
    assert_eq!(
        assumes("expiredCardReissue::generated::cardInfo.oldCardNo::too-long"),
        Some(A::SpecInferred)
    );
    assert_eq!(
        assumes("cardDeliveryInquiry::generated::cardApplyNo::missing"),
        Some(A::SpecInferred)
    );
    assert_eq!(
        assumes("cardStatusChange::generated::par-or-cardNo::none-given"),
        Some(A::SpecInferred)
    );
    // The answer to a bad header comes from the profile, not the pages.
    assert_eq!(
        assumes("cardStatusChange::generated::X-KM-Tran-Token::hmac-mismatch"),
        Some(A::HeaderErrorAnswer)
    );
}

#[test]
fn every_negative_must_not_be_accepted_on_what_its_constraint_rests_on() {
    use crate::assumption::Assumption as A;
    use crate::expect::Grounds;
    let generated = committed();
    let expect = |name: &str| &case(&generated, name).expect;
    // Every negative of a field, a group or a header carries "not accepted"; no positive
    // boundary and no method case does.
    for c in &generated.cases {
        let negative = c.tags.iter().any(|t| t == "negative" || t == "header");
        assert_eq!(c.expect.not_accepted.is_some(), negative, "{}", c.name());
    }
    // A malformed YYMM: not accepted is documented (the page gives the format), which code
    // refuses it is our reading.
    let yymm = expect("preIssueWaitingPhysical::generated::physicalCardExpDate::pattern-mismatch");
    assert_eq!(yymm.not_accepted, Some(Grounds::Documented));
    assert_eq!(yymm.assumes, Some(A::FormatViolationCode));
    // Digits-only card numbers are our reading: both rest on it.
    let digits = expect("cardStatusChange::generated::cardNo::pattern-mismatch");
    assert_eq!(
        digits.not_accepted,
        Some(Grounds::Assumes(A::CardNumberDigits))
    );
    // A wrong MAC: not accepted is documented, the profile's answer code is not.
    let mac = expect("cardDeliveryCancel::generated::X-KM-Tran-Token::hmac-mismatch");
    assert_eq!(mac.not_accepted, Some(Grounds::Documented));
    assert_eq!(mac.assumes, Some(A::HeaderErrorAnswer));
    // An inferred field: both inferred.
    let inferred = expect("cardDeliveryInquiry::generated::cardApplyNo::missing");
    assert_eq!(
        inferred.not_accepted,
        Some(Grounds::Assumes(A::SpecInferred))
    );
}

#[test]
fn header_negatives_and_the_method_case_change_the_success_request() {
    let generated = committed();
    let case = |name: &str| case(&generated, name);
    for op in [
        "cardDeliveryCancel",
        "cardDeliveryInquiry",
        "expiredCardReissue",
    ] {
        let success = case(&format!("{op}::generated::X-KM-Tran-Token::hmac-mismatch"));
        let method = case(&format!("{op}::generated::method::put"));
        // The same body: the success request (the generated fixtures where the operation
        // changes cards), the one thing changed a header, or the method.
        assert_eq!(body(success), body(method), "{op}");
        assert_eq!(method.request.method(), "PUT");
        assert!(method.request.headers.is_empty());
        assert!(method.expect.client_error, "{op}");
        assert_eq!(
            method.expect.assumes,
            Some(crate::assumption::Assumption::UndeclaredMethod)
        );
    }
    let cancel = body(case(
        "cardDeliveryCancel::generated::X-KM-Tran-Token::hmac-mismatch",
    ));
    assert_eq!(cancel["cardApplyNo"], "CA20000000000000000010", "{cancel}");
    assert_eq!(cancel["userId"], 50000104663u64, "{cancel}");
}
