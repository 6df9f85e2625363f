//! Fault injection: the harness catches every mutation of the reference mock's answers.
//!
//! A `harness = false` target with one libtest-mimic trial per mutation (`mutation::<id>`),
//! so each can be listed (`--list`), run alone (`cargo test --test fault -- mutation::http-500`)
//! and reported, by cargo test and by nextest alike; beside them the two controls
//! (`control::…`) and the check that docs/testing.md shows the table of the code (`docs::…`).
//! After the trials, the mutation score is what they measured: caught out of run.

#[path = "../support/mod.rs"]
mod support;

mod fault_injection;
mod table;

use std::sync::Mutex;

use libtest_mimic::{Arguments, Failed, Trial};

/// What the mutation trials of this process measured, for the score.
#[derive(Default)]
struct Score {
    /// Rows of the printed table, in the order the trials ended.
    rows: Vec<String>,
    ran: usize,
    caught: usize,
    answers: usize,
}

static SCORE: Mutex<Score> = Mutex::new(Score {
    rows: Vec::new(),
    ran: 0,
    caught: 0,
    answers: 0,
});

fn mutation_trial(m: fault_injection::Mutant) -> Trial {
    Trial::test(format!("mutation::{}", m.id), move || {
        let result = fault_injection::run_mutant(&m);
        let mut score = SCORE.lock().unwrap_or_else(|p| p.into_inner());
        score.ran += 1;
        let (verdict, answers, seconds) = match &result {
            Ok(scored) => (
                "caught",
                scored.answers.to_string(),
                format!("{:.1}s", scored.seconds),
            ),
            Err(_) => ("MISSED", "-".into(), "-".into()),
        };
        score.rows.push(format!(
            "  {verdict:<7} {:<32} {:<40} {answers} answer(s), {seconds}\n",
            m.id,
            m.fault.target.describe(),
        ));
        if let Ok(scored) = &result {
            score.caught += 1;
            score.answers += scored.answers;
        }
        result.map(|_| ()).map_err(Failed::from)
    })
}

fn trials() -> Vec<Trial> {
    let mut trials: Vec<Trial> = fault_injection::mutants()
        .into_iter()
        .map(mutation_trial)
        .collect();
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
    if score.ran > 0 {
        eprintln!(
            "fault injection:\n{}mutation score: {}/{} mutations caught ({:.0}%), {} broken answers caught",
            score.rows.concat(),
            score.caught,
            score.ran,
            100.0 * score.caught as f64 / score.ran as f64,
            score.answers,
        );
    }
    conclusion.exit();
}
