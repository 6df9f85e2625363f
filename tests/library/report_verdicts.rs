//! What the reports say about documented and inferred expectations: generated cases kept apart
//! in the coverage matrix, failed assumptions shown with their name as warnings, and findings
//! grouped by cause before the per-case detail.

use crate::report_fixtures;

use konaplate_conformance::assumption::Assumption;
use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{CheckKind, Failure, Outcome, Verdict};
use konaplate_conformance::report::code_matrix::Cell;
use konaplate_conformance::report::{html, json, junit, summary};
use report_fixtures::*;

/// A generated case of `cardStatusChange` expecting `code`, with `verdict`.
fn generated(id: &str, code: &str, verdict: Verdict) -> Outcome {
    let mut o = pass();
    o.name = format!("cardStatusChange::generated::{id}");
    o.operation = "cardStatusChange".into();
    o.case_id = format!("generated::{id}");
    o.expected_code = Some(code.into());
    o.verdict = verdict;
    o.warnings = vec![];
    o
}

fn echo_warning() -> Failure {
    Failure::new(
        CheckKind::Header,
        "X-KM-Correlation-Id",
        "the request's \"221108120814-abcdef0\" echoed",
        "\"221108120814-1234567\"",
    )
    .assuming(Some(Assumption::CorrelationIdEcho))
}

fn run() -> Vec<Outcome> {
    let mut outcomes = outcomes();
    // The documented 000_002 case of card status fails in the fixtures; make it pass so the
    // generated failure below is the only one that could paint its cell.
    for o in &mut outcomes {
        if o.name == "cardStatusChange::invalid-parameter" {
            o.verdict = Verdict::Pass;
        }
    }
    let code = Failure::new(
        CheckKind::Code,
        "/response/code",
        "\"000_002\"",
        "\"003_001\"",
    )
    .verifying(["cardStatusChange.request.status.enum"]);
    outcomes.push(generated(
        "status::not-in-enum",
        "000_002",
        Verdict::Fail {
            failures: vec![code],
        },
    ));
    for id in ["cardNo::too-long", "cardNo::too-short"] {
        let mut o = generated(id, "000_002", Verdict::Pass);
        o.warnings = vec![echo_warning()];
        outcomes.push(o);
    }
    outcomes
}

#[test]
fn a_failing_generated_case_does_not_paint_the_documented_code() {
    let doc = json::build(&info(), &spec(), &run(), None, &Masker::default());
    let row = doc
        .coverage
        .iter()
        .find(|r| r.operation == "cardStatusChange")
        .unwrap();
    let documented = row.codes.iter().find(|c| c.code == "000_002").unwrap();
    assert_eq!(documented.result, Cell::Pass, "{row:#?}");
    assert!(
        documented
            .cases
            .iter()
            .all(|c| !c.contains("::generated::"))
    );
    let generated = &row.generated[0];
    assert_eq!(generated.code.as_deref(), Some("000_002"));
    assert_eq!(
        (generated.result, generated.passed, generated.cases),
        (Cell::Fail, 2, 3)
    );
    let md = summary::render(&info(), &spec(), &run(), None, &Masker::default());
    assert!(md.contains("`000_002` ❌ 2/3"), "{md}");
}

#[test]
fn warnings_name_their_assumption_in_every_report_and_findings_group_them() {
    let outcomes = run();
    let text = json::render(&info(), &spec(), &outcomes, None, &Masker::default());
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let warned: Vec<&serde_json::Value> = doc["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["warnings"].as_array().unwrap())
        .filter(|w| w["assumption"] == "correlation-id-echo")
        .collect();
    assert_eq!(warned.len(), 2, "{text}");
    // A documented failure carries no `assumption` key: older readers see v1 unchanged.
    let documented = doc["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|o| o["failures"].as_array().unwrap())
        .find(|f| f["check"] == "code")
        .unwrap();
    assert!(documented.get("assumption").is_none(), "{documented}");
    // It names the fact it breaks instead.
    assert_eq!(
        documented["facts"],
        serde_json::json!(["cardStatusChange.request.status.enum"])
    );

    let md = summary::render(&info(), &spec(), &outcomes, None, &Masker::default());
    let findings = md.find("## Findings").expect("a findings section");
    let failures = md.find("## Failures").unwrap();
    assert!(
        findings < failures,
        "findings come before the per-case detail"
    );
    let section = &md[findings..failures];
    assert!(
        section.contains("inferred: correlation-id-echo")
            && section.contains("2: cardStatusChange::generated::cardNo::too-long, cardStatusChange::generated::cardNo::too-short"),
        "{section}"
    );
    assert!(
        section.contains("| documented: cardStatusChange.request.status.enum |"),
        "{section}"
    );

    let xml = junit::render(&info(), &outcomes, &Masker::default());
    assert!(
        xml.contains("warning: [header] at X-KM-Correlation-Id: expected the request"),
        "{xml}"
    );
    assert!(xml.contains("(inferred: correlation-id-echo)"), "{xml}");
}

#[test]
fn report_html_shows_each_findings_basis_and_keeps_generated_cases_apart() {
    let html = html::render(&info(), &spec(), &run(), &Masker::default());
    let findings = html.find("id=\"findings\"").unwrap();
    let matrix = html.find("id=\"coverage\"").unwrap();
    let section = &html[findings..matrix];
    let inferred = format!(
        "inferred: correlation-id-echo: {}",
        Assumption::CorrelationIdEcho.claim()
    );
    assert!(section.contains(&inferred), "{section}");
    assert!(section.contains("<span class=\"count\">2 case(s)</span>"));
    assert!(
        section
            .contains("<td class=\"basis\">documented: cardStatusChange.request.status.enum</td>"),
        "{section}"
    );
    // The documented 000_002 cell of cardStatusChange passes; the generated one fails.
    let row = regex::Regex::new(
        r#"(?s)<code>cardStatusChange</code></th>.*?<th scope="row"><code>000_002</code></th>(.*?)</tr>"#,
    )
    .unwrap();
    let cells = row.captures(&html).unwrap()[1].to_string();
    let (documented, generated) = cells.split_once("</td><td class=\"fail\">").unwrap();
    assert!(documented.contains("✓ pass"), "{cells}");
    assert!(generated.contains("✗ FAIL") && generated.contains("status::not-in-enum"));
}
