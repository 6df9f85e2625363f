//! Bad input at the binary level: broken case files, specs, profiles and flags. Each one is an
//! error that names the file with its line and column (or the flag), exits 2 (4 for no cases at
//! all), never panics and never hangs. The messages are snapshots (temp paths shown as `[TMP]`).
//!
//! `tests/case_load.rs` covers the loader's messages through the library; `tests/cli.rs` a few
//! of these end to end. This file covers the rest through the binary.

mod support;

use std::path::Path;
use std::time::Duration;

use support::fault::{BinRun, run_binary};

const SPEC: &str = "specs/konaplate-card.openapi.yaml";
const MOCK_PROFILE: &str = "cases/targets/mock.yaml";

/// Runs the binary, checks it ended by itself without a panic, and renders the run for a
/// snapshot: the arguments, the exit code, stderr, and libtest's failure sections.
fn render(title: &str, args: &[&str], tmp: &Path) -> (BinRun, String) {
    let run = run_binary(args, Duration::from_secs(60));
    assert!(
        run.status.is_some(),
        "{title}: hung, killed after 60 s\n{}",
        run.text()
    );
    assert!(!run.panicked(), "{title}: panicked\n{}", run.text());
    let mut out = format!(
        "### {title}\n$ konaplate-conformance {}\nexit: {}\n",
        args.join(" "),
        run.code().map_or("killed".to_string(), |c| c.to_string())
    );
    if !run.stderr.trim().is_empty() {
        out.push_str(run.stderr.trim_end());
        out.push('\n');
    }
    if let Some(failures) = failure_sections(&run.stdout) {
        out.push_str(failures);
        out.push('\n');
    }
    if let Some(result) = run.stdout.lines().find(|l| l.starts_with("test result:")) {
        out.push_str(result);
        out.push('\n');
    }
    (run, normalise(&out, tmp))
}

/// libtest's `---- name ----` sections of the failed trials.
fn failure_sections(stdout: &str) -> Option<&str> {
    let start = stdout.find("\n---- ")? + 1;
    let rest = &stdout[start..];
    let end = rest.find("\n\nfailures:\n").unwrap_or(rest.len());
    Some(rest[..end].trim_end())
}

fn normalise(text: &str, tmp: &Path) -> String {
    let tmp = tmp.to_str().unwrap();
    let text = text.replace(tmp, "[TMP]");
    let time = regex::Regex::new(r"finished in \d+\.\d+s").unwrap();
    time.replace_all(&text, "finished in [TIME]").into_owned()
}

/// A directory holding only `broken.yaml` with `text`.
fn cases_dir(tmp: &Path, name: &str, text: &[u8]) -> String {
    let dir = tmp.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.yaml"), text).unwrap();
    dir.to_str().unwrap().to_string()
}

/// The exit code is `code` and `needle` (a location) is in the output, or what is wrong.
fn expect(run: &BinRun, rendered: &str, code: i32, needle: &str) -> Option<String> {
    if run.code() != Some(code) {
        return Some(format!("expected exit {code}:\n{rendered}"));
    }
    (!rendered.contains(needle)).then(|| format!("expected {needle:?} in:\n{rendered}"))
}

/// Fails with every problem at once.
fn assert_no_problems(problems: &[String]) {
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

const HEAD: &str = "operation: cardStatusChange\ncases:\n";
const VALID: &str = "  - id: a\n    request:\n      body: { userId: \"{{member.active.userId}}\", cardNo: \"{{card.statusChange.cardNo}}\", status: STOP }\n    expect: { status: 400, code: \"000_002\" }\n";

fn billion_laughs() -> String {
    let mut s = format!("{HEAD}  - id: a\n    request:\n      body:\n");
    s.push_str("        l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    for i in 1..10 {
        let p = i - 1;
        s.push_str(&format!(
            "        l{i}: &l{i} [*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p},*l{p}]\n"
        ));
    }
    s.push_str("    expect: { status: 400 }\n");
    s
}

#[test]
fn broken_case_files_name_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let deep = format!(
        "{HEAD}  - id: a\n    request:\n      body: {}{}\n    expect: {{ status: 400 }}\n",
        "[".repeat(200),
        "]".repeat(200)
    );
    // (title, file contents, where the message must point)
    let inputs: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "malformed YAML: an unclosed flow sequence",
            format!("{HEAD}  - id: a\n    tags: [x, y\n    request: {{}}\n").into_bytes(),
            "broken.yaml:5:",
        ),
        (
            "malformed YAML: a tab in the indentation",
            format!("{HEAD}  - id: a\n\trequest: {{}}\n").into_bytes(),
            "broken.yaml:4:1",
        ),
        (
            "malformed YAML: an unterminated quoted string",
            format!("{HEAD}  - id: \"a\n").into_bytes(),
            "broken.yaml:",
        ),
        (
            "wrong type: cases is a number",
            "operation: cardStatusChange\ncases: 5\n".into(),
            "broken.yaml:2:8",
        ),
        (
            "wrong type: a status in words",
            format!("{HEAD}  - id: a\n    request: {{}}\n    expect: {{ status: four-hundred }}\n")
                .into_bytes(),
            "broken.yaml:5:23",
        ),
        (
            "wrong type: a status that is no u16",
            format!("{HEAD}  - id: a\n    request: {{}}\n    expect: {{ status: 70000 }}\n")
                .into_bytes(),
            "broken.yaml:5:23",
        ),
        (
            "wrong type: tags is a string",
            format!("{HEAD}  - id: a\n    tags: smoke\n    request: {{}}\n    expect: {{ status: 400 }}\n")
                .into_bytes(),
            "broken.yaml:4:11",
        ),
        (
            "unknown key at the top",
            "operaton: cardStatusChange\ncases: []\n".into(),
            "broken.yaml:1:1",
        ),
        (
            "unknown key in a case",
            format!("{HEAD}  - id: a\n    request: {{}}\n    expcet: {{ status: 400 }}\n").into_bytes(),
            "broken.yaml:5:5",
        ),
        (
            "unknown key in a request",
            format!("{HEAD}  - id: a\n    request: {{ bdy: {{}} }}\n    expect: {{ status: 400 }}\n")
                .into_bytes(),
            "broken.yaml:4:16",
        ),
        (
            "duplicate case ids",
            format!("{HEAD}{VALID}{VALID}{VALID}").into_bytes(),
            "broken.yaml:7:9",
        ),
        (
            "unknown operation",
            "operation: cardStatusChnage\ncases: []\n".into(),
            "broken.yaml:1:12",
        ),
        (
            "undocumented result code",
            format!("{HEAD}  - id: a\n    request: {{}}\n    expect: {{ status: 400, code: \"003_049\" }}\n")
                .into_bytes(),
            "broken.yaml:5:34",
        ),
        (
            "undefined variable",
            format!("{HEAD}  - id: a\n    request:\n      body: {{ userId: \"{{{{member.actve.userId}}}}\" }}\n    expect: {{ status: 400 }}\n")
                .into_bytes(),
            "broken.yaml:5:23",
        ),
        (
            "invalid header name",
            format!("{HEAD}  - id: a\n    request:\n      headers: {{ \"X KM Time Zone\": UTC }}\n    expect: {{ status: 400 }}\n")
                .into_bytes(),
            "broken.yaml:5:36",
        ),
        (
            "header value with a line break",
            format!("{HEAD}  - id: a\n    request:\n      headers: {{ X-KM-Time-Zone: \"KST\\r\\nX-Evil: 1\" }}\n    expect: {{ status: 400 }}\n")
                .into_bytes(),
            "broken.yaml:5:34",
        ),
        ("an empty file", Vec::new(), "broken.yaml:1:1"),
        (
            "not a mapping",
            "- just\n- a list\n".into(),
            "broken.yaml:1:1",
        ),
        (
            "deep nesting (200 levels)",
            deep.into_bytes(),
            "broken.yaml:5:",
        ),
        // No line and column for these three: the YAML parser reports none (see docs/testing.md).
        (
            "two YAML documents",
            "operation: cardStatusChange\ncases: []\n---\noperation: cardStatusChange\n".into(),
            "--> [TMP]/",
        ),
        (
            "a billion laughs (aliases expanding to 9^10 nodes)",
            billion_laughs().into_bytes(),
            "--> [TMP]/",
        ),
        (
            "not UTF-8",
            b"operation: cardStatusChange\ncases: []\n# \xff\xfe\n".to_vec(),
            "--> [TMP]/",
        ),
    ];
    let mut all = String::new();
    let mut problems = Vec::new();
    for (i, (title, text, needle)) in inputs.iter().enumerate() {
        let dir = cases_dir(t, &format!("c{i:02}"), text);
        let (run, rendered) = render(
            title,
            &["run", "--cases", &dir, "--no-report", "--test-threads", "1"],
            t,
        );
        problems.extend(expect(&run, &rendered, 2, needle));
        if !rendered.contains("[input] at [TMP]/") {
            problems.push(format!("no failing input trial:\n{rendered}"));
        }
        all.push_str(&rendered);
        all.push('\n');
    }
    assert_no_problems(&problems);
    insta::assert_snapshot!("case_files", all);
}

/// The committed spec with one edit (which must apply).
fn spec_with(t: &Path, name: &str, from: &str, to: &str) -> String {
    let spec = std::fs::read_to_string(SPEC).unwrap();
    assert!(spec.contains(from), "{from:?} not in the spec");
    let path = t.join(format!("{name}.yaml"));
    std::fs::write(&path, spec.replacen(from, to, 1)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_broken_spec_names_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let spec = std::fs::read_to_string(SPEC).unwrap();
    let truncated = t.join("truncated.yaml");
    let cut = spec
        .find("'#/components/schemas/CardDeliveryInquiryResponse'")
        .unwrap()
        + 14;
    std::fs::write(&truncated, &spec[..cut]).unwrap();
    // The error names the line the file ends on, counted, so spec edits above do not move it.
    let truncated_at = format!("truncated.yaml:{}:", spec[..cut].lines().count());
    let inputs: Vec<(&str, String, &str)> = vec![
        (
            "no such file",
            t.join("missing.yaml").to_str().unwrap().to_string(),
            "--> [TMP]/missing.yaml",
        ),
        (
            "truncated mid-string",
            truncated.to_str().unwrap().to_string(),
            &truncated_at,
        ),
        (
            "OpenAPI 3.0",
            spec_with(t, "v30", "openapi: 3.1.0", "openapi: 3.0.3"),
            "v30.yaml:7:10",
        ),
        (
            "a duplicate operationId",
            spec_with(
                t,
                "dup",
                // The operation's own id, not a link's (links name operations too).
                "operationId: cardStatusChange\n      summary",
                "operationId: cardDeliveryInquiry\n      summary",
            ),
            "dup.yaml:",
        ),
        (
            "a dangling $ref",
            spec_with(
                t,
                "dangling",
                "'#/components/schemas/CardStatusChangeResponse'",
                "'#/components/schemas/Nope'",
            ),
            "dangling.yaml:",
        ),
        (
            "a maxLength in words",
            spec_with(t, "words", "maxLength: 12", "maxLength: twelve"),
            "words.yaml:",
        ),
        (
            "an empty file",
            {
                let p = t.join("empty.yaml");
                std::fs::write(&p, "").unwrap();
                p.to_str().unwrap().to_string()
            },
            "--> [TMP]/empty.yaml",
        ),
    ];
    let mut all = String::new();
    let mut problems = Vec::new();
    for (title, path, needle) in &inputs {
        let (run, rendered) = render(title, &["run", "--spec", path, "--no-report"], t);
        problems.extend(expect(&run, &rendered, 2, needle));
        all.push_str(&rendered);
        all.push('\n');
    }
    assert_no_problems(&problems);
    insta::assert_snapshot!("spec", all);
}

/// The mock profile with one edit (which must apply).
fn profile_with(t: &Path, name: &str, from: &str, to: &str) -> String {
    let profile = std::fs::read_to_string(MOCK_PROFILE).unwrap();
    assert!(profile.contains(from), "{from:?} not in the profile");
    let path = t.join(format!("{name}.yaml"));
    std::fs::write(&path, profile.replacen(from, to, 1)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_broken_profile_names_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let inputs: Vec<(&str, String, &str)> = vec![
        (
            "no such file",
            t.join("missing.yaml").to_str().unwrap().to_string(),
            "--> [TMP]/missing.yaml",
        ),
        (
            "malformed YAML",
            profile_with(t, "malformed", "time-zone: KST", "time-zone: [KST"),
            "malformed.yaml:",
        ),
        (
            "an unknown key",
            profile_with(
                t,
                "unknown",
                "time-zone: KST",
                "time-zone: KST\ntimezone: KST",
            ),
            "unknown.yaml:10:1",
        ),
        (
            "an unknown environment",
            profile_with(t, "env", "environment: mock", "environment: mocked"),
            "env.yaml:6:14",
        ),
        (
            "asp-id of the wrong length",
            profile_with(t, "asp", "asp-id: \"000170000000000\"", "asp-id: \"00017\""),
            "asp.yaml:8:9",
        ),
        (
            "an unknown time zone",
            profile_with(t, "zone", "time-zone: KST", "time-zone: KTS"),
            "zone.yaml:9:12",
        ),
        (
            "a base URL that is not http",
            profile_with(
                t,
                "url",
                "environment: mock\n",
                "environment: mock\nbase-url: ftp://127.0.0.1/\n",
            ),
            "url.yaml:7:11",
        ),
        (
            "test keys in a sandbox profile",
            profile_with(t, "sandbox", "environment: mock", "environment: sandbox"),
            "sandbox.yaml:14:19",
        ),
        (
            "vars that are not a mapping",
            {
                let profile = std::fs::read_to_string(MOCK_PROFILE).unwrap();
                let head = &profile[..profile.find("\nvars:\n").unwrap()];
                let path = t.join("vars.yaml");
                std::fs::write(&path, format!("{head}\nvars: [1, 2]\n")).unwrap();
                path.to_str().unwrap().to_string()
            },
            // `vars:` is the line after the profile's head, wherever that ends.
            Box::leak(
                format!(
                    "vars.yaml:{}:7",
                    std::fs::read_to_string(MOCK_PROFILE).unwrap()[..std::fs::read_to_string(
                        MOCK_PROFILE
                    )
                    .unwrap()
                    .find("\nvars:\n")
                    .unwrap()]
                        .lines()
                        .count()
                        + 1
                )
                .into_boxed_str(),
            ),
        ),
        (
            "the sandbox template, each FILL-ME value before anything is sent",
            "cases/targets/sandbox.yaml".to_string(),
            "--> cases/targets/sandbox.yaml:19:9",
        ),
        (
            "a filled sandbox profile without its credentials in the environment",
            {
                let template = std::fs::read_to_string("cases/targets/sandbox.yaml").unwrap();
                let filled = template
                    .replace("FILL-ME-ASPID15", "000170000000000")
                    .replace("FILL-ME", "1");
                let path = t.join("filled-sandbox.yaml");
                std::fs::write(&path, filled).unwrap();
                path.to_str().unwrap().to_string()
            },
            "`KONAPLATE_ACCESS_KEY` (access key) is not set",
        ),
    ];
    let mut all = String::new();
    let mut problems = Vec::new();
    for (title, path, needle) in &inputs {
        let (run, rendered) = render(title, &["run", "--target", path, "--no-report"], t);
        problems.extend(expect(&run, &rendered, 2, needle));
        all.push_str(&rendered);
        all.push('\n');
    }
    assert_no_problems(&problems);
    insta::assert_snapshot!("profile", all);
}

#[test]
fn bad_flags_are_usage_errors_naming_the_flag() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let not_json = t.join("baseline.json");
    std::fs::write(
        &not_json,
        "{\"format\": \"konaplate-conformance/report/v1\",\n  oops\n}\n",
    )
    .unwrap();
    let empty_cases = t.join("empty-cases");
    std::fs::create_dir_all(&empty_cases).unwrap();
    let not_json = not_json.to_str().unwrap();
    let missing = t.join("missing");
    let missing = missing.to_str().unwrap();
    let empty_cases = empty_cases.to_str().unwrap();
    // (title, args, exit code, what the message must name)
    let inputs: Vec<(&str, Vec<&str>, i32, &str)> = vec![
        (
            "an unknown flag",
            vec!["run", "--no-such-flag"],
            2,
            "--no-such-flag",
        ),
        ("an unknown subcommand", vec!["frobnicate"], 2, "frobnicate"),
        (
            "a timeout in words",
            vec!["run", "--timeout-ms", "soon"],
            2,
            "--timeout-ms",
        ),
        (
            "a zero timeout",
            vec!["run", "--timeout-ms", "0"],
            2,
            "--timeout-ms",
        ),
        (
            "a zero deadline",
            vec!["run", "--deadline-secs", "0"],
            2,
            "--deadline-secs",
        ),
        (
            "a negative body cap",
            vec!["run", "--body-cap", "-1"],
            2,
            "-1",
        ),
        (
            "a flag without its value",
            vec!["run", "--report-dir"],
            2,
            "--report-dir",
        ),
        (
            "an unknown output format",
            vec!["run", "--format", "xml"],
            2,
            "--format",
        ),
        (
            "zero test threads",
            vec!["run", "--test-threads", "0"],
            2,
            "--test-threads",
        ),
        (
            "a malformed base URL",
            vec!["run", "--base-url", "localhost:8080"],
            2,
            "--base-url",
        ),
        (
            "a listen address that is none",
            vec!["mock", "--listen", "everywhere"],
            2,
            "--listen",
        ),
        (
            "no such cases directory",
            vec!["run", "--cases", missing],
            2,
            "--> [TMP]/missing",
        ),
        (
            "no such baseline",
            vec!["run", "--baseline", missing],
            2,
            "[TMP]/missing",
        ),
        (
            "a baseline that is not JSON",
            vec!["run", "--baseline", not_json],
            2,
            "baseline.json` is not a valid report.json (line 2, column 3)",
        ),
        (
            "a cases directory without cases",
            vec!["run", "--cases", empty_cases, "--no-report"],
            4,
            "[TMP]/empty-cases",
        ),
    ];
    let mut all = String::new();
    let mut problems = Vec::new();
    for (title, args, code, needle) in &inputs {
        let (run, rendered) = render(title, args, t);
        problems.extend(expect(&run, &rendered, *code, needle));
        all.push_str(&rendered);
        all.push('\n');
    }
    assert_no_problems(&problems);
    insta::assert_snapshot!("cli_flags", all);
}
