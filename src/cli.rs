//! The command line: `run`, `mock`, `contract`, `lint`, `schema`, `generate`.
//!
//! `run` accepts libtest's own flags (filter, `--exact`, `--skip`, `--list`, `--format`,
//! `--test-threads`, `--ignored`) beside its own, so it reads like `cargo test`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};
use libtest_mimic::Arguments;

use crate::error::{EXIT_FAILURES, EXIT_INPUT, EXIT_NO_CASES, EXIT_OK, EXIT_REPORTS, InputError};
use crate::mask::Masker;
use crate::mock::{MockConfig, MockServer};
use crate::plan::{self, Safety, Step};
use crate::profile::{self, Environment};
use crate::report::{self, RunInfo};
use crate::run::harness::{Options, Runner};
use crate::run::{http, limits};
use crate::{case, generate, spec};

/// Contract tests and conformance checks for the KONA PLATE card-service Open API.
#[derive(Debug, Parser)]
#[command(name = "konaplate-conformance", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the cases against a target (the reference mock, in-process, when no base URL).
    Run(Box<RunArgs>),
    /// Serve the reference mock.
    Mock(MockArgs),
    /// Print the loaded contract: operations, fields, result codes, Test Data.
    Contract(SpecArgs),
    /// Check that the spec and the cases agree and every Test Data item has a case.
    Lint(Box<RunArgs>),
    /// Print the JSON Schema of the case-file format.
    Schema,
    /// Write the generated negative and boundary cases as case files, for review.
    Generate(GenerateArgs),
}

/// `generate` options.
#[derive(Debug, Clone, Args)]
pub struct GenerateArgs {
    /// The directory to write `<operation>.yaml` files to (created if needed; files of the
    /// same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// The spec, profile and cases the generated cases derive from.
    #[command(flatten)]
    pub inputs: Inputs,
}

/// The input files shared by `run`, `lint` and `generate`.
#[derive(Debug, Clone, Default, Args)]
pub struct Inputs {
    /// Target profile (default `cases/targets/mock.yaml`): its fixtures fill the bodies, its
    /// `header-errors` and `message-field` shape the expectations.
    #[arg(long, env = "KONAPLATE_TARGET", value_name = "PROFILE")]
    pub target: Option<PathBuf>,
    /// The OpenAPI document.
    #[arg(long, env = "KONAPLATE_SPEC", value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The directory of case files (their documented success cases are the bases of the
    /// generated ones).
    #[arg(long, env = "KONAPLATE_CASES", value_name = "DIR")]
    pub cases: Option<PathBuf>,
}

/// Where the spec is.
#[derive(Debug, Clone, Args)]
pub struct SpecArgs {
    /// The OpenAPI document.
    #[arg(long, env = "KONAPLATE_SPEC", value_name = "PATH")]
    pub spec: Option<PathBuf>,
}

/// `run` (and `lint`) options.
#[derive(Debug, Clone, Args)]
pub struct RunArgs {
    /// Base URL of the target; without it (and without one in the profile) the reference
    /// mock is started in-process on 127.0.0.1.
    #[arg(long, env = "KONAPLATE_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// The spec, the target profile and the case files.
    #[command(flatten)]
    pub inputs: Inputs,
    /// Fail cases on response fields the spec does not declare (default: warn).
    #[arg(long)]
    pub strict: bool,
    /// Also run the negative and boundary cases generated from the spec's request
    /// constraints, as `<operation>::generated::<field>::<mutation>` (the default; the
    /// `KONAPLATE_GENERATED` environment variable, `0` or `1`, sets the default).
    #[arg(long, overrides_with = "no_generated")]
    pub generated: bool,
    /// Run only the documented cases.
    #[arg(long, overrides_with = "generated")]
    pub no_generated: bool,
    /// Per-request timeout in milliseconds (default: the profile's, else 10000).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: Option<u64>,
    /// Bound the whole run: after this many seconds, cases not yet sent and requests still
    /// waiting for an answer end as `deadline` errors.
    #[arg(long, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=limits::MAX_DEADLINE_SECS))]
    pub deadline_secs: Option<u64>,
    /// Where run reports go: `<DIR>/<run-id>/` and `<DIR>/latest/`.
    #[arg(
        long,
        env = "KONAPLATE_REPORT_DIR",
        value_name = "DIR",
        default_value = "reports"
    )]
    pub report_dir: PathBuf,
    /// Do not write report files.
    #[arg(long)]
    pub no_report: bool,
    /// An accepted earlier `report.json`: fail only on cases that got worse, and report drift.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Largest response body accepted, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = http::DEFAULT_BODY_CAP,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub body_cap: usize,
    /// Message encryption (JWE) of the operations the spec flags: `on` or `off` (default: the
    /// profile's `encryption.enabled`, or `KONAPLATE_ENCRYPTION`).
    #[arg(long, value_name = "on|off")]
    pub encryption: Option<String>,
    /// Send state-changing cases (suspend, reissue, cancel) to a target that is not a mock or
    /// the sandbox. They change real cards.
    #[arg(long = "allow-state-changes-on-live-target")]
    pub allow_state_changes_on_live_target: bool,
    /// libtest's flags.
    #[command(flatten)]
    pub test: Arguments,
}

/// `mock` options.
#[derive(Debug, Clone, Args)]
pub struct MockArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// The access key the mock accepts (default: the documented test key).
    #[arg(long, env = "KONAPLATE_ACCESS_KEY", hide_env_values = true)]
    pub access_key: Option<String>,
    /// The Tran-Token HMAC key the mock verifies with (default: the documented test key).
    #[arg(long, env = "KONAPLATE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: Option<String>,
    /// The `X-KM-Crypto-Key-Id` the mock accepts with encrypted traffic (default: the
    /// documented test key id).
    #[arg(long, env = "KONAPLATE_CRYPTO_KEY_ID", hide_env_values = true)]
    pub crypto_key_id: Option<String>,
    /// Plain JSON only: no encrypted request is opened and no answer is encrypted.
    #[arg(long)]
    pub no_encryption: bool,
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_INPUT } else { EXIT_OK });
        }
    };
    match cli.command {
        Command::Run(args) => ExitCode::from(run(&args)),
        Command::Mock(args) => ExitCode::from(mock(&args)),
        Command::Contract(args) => ExitCode::from(contract(&args)),
        Command::Lint(args) => ExitCode::from(lint(&args)),
        Command::Schema => {
            out(&crate::case_schema());
            ExitCode::from(EXIT_OK)
        }
        Command::Generate(args) => ExitCode::from(generate(&args)),
    }
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
        allow_state_changes_on_live_target: false,
        test,
    };
    ExitCode::from(run(&args))
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

/// A project file: as given, else relative to the working directory, else to the crate.
pub fn project_path(given: Option<&Path>, default: &str) -> PathBuf {
    if let Some(p) = given {
        return p.to_path_buf();
    }
    let here = PathBuf::from(default);
    if here.exists() {
        return here;
    }
    Path::new(env!("CARGO_MANIFEST_DIR")).join(default)
}

fn run(args: &RunArgs) -> u8 {
    if let Err(e) = limits::check_test_threads(args.test.test_threads) {
        return input_error(&e);
    }
    let deadline = match args
        .deadline_secs
        .map(|s| limits::deadline_at(Instant::now(), s))
    {
        Some(Err(e)) => return input_error(&e),
        Some(Ok(d)) => Some(d),
        None => None,
    };
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let listing = args.test.list;
    let spec_path = project_path(args.inputs.spec.as_deref(), spec::DEFAULT_SPEC_PATH);
    let spec = match spec::load(&spec_path) {
        Ok(s) => Arc::new(s),
        Err(e) => return input_error(&e),
    };
    let target_path = project_path(args.inputs.target.as_deref(), profile::DEFAULT_TARGET_PATH);
    let profile = match profile::load(&target_path) {
        Ok(mut p) => {
            if let Some(value) = &args.encryption
                && let Err(e) = p.set_encryption(value)
            {
                return input_error(&e);
            }
            Arc::new(p)
        }
        Err(e) => return input_error(&e),
    };
    let base_url = args
        .base_url
        .clone()
        .or_else(|| profile.file.base_url.clone());
    if let Some(url) = &base_url
        && let Err(m) = profile::check_base_url(url)
    {
        return input_error(&InputError::file("--base-url", m));
    }
    let baseline = match (&args.baseline, listing) {
        (Some(path), false) => match report::load_baseline(path) {
            Ok(b) => Some(b),
            Err(e) => {
                err(&format!("error: {}", crate::run::http::chain(&e)));
                return EXIT_INPUT;
            }
        },
        _ => None,
    };
    let cases_dir = project_path(args.inputs.cases.as_deref(), "cases");
    let files = match case::load_dir(&cases_dir, &spec, &profile) {
        Ok(f) => f,
        Err(e) => return input_error(&e),
    };
    let loopback = base_url.as_deref().is_none_or(is_loopback);
    let safety = Safety {
        environment: profile.file.environment,
        explicit_profile: args.inputs.target.is_some(),
        loopback,
        override_given: args.allow_state_changes_on_live_target,
    };
    let generated_on = generated_enabled(args, |k| std::env::var(k).ok().filter(|v| !v.is_empty()));
    let generated = generate::generate(&spec, &files, &profile);
    if generated_on && !listing {
        for note in &generated.notes {
            err(&format!("generated: {note}"));
        }
    }
    let planned = plan::build_with(
        &spec,
        &files,
        if generated_on { &generated.cases } else { &[] },
        safety,
    );
    if planned.is_empty() {
        err(&format!("error: no cases found in {}", cases_dir.display()));
        return EXIT_NO_CASES;
    }
    let input_errors = planned
        .iter()
        .filter(|p| matches!(p.step, Step::Broken(_)))
        .count();
    let refused = planned.iter().filter(|p| p.refused.is_some()).count();
    if refused > 0 && !listing {
        err(&format!(
            "warning: the {refused} state-changing case(s) are not sent to this `{}` target and show as ignored, with the reason (see {})",
            profile.file.environment,
            plan::OVERRIDE_FLAG,
        ));
    }

    let secrets = if listing {
        profile::Secrets {
            access_key: profile::Secret::new(""),
            secret_key: profile::Secret::new(""),
            crypto_key_id: None,
        }
    } else {
        match profile.secrets() {
            Ok(s) => s,
            Err(e) => return input_error(&e),
        }
    };
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => Arc::new(rt),
        Err(e) => {
            err(&format!("error: cannot start the async runtime: {e}"));
            return EXIT_INPUT;
        }
    };
    // The embedded mock starts only when something will be sent to it.
    let mut mock_server: Option<MockServer> = None;
    let embedded = base_url.is_none();
    let base_url = match base_url {
        Some(url) => url,
        None if listing => "http://127.0.0.1:0".to_string(),
        None => {
            if profile.file.environment != Environment::Mock {
                return input_error(&InputError::file(
                    &profile.path,
                    "this profile has no base-url and is not a mock profile; pass --base-url",
                ));
            }
            let mut config = MockConfig {
                access_key: secrets.access_key.expose().to_string(),
                secret_key: secrets.secret_key.expose().to_string(),
                ..MockConfig::default()
            };
            // The embedded mock accepts the crypto key id this run sends.
            if let (Some(crypto), Some(id)) = (config.crypto.as_mut(), &secrets.crypto_key_id) {
                crypto.key_id = id.expose().to_string();
            }
            match rt.block_on(MockServer::start(
                config,
                SocketAddr::from(([127, 0, 0, 1], 0)),
            )) {
                Ok(server) => {
                    let url = server.base_url();
                    mock_server = Some(server);
                    url
                }
                Err(e) => {
                    err(&format!(
                        "error: cannot start the reference mock on 127.0.0.1: {e}"
                    ));
                    return EXIT_INPUT;
                }
            }
        }
    };
    let timeout = Duration::from_millis(
        args.timeout_ms
            .or(profile.file.timeout_ms)
            .unwrap_or(10_000),
    );
    let client = match http::client(timeout) {
        Ok(c) => c,
        Err(m) => {
            err(&format!("error: {m}"));
            return EXIT_INPUT;
        }
    };
    let masker = Masker::new([
        secrets.access_key.expose().to_string(),
        secrets.secret_key.expose().to_string(),
    ]);
    let color = use_color(&args.test);
    let runner = Arc::new(Runner {
        rt: rt.clone(),
        client,
        spec: spec.clone(),
        profile: profile.clone(),
        secrets: Arc::new(secrets),
        options: Options {
            base_url,
            strict: args.strict,
            body_cap: args.body_cap,
            deadline,
            color,
        },
        masker,
        outcomes: Mutex::new(Vec::new()),
    });
    let trials = runner.trials(planned);
    let mut test_args = args.test.clone();
    test_args.test_threads = limits::threads_for(test_args.test_threads, trials.len());
    let conclusion = libtest_mimic::run(&test_args, trials);
    if let Some(server) = mock_server.take() {
        rt.block_on(server.shutdown());
    }
    if listing {
        return EXIT_OK;
    }
    let outcomes = runner.take_outcomes();
    let info = RunInfo {
        run_id: report::new_run_id(started_at),
        started_at: started_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        target: if embedded {
            format!("embedded reference mock ({})", runner.options.base_url)
        } else {
            runner.options.base_url.clone()
        },
        profile: profile.path.display().to_string(),
        environment: profile.file.environment.to_string(),
        spec_path: spec.path.display().to_string(),
        spec_version: spec.version.clone(),
        spec_hash: spec.hash.clone(),
        strict: args.strict,
        duration: started.elapsed(),
        constraints: Some(
            generated
                .coverage(generated_on)
                .with_outcomes(&generated.constraints, &outcomes),
        ),
    };
    if let Some(c) = &info.constraints {
        err(&format!("constraints: {}", c.line()));
    }
    let comparison = baseline
        .as_ref()
        .map(|b| report::compare_masked(b, &outcomes, &runner.masker));
    let mut reports_written = true;
    if !args.no_report {
        match report::write(
            &args.report_dir,
            &info,
            &spec,
            &outcomes,
            &runner.masker,
            baseline.as_ref(),
        ) {
            Ok(w) => err(&format!(
                "reports: {} (and {})",
                w.dir.display(),
                w.latest.display()
            )),
            Err(e) => {
                reports_written = false;
                err(&format!(
                    "error: cannot write the reports: {} (exit code {EXIT_REPORTS})",
                    crate::run::http::chain(&e)
                ));
            }
        }
    }
    let failed = match &comparison {
        Some(c) => {
            err(&format!(
                "baseline: {} newly failing, {} fixed, {} still failing",
                c.newly_failing.len(),
                c.fixed.len(),
                c.still_failing.len()
            ));
            c.gate_failed()
        }
        None => conclusion.has_failed(),
    };
    if input_errors > 0 {
        err(&format!(
            "error: {input_errors} case file problem(s); see the failing `input` trials above"
        ));
        EXIT_INPUT
    } else if !reports_written {
        EXIT_REPORTS
    } else if failed {
        EXIT_FAILURES
    } else {
        EXIT_OK
    }
}

fn use_color(args: &Arguments) -> bool {
    use std::io::IsTerminal as _;
    match args.color {
        Some(libtest_mimic::ColorSetting::Always) => true,
        Some(libtest_mimic::ColorSetting::Never) => false,
        _ => std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal(),
    }
}

/// Whether a URL's host is this machine.
pub fn is_loopback(url: &str) -> bool {
    let Some(parsed) = reqwest::Url::parse(url).ok() else {
        return false;
    };
    let host = parsed
        .host_str()
        .unwrap_or("")
        .trim_start_matches('[')
        .trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn mock(args: &MockArgs) -> u8 {
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
        err(&format!(
            "reference mock listening on {} (POST /__admin/reset restores the seed; Ctrl-C stops)",
            server.base_url()
        ));
        let _ = tokio::signal::ctrl_c().await;
        server.shutdown().await;
        EXIT_OK
    })
}

fn contract(args: &SpecArgs) -> u8 {
    let path = project_path(args.spec.as_deref(), spec::DEFAULT_SPEC_PATH);
    match spec::load(&path) {
        Ok(s) => {
            out(&crate::contract::render(&s));
            EXIT_OK
        }
        Err(e) => input_error(&e),
    }
}

/// The spec, the profile and the case files named by flags (or the project defaults).
fn load_inputs(
    inputs: &Inputs,
) -> Result<(spec::Spec, profile::Profile, Vec<case::LoadedFile>), u8> {
    let spec_path = project_path(inputs.spec.as_deref(), spec::DEFAULT_SPEC_PATH);
    let target_path = project_path(inputs.target.as_deref(), profile::DEFAULT_TARGET_PATH);
    let cases_dir = project_path(inputs.cases.as_deref(), "cases");
    let (spec, profile) = match (spec::load(&spec_path), profile::load(&target_path)) {
        (Ok(s), Ok(p)) => (s, p),
        (Err(e), _) | (_, Err(e)) => return Err(input_error(&e)),
    };
    let files = case::load_dir(&cases_dir, &spec, &profile).map_err(|e| input_error(&e))?;
    Ok((spec, profile, files))
}

fn lint(args: &RunArgs) -> u8 {
    let (spec, _profile, files) = match load_inputs(&args.inputs) {
        Ok(inputs) => inputs,
        Err(code) => return code,
    };
    let problems = crate::lint::check(&spec, &files);
    for p in &problems {
        err(&p.to_string());
    }
    if problems.is_empty() {
        err(&format!(
            "lint: ok ({} cases cover all {} documented Test Data items)",
            files.iter().map(|f| f.cases.len()).sum::<usize>(),
            spec.operations
                .iter()
                .map(|o| o.test_data.len())
                .sum::<usize>()
        ));
        EXIT_OK
    } else {
        EXIT_INPUT
    }
}

fn generate(args: &GenerateArgs) -> u8 {
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
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        err(&format!("error: cannot create {}: {e}", args.out.display()));
        return EXIT_INPUT;
    }
    let written = generate::case_files(&spec, &profile, &generated.cases);
    for (name, text) in &written {
        let path = args.out.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            err(&format!("error: cannot write {}: {e}", path.display()));
            return EXIT_INPUT;
        }
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

fn input_error(e: &InputError) -> u8 {
    err(&e.to_string());
    EXIT_INPUT
}

#[expect(clippy::print_stderr, reason = "the CLI's diagnostics go to stderr")]
fn err(s: &str) {
    eprintln!("{s}");
}

#[expect(clippy::print_stdout, reason = "the CLI's output goes to stdout")]
fn out(s: &str) {
    print!("{s}");
}
