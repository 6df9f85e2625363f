//! The progress line (src/report/progress.rs) on a pseudo-terminal: `run`, `explore` and
//! `probe` draw it on standard error while they work and clear it before their last lines; it
//! counts the failing cases of a target with injected faults; it is absent when standard error
//! is piped, in CI, with `--quiet` or a machine format, and while libtest's own lines share the
//! terminal; `NO_COLOR` draws it without colour.

use crate::support;

use std::time::Duration;

use regex::Regex;
use support::fault::{WrongStatusCode, run_binary};
use support::pty::{OnTerminal, Stdout, on_terminal};

/// The progress line of `command` as drawn: `run [####>---]   12/253 ...`.
fn bar(command: &str) -> Regex {
    Regex::new(&format!(
        r"{command} \[(\x1b\[[0-9;]*m)*[#>-]+(\x1b\[[0-9;]*m)*\] +(\d+)/(\d+)"
    ))
    .unwrap()
}

/// The largest `N/planned` the terminal showed for `command`, and the planned count.
fn furthest(ran: &OnTerminal, command: &str) -> Option<(u64, u64)> {
    bar(command)
        .captures_iter(&ran.terminal)
        .map(|c| (c[3].parse().unwrap(), c[4].parse().unwrap()))
        .max()
}

/// The line is cleared for good (erase-line after its last drawing), so the next line the
/// command prints starts on a clean row.
fn cleared(terminal: &str) -> bool {
    let last = terminal.rfind(" left").unwrap_or(0);
    terminal[last..].contains("\r\x1b[2K")
}

const RUN: [&str; 4] = ["run", "--no-report", "--no-generated", "--encryption=off"];

#[test]
fn run_draws_a_live_line_on_the_terminal_when_stdout_goes_elsewhere_and_clears_it() {
    let ran = on_terminal(&RUN, &[], Stdout::File);
    assert_eq!(ran.code, Some(0), "{}", ran.terminal);
    let (reached, planned) = furthest(&ran, "run").unwrap_or_else(|| panic!("{}", ran.terminal));
    let tests = Regex::new(r"running (\d+) tests").unwrap();
    let ran_tests: u64 = tests.captures(&ran.stdout).unwrap()[1].parse().unwrap();
    assert_eq!(planned, ran_tests, "the line plans what libtest runs");
    // How far it got before the run ended depends on the drawing rate (20 a second): the
    // faulty-target test shows it moving, where each failure is drawn at once.
    assert!(reached <= planned);
    assert!(
        ran.terminal.contains("\x1b[36m"),
        "coloured: {:?}",
        ran.terminal
    );
    assert!(cleared(&ran.terminal), "{:?}", ran.terminal);
    // Not one byte of it in libtest's output.
    assert!(!ran.stdout.contains("run [") && !ran.stdout.contains('\x1b'));
}

#[test]
fn a_filter_is_planned_as_libtest_runs_it() {
    let ran = on_terminal(
        &[&RUN[..], &["cardStatusChange"]].concat(),
        &[],
        Stdout::File,
    );
    let (_, planned) = furthest(&ran, "run").unwrap_or_else(|| panic!("{}", ran.terminal));
    let passed = Regex::new(r"test result: ok\. (\d+) passed").unwrap();
    let passed: u64 = passed.captures(&ran.stdout).unwrap()[1].parse().unwrap();
    assert_eq!(planned, passed, "{}", ran.stdout);
}

#[test]
fn the_line_counts_the_failing_cases_of_a_faulty_target() {
    let target = WrongStatusCode::start();
    let proxy = &target.proxy;
    let args = [&RUN[..], &["--base-url", &proxy.base_url]].concat();
    let ran = on_terminal(&args, &[("NO_COLOR", "1")], Stdout::File);
    assert_eq!(ran.code, Some(100), "{}", ran.terminal);
    let failed = Regex::new(r"test result: FAILED\. \d+ passed; (\d+) failed").unwrap();
    let failed: u64 = failed.captures(&ran.stdout).unwrap()[1].parse().unwrap();
    let shown = Regex::new(r"(\d+) failing").unwrap();
    let most = shown
        .captures_iter(&ran.terminal)
        .map(|c| c[1].parse::<u64>().unwrap())
        .max();
    assert_eq!(most, Some(failed), "{}", ran.terminal);
    // Each failure drew the line at once, after the case was counted.
    let moved = Regex::new(r"(\d+)/\d+  (\d+) failing").unwrap();
    for c in moved.captures_iter(&ran.terminal) {
        let (done, failing) = (c[1].parse::<u64>().unwrap(), c[2].parse::<u64>().unwrap());
        assert!(done >= failing && done > 0, "{}", &c[0]);
    }
    // NO_COLOR: the line has no colour, and neither has anything else.
    assert!(!ran.terminal.contains("\x1b[3"), "{:?}", ran.terminal);
    assert!(bar("run").is_match(&ran.terminal));
}

#[test]
fn no_line_when_libtest_shares_the_terminal_in_ci_quiet_or_machine_formats() {
    let shared = on_terminal(&RUN, &[], Stdout::Terminal);
    assert!(
        shared.terminal.contains("passed; 0 failed"),
        "{}",
        shared.terminal
    );
    assert!(
        !bar("run").is_match(&shared.terminal),
        "{}",
        shared.terminal
    );
    let ci = on_terminal(&RUN, &[("CI", "true")], Stdout::File);
    assert_eq!(ci.code, Some(0));
    assert!(!bar("run").is_match(&ci.terminal), "{}", ci.terminal);
    for quiet in [
        &["-q"][..],
        &["--format", "terse"],
        &["--format", "json", "-Z", "unstable-options"],
    ] {
        let ran = on_terminal(&[&RUN[..], quiet].concat(), &[], Stdout::File);
        assert!(!ran.stdout.is_empty(), "{quiet:?}: {}", ran.terminal);
        assert!(
            !bar("run").is_match(&ran.terminal),
            "{quiet:?}: {}",
            ran.terminal
        );
    }
    // The control: the same run, not quiet, draws it (so the absences above are not a broken
    // pattern).
    let shown = on_terminal(&RUN, &[("CI", "0")], Stdout::File);
    assert!(bar("run").is_match(&shown.terminal), "{}", shown.terminal);
}

#[test]
fn no_line_when_stderr_is_piped() {
    let ran = run_binary(&RUN, Duration::from_secs(120));
    assert_eq!(ran.code(), Some(0), "{}", ran.text());
    assert!(
        !ran.stderr.contains('\r') && !ran.stderr.contains('\x1b'),
        "{:?}",
        ran.stderr
    );
    assert!(!bar("run").is_match(&ran.stderr));
}

#[test]
fn explore_and_probe_draw_theirs_and_quiet_turns_them_off() {
    let explore = [
        "explore",
        "--no-report",
        "--seed",
        "7",
        "--runs",
        "5",
        "--steps",
        "10",
    ];
    let ran = on_terminal(&explore, &[], Stdout::Terminal);
    assert_eq!(ran.code, Some(0), "{}", ran.terminal);
    let (_, planned) = furthest(&ran, "explore").unwrap_or_else(|| panic!("{}", ran.terminal));
    assert_eq!(planned, 5);
    assert!(cleared(&ran.terminal));
    let quiet = on_terminal(
        &[&explore[..], &["--quiet"]].concat(),
        &[],
        Stdout::Terminal,
    );
    assert!(
        !bar("explore").is_match(&quiet.terminal),
        "{}",
        quiet.terminal
    );

    let ran = on_terminal(&["probe", "--encryption", "off"], &[], Stdout::Terminal);
    assert_eq!(ran.code, Some(0), "{}", ran.terminal);
    let (_, planned) = furthest(&ran, "probe").unwrap_or_else(|| panic!("{}", ran.terminal));
    assert!(planned >= 3, "{planned}");
    // The fragment printed at the end is whole: the line was cleared before it.
    assert!(ran.terminal.contains("message-field:"), "{}", ran.terminal);
    let quiet = on_terminal(
        &["probe", "-q", "--encryption", "off"],
        &[],
        Stdout::Terminal,
    );
    assert!(
        !bar("probe").is_match(&quiet.terminal),
        "{}",
        quiet.terminal
    );
}
