//! The commands for working against the real sandbox: `replay` and `probe`.

use super::args::{ProbeArgs, ReplayArgs, SendArgs};
use super::{err, out, own_terminal, reporters, stop_code};
use crate::error::{EXIT_FAILURES, EXIT_INPUT, EXIT_OK};
use crate::outcome::Status;
use crate::pipeline::{self, replay};

/// The pipeline's options for the flags `replay` and `probe` share.
fn options(send: &SendArgs) -> pipeline::Options {
    pipeline::Options {
        spec: send.inputs.spec.clone(),
        target: send.inputs.target.clone(),
        cases: send.inputs.cases.clone(),
        base_url: send.base_url.clone(),
        // Generated cases are replayable by name.
        generated: true,
        timeout_ms: send.timeout_ms,
        body_cap: crate::run::http::DEFAULT_BODY_CAP,
        encryption: send.encryption.clone(),
        ..pipeline::Options::default()
    }
}

pub(super) fn replay(args: &ReplayArgs) -> u8 {
    let mut options = options(&args.send);
    options.strict = args.strict;
    options.retries = args.retries;
    options.allow_state_changes_on_live_target = args.allow_state_changes_on_live_target;
    let script = args.script.is_some();
    let replayed =
        match replay::replay(&options, &args.name, script, &reporters(own_terminal(true))) {
            Ok(r) => r,
            Err(stopped) => return stop_code(&stopped),
        };
    out(&replayed.shown);
    if let Some(path) = &args.script {
        let script = match &replayed.script {
            Some(Ok(script)) => script,
            Some(Err(why)) => {
                err(&format!("error: no script written: {why}"));
                return EXIT_INPUT;
            }
            None => {
                err("error: nothing was sent, so there is no script to write");
                return EXIT_FAILURES;
            }
        };
        if let Err(e) = write_script(path, &script.text) {
            err(&format!("error: cannot write {}: {e}", path.display()));
            return EXIT_INPUT;
        }
        err(&format!("replay: script written to {}", path.display()));
    }
    if Status::of(&replayed.outcome.verdict).is_failing() {
        EXIT_FAILURES
    } else {
        EXIT_OK
    }
}

/// Writes the script, executable by its owner.
fn write_script(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

pub(super) fn probe(args: &ProbeArgs) -> u8 {
    match pipeline::probe::probe(&options(&args.send), &reporters(own_terminal(args.quiet))) {
        Ok(probe) => {
            out(&probe.fragment);
            EXIT_OK
        }
        Err(stopped) => stop_code(&stopped),
    }
}
