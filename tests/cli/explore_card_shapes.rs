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

/// A constraint the spec only infers (card numbers are digits only, `card-number-digits`)
/// warns in explore as it does in `run`, and is no divergence; a profile that settles the
/// assumption `fail` makes it one. Before, explore failed on it whatever the profile said.
#[test]
fn an_inferred_constraint_warns_unless_the_profile_settles_it_fail() {
    let dir = tempfile::tempdir().unwrap();
    let settled =
        crate::verdicts::settled_profile(dir.path(), "assumptions:\n  card-number-digits: fail\n");
    let explore = |profile: &str| {
        let letters = Mutation::Set(
            "/issuedCardList/0/digital/cardNo",
            serde_json::json!("541234ABCD560001"),
        );
        let (run, _reports, injected) = against_broken(OPERATION, letters, |url, reports| {
            let args = ["explore", "--target", profile, "--base-url", url];
            let run = ["--seed", SEED, "--runs", "1", "--steps", "1"];
            let out = ["--report-dir", reports];
            args.into_iter()
                .chain(run)
                .chain(out)
                .map(String::from)
                .collect()
        });
        assert!(injected > 0, "{}", run.text());
        run
    };
    let needle = "[schema] at /issuedCardList/0/digital/cardNo: expected `pattern`";
    let warned = explore("cases/targets/mock.yaml");
    assert_eq!(
        warned.status.and_then(|s| s.code()),
        Some(0),
        "{}",
        warned.text()
    );
    let line = warned
        .text()
        .lines()
        .find(|l| l.contains(needle))
        .map(str::to_string);
    assert!(
        line.as_deref().is_some_and(|l| l.starts_with("warning:")),
        "{line:?}"
    );
    let failed = explore(settled.to_str().unwrap());
    assert_eq!(
        failed.status.and_then(|s| s.code()),
        Some(100),
        "{}",
        failed.text()
    );
    assert!(failed.text().contains(needle), "{}", failed.text());
}
