//! The subcommands besides `run`: `mock`, `contract`, `facts`, `lint`, `generate`, `proxy`.

use std::sync::Arc;
use std::time::Duration;

use super::args::{
    FactsArgs, FactsFormat, FailOn, GenerateArgs, Inputs, MockArgs, ProxyArgs, RunArgs, SpecArgs,
};
use super::{err, input_error, out, own_terminal, project_path, reporters, stop_code};
use crate::error::{
    EXIT_FAILURES, EXIT_INPUT, EXIT_NO_CASES, EXIT_OK, EXIT_REPORT_LEAK, EXIT_REPORTS,
};
use crate::mock::{MockConfig, MockServer};
use crate::pipeline::proxy::Session;
use crate::pipeline::{self, Exited, Loaded, ProxyOptions, Sources};
use crate::{case, generate, profile, scenario, spec};

pub(super) fn mock(args: &MockArgs) -> u8 {
    let defaults = MockConfig::default();
    let mut config = MockConfig {
        access_key: args
            .access_key
            .clone()
            .unwrap_or(defaults.access_key.clone()),
        secret_key: args
            .secret_key
            .clone()
            .unwrap_or(defaults.secret_key.clone()),
        admin: !args.no_admin,
        journal_limit: args.journal_size,
        ..defaults
    };
    if let (Some(crypto), Some(id)) = (config.crypto.as_mut(), &args.crypto_key_id) {
        crypto.key_id = id.clone();
    }
    if args.no_encryption {
        config = config.without_encryption();
    }
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            err(&format!("error: cannot start the async runtime: {e}"));
            return EXIT_INPUT;
        }
    };
    rt.block_on(async {
        let server = match MockServer::start(config, args.listen).await {
            Ok(s) => s,
            Err(e) => {
                err(&format!("error: cannot listen on {}: {e}", args.listen));
                return EXIT_INPUT;
            }
        };
        let admin = if args.no_admin {
            "no control plane"
        } else {
            "control plane under /__admin/, see docs/mock.md"
        };
        err(&format!(
            "reference mock listening on {} ({admin}; Ctrl-C stops)",
            server.base_url()
        ));
        let _ = tokio::signal::ctrl_c().await;
        server.shutdown().await;
        EXIT_OK
    })
}

pub(super) fn contract(args: &SpecArgs) -> u8 {
    match pipeline::sources::spec(args.spec.as_deref()) {
        Ok(s) => {
            out(&crate::contract::render(&s));
            EXIT_OK
        }
        Err(stopped) => stop_code(&stopped),
    }
}

pub(super) fn facts(args: &FactsArgs) -> u8 {
    match pipeline::sources::spec(args.spec.as_deref()) {
        Ok(s) => {
            let ledger = crate::facts::Ledger::build(&s);
            out(&match args.format {
                FactsFormat::Text => crate::facts::text(&s, &ledger),
                FactsFormat::Json => crate::facts::json(&s, &ledger),
            });
            EXIT_OK
        }
        Err(stopped) => stop_code(&stopped),
    }
}

/// The spec, the profile and the case files named by flags (or the project defaults), read
/// through the one way in as a command that sends nothing.
fn load_inputs(
    inputs: &Inputs,
) -> Result<(spec::Spec, profile::Profile, Vec<case::LoadedFile>), u8> {
    let sources = Sources {
        spec: inputs.spec.as_deref(),
        target: inputs.target.as_deref(),
        ..Sources::default()
    };
    let Loaded { spec, profile, .. } =
        pipeline::sources::load(&sources).map_err(|s| stop_code(&s))?;
    let cases_dir = project_path(inputs.cases.as_deref(), "cases");
    let files = case::load_dir(&cases_dir, &spec, &profile).map_err(|e| input_error(&e))?;
    Ok((spec, profile, files))
}

pub(super) fn lint(args: &RunArgs) -> u8 {
    let (spec, profile, files) = match load_inputs(&args.inputs) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let problems = crate::lint::check(&spec, &files);
    for p in &problems {
        err(&p.to_string());
    }
    // Scenario files are checked as `run` loads them: every problem with its position.
    let dir = project_path(args.inputs.cases.as_deref(), "cases").join(scenario::DEFAULT_DIR);
    let scenarios = match scenario::load_dir(&dir, &spec, &profile) {
        Ok(s) => s,
        Err(e) => return input_error(&e),
    };
    let broken: Vec<_> = scenarios
        .iter()
        .filter_map(|s| s.scenario.as_ref().err())
        .collect();
    for e in &broken {
        err(&e.to_string());
    }
    if !problems.is_empty() || !broken.is_empty() {
        return EXIT_INPUT;
    }
    err(&format!(
        "lint: ok ({} cases cover all {} documented Test Data items; {} scenarios load)",
        files.iter().map(|f| f.cases.len()).sum::<usize>(),
        spec.operations
            .iter()
            .map(|o| o.test_data.len())
            .sum::<usize>(),
        scenarios.len()
    ));
    EXIT_OK
}

pub(super) fn generate(args: &GenerateArgs) -> u8 {
    let (spec, profile, files) = match load_inputs(&args.inputs) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    for e in files.iter().flat_map(|f| {
        f.file_error
            .iter()
            .chain(f.case_errors.iter().map(|(_, e)| e))
    }) {
        err(&format!("warning: {e}"));
    }
    let generated = generate::generate(&spec, &files, &profile);
    for note in &generated.notes {
        err(&format!("generated: {note}"));
    }
    let written = generate::case_files(&spec, &profile, &generated.cases);
    let write_all = || -> Result<(), String> {
        std::fs::create_dir_all(&args.out)
            .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
        for (name, text) in &written {
            let path = args.out.join(name);
            std::fs::write(&path, text)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
        Ok(())
    };
    if let Err(m) = write_all() {
        err(&format!("error: {m}"));
        return EXIT_INPUT;
    }
    err(&format!(
        "generate: {} cases in {} files under {}",
        generated.cases.len(),
        written.len(),
        args.out.display()
    ));
    err(&format!("constraints: {}", generated.coverage(true).line()));
    if generated.cases.is_empty() {
        EXIT_NO_CASES
    } else {
        EXIT_OK
    }
}

pub(super) fn proxy(args: &ProxyArgs) -> u8 {
    let options = ProxyOptions {
        listen: args.listen,
        upstream: args.upstream.clone(),
        mock: args.mock,
        target: args.target.clone(),
        spec: args.spec.clone(),
        record: args.record.clone(),
        server_private_key: args.server_private_key.clone(),
        timeout_ms: args.timeout_ms,
        body_cap: args.body_cap,
        report_dir: (!args.no_report).then(|| args.report_dir.clone()),
        fail_on_any: args.fail_on == FailOn::Any,
        until_idle: args.until_idle.map(Duration::from_secs),
        exchanges: args.exchanges,
        command: args.command.clone(),
        base_url_env: args.base_url_env.clone(),
    };
    let lines = Arc::new(|line: &str| out(&format!("{line}\n")));
    match pipeline::proxy::session(&options, &reporters(own_terminal(args.quiet)), lines) {
        Ok(session) => session_code(&session),
        Err(stopped) => stop_code(&stopped),
    }
}

/// The exit code of a proxy session: as a run's (a report that needed the guard, reports that
/// could not be written, failures), then the wrapped command's when the session's is 0 (the
/// session's own code, when not 0, says more: it names what went wrong).
pub(super) fn session_code(session: &Session) -> u8 {
    let own = if session.escapes > 0 {
        err(&format!(
            "error: {} report file(s) held a secret or a card number that escaped masking (exit code {EXIT_REPORT_LEAK})",
            session.escapes
        ));
        EXIT_REPORT_LEAK
    } else if !session.reports_written {
        EXIT_REPORTS
    } else if session.failed {
        EXIT_FAILURES
    } else {
        EXIT_OK
    };
    match &session.command {
        _ if own != EXIT_OK => own,
        Some(Exited::Code(code)) => u8::try_from(*code).unwrap_or(EXIT_FAILURES),
        Some(Exited::NotStarted(_)) => EXIT_INPUT,
        Some(Exited::Stopped) | None => own,
    }
}
