//! Fault injection: the harness catches every mutation of the reference mock's answers.
//!
//! A `harness = false` target with one libtest-mimic trial per mutation and configuration
//! (`mutation::plain::<id>`, `mutation::default::<id>`), so each can be listed (`--list`), run
//! alone (`cargo test --test fault -- mutation::plain::http-500`) and reported, by cargo test
//! and by nextest alike; beside them the two controls
//! (`control::…`), the lax servers (`lax::…`, one check skipped, requests replayed in several
//! orders) and the check that docs/testing.md shows the table of the code (`docs::…`).
//! After the trials, the mutation score is what they measured: caught out of run.

#[path = "../support/mod.rs"]
mod support;

mod fault_injection;
mod lax;
mod table;

use std::collections::BTreeMap;
use std::sync::Mutex;

use fault_injection::Mode;
use libtest_mimic::{Arguments, Failed, Trial};

/// What the mutation trials of this process measured, for the score.
struct Score {
    /// Rows of the printed table, in the order the trials ended.
    rows: Vec<String>,
    /// By configuration: mutations run, mutations caught, broken answers caught.
    tally: BTreeMap<&'static str, [usize; 3]>,
}

static SCORE: Mutex<Score> = Mutex::new(Score {
    rows: Vec::new(),
    tally: BTreeMap::new(),
});

fn mutation_trial(m: std::sync::Arc<fault_injection::Mutant>, mode: Mode) -> Trial {
    let name = format!("mutation::{}::{}", mode.name(), m.id);
    Trial::test(name, move || {
        let result = fault_injection::run_mutant(&m, mode);
        let mut score = SCORE.lock().unwrap_or_else(|p| p.into_inner());
        let caught = result.as_ref().map_or(0, |scored| scored.answers);
        let tally = score.tally.entry(mode.name()).or_default();
        tally[0] += 1;
        tally[1] += usize::from(result.is_ok());
        tally[2] += caught;
        let (verdict, answers, seconds) = match &result {
            Ok(scored) => (
                "caught",
                scored.answers.to_string(),
                format!("{:.1}s", scored.seconds),
            ),
            Err(_) => ("MISSED", "-".into(), "-".into()),
        };
        score.rows.push(format!(
            "  {verdict:<7} {:<8} {:<32} {:<40} {answers} answer(s), {seconds}\n",
            mode.name(),
            m.id,
            m.fault.target.describe(),
        ));
        result.map(|_| ()).map_err(Failed::from)
    })
}

fn trials() -> Vec<Trial> {
    let mut trials = Vec::new();
    for m in fault_injection::mutants()
        .into_iter()
        .map(std::sync::Arc::new)
    {
        for mode in Mode::of(&m) {
            trials.push(mutation_trial(m.clone(), mode));
        }
    }
    trials.push(Trial::test(
        "control::the_proxy_alone_breaks_nothing",
        || {
            fault_injection::control_the_proxy_alone_breaks_nothing();
            Ok(())
        },
    ));
    trials.push(Trial::test(
        "control::an_unknown_field_only_warns_without_strict",
        || {
            fault_injection::control_an_unknown_field_only_warns_without_strict();
            Ok(())
        },
    ));
    trials.push(Trial::test(
        "lax::a_server_that_coerces_a_string_user_id_fails_exactly_the_wrong_type_cases",
        || {
            lax::a_server_that_coerces_a_string_user_id_fails_exactly_the_wrong_type_cases()
                .map_err(Failed::from)
        },
    ));
    trials.push(Trial::test(
        "lax::a_server_that_never_checks_the_mac_fails_the_hmac_cases_on_a_documented_fact",
        || {
            lax::a_server_that_never_checks_the_mac_fails_the_hmac_cases_on_a_documented_fact()
                .map_err(Failed::from)
        },
    ));
    trials.push(Trial::test(
        "lax::a_server_that_ignores_the_method_warns_and_fails_under_strict",
        || {
            lax::a_server_that_ignores_the_method_warns_and_fails_under_strict()
                .map_err(Failed::from)
        },
    ));
    trials.push(Trial::test(
        "docs::the_mutation_table_of_docs_testing_md_is_the_code_s",
        || table::check_docs().map_err(Failed::from),
    ));
    trials
}

#[allow(
    clippy::print_stderr,
    reason = "the mutation score is printed for the reader, after libtest's own lines"
)]
fn main() {
    let args = Arguments::from_args();
    let conclusion = libtest_mimic::run(&args, trials());
    let score = SCORE.lock().unwrap_or_else(|p| p.into_inner());
    if !score.rows.is_empty() {
        eprintln!("fault injection:\n{}", score.rows.concat());
    }
    for (mode, [ran, caught, answers]) in &score.tally {
        eprintln!(
            "{mode} configuration: mutation score: {caught}/{ran} mutations caught ({:.0}%), {answers} broken answers caught",
            100.0 * *caught as f64 / *ran as f64,
        );
    }
    conclusion.exit();
}
