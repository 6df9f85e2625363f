//! The file counts docs/architecture.md gives for two tasks ("What a task takes") hold for
//! every existing instance: a check of every answer is named by production code only in its
//! own file and in `check/mod.rs` (the `ANSWER` table), and a report format only in its own
//! file and in `report/formats.rs` (`Formats::standard`). A check or a format that needs
//! wiring anywhere else fails here, naming the file. Test code does not count
//! ([`super::source`]).

use std::path::Path;

use regex::Regex;

use super::source::{self, Paths};

/// The files outside `allowed` that name `module::item`.
fn named_elsewhere(
    files: &[(String, Paths)],
    (module, item): (&str, &str),
    allowed: &[&str],
) -> Vec<String> {
    let suffix = format!("{module}::{item}");
    files
        .iter()
        .filter(|(rel, _)| !allowed.contains(&rel.as_str()))
        .filter(|(_, paths)| paths.ends_with(&suffix).next().is_some())
        .map(|(rel, _)| format!("{module}::{item} is named in src/{rel}"))
        .collect()
}

/// The `module::ITEM` entries of a list in `text` (`status::EXPECTED,`, `Arc::new(json::Json),`).
fn entries(text: &str, pattern: &str) -> Vec<(String, String)> {
    Regex::new(pattern)
        .unwrap()
        .captures_iter(text)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)).unwrap()
}

#[test]
fn a_check_of_every_answer_is_its_file_and_its_line_in_the_table() {
    let files = source::production();
    let table = entries(&read("check/mod.rs"), r"(?m)^    (\w+)::([A-Z_]+),$");
    assert!(
        table.len() > 1,
        "the ANSWER table was not found in check/mod.rs"
    );
    let mut wired = Vec::new();
    for (module, item) in &table {
        let own = format!("check/{module}.rs");
        wired.extend(named_elsewhere(
            &files,
            (module, item),
            &["check/mod.rs", &own],
        ));
    }
    assert!(
        wired.is_empty(),
        "checks wired outside their file and the table (docs/architecture.md says 2 files):\n{}",
        wired.join("\n")
    );
}

#[test]
fn a_report_format_is_its_file_and_its_line_in_the_registry() {
    let files = source::production();
    let registry = entries(&read("report/formats.rs"), r"Arc::new\((\w+)::(\w+)\)");
    assert!(
        registry.len() > 1,
        "Formats::standard was not found in report/formats.rs"
    );
    let mut wired = Vec::new();
    for (module, item) in &registry {
        let own = [
            format!("report/{module}.rs"),
            format!("report/{module}/mod.rs"),
        ];
        let allowed = ["report/formats.rs", own[0].as_str(), own[1].as_str()];
        wired.extend(named_elsewhere(&files, (module, item), &allowed));
    }
    assert!(
        wired.is_empty(),
        "formats wired outside their file and the registry (docs/architecture.md says 3 files):\n{}",
        wired.join("\n")
    );
}

#[test]
fn a_check_named_in_a_third_file_is_caught() {
    let mut files = Vec::new();
    for (name, text) in [
        (
            "inline",
            "fn f() { let _ = crate::check::status::EXPECTED; }",
        ),
        ("imported", "use super::{code, status::EXPECTED};"),
        (
            "test_only",
            "#[cfg(test)]\nmod tests { fn f() { let _ = super::status::EXPECTED; } }",
        ),
        (
            "status",
            "pub const EXPECTED: u8 = 0; fn f() { self::EXPECTED; }",
        ),
    ] {
        files.push((format!("check/{name}.rs"), Paths::of(text).unwrap()));
    }
    let found = named_elsewhere(
        &files,
        ("status", "EXPECTED"),
        &["check/mod.rs", "check/status.rs"],
    );
    assert_eq!(
        found,
        [
            "status::EXPECTED is named in src/check/inline.rs",
            "status::EXPECTED is named in src/check/imported.rs"
        ]
    );
}
