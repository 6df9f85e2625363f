//! Breaking one card-like field of an answer four ways (too short, too long, letters, absent)
//! and reading what every output of a command made of it (#33): the failures of report.json,
//! the lines of the console, summary.md and junit.xml that name the broken card, report.html,
//! and every byte written, for the leak search. `run` (card_shapes.rs), the proxy
//! (proxy_card_shapes.rs) and explore (explore_card_shapes.rs) are held to the same:
//! the page's rule in words, the value masked with its shape, the raw value nowhere.

use crate::support;

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use support::fault::{BinRun, Fault, FaultServer, Mutation, Target, read_report, run_binary};
use tempfile::TempDir;

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

/// A card-like field of the answer and the four ways to break it.
pub struct Field {
    pub name: &'static str,
    pub breaks: Vec<Break>,
}

impl Field {
    /// The digital card's number: 15 and 17 digits, letters among 16 characters.
    pub fn card_number() -> Field {
        Field::of(
            "cardNo",
            "541234123456001",
            "54123412345600017",
            "541234ABCD560001",
        )
    }

    /// Its PAR: 26 and 28 characters, and other characters among 27. `letters` breaks only
    /// the card number: the pages give a PAR and a CVC a length and no character class, so a
    /// check may not demand one (their snapshots show no finding).
    pub fn par() -> Field {
        Field::of(
            "par",
            "Q1TESTPAR00000000000000077",
            "Q1TESTPAR0000000000000000777",
            "Q1TESTPAR-000000000000_0077",
        )
    }

    /// Its CVC: 2 and 4 digits, a letter among 3 characters.
    pub fn cvc() -> Field {
        Field::of("mobileCardCVC", "12", "1234", "12a")
    }

    /// The four breaks of `name` under the digital card.
    fn of(
        name: &'static str,
        short: &'static str,
        long: &'static str,
        letters: &'static str,
    ) -> Field {
        let pointer: &'static str = format!("{DIGITAL}/{name}").leak();
        let searchable = |v: &'static str| (v.len() >= 12).then_some(v);
        let set = |what, v: &'static str| Break {
            name: what,
            mutation: Mutation::Set(pointer, json!(v)),
            raw: searchable(v),
        };
        let breaks = vec![
            set("too short", short),
            set("too long", long),
            set("letters", letters),
            Break {
                name: "absent",
                mutation: Mutation::Remove(pointer),
                raw: None,
            },
        ];
        Field { name, breaks }
    }
}

/// What the CVC's rendering shows holds none of the CVCs sent (`1234`, `"12"`).
pub fn keeps_no_cvc_digit(text: &str) {
    assert!(!text.contains("1234") && !text.contains("\"12\""), "{text}");
}

/// A command run against the reference mock behind a fault server breaking `operation`'s
/// successful answers with `mutation`: the run, its report directory, and how many answers
/// were broken. `args` makes the command's arguments from the fault server's base URL and the
/// report directory; the run is [`guarded`].
pub fn against_broken(
    operation: &'static str,
    mutation: Mutation,
    args: impl FnOnce(&str, &str) -> Vec<String>,
) -> (BinRun, TempDir, usize) {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fault = Fault {
        target: Target::op(operation).status(200),
        mutation,
    };
    let (mock, upstream) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let args = args(&upstream.base_url, reports.path().to_str().unwrap());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = run_binary(&args, Duration::from_secs(120));
    guarded(&run);
    let injected = upstream.injected().len();
    drop(upstream);
    drop(mock);
    (run, reports, injected)
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
/// what holds of every output on the way: each failure's expected text holds the page's rule
/// in words (`to hold: `), a value shown is masked and shaped in every output, the raw value
/// is in none.
pub fn rendered(field: Field, run: impl Fn(Mutation) -> Seen) -> String {
    let mut out = String::new();
    for b in field.breaks {
        let seen = run(b.mutation);
        let what = format!("{} {}", field.name, b.name);
        out.push_str(&format!("## {}: {}\n", field.name, b.name));
        for f in &seen.json {
            out.push_str(&format!("report.json: {f}\n"));
            let expected = f["expected"].as_str().unwrap();
            assert!(expected.contains("to hold: "), "{what}: {expected}");
            shown_everywhere(&seen, f, &what);
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
