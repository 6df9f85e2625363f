//! `explore` against a server we did not write: the independent implementation of the pages in
//! tests/support/independent/, with a sandbox-like profile (reused fixtures, no reset). Correct,
//! it gives no documented divergence over 20 seeds of the default budget; with one lifecycle
//! rule broken, explore finds it as a documented divergence within that budget.

use crate::support;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use konaplate_conformance::explore::{self, Explored, Options};
use konaplate_conformance::report::{Console, Reporters};
use support::independent::{Defect, Independent, PROFILE};

/// One exploration of seed `seed` (one run: the server offers no reset) against a fresh server.
fn explore_fresh(defect: Option<Defect>, seed: u64) -> (Explored, Vec<String>) {
    let server = Independent::start(defect);
    let said = Arc::new(Mutex::new(Vec::new()));
    let console = Console::new({
        let said = said.clone();
        move |s: &str| said.lock().unwrap().push(s.to_string())
    });
    let options = Options {
        target: Some(PathBuf::from(PROFILE)),
        base_url: Some(server.base_url.clone()),
        seed: Some(seed),
        ..Options::default()
    };
    let explored = explore::explore(&options, &Reporters::new().with(Arc::new(console)))
        .unwrap_or_else(|s| panic!("{}", s.message));
    let said = said.lock().unwrap().clone();
    (explored, said)
}

#[test]
#[ignore = "measured before the oracle's fix: 15 of 20 seeds report a false documented divergence"]
#[allow(
    clippy::print_stderr,
    reason = "the per-seed table is printed for the reader"
)]
fn the_correct_independent_server_gives_no_documented_divergence_over_20_seeds() {
    let mut table = Vec::new();
    let mut documented = 0;
    for seed in 1..=explore::DEFAULT_RUNS as u64 {
        let (explored, said) = explore_fresh(None, seed);
        documented += explored.divergences;
        table.push(format!(
            "seed {seed}: {} divergence(s), {} warning(s)",
            explored.divergences, explored.warnings
        ));
        if explored.divergences > 0 {
            table.push(said.join("\n"));
        }
    }
    eprintln!("{}", table.join("\n"));
    assert_eq!(documented, 0, "{}", table.join("\n"));
}
