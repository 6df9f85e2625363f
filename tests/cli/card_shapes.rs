//! Failures a person can read at the card fields (#33): a server that breaks one card-like
//! field of an answer (too short, too long, letters, absent) gets a failure whose expected
//! text is the page's rule in words and whose actual text is the value masked, with its shape
//! beside it, in every output (console, summary.md, junit.xml, report.json's `actual_shape`,
//! report.html); the value itself is in none of them. The rendered failures are snapshots.

use crate::support;

use std::time::Duration;

use serde_json::{Value, json};
use support::fault::{Fault, FaultServer, Mutation, Target, read_report, run_binary};

const OPERATION: &str = "preIssueWaitingPhysical";
const DIGITAL: &str = "/issuedCardList/0/digital";

/// One way to break a field: its name, the mutation, and the raw value it sends (to prove it
/// never shows), when it sends one long enough to search for.
struct Break {
    name: &'static str,
    mutation: Mutation,
    raw: Option<&'static str>,
}

fn breaks(
    pointer: &'static str,
    short: &'static str,
    long: &'static str,
    letters: &'static str,
) -> Vec<Break> {
    let searchable = |v: &'static str| (v.len() >= 12).then_some(v);
    vec![
        Break {
            name: "too short",
            mutation: Mutation::Set(pointer, json!(short)),
            raw: searchable(short),
        },
        Break {
            name: "too long",
            mutation: Mutation::Set(pointer, json!(long)),
            raw: searchable(long),
        },
        Break {
            name: "letters",
            mutation: Mutation::Set(pointer, json!(letters)),
            raw: searchable(letters),
        },
        Break {
            name: "absent",
            mutation: Mutation::Remove(pointer),
            raw: None,
        },
    ]
}

/// What one broken answer gave, in every output.
struct Seen {
    /// The failures and warnings of report.json under the digital card.
    json: Vec<Value>,
    /// The console's, summary.md's and junit.xml's lines that name the digital card, each
    /// with where it is.
    lines: Vec<(&'static str, String)>,
    /// report.html, unescaped.
    html: String,
    /// Every byte written: console and report files.
    everything: Vec<(String, Vec<u8>)>,
}

fn under_digital(place: &'static str, text: &str) -> Vec<(&'static str, String)> {
    text.lines()
        .filter(|l| l.contains(DIGITAL))
        .map(|l| (place, l.trim().to_string()))
        .collect()
}

fn run_broken(mutation: Mutation) -> Seen {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fault = Fault {
        target: Target::op(OPERATION).status(200),
        mutation,
    };
    let (mock, proxy) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let case = format!("{OPERATION}::success");
    let args = [
        "run",
        "--base-url",
        &proxy.base_url,
        "--report-dir",
        reports.path().to_str().unwrap(),
        &case,
        "--exact",
    ];
    let run = run_binary(&args, Duration::from_secs(120));
    assert!(!run.panicked(), "{}", run.text());
    assert_eq!(proxy.injected().len(), 1, "{}", run.text());
    drop(proxy);
    drop(mock);
    let report = read_report(reports.path());
    let outcome = &report["outcomes"][0];
    let failures = outcome["failures"].as_array().cloned().unwrap_or_default();
    let warnings = outcome["warnings"].as_array().cloned().unwrap_or_default();
    let json = (failures.into_iter().chain(warnings))
        .filter(|f| f["path"].as_str().is_some_and(|p| p.starts_with(DIGITAL)))
        .map(|f| {
            let keep = [
                "check",
                "path",
                "expected",
                "actual",
                "actual_shape",
                "assumption",
            ];
            let kept = keep
                .iter()
                .filter_map(|k| Some((k.to_string(), f.get(*k)?.clone())));
            Value::Object(kept.collect())
        })
        .collect();
    let latest = reports.path().join("latest");
    let read = |name: &str| std::fs::read_to_string(latest.join(name)).unwrap();
    let mut lines = under_digital("console", &run.text());
    lines.extend(under_digital("summary.md", &read("summary.md")));
    let junit = support::leak::unescape_html(&read("junit.xml"));
    lines.extend(under_digital("junit.xml", &junit));
    let html = support::leak::unescape_html(&read("report.html"));
    let mut everything = vec![("console".to_string(), run.text().into_bytes())];
    everything.extend(
        support::leak::every_file(reports.path())
            .into_iter()
            .map(|(p, b)| (p.display().to_string(), b)),
    );
    Seen {
        json,
        lines,
        html,
        everything,
    }
}

/// Breaks `field` four ways and renders what each gave, for the snapshot; checks what holds
/// of every output on the way.
fn rendered(field: &str, breaks: Vec<Break>, rule: &str) -> String {
    let mut out = String::new();
    for b in breaks {
        let seen = run_broken(b.mutation);
        out.push_str(&format!("## {field}: {}\n", b.name));
        for f in &seen.json {
            out.push_str(&format!("report.json: {f}\n"));
            let expected = f["expected"].as_str().unwrap();
            assert!(expected.contains(rule), "{field} {}: {expected}", b.name);
            // A value shown is masked and shaped, in every output.
            if let Some(shape) = f["actual_shape"].as_str() {
                let shown = format!("{} ({shape})", f["actual"].as_str().unwrap());
                assert!(
                    seen.html.contains(&shown),
                    "{field} {}: report.html lacks {shown}",
                    b.name
                );
                // junit.xml lists failures; a warning passes the case.
                let places: &[&str] = match f.get("assumption") {
                    None => &["console", "summary.md", "junit.xml"],
                    Some(_) => &["console", "summary.md"],
                };
                for place in places {
                    let shows = |(at, line): &&(&str, String)| at == place && line.contains(&shown);
                    assert!(
                        seen.lines.iter().any(|l| shows(&l)),
                        "{field} {}: {shown} not in {place}: {:#?}",
                        b.name,
                        seen.lines
                    );
                }
            }
        }
        for (place, line) in &seen.lines {
            out.push_str(&format!("{place}: {line}\n"));
        }
        if let Some(raw) = b.raw {
            for (place, bytes) in &seen.everything {
                assert!(!support::leak::contains(bytes, raw), "{raw} in {place}");
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn a_broken_card_number_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/cardNo",
        "541234123456001",
        "54123412345600017",
        "541234ABCD560001",
    );
    insta::assert_snapshot!(rendered("cardNo", breaks, "to hold: "));
}

// `letters` breaks only the card number: the pages give a PAR and a CVC a length and no
// character class, so a case may not demand one (their snapshots show no finding).

#[test]
fn a_broken_par_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/par",
        "Q1TESTPAR00000000000000077",
        "Q1TESTPAR0000000000000000777",
        "Q1TESTPAR-000000000000_0077",
    );
    insta::assert_snapshot!(rendered("par", breaks, "to hold: "));
}

#[test]
fn a_broken_cvc_reads_as_its_rule_and_its_shape_and_keeps_no_digit() {
    let breaks = breaks(
        "/issuedCardList/0/digital/mobileCardCVC",
        "12",
        "1234",
        "12a",
    );
    let text = rendered("mobileCardCVC", breaks, "to hold: ");
    assert!(!text.contains("1234") && !text.contains("\"12\""), "{text}");
    insta::assert_snapshot!(text);
}
