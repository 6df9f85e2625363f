//! The proxy's failures at the card fields (#33), as `run`'s (card_shapes.rs): a client's
//! request passes through the proxy to a server that breaks one card-like field of its answer
//! (too short, too long, letters, absent); the proxy's line for the exchange and its session's
//! reports say the page's rule in words and the value masked, with its shape beside it, and
//! the value itself is in none of them. The rendered failures are snapshots.

use crate::card_breaks::{Break, OPERATION, Seen, breaks};
use crate::support;

use std::time::Duration;

use support::fault::{Fault, FaultServer, Mutation, Target, run_binary};

/// `proxy --upstream <fault server> -- run <the success case>`: the binary's own `run` is the
/// client, sending the operation's success case through the proxy to the reference mock
/// behind a fault server that applies `mutation` to its answer. The console lines kept are
/// the proxy's (`#<seq> POST …`), not the client's.
fn proxied(mutation: Mutation) -> Seen {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let fault = Fault {
        target: Target::op(OPERATION).status(200),
        mutation,
    };
    let (mock, upstream) = rt.block_on(FaultServer::before_fresh_mock(fault));
    let reports = tempfile::tempdir().unwrap();
    let case = format!("{OPERATION}::success");
    let args = [
        "proxy",
        "--upstream",
        &upstream.base_url,
        "--listen",
        "127.0.0.1:0",
        "--report-dir",
        reports.path().to_str().unwrap(),
        "--",
        support::binary::EXE,
        "run",
        "--no-report",
        &case,
        "--exact",
    ];
    let run = run_binary(&args, Duration::from_secs(120));
    crate::card_breaks::guarded(&run);
    assert_eq!(upstream.injected().len(), 1, "{}", run.text());
    drop(upstream);
    drop(mock);
    let text = run.text();
    let proxy_lines: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(proxy_lines.len(), 1, "{text}");
    // The time the exchange took is the one thing that differs from run to run.
    let elapsed = regex::Regex::new(r" \(\d+ ms\): ").unwrap();
    let lines = elapsed.replace_all(proxy_lines[0], " (N ms): ");
    Seen::of(&text, &lines, reports.path())
}

fn rendered(field: &str, breaks: Vec<Break>) -> String {
    crate::card_breaks::rendered(field, breaks, "to hold: ", proxied)
}

#[test]
fn a_broken_card_number_through_the_proxy_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/cardNo",
        "541234123456001",
        "54123412345600017",
        "541234ABCD560001",
    );
    let text = rendered("cardNo", breaks);
    crate::card_breaks::documented("docs/mock.md", &text, "console", "#1 POST");
    insta::assert_snapshot!(text);
}

#[test]
fn a_broken_par_through_the_proxy_reads_as_its_rule_and_its_masked_shape() {
    let breaks = breaks(
        "/issuedCardList/0/digital/par",
        "Q1TESTPAR00000000000000077",
        "Q1TESTPAR0000000000000000777",
        "Q1TESTPAR-000000000000_0077",
    );
    insta::assert_snapshot!(rendered("par", breaks));
}

#[test]
fn a_broken_cvc_through_the_proxy_reads_as_its_rule_and_its_shape_and_keeps_no_digit() {
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
