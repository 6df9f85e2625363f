//! The proxy's failures at the card fields (#33), as `run`'s (card_shapes.rs): a client's
//! request passes through the proxy to a server that breaks one card-like field of its answer
//! (too short, too long, letters, absent); the proxy's line for the exchange and its session's
//! reports say the page's rule in words and the value masked, with its shape beside it, and
//! the value itself is in none of them. The rendered failures are snapshots.

use crate::card_breaks::{self, Field, OPERATION, Seen, against_broken};
use crate::support;

use support::fault::Mutation;

/// `proxy --upstream <fault server> -- run <the success case>`: the binary's own `run` is the
/// client, sending the operation's success case through the proxy to the reference mock
/// behind a fault server that applies `mutation` to its answer. The console lines kept are
/// the proxy's (`#<seq> POST …`), not the client's.
fn proxied(mutation: Mutation) -> Seen {
    let case = format!("{OPERATION}::success");
    let (run, reports, injected) = against_broken(OPERATION, mutation, |url, reports| {
        let proxy = ["proxy", "--upstream", url, "--listen", "127.0.0.1:0"];
        let client = [support::binary::EXE, "run", "--no-report", &case, "--exact"];
        let args = proxy.into_iter().chain(["--report-dir", reports, "--"]);
        args.chain(client).map(String::from).collect()
    });
    assert_eq!(injected, 1, "{}", run.text());
    let text = run.text();
    let proxy_lines: Vec<&str> = text.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(proxy_lines.len(), 1, "{text}");
    // The time the exchange took is the one thing that differs from run to run.
    let elapsed = regex::Regex::new(r" \(\d+ ms\): ").unwrap();
    let lines = elapsed.replace_all(proxy_lines[0], " (N ms): ");
    Seen::of(&text, &lines, reports.path())
}

#[test]
fn a_broken_card_number_through_the_proxy_reads_as_its_rule_and_its_masked_shape() {
    let text = card_breaks::rendered(Field::card_number(), proxied);
    card_breaks::documented("docs/mock.md", &text, "console", "#1 POST");
    insta::assert_snapshot!(text);
}

#[test]
fn a_broken_par_through_the_proxy_reads_as_its_rule_and_its_masked_shape() {
    insta::assert_snapshot!(card_breaks::rendered(Field::par(), proxied));
}

#[test]
fn a_broken_cvc_through_the_proxy_reads_as_its_rule_and_its_shape_and_keeps_no_digit() {
    let text = card_breaks::rendered(Field::cvc(), proxied);
    card_breaks::keeps_no_cvc_digit(&text);
    insta::assert_snapshot!(text);
}
