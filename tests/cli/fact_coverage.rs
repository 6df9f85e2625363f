//! Documentation coverage in every report (#28): of each fact the vendor pages state, whether
//! the run's checks held it, broke it, or did not exercise it and why. Shown end to end: a
//! server that breaks a documented Message shows that fact broken, by the case that met it, in
//! the console line, `summary.md`, `report.json` and `report.html` alike; a run without the case
//! that reaches a fact shows it not exercised, reached by no case; the profile's encryption off
//! shows the Encrypted flags turned off by the profile.

use std::time::Duration;

use serde_json::{Value, json};

use crate::support::fault::{
    BinRun, Fault, FaultServer, Mutation, Target, read_report, run_binary,
};
use crate::support::gateway::runtime;

/// The case that meets `003_022`, and the facts of that row.
const TERMINATED: &str = "cardStatusChange::card-already-terminated";
const MESSAGE: &str = "cardStatusChange.code.003_022.message";
const TEST_DATA: &str = "cardStatusChange.testData.003_022";

/// `run cardStatusChange ARGS --report-dir <tmp>` against `base_url` (the embedded mock when
/// `None`): the run, its report.json, its summary.md and its report.html.
fn run_cases(base_url: Option<&str>, extra: &[&str]) -> (BinRun, Value, String, String) {
    let reports = tempfile::tempdir().unwrap();
    let mut args = vec!["run", "cardStatusChange", "--report-dir"];
    args.push(reports.path().to_str().unwrap());
    if let Some(url) = base_url {
        args.extend(["--base-url", url]);
    }
    args.extend(extra);
    let run = run_binary(&args, Duration::from_secs(60));
    let latest = reports.path().join("latest");
    let read = |name: &str| std::fs::read_to_string(latest.join(name)).unwrap_or_default();
    let (summary, html) = (read("summary.md"), read("report.html"));
    (run, read_report(reports.path()), summary, html)
}

/// What report.json says of fact `id`.
fn fact<'a>(report: &'a Value, id: &str) -> &'a Value {
    let ops = report["facts"]["operations"].as_array().unwrap();
    let facts = ops.iter().flat_map(|o| o["facts"].as_array().unwrap());
    facts
        .into_iter()
        .find(|f| f["id"] == id)
        .unwrap_or_else(|| panic!("no fact {id} in report.json"))
}

/// The console line report.json's counts give.
fn line(report: &Value) -> String {
    let n = |k: &str| report["facts"][k].as_u64().unwrap();
    format!(
        "documented facts: {} verified ({} held, {} broken), {} not exercised by this run",
        n("verified"),
        n("held"),
        n("broken"),
        n("not_exercised")
    )
}

/// `summary.md`'s documentation coverage section.
fn section(summary: &str) -> &str {
    let start = summary
        .find("## Documentation coverage")
        .expect("summary.md has the section");
    let rest = &summary[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 4);
    &rest[..end]
}

#[test]
fn a_server_breaking_a_documented_message_shows_that_fact_broken_in_every_report() {
    let rt = runtime();
    let fault = Fault {
        target: Target::op("cardStatusChange").code("003_022"),
        mutation: Mutation::Set("/response/description", json!("Card gone")),
    };
    let (mock, proxy) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let (run, report, summary, html) = run_cases(Some(&proxy.base_url), &[]);
    assert_eq!(proxy.injected().len(), 1, "{}", run.text());
    drop((proxy, mock));
    assert_eq!(run.code(), Some(100), "{}", run.text());

    // report.json: the Message broken by the case that met it; another row's Message held.
    let broken = fact(&report, MESSAGE);
    assert_eq!(broken["result"], "broken", "{broken:#}");
    assert_eq!(broken["cases"][TERMINATED]["broken"], 1, "{broken:#}");
    let held = fact(&report, "cardStatusChange.code.003_021.message");
    assert_eq!(held["result"], "held", "{held:#}");
    assert_eq!(report["facts"]["broken"], 1, "{:#}", report["facts"]);

    // The console says what report.json counts.
    let line = line(&report);
    assert!(line.contains("1 broken"), "{line}");
    assert!(run.stderr.contains(&line), "{line}\n{}", run.text());

    // summary.md: the line, the fact and who broke it.
    let section = section(&summary);
    assert!(section.contains(&line), "{section}");
    assert!(
        section.contains(&format!("- `{MESSAGE}` by `{TERMINATED}`")),
        "{section}"
    );
    // report.html: the matrix row of the fact has its broken cell.
    let row = html
        .split("<tr>")
        .find(|r| r.contains("<code>code.003_022.message</code>"))
        .expect("the fact's row in the matrix");
    assert!(row.contains("✗ broken"), "{row}");
    assert!(html.contains(&line), "the page shows the line");

    insta::assert_snapshot!(
        "broken_message",
        format!("console: {line}\n\n{}", section.trim_end())
    );
}

#[test]
fn a_run_without_the_case_that_reaches_a_fact_shows_it_not_exercised() {
    let (run, with, _, _) = run_cases(None, &[]);
    assert_eq!(run.code(), Some(0), "{}", run.text());
    assert_eq!(fact(&with, TEST_DATA)["result"], "held");
    assert!(fact(&with, TEST_DATA)["cases"][TERMINATED]["held"] == 1);

    let (run, without, summary, _) = run_cases(None, &["--skip", "card-already-terminated"]);
    assert_eq!(run.code(), Some(0), "{}", run.text());
    let gone = fact(&without, TEST_DATA);
    assert_eq!(gone["result"], "not-exercised", "{gone:#}");
    assert_eq!(gone["why"], json!({"reason": "no-case"}), "{gone:#}");
    let n = |r: &Value| r["facts"]["not_exercised"].as_u64().unwrap();
    assert!(n(&without) > n(&with), "{} vs {}", n(&without), n(&with));
    let section = section(&summary);
    let reached = section
        .lines()
        .find(|l| l.starts_with("- reached by no case of this run:") && l.contains(TEST_DATA));
    assert!(reached.is_some(), "{section}");

    // The tests' runs turn encryption off: the Encrypted flags are the profile's doing.
    let flag = fact(&without, "cardStatusChange.encryption.response");
    assert_eq!(
        flag["why"],
        json!({"reason": "profile", "setting": "encryption off"}),
        "{flag:#}"
    );
    assert!(
        section.contains("- checks turned off by the profile (encryption off): "),
        "{section}"
    );
}
