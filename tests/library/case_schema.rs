//! The committed case-file JSON Schema matches the loader's types, and every committed case
//! file is valid against it.

#[test]
fn committed_schema_has_not_drifted() {
    let committed = std::fs::read_to_string("cases/case-file.schema.json").unwrap();
    assert!(
        committed == konaplate_conformance::case_schema(),
        "cases/case-file.schema.json is stale: run `cargo run -- schema > cases/case-file.schema.json`"
    );
}

#[test]
fn every_case_file_validates_and_the_schema_rejects_unknown_keys() {
    let schema: serde_json::Value =
        serde_json::from_str(&konaplate_conformance::case_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir("cases").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("yaml") {
            continue;
        }
        let doc: serde_json::Value =
            serde_yaml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
        seen += 1;
    }
    // One case file per operation of the spec: a sixth operation is a sixth file.
    let spec = konaplate_conformance::spec::load(std::path::Path::new(
        konaplate_conformance::spec::DEFAULT_SPEC_PATH,
    ))
    .unwrap();
    assert_eq!(seen, spec.operations.len());
    let bad: serde_json::Value = serde_yaml::from_str(
        "operation: x\ncases:\n  - id: a\n    request: {}\n    expect: {stauts: 1}\n",
    )
    .unwrap();
    assert!(!validator.is_valid(&bad));
}
