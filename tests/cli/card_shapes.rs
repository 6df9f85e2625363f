//! Failures a person can read at the card fields (#33): a server that breaks one card-like
//! field of an answer (too short, too long, letters, absent) gets a failure whose expected
//! text is the page's rule in words and whose actual text is the value masked, with its shape
//! beside it, in every output (console, summary.md, junit.xml, report.json's `actual_shape`,
//! report.html); the value itself is in none of them. The rendered failures are snapshots.

use crate::card_breaks::{self, Field, OPERATION, Seen, against_broken};
use crate::support;

use support::fault::Mutation;

/// `run` of the operation's success case against the reference mock behind a fault server
/// that applies `mutation` to its answer.
fn run_broken(mutation: Mutation) -> Seen {
    let case = format!("{OPERATION}::success");
    let (run, reports, injected) = against_broken(OPERATION, mutation, |url, reports| {
        let args = [
            "run",
            "--base-url",
            url,
            "--report-dir",
            reports,
            &case,
            "--exact",
        ];
        args.map(String::from).to_vec()
    });
    assert_eq!(injected, 1, "{}", run.text());
    Seen::of(&run.text(), &run.text(), reports.path())
}

#[test]
fn a_broken_card_number_reads_as_its_rule_and_its_masked_shape() {
    let text = card_breaks::rendered(Field::card_number(), run_broken);
    let (doc, needle) = (
        "docs/verdicts.md",
        "[schema] at /issuedCardList/0/digital/cardNo",
    );
    card_breaks::documented(doc, &text, "console", &format!("FAIL  {needle}"));
    card_breaks::documented(doc, &text, "console", &format!("success: {needle}"));
    insta::assert_snapshot!(text);
}

#[test]
fn a_broken_par_reads_as_its_rule_and_its_masked_shape() {
    insta::assert_snapshot!(card_breaks::rendered(Field::par(), run_broken));
}

#[test]
fn a_broken_cvc_reads_as_its_rule_and_its_shape_and_keeps_no_digit() {
    let text = card_breaks::rendered(Field::cvc(), run_broken);
    card_breaks::keeps_no_cvc_digit(&text);
    insta::assert_snapshot!(text);
}
