//! docs/first-run.txt, the excerpt the README shows of what `run` prints, is what `run` prints:
//! the binary runs the `cardStatusChange` cases against the reference mock behind a proxy that
//! answers every successful status change with the undocumented code `009_999`, standard output
//! and standard error into one file as a terminal interleaves them, and the text must equal the
//! doc's but for what changes from run to run (times, the run id, the order in which parallel
//! trials finish). `KONAPLATE_UPDATE_DOCS=1` rewrites the doc from this run.

use crate::support;

use std::process::Stdio;

use regex::Regex;
use support::fault::WrongStatusCode;

/// The command the doc shows, with the proxy's address in place of the test's.
const SHOWN: &str =
    "$ cargo run -- run cardStatusChange --no-generated --base-url http://127.0.0.1:8081";
const SHOWN_URL: &str = "http://127.0.0.1:8081";

/// What a person sees on the terminal, after the command line.
fn printed() -> String {
    let target = WrongStatusCode::start();
    let proxy = &target.proxy;
    let cwd = tempfile::tempdir().unwrap();
    let out = cwd.path().join("terminal");
    let file = std::fs::File::create(&out).unwrap();
    let (mut command, _reports) = support::binary::command();
    let status = command
        .args([
            "run",
            "cardStatusChange",
            "--no-generated",
            "--base-url",
            &proxy.base_url,
        ])
        .args(["--report-dir", "reports"])
        .env("KONAPLATE_ENCRYPTION", "off")
        .current_dir(cwd.path())
        .stdout(Stdio::from(file.try_clone().unwrap()))
        .stderr(Stdio::from(file))
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(100), "a case fails");
    let text = std::fs::read_to_string(&out).unwrap();
    format!("{SHOWN}\n{}", text.replace(&proxy.base_url, SHOWN_URL))
}

/// The excerpt the README shows: the output less what repeats or is beside the point there
/// (libtest's `running N tests`, its `failures:` headings and its list of failed names, which
/// repeat the `----` heading; the findings' per-cause details, which repeat the failure; the
/// constraint line, about generated cases this run turned off), with a blank line only before
/// the failure and before libtest's verdict.
fn excerpt(printed: &str) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let (mut listing_failures, mut in_findings) = (false, false);
    for line in printed.lines() {
        if line == "failures:" {
            listing_failures = true;
            continue;
        }
        if listing_failures && line.starts_with("    ") {
            continue;
        }
        listing_failures = false;
        in_findings = line.starts_with("findings:") || (in_findings && line.starts_with("  "));
        let detail = in_findings && !line.starts_with("findings:");
        if detail || line.starts_with("constraints:") {
            continue;
        }
        if line.starts_with("running ") || line.is_empty() {
            continue;
        }
        // A blank line only before a failure's heading and before libtest's verdict.
        if line.starts_with("---- ") || line.starts_with("test result") {
            kept.push("");
        }
        kept.push(line);
    }
    let mut text = kept.join("\n");
    text.push('\n');
    text
}

/// The text without what changes from run to run: times, run ids, and the order of the
/// `test … ok` lines (parallel trials finish in any order).
fn steady(text: &str) -> String {
    let time = Regex::new(r"finished in \d+\.\d+s").unwrap();
    let run_id = Regex::new(r"\d{8}T\d{6}Z-[0-9a-f]{4}").unwrap();
    let text = time.replace_all(text, "finished in <time>");
    let text = run_id.replace_all(&text, "<run-id>");
    let mut lines: Vec<&str> = Vec::new();
    let mut tests: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.starts_with("test ") && !line.starts_with("test result") {
            tests.push(line);
            continue;
        }
        tests.sort_unstable();
        lines.append(&mut tests);
        lines.push(line);
    }
    tests.sort_unstable();
    lines.append(&mut tests);
    lines.join("\n")
}

#[test]
fn docs_first_run_is_what_run_prints() {
    let printed = printed();
    let shown = excerpt(&printed);
    let lines = shown.lines().count();
    assert!(
        (15..=26).contains(&lines),
        "{lines} lines: too long or short for the README:\n{shown}"
    );
    for wanted in [
        "test result: FAILED",
        "009_999",
        "+++ actual",
        "findings:",
        "reports:",
    ] {
        assert!(shown.contains(wanted), "{wanted}: {shown}");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/first-run.txt");
    if std::env::var_os("KONAPLATE_UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &shown).unwrap();
    }
    let doc = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        steady(&doc),
        steady(&shown),
        "docs/first-run.txt is not what `run` prints (KONAPLATE_UPDATE_DOCS=1 rewrites it)"
    );
}

/// The README's first screen shows docs/first-run.txt between two markers.
const README_BEGIN: &str = "<!-- first-run: begin -->\n```text\n";
const README_END: &str = "```\n<!-- first-run: end -->";

/// The excerpt the README shows between its markers, if they are there.
fn readme_excerpt(readme: &str) -> Option<&str> {
    let start = readme.find(README_BEGIN)? + README_BEGIN.len();
    let len = readme[start..].find(README_END)?;
    Some(&readme[start..start + len])
}

#[test]
fn the_readme_shows_docs_first_run() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/first-run.txt")).unwrap();
    let readme_path = root.join("README.md");
    let readme = std::fs::read_to_string(&readme_path).unwrap();
    let shown = readme_excerpt(&readme).expect("README.md has the first-run markers");
    if shown != doc && std::env::var_os("KONAPLATE_UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&readme_path, readme.replacen(shown, &doc, 1)).unwrap();
        return;
    }
    assert_eq!(
        shown, doc,
        "README.md's first-run excerpt is not docs/first-run.txt (KONAPLATE_UPDATE_DOCS=1 copies it)"
    );
}

#[test]
fn the_readme_comparison_sees_a_changed_excerpt() {
    let readme = format!("intro\n{README_BEGIN}test x ... ok\n{README_END}\nrest");
    assert_eq!(readme_excerpt(&readme), Some("test x ... ok\n"));
    assert_eq!(readme_excerpt("no markers"), None);
}

#[test]
fn the_comparison_sees_a_changed_line_but_not_a_time_or_the_order() {
    let a = "test x ... ok\ntest y ... FAILED\n\ntest result: FAILED. finished in 0.05s\nreports: reports/20261203T144517Z-90d2";
    let b = "test y ... FAILED\ntest x ... ok\n\ntest result: FAILED. finished in 1.25s\nreports: reports/20270101T000000Z-0a1b";
    assert_eq!(steady(a), steady(b));
    assert_ne!(steady(a), steady(&a.replace("FAILED\n", "ok\n")));
}
