//! Failures a person can read at the card fields (#33): a server that breaks one card-like
//! field of an answer (too short, too long, letters, absent) gets a failure whose expected
//! text is the page's rule in words and whose actual text is the value masked, with its shape
//! beside it, in every output (console, summary.md, junit.xml, report.json's `actual_shape`,
//! report.html); the value itself is in none of them. The rendered failures are snapshots.

use crate::card_breaks::{Break, OPERATION, Seen, breaks};
use crate::support;

use std::time::Duration;

use support::fault::{Fault, FaultServer, Mutation, Target, run_binary};

/// `run` of the operation's success case against the reference mock behind a fault server
/// that applies `mutation` to its answer.
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
    crate::card_breaks::guarded(&run);
    assert_eq!(proxy.injected().len(), 1, "{}", run.text());
    drop(proxy);
    drop(mock);
    Seen::of(&run.text(), &run.text(), reports.path())
}

fn rendered(field: &str, breaks: Vec<Break>, rule: &str) -> String {
    crate::card_breaks::rendered(field, breaks, rule, run_broken)
}

#[test]
fn a_broken_card_number_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/cardNo",
        "541234123456001",
        "54123412345600017",
        "541234ABCD560001",
    );
    let text = rendered("cardNo", breaks, "to hold: ");
    let (doc, needle) = (
        "docs/verdicts.md",
        "[schema] at /issuedCardList/0/digital/cardNo",
    );
    crate::card_breaks::documented(doc, &text, "console", &format!("FAIL  {needle}"));
    crate::card_breaks::documented(doc, &text, "console", &format!("success: {needle}"));
    insta::assert_snapshot!(text);
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
