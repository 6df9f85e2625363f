//! The diffs at the card fields (#33): a case that asks the digital card's number and PAR as
//! documented (`<regex:^[0-9]{16}$>`, `<len:27>`) against a server that breaks the card number
//! (too short, too long, letters, absent). The view diff, on the console and in
//! `diffs/<operation>/<case>.diff`, shows the case's matchers as the harness's words (never
//! masked to `********`) and the answer's value masked; the failure lines above it give the
//! value's shape; summary.md, junit.xml and report.html show the same diff; the raw value is
//! in no output.

use crate::card_breaks::{Field, OPERATION, Seen, against_broken};
use crate::support;

use std::path::Path;

use support::fault::Mutation;

/// The documented success case, asking for the digital card's number (16 digits) and PAR (27
/// characters) as their page documents them (both Required).
fn case_file(dir: &Path) {
    let text = format!(
        "operation: {OPERATION}
cases:
  - id: success
    request:
      body:
        userId: \"{{{{member.active.userId}}}}\"
        physicalCardNo: \"{{{{physical.active.cardNo}}}}\"
        physicalCardExpDate: \"{{{{physical.active.expDate}}}}\"
        physicalCardCVC: \"{{{{physical.active.cvc}}}}\"
    expect:
      status: 200
      code: \"000_000\"
      body:
        issuedCardList:
          - digital:
              cardNo: \"<regex:^[0-9]{{16}}$>\"
              par: \"<len:27>\"
"
    );
    std::fs::write(dir.join(format!("{OPERATION}.yaml")), text).unwrap();
}

/// `run` of that case against the mock behind a fault server applying `mutation`: the
/// console's failure message (failure lines and diff) and the diff file, and every byte
/// written searched for `raw`.
fn diffed(mutation: Mutation, raw: Option<&str>) -> String {
    let cases = tempfile::tempdir().unwrap();
    case_file(cases.path());
    let case = format!("{OPERATION}::success");
    let (run, reports, injected) = against_broken(OPERATION, mutation, |url, reports| {
        let cases = cases.path().to_str().unwrap();
        let args = [
            "run",
            "--base-url",
            url,
            "--cases",
            cases,
            "--report-dir",
            reports,
        ];
        let args = args.into_iter().chain([case.as_str(), "--exact"]);
        args.map(String::from).collect()
    });
    assert_eq!(injected, 1, "{}", run.text());
    let file = reports
        .path()
        .join(format!("latest/diffs/{OPERATION}/success.diff"));
    let diff = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}: {}", run.text()));
    // The other reports that show the diff show the matchers too, and nothing masks them.
    for name in ["summary.md", "junit.xml", "report.html"] {
        let text = std::fs::read_to_string(reports.path().join("latest").join(name)).unwrap();
        let text = support::leak::unescape_html(&text);
        assert!(text.contains(r#""<regex:^[0-9]{16}$>""#), "{name}: {text}");
        assert!(text.contains(r#""<len:27>""#), "{name}: {text}");
        assert!(!text.contains(r#""********""#), "{name}: {text}");
    }
    let seen = Seen::of(&run.text(), "", reports.path());
    for (place, bytes) in seen.everything.iter().filter(|_| raw.is_some()) {
        let raw = raw.unwrap();
        assert!(!support::leak::contains(bytes, raw), "{raw} in {place}");
    }
    format!("console:\n{}\ndiff file:\n{diff}", message(&run.stdout))
}

/// The case's failure message on the console: its failure lines and its diff.
fn message(stdout: &str) -> &str {
    let head = format!("---- {OPERATION}::success ----\n");
    let from = stdout.find(&head).unwrap_or_else(|| panic!("{stdout}")) + head.len();
    let rest = &stdout[from..];
    &rest[..rest.find("\n\nfailures:").unwrap_or(rest.len())]
}

#[test]
fn a_diff_at_a_card_field_shows_the_matchers_in_words_and_the_value_masked() {
    let mut out = String::new();
    for b in Field::card_number().breaks {
        let shown = diffed(b.mutation, b.raw);
        out.push_str(&format!("## cardNo: {}\n{shown}\n", b.name));
    }
    // docs/reports.md shows the first: its body failure and its diff, as printed.
    let first = &out[..out.find("\ndiff file:").unwrap()];
    let body = first.lines().find(|l| l.starts_with("[body]")).unwrap();
    let diff = &first[first.find("--- expected").unwrap()..];
    let doc = std::fs::read_to_string("docs/reports.md").unwrap();
    assert!(doc.contains(body), "docs/reports.md lacks {body}");
    assert!(
        doc.contains(diff.trim_end()),
        "docs/reports.md lacks\n{diff}"
    );
    insta::assert_snapshot!(out);
}
