//! The reports say which exchanges were encrypted: report.json (and reads it back), the summary's
//! Encryption row and failure headings, JUnit properties; and nothing changes for a run
//! without encryption.

use crate::report_fixtures;

use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{Outcome, WireEncryption};
use konaplate_conformance::report::{json, junit, summary};
use report_fixtures::*;

fn encrypted(mut o: Outcome, request: bool, response: bool) -> Outcome {
    if let Some(x) = o.exchange.as_mut() {
        x.encryption = WireEncryption { request, response };
    }
    o
}

fn run() -> Vec<Outcome> {
    vec![
        encrypted(pass(), true, true),
        encrypted(status_code_failure(), false, true),
        schema_failure(),
        transport_error(),
        skipped(),
    ]
}

#[test]
fn report_json_carries_the_flags_and_reads_back() {
    let text = json::render(&info(), &spec(), &run(), None, &Masker::default());
    let doc = json::parse(&text).unwrap();
    let flags: Vec<(String, WireEncryption)> = doc
        .outcomes
        .iter()
        .filter_map(|o| o.exchange.as_ref().map(|x| (o.name.clone(), x.encryption)))
        .collect();
    assert!(flags.contains(&(
        pass().name,
        WireEncryption {
            request: true,
            response: true
        }
    )));
    assert!(flags.contains(&(schema_failure().name, WireEncryption::default())));
    // A report written before the field existed still reads, as "not encrypted".
    let mut old: serde_json::Value = serde_json::from_str(&text).unwrap();
    for o in old["outcomes"].as_array_mut().unwrap() {
        if let Some(x) = o["exchange"].as_object_mut() {
            assert!(x.remove("encryption").is_some());
        }
    }
    let doc = json::parse(&old.to_string()).unwrap();
    assert!(
        doc.outcomes
            .iter()
            .filter_map(|o| o.exchange.as_ref())
            .all(|x| !x.encryption.any())
    );
}

#[test]
fn the_summary_counts_encrypted_exchanges_and_marks_failing_ones() {
    let md = summary::render(&info(), &spec(), &run(), None, &Masker::default());
    assert!(
        md.contains("| Encryption | JWE on 2 of 4 exchanges: 1 request, 2 answers (bodies shown decrypted) |"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "### ❌ `{}` (JWE answer)",
            status_code_failure().name
        )),
        "{md}"
    );
    assert_eq!(summary::encryption_line(&outcomes()), None);
    let plain = summary::render(&info(), &spec(), &outcomes(), None, &Masker::default());
    assert!(!plain.contains("Encryption") && !plain.contains("JWE"));
}

#[test]
fn junit_has_properties_on_encrypted_cases_only() {
    let xml = junit::render(&info(), &run(), &Masker::default());
    assert_eq!(
        xml.matches(r#"<property name="encrypted-request""#).count(),
        2
    );
    assert!(xml.contains(r#"<property name="encrypted-response" value="true"/>"#));
    let plain = junit::render(&info(), &outcomes(), &Masker::default());
    assert!(!plain.contains("encrypted-"));
}
