//! Input files and flags written by an attacker, through the binary: an operationId that is a
//! path, a case id longer than any file name, nesting that made the YAML scanner quadratic,
//! a million test threads, a deadline past the end of time, `/dev/zero` and FIFOs as input
//! files, a file larger than its limit, an error schema that is a bare `$ref` loop.
//!
//! Each must end by itself (the generous hang guard is the only timing here), never panic,
//! exit 2, and say what is wrong and where (file:line:col, or the flag).

use crate::support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use support::fault::{BinRun, HostileServer, run_binary};

const SPEC: &str = "specs/konaplate-card.openapi.yaml";
const PROFILE: &str = "cases/targets/mock.yaml";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary; checks it ended by itself and did not panic.
fn run(args: &[&str]) -> BinRun {
    let run = run_binary(args, Duration::from_secs(120));
    assert!(run.status.is_some(), "hung, killed\n{}", run.text());
    assert!(!run.panicked(), "panicked\n{}", run.text());
    run
}

/// Exit 2 and every needle in stderr.
fn assert_input_error(run: &BinRun, needles: &[&str]) {
    assert_eq!(run.code(), Some(2), "{}", run.text());
    for n in needles {
        assert!(run.stderr.contains(n), "expected {n:?} in\n{}", run.text());
    }
}

/// The committed spec with `from` replaced by `to`, written to `dir/spec.yaml`.
fn spec_with(dir: &Path, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(root().join(SPEC)).unwrap();
    assert!(text.contains(from), "the spec no longer has {from:?}");
    let path = dir.join("spec.yaml");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn generate_refuses_an_operation_id_that_names_a_path_and_writes_nothing_outside_out() {
    // An absolute operationId points into a temp dir of its own, never a fixed system path.
    let outside = tempfile::tempdir().unwrap();
    let absolute = format!("{}/absolute-escape", s(outside.path()));
    for evil in ["../../escaped", absolute.as_str(), "a\\\\b", ".."] {
        let tmp = tempfile::tempdir().unwrap();
        let spec = spec_with(
            tmp.path(),
            "    post:\n      operationId: cardStatusChange\n",
            &format!("    post:\n      operationId: \"{evil}\"\n"),
        );
        let out = tmp.path().join("out/generated");
        let run = run(&["generate", "--spec", s(&spec), "--out", s(&out)]);
        assert_input_error(&run, &[&format!("{}:", s(&spec)), "operationId"]);
        assert!(!tmp.path().join("escaped.yaml").exists(), "{evil}");
        assert!(
            !outside.path().join("absolute-escape.yaml").exists(),
            "{evil}"
        );
        assert!(!out.exists(), "{evil}: generate wrote before checking");
    }
}

#[test]
fn an_overlong_case_id_is_an_input_error_at_its_position_not_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let cases = tmp.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    for len in [251, 65_515] {
        let id = "a".repeat(len);
        std::fs::write(
            cases.join("long.yaml"),
            format!("operation: cardStatusChange\ncases:\n  - id: {id}\n    request: {{}}\n    expect: {{ status: 400 }}\n"),
        )
        .unwrap();
        let reports = tmp.path().join(format!("reports-{len}"));
        let run = run(&["run", "--cases", s(&cases), "--report-dir", s(&reports)]);
        assert_input_error(&run, &[]);
        assert!(
            run.stdout.contains("long.yaml:3:9") && run.stdout.contains("the limit is 128"),
            "{}",
            run.text()
        );
        // The reports were written, with a bounded name for the broken case's diff.
        let diffs = reports.join("latest/diffs/cardStatusChange");
        for e in std::fs::read_dir(&diffs).unwrap() {
            assert!(e.unwrap().file_name().len() <= 255);
        }
    }
}

#[test]
fn deep_nesting_is_refused_at_its_position_before_the_parser_scans_it_all() {
    let tmp = tempfile::tempdir().unwrap();
    // 400 KB of `[` in a case file (took 80 s), and a spec 100,000 levels deep (20 s).
    let cases = tmp.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    let deep_case = format!(
        "operation: cardStatusChange\ncases:\n  - id: a\n    request:\n      body: {}\n",
        "[".repeat(400_000)
    );
    std::fs::write(cases.join("deep.yaml"), deep_case).unwrap();
    let run_cases = run(&["lint", "--cases", s(&cases)]);
    assert_input_error(
        &run_cases,
        &["deep.yaml:5:", "nested deeper than 64 levels"],
    );
    let spec = spec_with(
        tmp.path(),
        "\npaths:\n",
        &format!(
            "\nx-deep: {}{}\npaths:\n",
            "{a: ".repeat(100_000),
            "}".repeat(100_000)
        ),
    );
    let run_spec = run(&["contract", "--spec", s(&spec)]);
    assert_input_error(&run_spec, &["spec.yaml:", "nested deeper than 64 levels"]);
    // The message shows the neighbourhood of the column, not the 400 KB line.
    let longest = run_cases.stderr.lines().map(str::len).max().unwrap_or(0);
    assert!(longest < 400, "a line of {longest} bytes");
}

#[test]
fn thread_and_deadline_flags_past_their_limits_are_usage_errors() {
    let run1 = run(&["run", "--test-threads", "1000000"]);
    assert_input_error(&run1, &["--test-threads", "limit of 256"]);
    let run2 = run(&["run", "--deadline-secs", "18446744073709551615"]);
    assert_eq!(run2.code(), Some(2), "{}", run2.text());
    assert!(run2.stderr.contains("--deadline-secs"), "{}", run2.text());
}

/// The most threads allowed against a target that never answers, with a one-second deadline:
/// every case ends as a `deadline` error and the run ends by itself.
#[test]
fn the_deadline_bounds_a_run_with_the_most_threads() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(HostileServer::silent());
    let reports = tempfile::tempdir().unwrap();
    let run = run(&[
        "run",
        "--base-url",
        &server.http_url(),
        "--test-threads",
        "256",
        "--deadline-secs",
        "1",
        "--timeout-ms",
        "600000",
        "--report-dir",
        s(reports.path()),
    ]);
    assert_eq!(run.code(), Some(100), "{}", run.text());
    let report = support::fault::read_report(reports.path());
    for o in report["outcomes"].as_array().unwrap() {
        assert_eq!(o["error"]["kind"], "deadline", "{o:#}");
    }
}

#[test]
fn devices_and_fifos_as_input_files_are_refused_without_reading_them() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("input.fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let not_regular = ["not a regular file"];
    assert_input_error(&run(&["contract", "--spec", "/dev/zero"]), &not_regular);
    assert_input_error(&run(&["lint", "--target", "/dev/zero"]), &not_regular);
    assert_input_error(&run(&["contract", "--spec", s(&fifo)]), &["FIFO"]);
    assert_input_error(&run(&["lint", "--target", s(&fifo)]), &["FIFO"]);
    // A FIFO named like a case file is reported, not skipped and not waited on.
    let cases = tmp.path().join("cases");
    std::fs::create_dir(&cases).unwrap();
    std::fs::copy(
        root().join("cases/cardStatusChange.yaml"),
        cases.join("a.yaml"),
    )
    .unwrap();
    std::os::unix::fs::symlink(&fifo, cases.join("b.yaml")).unwrap();
    let lint = run(&["lint", "--cases", s(&cases)]);
    assert_input_error(&lint, &["b.yaml", "FIFO"]);
    // A key file that is a FIFO: the profile names it, encryption is on. Keys are read when a
    // case needs one, so each such case errors, naming the file; nothing waits on the FIFO.
    let profile_text = std::fs::read_to_string(root().join(PROFILE))
        .unwrap()
        .replace("../../tests/keys/", &format!("{}/tests/keys/", s(root())))
        .replace(
            &format!("{}/tests/keys/client-private-TEST-ONLY.pem", s(root())),
            s(&fifo),
        );
    let profile = tmp.path().join("profile.yaml");
    std::fs::write(&profile, profile_text).unwrap();
    let reports = tmp.path().join("reports");
    let key_run = run(&[
        "run",
        "--target",
        s(&profile),
        "--encryption",
        "on",
        "--report-dir",
        s(&reports),
    ]);
    assert_eq!(key_run.code(), Some(100), "{}", key_run.text());
    assert!(
        key_run.stdout.contains("FIFO") && key_run.stdout.contains(s(&fifo)),
        "{}",
        key_run.text()
    );
}

#[test]
fn an_input_file_over_its_size_limit_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let big = tmp.path().join("big.yaml");
    let file = std::fs::File::create(&big).unwrap();
    // Sparse: nine MiB on paper, nothing on disk.
    file.set_len(9 << 20).unwrap();
    let run = run(&["contract", "--spec", s(&big)]);
    assert_input_error(&run, &["big.yaml", "larger than the limit of 8 MiB"]);
}

#[test]
fn an_error_schema_that_is_a_bare_ref_loop_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let spec = spec_with(
        tmp.path(),
        "    ErrorResponse:\n      type: object\n",
        "    ErrorResponse:\n      $ref: '#/components/schemas/ErrorAlias'\n    ErrorAlias:\n      $ref: '#/components/schemas/ErrorResponse'\n    ErrorResponseWas:\n      type: object\n",
    );
    let run = run(&["contract", "--spec", s(&spec)]);
    assert_input_error(
        &run,
        &[
            "spec.yaml:",
            "`$ref` cycle",
            "#/components/schemas/ErrorResponse → #/components/schemas/ErrorAlias",
        ],
    );
}
