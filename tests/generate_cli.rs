//! Generated cases through the binary: the switches, the constraint line on stderr and in
//! the summary, and `generate --out` writing case files that validate and run.

use std::process::{Command, Output};

use clap::Parser as _;
use konaplate_conformance::cli::{Cli, Command as Sub, generated_enabled};

fn bin(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_konaplate-conformance"));
    c.args(args)
        .env_remove("KONAPLATE_BASE_URL")
        .env_remove("KONAPLATE_TARGET")
        .env_remove("KONAPLATE_GENERATED")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The documented trials (cases and scenarios) and the generated cases, counted from the
/// committed files.
fn committed() -> (usize, usize) {
    use konaplate_conformance::{case, generate, profile, scenario, spec};
    use std::path::Path;
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    let scenarios = scenario::load_dir(Path::new("cases/scenarios"), &spec, &profile).unwrap();
    let cases: usize = files.iter().map(|f| f.cases.len()).sum();
    let generated = generate::generate(&spec, &files, &profile).cases.len();
    (cases + scenarios.len(), generated)
}

/// How many request constraints the committed spec has.
fn constraints() -> usize {
    use konaplate_conformance::{case, generate, profile, spec};
    use std::path::Path;
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    generate::generate(&spec, &files, &profile)
        .constraints
        .len()
}

fn listed(o: &Output) -> (usize, usize) {
    let stdout = String::from_utf8_lossy(&o.stdout);
    let generated = stdout
        .lines()
        .filter(|l| l.contains("::generated::"))
        .count();
    (stdout.lines().count() - generated, generated)
}

#[test]
fn the_switches_and_the_environment_decide_whether_generated_cases_run() {
    let run_args = |argv: &[&str]| {
        let mut full = vec!["konaplate-conformance", "run"];
        full.extend_from_slice(argv);
        match Cli::try_parse_from(full).unwrap().command {
            Sub::Run(args) => *args,
            other => panic!("{other:?}"),
        }
    };
    let none = |_: &str| None;
    let off = |_: &str| Some("0".to_string());
    let on = |_: &str| Some("1".to_string());
    assert!(generated_enabled(&run_args(&[]), none));
    assert!(!generated_enabled(&run_args(&[]), off));
    assert!(generated_enabled(&run_args(&[]), on));
    assert!(!generated_enabled(&run_args(&["--no-generated"]), on));
    assert!(generated_enabled(&run_args(&["--generated"]), off));
    // The last of the two flags wins.
    assert!(generated_enabled(
        &run_args(&["--no-generated", "--generated"]),
        none
    ));
    assert!(!generated_enabled(
        &run_args(&["--generated", "--no-generated"]),
        none
    ));
    for v in ["false", "no", "OFF"] {
        assert!(!generated_enabled(&run_args(&[]), |_: &str| Some(
            v.to_string()
        )));
    }

    let (documented, generated) = committed();
    assert!(documented > 0 && generated > 0);
    assert_eq!(
        listed(&bin(&["run", "--list"], &[])),
        (documented, generated)
    );
    let (off, none) = listed(&bin(&["run", "--list"], &[("KONAPLATE_GENERATED", "0")]));
    assert_eq!((off, none), (documented, 0));
    let (_, on) = listed(&bin(
        &["run", "--list", "--generated"],
        &[("KONAPLATE_GENERATED", "0")],
    ));
    assert_eq!(on, generated);
}

#[test]
fn a_run_reports_the_constraints_on_stderr_and_in_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().to_str().unwrap();
    let o = bin(&["run", "--report-dir", reports], &[]);
    let out = text(&o);
    assert_eq!(o.status.code(), Some(0), "{out}");
    let (documented, generated) = committed();
    let passed = format!("{} passed; 0 failed", documented + generated);
    assert!(out.contains(&passed), "{out}");
    let n = constraints();
    let line = format!(
        "{n}/{n} request constraints covered by generated cases ({n} with every case passing)"
    );
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(&format!("constraints: {line}")),
        "{out}"
    );
    let summary = std::fs::read_to_string(dir.path().join("latest/summary.md")).unwrap();
    assert!(
        summary.contains(&format!("| Constraints | {line} |")),
        "{summary}"
    );

    let o = bin(&["run", "--no-report", "--no-generated"], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        text(&o).contains(&format!(
            "constraints: 0/{n} request constraints covered by generated cases: nothing was probed; not covered: {n}: generated cases are off"
        )),
        "{}",
        text(&o)
    );
}

#[test]
fn generate_writes_case_files_that_validate_load_and_pass() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("generated");
    let o = bin(&["generate", "--out", out_dir.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let (_, generated) = committed();
    assert!(
        text(&o).contains(&format!("generate: {generated} cases in 5 files")),
        "{}",
        text(&o)
    );
    let schema: serde_json::Value =
        serde_json::from_str(&konaplate_conformance::case_schema()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(
        files,
        [
            "cardDeliveryCancel.yaml",
            "cardDeliveryInquiry.yaml",
            "cardStatusChange.yaml",
            "expiredCardReissue.yaml",
            "preIssueWaitingPhysical.yaml"
        ]
    );
    for f in &files {
        let text = std::fs::read_to_string(out_dir.join(f)).unwrap();
        let doc: serde_json::Value = serde_yaml::from_str(&text).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{f}: {errors:?}");
    }
    // Twice the same: the generator is deterministic.
    let again = dir.path().join("again");
    let o = bin(&["generate", "--out", again.to_str().unwrap()], &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    for f in &files {
        assert_eq!(
            std::fs::read(out_dir.join(f)).unwrap(),
            std::fs::read(again.join(f)).unwrap(),
            "{f}"
        );
    }
    // The written files are ordinary case files: they load and pass on their own.
    let o = bin(
        &[
            "run",
            "--no-report",
            "--no-generated",
            "--cases",
            out_dir.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let passed = format!("{generated} passed; 0 failed");
    assert!(text(&o).contains(&passed), "{}", text(&o));
}
