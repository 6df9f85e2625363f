//! `explore` against a server we did not write: the independent implementation of the pages in
//! tests/support/independent/, with a sandbox-like profile (reused fixtures, no reset). Correct,
//! it gives no documented divergence over 20 seeds of the default budget; with one lifecycle
//! rule broken, explore finds it as a documented divergence within that budget.

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use konaplate_conformance::explore::basis::Basis;
use konaplate_conformance::explore::{self, Explored, Options};
use konaplate_conformance::outcome::Failure;
use konaplate_conformance::report::{Console, Reporters};
use konaplate_conformance::spec;
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
        // Warnings are allowed, each naming what explore could not know.
        for w in explored.runs.iter().flat_map(|r| &r.played.warnings) {
            assert!(
                matches!(&w.basis, Basis::Warned(why) if !why.is_empty()),
                "seed {seed}: {w:?}"
            );
        }
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

/// The first seed of the default budget (20 runs of 50 steps, each on a fresh server) whose
/// run diverges on a documented rule, and that run's report.
fn first_documented_divergence(defect: Defect) -> Option<(u64, Explored, Vec<String>)> {
    (1..=explore::DEFAULT_RUNS as u64).find_map(|seed| {
        let (explored, said) = explore_fresh(Some(defect), seed);
        (explored.divergences > 0).then_some((seed, explored, said))
    })
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the budget each defect needed is printed for the reader"
)]
fn each_lifecycle_defect_is_a_documented_divergence_within_the_default_budget() {
    let defects = [
        (
            Defect::SecondCancelAccepted,
            "cardDeliveryCancel",
            "000_000",
            "cardDeliveryCancel.code.003_003.when",
        ),
        (
            Defect::SecondReissueAccepted,
            "expiredCardReissue",
            "000_000",
            "expiredCardReissue.lifecycle.reissue-once",
        ),
        (
            Defect::SuspensionForgotten,
            "cardStatusChange",
            "000_002",
            "is SUSPENDED (step ",
        ),
    ];
    let mut table = Vec::new();
    for (defect, operation, answered, rests_on) in defects {
        let (seed, explored, said) = first_documented_divergence(defect).unwrap_or_else(|| {
            panic!("{defect:?}: no documented divergence in the default budget")
        });
        let ran = &explored.runs[0];
        let d = ran.played.divergence.as_ref().unwrap();
        let step = &ran.played.steps[d.at];
        assert_eq!(step.operation, operation, "{defect:?}: {}", said.join("\n"));
        assert_eq!(
            ran.played.target[d.at].code.as_deref(),
            Some(answered),
            "{defect:?}"
        );
        let basis = d.basis.describe();
        assert!(basis.contains(rests_on), "{defect:?}: {basis}");
        // The target's own earlier answer is what makes the rule apply.
        assert!(
            basis.contains("which the target accepted"),
            "{defect:?}: {basis}"
        );
        names_its_facts(&d.failures, &format!("{defect:?}"));
        table.push(format!(
            "{defect:?}: seed {seed} (run {seed} of {}), at step {} of 50",
            explore::DEFAULT_RUNS,
            d.at + 1
        ));
    }
    eprintln!("{}", table.join("\n"));
}

/// Every failure of a documented divergence names the facts of the ledger it breaks.
fn names_its_facts(failures: &[Failure], what: &str) {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    assert!(!failures.is_empty(), "{what}");
    for f in failures {
        assert_eq!(f.basis(), "documented", "{what}: {f:?}");
        for fact in &f.facts {
            assert!(spec.ledger().get(fact).is_some(), "{what}: {fact}");
        }
    }
}

/// The profile with one more declared property, in a temp dir.
fn declaring(dir: &std::path::Path, fixture: &str, property: &str) -> PathBuf {
    let text = std::fs::read_to_string(PROFILE).unwrap();
    let line = format!("  {fixture}: {{ owner: member.active }}");
    assert!(text.contains(&line), "{line}");
    let declared = format!("  {fixture}: {{ owner: member.active, {property} }}");
    let path = dir.join("declared.yaml");
    std::fs::write(&path, text.replace(&line, &declared)).unwrap();
    path
}

/// One exploration of `seed` against a fresh correct server, with `profile`.
fn explore_profile(profile: PathBuf, seed: u64) -> Explored {
    let server = Independent::start(None);
    let options = Options {
        target: Some(profile),
        base_url: Some(server.base_url.clone()),
        seed: Some(seed),
        ..Options::default()
    };
    explore::explore(&options, &Reporters::new()).unwrap_or_else(|s| panic!("{}", s.message))
}

#[test]
fn declaring_the_property_a_warning_names_turns_it_into_a_check() {
    let names = "`application.linkable: delivery`, which the profile does not declare";
    let warned = |e: &Explored| {
        e.runs[0]
            .played
            .warnings
            .iter()
            .find(|w| w.basis.describe().contains(names))
            .map(|w| w.at)
    };
    let (seed, at) = (1..=explore::DEFAULT_RUNS as u64)
        .find_map(|seed| Some((seed, warned(&explore_fresh(None, seed).0)?)))
        .expect("a run in the default budget warns for lack of application.linkable's delivery");
    let dir = tempfile::tempdir().unwrap();
    // Declared as the target answers it: no warning names it, the step is checked.
    let right = explore_profile(
        declaring(dir.path(), "application.linkable", "delivery: READY"),
        seed,
    );
    assert_eq!((right.divergences, warned(&right)), (0, None));
    // Declared wrongly: the same step is now a documented divergence resting on the declaration.
    let wrong = explore_profile(
        declaring(dir.path(), "application.linkable", "delivery: SHIPPING"),
        seed,
    );
    let d = wrong.runs[0]
        .played
        .divergence
        .as_ref()
        .expect("a documented divergence");
    assert!(d.at <= at, "{} > {at}", d.at);
    let basis = d.basis.describe();
    assert!(
        basis.contains("declared for `application.linkable`"),
        "{basis}"
    );
    assert_eq!(d.failures[0].path, "/status");
    names_its_facts(&d.failures, "a wrong declaration");
}
