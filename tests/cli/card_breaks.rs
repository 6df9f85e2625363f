//! Breaking one card-like field of an answer four ways (too short, too long, letters, absent)
//! and reading what every output of a command made of it (#33): the failures of report.json,
//! the lines of the console, summary.md and junit.xml that name the broken card, report.html,
//! and every byte written, for the leak search. `run` (card_shapes.rs), the proxy
//! (proxy_card_shapes.rs) and explore (explore_card_shapes.rs) are held to the same:
//! the page's rule in words, the value masked with its shape, the raw value nowhere.

use crate::support;

use std::path::Path;

use serde_json::{Value, json};
use support::fault::{BinRun, Mutation, read_report};

/// The digital card of the first issued card of a `preIssueWaitingPhysical` answer.
pub const DIGITAL: &str = "/issuedCardList/0/digital";

/// The operation whose answer is broken.
pub const OPERATION: &str = "preIssueWaitingPhysical";

/// One way to break a field: its name, the mutation, and the raw value it sends (to prove it
/// never shows), when it sends one long enough to search for.
pub struct Break {
    pub name: &'static str,
    pub mutation: Mutation,
    pub raw: Option<&'static str>,
}

/// The four breaks of the field at `pointer`.
pub fn breaks(
    pointer: &'static str,
    short: &'static str,
    long: &'static str,
    letters: &'static str,
) -> Vec<Break> {
    let searchable = |v: &'static str| (v.len() >= 12).then_some(v);
    let set = |name, v: &'static str| Break {
        name,
        mutation: Mutation::Set(pointer, json!(v)),
        raw: searchable(v),
    };
    vec![
        set("too short", short),
        set("too long", long),
        set("letters", letters),
        Break {
            name: "absent",
            mutation: Mutation::Remove(pointer),
            raw: None,
        },
    ]
}

/// What one broken answer gave, in every output.
pub struct Seen {
    /// The failures and warnings of report.json under the digital card (those of every
    /// outcome and step, each once).
    pub json: Vec<Value>,
    /// The console's, summary.md's and junit.xml's lines that name the digital card, each
    /// with where it is.
    pub lines: Vec<(&'static str, String)>,
    /// report.html, unescaped.
    pub html: String,
    /// Every byte written: console and report files.
    pub everything: Vec<(String, Vec<u8>)>,
}

impl Seen {
    /// What a command wrote: `console` all it printed, `lines` the console's lines of the
    /// command under test (a wrapped client's own are not the proxy's), `reports` its report
    /// directory.
    pub fn of(console: &str, lines: &str, reports: &Path) -> Seen {
        let latest = reports.join("latest");
        let read = |name: &str| std::fs::read_to_string(latest.join(name)).unwrap();
        let mut shown = under_digital("console", lines);
        shown.extend(under_digital("summary.md", &read("summary.md")));
        let junit = support::leak::unescape_html(&read("junit.xml"));
        shown.extend(under_digital("junit.xml", &junit));
        let mut everything = vec![("console".to_string(), console.as_bytes().to_vec())];
        everything.extend(
            support::leak::every_file(reports)
                .into_iter()
                .map(|(p, b)| (p.display().to_string(), b)),
        );
        Seen {
            json: failures(&read_report(reports)),
            lines: shown,
            html: support::leak::unescape_html(&read("report.html")),
            everything,
        }
    }
}

/// The command ended on its own, panicked nowhere, and its final masking guard found nothing
/// that escaped the masker in any report file (exit code 5) and wrote them all (not 3).
pub fn guarded(run: &BinRun) {
    assert!(!run.panicked(), "{}", run.text());
    assert!(
        matches!(run.code(), Some(0 | 100)),
        "exit code 0 or 100 expected: {}",
        run.text()
    );
}

fn under_digital(place: &'static str, text: &str) -> Vec<(&'static str, String)> {
    text.lines()
        .filter(|l| l.contains(DIGITAL))
        .map(|l| (place, l.trim().to_string()))
        .collect()
}

/// The failures and warnings under the digital card, of every outcome and its steps, each
/// once, with the fields a reader sees.
fn failures(report: &Value) -> Vec<Value> {
    fn walk(o: &Value, out: &mut Vec<Value>) {
        let listed = |k: &str| o[k].as_array().cloned().unwrap_or_default();
        for f in listed("failures").into_iter().chain(listed("warnings")) {
            let under = f["path"].as_str().is_some_and(|p| p.starts_with(DIGITAL));
            let kept = [
                "check",
                "path",
                "expected",
                "actual",
                "actual_shape",
                "assumption",
            ]
            .iter()
            .filter_map(|k| Some((k.to_string(), f.get(*k)?.clone())));
            let f = Value::Object(kept.collect());
            if under && !out.contains(&f) {
                out.push(f);
            }
        }
        for step in listed("steps") {
            walk(&step, out);
        }
    }
    let mut out = Vec::new();
    for o in report["outcomes"].as_array().into_iter().flatten() {
        walk(o, &mut out);
    }
    out
}

/// Breaks `field` four ways with `run` and renders what each gave, for the snapshot; checks
/// what holds of every output on the way: each failure's expected text holds `rule`, a value
/// shown is masked and shaped in every output, the raw value is in none.
pub fn rendered(
    field: &str,
    breaks: Vec<Break>,
    rule: &str,
    run: impl Fn(Mutation) -> Seen,
) -> String {
    let mut out = String::new();
    for b in breaks {
        let seen = run(b.mutation);
        out.push_str(&format!("## {field}: {}\n", b.name));
        for f in &seen.json {
            out.push_str(&format!("report.json: {f}\n"));
            let expected = f["expected"].as_str().unwrap();
            assert!(expected.contains(rule), "{field} {}: {expected}", b.name);
            shown_everywhere(&seen, f, &format!("{field} {}", b.name));
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

/// A value the failure `f` shows is masked and shaped in report.html, and in the console,
/// summary.md and (for a failure: a warning passes the case) junit.xml.
fn shown_everywhere(seen: &Seen, f: &Value, what: &str) {
    let Some(shape) = f["actual_shape"].as_str() else {
        return;
    };
    let shown = format!("{} ({shape})", f["actual"].as_str().unwrap());
    assert!(
        seen.html.contains(&shown),
        "{what}: report.html lacks {shown}"
    );
    let places: &[&str] = match f.get("assumption") {
        None => &["console", "summary.md", "junit.xml"],
        Some(_) => &["console", "summary.md"],
    };
    for place in places {
        let shows = |(at, line): &&(&str, String)| at == place && line.contains(&shown);
        assert!(
            seen.lines.iter().any(|l| shows(&l)),
            "{what}: {shown} not in {place}: {:#?}",
            seen.lines
        );
    }
}

/// Asserts that the doc at `doc` (from the repository's root) shows, as an example, the first
/// line of `rendered` from `place` that holds `needle`, as the command printed it (an
/// exchange's time aside).
pub fn documented(doc: &str, rendered: &str, place: &str, needle: &str) {
    let prefix = format!("{place}: ");
    let line = rendered
        .lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no {place} line with {needle}: {rendered}"));
    let elapsed = regex::Regex::new(r" \(\d+ ms\): ").unwrap();
    let text = std::fs::read_to_string(doc).unwrap();
    let text = elapsed.replace_all(&text, " (N ms): ");
    assert!(
        text.contains(line),
        "{doc} does not show what the command prints:\n{line}"
    );
}
