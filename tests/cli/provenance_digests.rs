//! The provenance's SHA-256 digests are the harness's own hex, not card data: a case file whose
//! digest holds a card-shaped run of digits is reported with the digest `sha256sum` gives, in
//! report.json, on the console and in every other report (#27 G14).

use std::time::Duration;

use konaplate_conformance::mask::cards;
use konaplate_conformance::provenance::sha256_hex;

use crate::support::fault::{read_report, run_binary};

/// A committed case file with a comment appended so that its digest holds a card-shaped run
/// (about one text in twenty does): the file's text and its digest.
fn case_file_with_a_card_shaped_digest() -> (String, String) {
    let text = std::fs::read_to_string("cases/cardDeliveryInquiry.yaml").unwrap();
    (0..10_000)
        .map(|n| format!("{text}# padding {n}\n"))
        .map(|t| {
            let digest = sha256_hex(t.as_bytes());
            (t, digest)
        })
        .find(|(_, digest)| cards::find(digest).iter().any(|f| f.luhn))
        .expect("some padding gives a digest with a Luhn-valid run")
}

#[test]
fn a_digest_shaped_like_a_card_number_is_reported_whole() {
    let (text, digest) = case_file_with_a_card_shaped_digest();
    let tmp = tempfile::tempdir().unwrap();
    let cases = tmp.path().join("cases");
    std::fs::create_dir_all(&cases).unwrap();
    std::fs::write(cases.join("cardDeliveryInquiry.yaml"), &text).unwrap();
    let reports = tmp.path().join("reports");
    let run = run_binary(
        &[
            "run",
            "--cases",
            cases.to_str().unwrap(),
            "--report-dir",
            reports.to_str().unwrap(),
            "--test-threads",
            "1",
        ],
        Duration::from_secs(120),
    );
    // Before the fix the guard found the Luhn-valid run in the reports and the run exited 5.
    assert_eq!(run.code(), Some(0), "{}", run.text());
    let report = read_report(&reports);
    let hashed = &report["run"]["provenance"]["cases"][0]["sha256"];
    assert_eq!(hashed.as_str(), Some(digest.as_str()), "{}", run.text());
    let mut found_in = Vec::new();
    for entry in std::fs::read_dir(reports.join("latest")).unwrap() {
        let path = entry.unwrap().path();
        if std::fs::read_to_string(&path).is_ok_and(|t| t.contains(&digest)) {
            found_in.push(path.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    assert!(found_in.iter().any(|f| f == "report.json"), "{found_in:?}");
}
