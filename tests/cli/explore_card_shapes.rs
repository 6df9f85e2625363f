//! Explore's divergences at the card fields (#33), as `run`'s (card_shapes.rs): explore
//! against the reference mock behind a server that breaks one card-like field of an answer
//! (too short, too long, letters, absent); the divergence it prints and its reports say the
//! page's rule in words and the value masked, with its shape beside it, and the value itself is
//! in none of them. The rendered failures are snapshots.

use crate::card_breaks::{self, Field, OPERATION, Seen, against_broken};
use crate::support;

use support::fault::Mutation;

/// One run of seed 1, whose first step is a successful `preIssueWaitingPhysical` (the run
/// stops at its first divergence; a change of the menu that moves that step only makes the
/// snapshot show more steps, never a broken answer unseen: `injected` is checked).
const SEED: &str = "1";
const STEPS: &str = "20";

/// `explore` of one run against the reference mock behind a fault server that applies
/// `mutation` to the operation's successful answers. Every console line is kept: the
/// divergence's, the warnings'.
fn explored(mutation: Mutation) -> Seen {
    let (run, reports, injected) = against_broken(OPERATION, mutation, |url, reports| {
        let target = [
            "explore",
            "--target",
            "cases/targets/mock.yaml",
            "--base-url",
            url,
        ];
        let run = [
            "--seed",
            SEED,
            "--runs",
            "1",
            "--steps",
            STEPS,
            "--report-dir",
            reports,
        ];
        target.into_iter().chain(run).map(String::from).collect()
    });
    assert!(injected > 0, "{}", run.text());
    Seen::of(&run.text(), &run.text(), reports.path())
}

#[test]
fn a_broken_card_number_in_explore_reads_as_its_rule_and_its_masked_shape() {
    let text = card_breaks::rendered(Field::card_number(), explored);
    let needle = "[schema] at /issuedCardList/0/digital/cardNo: expected `minLength`";
    card_breaks::documented("docs/explore.md", &text, "console", needle);
    insta::assert_snapshot!(text);
}

#[test]
fn a_broken_par_in_explore_reads_as_its_rule_and_its_masked_shape() {
    insta::assert_snapshot!(card_breaks::rendered(Field::par(), explored));
}

#[test]
fn a_broken_cvc_in_explore_reads_as_its_rule_and_its_shape_and_keeps_no_digit() {
    let text = card_breaks::rendered(Field::cvc(), explored);
    card_breaks::keeps_no_cvc_digit(&text);
    insta::assert_snapshot!(text);
}
