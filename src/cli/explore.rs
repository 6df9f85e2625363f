//! `explore`: flags to [`crate::explore::Options`], the exploration's end to an exit code.

use super::args::{ExploreArgs, Oracle};
use super::{err, own_terminal, reporters, stop_code};
use crate::error::{EXIT_FAILURES, EXIT_OK, EXIT_REPORT_LEAK, EXIT_REPORTS};
use crate::explore::{self, Explored, Options};

/// The options of `explore`'s flags.
pub fn options(args: &ExploreArgs) -> Options {
    let Oracle::Mock = args.oracle;
    Options {
        spec: args.spec.clone(),
        cases: args.cases.clone(),
        target: args.target.clone(),
        oracle: None,
        base_url: args.base_url.clone(),
        seed: args.seed,
        replay: args.replay,
        steps: args.steps,
        runs: args.runs,
        timeout_ms: args.timeout_ms,
        deadline_secs: args.deadline_secs,
        report_dir: (!args.no_report).then(|| args.report_dir.clone()),
        encryption: args.encryption.clone(),
        allow_state_changes_on_live_target: args.allow_state_changes_on_live_target,
        ..Options::default()
    }
}

pub(super) fn explore(args: &ExploreArgs) -> u8 {
    match explore::explore(&options(args), &reporters(own_terminal(args.quiet))) {
        Ok(explored) => exit_code(&explored),
        Err(stopped) => stop_code(&stopped),
    }
}

/// 0 no divergence (warnings allowed), 100 divergences; before them, as for `run`, a report
/// that needed the final guard, then reports that could not be written.
fn exit_code(explored: &Explored) -> u8 {
    if explored.escapes > 0 {
        err(&format!(
            "error: {} report file(s) held a secret or a card number that escaped masking (exit code {EXIT_REPORT_LEAK})",
            explored.escapes
        ));
        EXIT_REPORT_LEAK
    } else if !explored.reports_written {
        EXIT_REPORTS
    } else if explored.divergences > 0 {
        EXIT_FAILURES
    } else {
        EXIT_OK
    }
}
