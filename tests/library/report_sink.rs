//! The one report sink: a report format is one type registered once, and both writers, the
//! masker and the final guard treat it as they treat the built-in ones; outcomes reach the
//! reporters (the console, the report files) as events, from any emitter, no libtest trial
//! needed.

use crate::report_fixtures;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{Outcome, Status};
use konaplate_conformance::report::{
    self, Collector, Console, Doc, Error, Event, Finished, Format, Formats, Note, Piece, Reporters,
    Spool, Started, Written,
};
use report_fixtures::*;
use serde_json::json;

const SECRET: &str = "AKsink5e0c1d9f7a3b2c";
const CARD: &str = "4111111111111111";

/// A throwaway format: `tally.txt`, one line per outcome (spooled as the outcome ends) with
/// the answer's body, between a header and a footer rendered at the end. `leak` is pasted
/// raw into the footer: what a careless format could write.
struct Tally {
    leak: &'static str,
}

impl Format for Tally {
    fn name(&self) -> &'static str {
        "tally.txt"
    }

    fn entry(&self, masked: &Outcome) -> Option<Result<String, Error>> {
        let body = masked
            .exchange
            .as_ref()
            .and_then(|x| x.response.as_ref())
            .map_or("-", |r| r.body.as_str());
        let status = Status::of(&masked.verdict);
        Some(Ok(format!("{} {status:?} {body}\n", masked.name)))
    }

    fn files(&self, run: &Finished<'_>) -> Result<Vec<Doc>, Error> {
        let mut pieces = vec![Piece::Text(format!("# {}\n", run.info.run_id))];
        pieces.extend((0..run.outcomes.len()).map(Piece::Entry));
        pieces.push(Piece::Text(format!("# end {}\n", self.leak)));
        Ok(vec![Doc {
            path: PathBuf::from("tally.txt"),
            pieces,
        }])
    }
}

fn masker() -> Masker {
    Masker::new([SECRET.to_string()])
}

/// A passing outcome whose answer holds a card number and the secret.
fn carded() -> Outcome {
    let mut o = pass();
    o.name = "cardDeliveryInquiry::carded".into();
    o.case_id = "carded".into();
    o.exchange = Some(exchange(
        "/api/v1/card/delivery",
        json!({"userId": "50000104652"}),
        200,
        json!({"response": {"code": "000_000"}, "cardNo": CARD, "note": SECRET}),
    ));
    o
}

fn all() -> Vec<Outcome> {
    let mut all = outcomes();
    all.push(carded());
    all.sort_by(|a, b| a.name.cmp(&b.name));
    all
}

fn formats(leak: &'static str) -> Formats {
    Formats::standard().with(Arc::new(Tally { leak }))
}

fn read(dir: &Path, file: &str) -> String {
    std::fs::read_to_string(dir.join(file)).unwrap()
}

/// The run's outcomes handed one by one to a collector in `formats`, then written from the
/// spool.
fn streamed(root: &Path, formats: Formats) -> Written {
    let spool = Spool::create(root, &info().run_id);
    let collector = Collector::new(masker(), Some(spool), None).with_formats(formats);
    all().iter().rev().for_each(|o| collector.record(o));
    let staging = root.join(format!(".{}.tmp", info().run_id));
    assert!(
        staging.join("tally.txt.part").is_file(),
        "the format's entries are spooled as the outcomes come"
    );
    let mut collected = collector.finish();
    let spool = collected.reports.take().unwrap().unwrap();
    report::write_spooled(spool, &info(), &spec(), &collected, &masker()).unwrap()
}

#[test]
fn a_registered_format_is_written_masked_by_both_writers_and_spooled_as_the_run_goes() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let in_memory = formats("")
        .write(a.path(), &info(), &spec(), &all(), &masker(), None)
        .unwrap();
    let tally = read(&in_memory.dir, "tally.txt");
    assert_eq!(tally.lines().count(), all().len() + 2, "{tally}");
    assert!(
        tally.contains("cardDeliveryInquiry::carded Pass"),
        "{tally}"
    );
    // Rendered from the masked outcome: neither the card number nor the secret is there.
    assert!(!tally.contains(CARD) && !tally.contains(SECRET), "{tally}");
    assert!(tally.contains("[REDACTED]"), "{tally}");
    assert!(in_memory.escapes.is_empty(), "{:?}", in_memory.escapes);
    // In latest/ too, and the standard files are still all there.
    assert_eq!(read(&in_memory.latest, "tally.txt"), tally);
    for f in ["summary.md", "junit.xml", "report.json", "report.html"] {
        assert!(in_memory.dir.join(f).is_file(), "{f}");
    }
    // Spooled as the outcomes came, in another order: the same bytes.
    let spooled = streamed(b.path(), formats(""));
    assert_eq!(read(&spooled.dir, "tally.txt"), tally);
    assert!(!spooled.dir.join("tally.txt.part").exists());
}

#[test]
fn a_format_that_writes_a_secret_is_caught_by_the_final_guard_in_both_writers() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for w in [
        formats(SECRET)
            .write(a.path(), &info(), &spec(), &all(), &masker(), None)
            .unwrap(),
        streamed(b.path(), formats(SECRET)),
    ] {
        let escapes: Vec<_> = w.escapes.iter().map(|e| (&e.file, e.secrets)).collect();
        assert_eq!(escapes, [(&PathBuf::from("tally.txt"), 1)]);
        let tally = read(&w.dir, "tally.txt");
        assert!(!tally.contains(SECRET), "{tally}");
        assert!(tally.ends_with("# end [REDACTED]\n"), "{tally}");
    }
}

#[test]
fn a_format_left_out_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let w = Formats::new(vec![Arc::new(Tally { leak: "" })])
        .write(root.path(), &info(), &spec(), &all(), &masker(), None)
        .unwrap();
    assert_eq!(files_under(&w.dir), ["tally.txt"]);
}

/// Outcomes emitted by hand, as a proxy session would: the console says the run's end and
/// where the reports went, the files hold every outcome.
#[test]
fn outcomes_from_any_emitter_reach_the_console_and_the_report_files() {
    let root = tempfile::tempdir().unwrap();
    let said = Arc::new(Mutex::new(Vec::<String>::new()));
    let console = Console::new({
        let said = said.clone();
        move |line: &str| said.lock().unwrap().push(line.to_string())
    });
    let spool = Spool::create(root.path(), &info().run_id);
    let collector = Arc::new(Collector::new(masker(), Some(spool), None));
    let reporters = Reporters::new()
        .with(Arc::new(console))
        .with(collector.clone());
    let all = all();
    reporters.emit(&Event::Started(&Started {
        command: "test",
        planned: all.len(),
    }));
    reporters.note(Note::Said("test: by hand".into()));
    for o in &all {
        reporters.emit(&Event::Outcome(o));
    }
    let reported = collector
        .finish()
        .close(&info(), &spec(), &masker(), &reporters);
    assert!(reported.written && reported.escapes == 0, "{reported:?}");
    let said = said.lock().unwrap().clone();
    assert_eq!(said[0], "test: by hand");
    assert!(said.iter().any(|l| l.starts_with("findings: ")), "{said:?}");
    let dir = root.path().join(info().run_id);
    let last = said.last().unwrap();
    assert_eq!(
        last,
        &format!(
            "reports: {} (and {})",
            dir.display(),
            root.path().join("latest").display()
        )
    );
    let doc = report::json::parse(&read(&dir, "report.json")).unwrap();
    assert_eq!(doc.outcomes.len(), all.len());
}

/// The first path segment of each file docs/reports.md shows in a run directory, and of each
/// of its file sections (`## summary.md`, `## diffs/\<operation>/…`).
fn documented_files() -> (BTreeSet<String>, BTreeSet<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/reports.md")).unwrap();
    let first = |s: &str| s.split(['/', '\\']).next().unwrap_or_default().to_string();
    let tree = text
        .lines()
        .filter_map(|l| l.strip_prefix("│   ├── ").or(l.strip_prefix("│   └── ")))
        .map(|l| first(l.split_whitespace().next().unwrap_or_default()))
        .collect();
    let sections = text
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .filter(|h| h.contains(['.', '/']))
        .map(first)
        .collect();
    (tree, sections)
}

#[test]
fn the_report_docs_show_and_describe_every_registered_format_and_no_other() {
    let registered: BTreeSet<String> = Formats::standard()
        .iter()
        .map(|(_, f)| f.name().to_string())
        .collect();
    let (tree, sections) = documented_files();
    assert_eq!(tree, registered, "the run directory in docs/reports.md");
    assert_eq!(sections, registered, "the file sections of docs/reports.md");
    // The check sees a format the docs do not know.
    let more: BTreeSet<String> = formats("")
        .iter()
        .map(|(_, f)| f.name().to_string())
        .collect();
    assert_ne!(tree, more);
}
