//! The command line: flags in, exit code out.
//!
//! `run` accepts libtest's own flags (filter, `--exact`, `--skip`, `--list`, `--format`,
//! `--test-threads`, `--ignored`) beside its own, so it reads like `cargo test`. The work is
//! the [`crate::pipeline`]'s; this module turns flags into its options and its
//! result into a named exit code.

mod args;
mod commands;
mod explore;
mod sandbox;
mod shell;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use libtest_mimic::Arguments;

pub use crate::pipeline::{is_loopback, project_path};
pub use args::{
    Cli, Command, ExploreArgs, FactsArgs, FactsFormat, FailOn, GenerateArgs, Inputs, MockArgs,
    Oracle, ProbeArgs, ProxyArgs, ReplayArgs, RunArgs, SchemaArgs, SchemaKind, SendArgs, SpecArgs,
};

use crate::error::{
    EXIT_FAILURES, EXIT_INPUT, EXIT_NO_CASES, EXIT_OK, EXIT_REPORT_LEAK, EXIT_REPORTS, InputError,
};
use crate::mask;
use crate::pipeline::{self, Ended, Stop, Stopped};
use crate::report::progress::{self, Progress, Terminal};
use crate::report::{Console, Reporters};
use crate::run::http;

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_INPUT } else { EXIT_OK });
        }
    };
    ExitCode::from(match cli.command {
        Command::Run(args) => run(&args, true),
        Command::Mock(args) => commands::mock(&args),
        Command::Contract(args) => commands::contract(&args),
        Command::Facts(args) => commands::facts(&args),
        Command::Lint(args) => commands::lint(&args),
        Command::Schema(args) => {
            out(&match args.kind {
                SchemaKind::Case => crate::case_schema(),
                SchemaKind::Scenario => crate::scenario_schema(),
            });
            EXIT_OK
        }
        Command::Generate(args) => commands::generate(&args),
        Command::Replay(args) => sandbox::replay(&args),
        Command::Probe(args) => sandbox::probe(&args),
        Command::Proxy(args) => commands::proxy(&args),
        Command::Explore(args) => explore::explore(&args),
        Command::Completions { shell } => shell::completions(shell),
        Command::Man { out_dir } => shell::man(out_dir.as_deref()),
    })
}

/// The harness of `tests/conformance.rs`: libtest flags from the command line, our settings
/// from `KONAPLATE_*` environment variables (cargo test and nextest pass only libtest flags).
pub fn harness_main() -> ExitCode {
    let test = Arguments::from_args();
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let args = RunArgs {
        base_url: env("KONAPLATE_BASE_URL"),
        inputs: Inputs {
            target: env("KONAPLATE_TARGET").map(PathBuf::from),
            spec: env("KONAPLATE_SPEC").map(PathBuf::from),
            cases: env("KONAPLATE_CASES").map(PathBuf::from),
        },
        strict: env("KONAPLATE_STRICT").is_some_and(|v| v != "0"),
        max_failures: None,
        // Read by `generated_enabled` from KONAPLATE_GENERATED.
        generated: false,
        no_generated: false,
        timeout_ms: env("KONAPLATE_TIMEOUT_MS").and_then(|v| v.parse().ok()),
        deadline_secs: None,
        // One process per case under nextest: reports only when asked for.
        no_report: env("KONAPLATE_REPORT_DIR").is_none(),
        report_dir: env("KONAPLATE_REPORT_DIR")
            .map_or_else(|| PathBuf::from("reports"), PathBuf::from),
        baseline: env("KONAPLATE_BASELINE").map(PathBuf::from),
        body_cap: http::DEFAULT_BODY_CAP,
        // KONAPLATE_ENCRYPTION is applied by `profile::load`.
        encryption: None,
        retries: env("KONAPLATE_RETRIES").and_then(|v| v.parse().ok()),
        rate: env("KONAPLATE_RATE").and_then(|v| v.parse().ok()),
        fail_on_flaky: env("KONAPLATE_FAIL_ON_FLAKY").is_some_and(|v| v != "0"),
        allow_state_changes_on_live_target: false,
        test,
    };
    // `cargo test some_unit_test` hands its filter to every test target: a filter that
    // selects no conformance case is not a failure here, as in libtest.
    ExitCode::from(run(&args, false))
}

/// Whether generated cases run: `--no-generated` / `--generated` win, else
/// `KONAPLATE_GENERATED` (`0`, `false`, `no` or `off` turn them off), else on.
///
/// On by default: they are deterministic, the reference mock answers each in well under a
/// millisecond (the whole generated suite adds about a second), and they are the only cases
/// that probe most field constraints, so a validation regression would otherwise pass CI.
pub fn generated_enabled(args: &RunArgs, env: impl Fn(&str) -> Option<String>) -> bool {
    if args.no_generated {
        return false;
    }
    if args.generated {
        return true;
    }
    match env("KONAPLATE_GENERATED") {
        Some(v) => !matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "0" | "false" | "no" | "off"
        ),
        None => true,
    }
}

/// The pipeline's options for `run`'s flags.
pub fn options(args: &RunArgs) -> pipeline::Options {
    pipeline::Options {
        spec: args.inputs.spec.clone(),
        target: args.inputs.target.clone(),
        cases: args.inputs.cases.clone(),
        base_url: args.base_url.clone(),
        strict: args.strict,
        max_failures: args.max_failures.and_then(|n| usize::try_from(n).ok()),
        generated: generated_enabled(args, |k| std::env::var(k).ok().filter(|v| !v.is_empty())),
        timeout_ms: args.timeout_ms,
        deadline_secs: args.deadline_secs,
        report_dir: (!args.no_report).then(|| args.report_dir.clone()),
        baseline: args.baseline.clone(),
        body_cap: args.body_cap,
        encryption: args.encryption.clone(),
        retries: args.retries,
        rate: args.rate,
        fail_on_flaky: args.fail_on_flaky,
        allow_state_changes_on_live_target: args.allow_state_changes_on_live_target,
        test: args.test.clone(),
    }
}

fn run(args: &RunArgs, empty_filter_fails: bool) -> u8 {
    match pipeline::run(&options(args), &reporters(run_terminal(&args.test))) {
        Ok(ended) => exit_code(ended, empty_filter_fails),
        Err(stopped) => stop_code(&stopped),
    }
}

/// The exit code of a run that got to its trials: a report that needed the final guard first
/// (a masking rule was bypassed), then bad case files, then reports that could not be written,
/// then a filter that selected nothing (as nextest: a CI job whose filter matches no case must
/// not pass), then failures.
fn exit_code(ended: Ended, empty_filter_fails: bool) -> u8 {
    if ended.listed {
        EXIT_OK
    } else if ended.escapes > 0 {
        err(&format!(
            "error: {} report file(s) held a secret or a card number that escaped masking (exit code {EXIT_REPORT_LEAK})",
            ended.escapes
        ));
        EXIT_REPORT_LEAK
    } else if ended.input_errors > 0 {
        err(&format!(
            "error: {} case file problem(s); see the failing `input` trials above",
            ended.input_errors
        ));
        EXIT_INPUT
    } else if !ended.reports_written {
        EXIT_REPORTS
    } else if ended.ran_none && empty_filter_fails {
        err("error: no case matches the filter (nothing ran; `run --list` lists the cases)");
        EXIT_NO_CASES
    } else if ended.failed {
        EXIT_FAILURES
    } else {
        EXIT_OK
    }
}

fn stop_code(stopped: &Stopped) -> u8 {
    err(&stopped.message);
    match stopped.stop {
        Stop::Input => EXIT_INPUT,
        Stop::NoCases => EXIT_NO_CASES,
    }
}

fn input_error(e: &InputError) -> u8 {
    err(&e.to_string());
    EXIT_INPUT
}

/// The reporters of a command: a progress line when `terminal` allows one
/// ([`progress::Terminal::shown`]), then the console, which says each event on stderr
/// ([`err`]). The progress line comes first, so it is cleared before the console's last lines.
fn reporters(terminal: Terminal) -> Reporters {
    let reporters = match Progress::new(terminal) {
        Some(p) => Reporters::new().with(Arc::new(p)),
        None => Reporters::new(),
    };
    reporters.with(Arc::new(Console::new(err)))
}

/// The terminal of `run`: libtest prints each trial on standard output itself, so the live
/// line stays off while standard output is the same terminal, and for libtest's quiet and
/// machine formats and `--list`.
fn run_terminal(test: &Arguments) -> Terminal {
    use libtest_mimic::FormatSetting;
    let machine = matches!(
        test.format,
        Some(FormatSetting::Terse | FormatSetting::Json)
    );
    let quiet = test.quiet || machine || test.list;
    Terminal::of_process(progress::stdout_shares_the_terminal(), quiet)
}

/// The terminal of a command whose every line goes through [`err`] and [`out`].
fn own_terminal(quiet: bool) -> Terminal {
    Terminal::of_process(false, quiet)
}

/// Every diagnostic goes through the console's masker, with the live line cleared around it.
fn err(s: &str) {
    progress::suspend(|| mask::console::eprintln(s));
}

/// So does every output: the contract's Test Data, too, could hold card numbers.
fn out(s: &str) {
    progress::suspend(|| mask::console::print(s));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_that_needed_the_guard_has_its_own_exit_code_before_all_others() {
        let ended = |escapes, input_errors, failed| Ended {
            listed: false,
            failed,
            input_errors,
            flaky: 0,
            ran_none: false,
            escapes,
            reports_written: true,
        };
        assert_eq!(exit_code(ended(1, 3, true), true), EXIT_REPORT_LEAK);
        assert_eq!(exit_code(ended(0, 3, true), true), EXIT_INPUT);
        assert_eq!(exit_code(ended(0, 0, true), true), EXIT_FAILURES);
        assert_eq!(exit_code(ended(0, 0, false), true), EXIT_OK);
    }

    #[test]
    fn a_filter_that_ran_nothing_exits_4_only_from_the_cli() {
        let none = Ended {
            listed: false,
            failed: false,
            input_errors: 0,
            flaky: 0,
            ran_none: true,
            escapes: 0,
            reports_written: true,
        };
        assert_eq!(exit_code(none, true), EXIT_NO_CASES);
        // `cargo test other_test` passes its filter to the conformance harness too.
        assert_eq!(exit_code(none, false), EXIT_OK);
    }

    #[test]
    fn reports_that_could_not_be_written_win_over_failures_only() {
        let ended = |input_errors, failed| Ended {
            listed: false,
            failed,
            input_errors,
            flaky: 0,
            ran_none: false,
            escapes: 0,
            reports_written: false,
        };
        assert_eq!(exit_code(ended(0, true), true), EXIT_REPORTS);
        assert_eq!(exit_code(ended(0, false), true), EXIT_REPORTS);
        assert_eq!(exit_code(ended(2, true), true), EXIT_INPUT);
    }
}
