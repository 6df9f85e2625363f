//! Explore's divergences at the card fields (#33), as `run`'s (card_shapes.rs): explore
//! against the reference mock behind a server that breaks one card-like field of an answer
//! (too short, too long, letters, absent); the divergence it prints and its reports say the
//! page's rule in words and the value masked, with its shape beside it, and the value itself is
//! in none of them. The rendered failures are snapshots.

use crate::card_breaks::{Break, OPERATION, Seen, breaks};
use crate::support;

use std::time::Duration;

use support::fault::{Fault, FaultServer, Mutation, Target, run_binary};

/// A seed whose run reaches a successful `preIssueWaitingPhysical` within [`STEPS`] steps.
const SEED: &str = "1";
const STEPS: &str = "20";

/// `explore` of one run against the reference mock behind a fault server that applies
/// `mutation` to the operation's successful answers. The console lines kept are the
/// divergence's and the warnings'.
fn explored(mutation: Mutation) -> Seen {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fault = Fault {
        target: Target::op(OPERATION).status(200),
        mutation,
    };
    let (mock, upstream) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let args = [
        "explore",
        "--target",
        "cases/targets/mock.yaml",
        "--base-url",
        &upstream.base_url,
        "--seed",
        SEED,
        "--runs",
        "1",
        "--steps",
        STEPS,
        "--report-dir",
        reports.path().to_str().unwrap(),
    ];
    let run = run_binary(&args, Duration::from_secs(120));
    crate::card_breaks::guarded(&run);
    assert!(!upstream.injected().is_empty(), "{}", run.text());
    drop(upstream);
    drop(mock);
    Seen::of(&run.text(), &run.text(), reports.path())
}

fn rendered(field: &str, breaks: Vec<Break>) -> String {
    crate::card_breaks::rendered(field, breaks, "to hold: ", explored)
}

#[test]
fn a_broken_card_number_in_explore_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/cardNo",
        "541234123456001",
        "54123412345600017",
        "541234ABCD560001",
    );
    let text = rendered("cardNo", breaks);
    let needle = "[schema] at /issuedCardList/0/digital/cardNo: expected `minLength`";
    crate::card_breaks::documented("docs/explore.md", &text, "console", needle);
    insta::assert_snapshot!(text);
}

#[test]
fn a_broken_par_in_explore_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/par",
        "Q1TESTPAR00000000000000077",
        "Q1TESTPAR0000000000000000777",
        "Q1TESTPAR-000000000000_0077",
    );
    insta::assert_snapshot!(rendered("par", breaks));
}

#[test]
fn a_broken_cvc_in_explore_reads_as_its_rule_and_its_shape_and_keeps_no_digit() {
    let breaks = breaks(
        "/issuedCardList/0/digital/mobileCardCVC",
        "12",
        "1234",
        "12a",
    );
    let text = rendered("mobileCardCVC", breaks);
    assert!(!text.contains("1234") && !text.contains("\"12\""), "{text}");
    insta::assert_snapshot!(text);
}
