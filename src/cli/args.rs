//! The command line's flags, as clap types: `run`, `mock`, `contract`, `facts`, `lint`,
//! `schema`, `generate`, `explore`, `replay`, `probe`, `proxy`, `completions`, `man`.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use libtest_mimic::Arguments;

use crate::run::http;

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
    /// List every fact the vendor pages state (the ledger, derived from the spec), each with
    /// its stable id and source.
    Facts(FactsArgs),
    /// Check that the spec and the cases agree and every Test Data item has a case.
    Lint(Box<RunArgs>),
    /// Print the JSON Schema of the case-file format (or of the scenario-file format).
    Schema(SchemaArgs),
    /// Write the generated negative and boundary cases as case files, for review.
    Generate(GenerateArgs),
    /// Play random lifecycles on a target and on the reference mock, and report where they
    /// diverge (docs/explore.md).
    Explore(Box<ExploreArgs>),
    /// Send one case again with fresh headers and print the whole exchange (masked) and its
    /// checks; `--script` also writes a curl script for a vendor ticket.
    Replay(Box<ReplayArgs>),
    /// Send a few read-only requests and print what the target does where the vendor is
    /// silent, as a commented profile fragment.
    Probe(Box<ProbeArgs>),
    /// Sit between a client and a server: pass every exchange through unchanged, check the
    /// client's request as the vendor would and the answer as `run` does.
    Proxy(ProxyArgs),
    /// Print the completion script of a shell (README: "Shell completions and man pages").
    Completions {
        /// The shell whose script to print.
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per subcommand into a directory.
    Man {
        /// Write `konaplate-conformance.1` and `konaplate-conformance-<subcommand>.1` here
        /// instead of printing the first.
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

/// Where a request goes and how: shared by `replay` and `probe`.
#[derive(Debug, Clone, Args)]
pub struct SendArgs {
    /// Base URL of the target (default: the profile's; without one, the reference mock is
    /// started in-process).
    #[arg(long, env = "KONAPLATE_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// The spec, the target profile and the case files.
    #[command(flatten)]
    pub inputs: Inputs,
    /// Per-request timeout in milliseconds (default: the profile's, else 10000).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: Option<u64>,
    /// Message encryption of the flagged operations: `on` or `off` (default: the profile's).
    #[arg(long, value_name = "on|off")]
    pub encryption: Option<String>,
}

/// `replay` options.
#[derive(Debug, Clone, Args)]
pub struct ReplayArgs {
    /// The case, as `run --list` names it (`<operation>::<id>`), or a scenario
    /// (`scenario::<id>`).
    pub name: String,
    /// Also write a bash script that sends the same bytes with curl and openssl, taking every
    /// credential and card value from the environment.
    #[arg(long, value_name = "FILE")]
    pub script: Option<PathBuf>,
    /// Target, inputs, timeout, encryption.
    #[command(flatten)]
    pub send: SendArgs,
    /// Fail unknown response fields, as `run --strict`.
    #[arg(long)]
    pub strict: bool,
    /// As `run --retries`.
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// As `run --allow-state-changes-on-live-target`.
    #[arg(long = "allow-state-changes-on-live-target")]
    pub allow_state_changes_on_live_target: bool,
}

/// `probe` options.
#[derive(Debug, Clone, Args)]
pub struct ProbeArgs {
    /// Target, inputs, timeout, encryption.
    #[command(flatten)]
    pub send: SendArgs,
    /// No progress line on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
}

/// `proxy` options.
#[derive(Debug, Clone, Args)]
pub struct ProxyArgs {
    /// Address the client connects to.
    #[arg(long, default_value = "127.0.0.1:8081", value_name = "ADDR")]
    pub listen: SocketAddr,
    /// Base URL of the server the requests go to (the sandbox, a mock).
    #[arg(
        long,
        value_name = "URL",
        required_unless_present = "mock",
        conflicts_with = "mock"
    )]
    pub upstream: Option<String>,
    /// Start the reference mock (in-process, on 127.0.0.1) as the upstream; a `mock` profile
    /// only.
    #[arg(long)]
    pub mock: bool,
    /// Target profile: the client's registration (ASP id, credentials from the environment,
    /// encryption) (default `cases/targets/mock.yaml`).
    #[arg(long, env = "KONAPLATE_TARGET", value_name = "PROFILE")]
    pub target: Option<PathBuf>,
    /// The OpenAPI document.
    #[arg(long, env = "KONAPLATE_SPEC", value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// Write the masked exchanges (`exchanges.jsonl`) and draft case files (`cases/`) here.
    #[arg(long, value_name = "DIR")]
    pub record: Option<PathBuf>,
    /// PEM file with the server's private key, to open encrypted requests (default for a
    /// `mock` profile: the reference mock's TEST key; otherwise they are not opened).
    #[arg(long, env = "KONAPLATE_SERVER_PRIVATE_KEY", value_name = "PEM")]
    pub server_private_key: Option<PathBuf>,
    /// How long the upstream may take to answer, in milliseconds (default: the profile's,
    /// else 10000).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: Option<u64>,
    /// Largest body read, either way, in bytes.
    #[arg(long, value_name = "BYTES", default_value_t = http::DEFAULT_BODY_CAP,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..))]
    pub body_cap: usize,
    /// Where the session's reports go: `<DIR>/<run-id>/` and `<DIR>/latest/`.
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
    /// Which findings fail the session (exit code 100): `documented` ones (and failed
    /// assumptions the profile settles as `fail`), or `any` (every failed assumption and
    /// undeclared answer field too, as `run --strict`).
    #[arg(long, value_enum, default_value_t = FailOn::Documented, value_name = "WHICH")]
    pub fail_on: FailOn,
    /// End the session once no exchange has ended for this many seconds.
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    pub until_idle: Option<u64>,
    /// End the session after this many exchanges.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub exchanges: Option<u64>,
    /// The variable the wrapped command finds the proxy's base URL in.
    #[arg(long, value_name = "NAME", default_value = crate::pipeline::proxy::BASE_URL_ENV)]
    pub base_url_env: String,
    /// A client's test command (after `--`): run with the proxy's base URL in
    /// `--base-url-env`; the session ends when it exits, and the exit code is the worse of
    /// the two.
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
    /// No progress line on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Which findings of a proxy session fail it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Documented findings, and failed assumptions the profile settles as `fail`.
    Documented,
    /// Every finding: failed assumptions and undeclared answer fields too.
    Any,
}

/// `schema` options.
#[derive(Debug, Clone, Args)]
pub struct SchemaArgs {
    /// Which format: `case` (`cases/<operation>.yaml`) or `scenario`
    /// (`cases/scenarios/<name>.yaml`).
    #[arg(value_enum, default_value_t = SchemaKind::Case)]
    pub kind: SchemaKind,
}

/// The file formats with a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// Case files.
    Case,
    /// Scenario files.
    Scenario,
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

/// `facts` options.
#[derive(Debug, Clone, Args)]
pub struct FactsArgs {
    /// The OpenAPI document.
    #[arg(long, env = "KONAPLATE_SPEC", value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// `text` for a reader, `json` for a program.
    #[arg(long, value_enum, default_value_t = FactsFormat::Text)]
    pub format: FactsFormat,
}

/// The forms of the `facts` listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FactsFormat {
    /// One line per fact, grouped by operation.
    Text,
    /// `{"spec", "sha256", "counts", "facts"}`.
    Json,
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
    /// Fail cases on response fields the spec does not declare and on failed assumptions
    /// (expectations the vendor pages do not state; default: warn, see docs/verdicts.md). A
    /// profile's `assumptions:` settles a kind either way.
    #[arg(long)]
    pub strict: bool,
    /// Stop starting new cases after N failed (or errored) ones; the rest are reported as not
    /// run.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_failures: Option<u64>,
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
          value_parser = clap::value_parser!(u64).range(1..=crate::run::limits::MAX_DEADLINE_SECS))]
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
    /// Send a case again, up to N times, after an answer of 429, 502, 503 or 504, a connect
    /// error or a timeout, with fresh headers and a backoff that honours `Retry-After`
    /// (default: the profile's `retries`, else 0). State-changing cases are sent again only
    /// after a connect error. A case that passes only after a retry is `flaky`.
    #[arg(long, value_name = "N", env = "KONAPLATE_RETRIES")]
    pub retries: Option<u32>,
    /// At most R requests per second across the whole run, retries included, whatever
    /// `--test-threads` is (default: the profile's `rate`, else no limit).
    #[arg(long, value_name = "R", env = "KONAPLATE_RATE")]
    pub rate: Option<f64>,
    /// Fail the run (exit 100) when a case passed only after a retry.
    #[arg(long)]
    pub fail_on_flaky: bool,
    /// Send state-changing cases (suspend, reissue, cancel) to a target that is not a mock or
    /// the sandbox. They change real cards.
    #[arg(long = "allow-state-changes-on-live-target")]
    pub allow_state_changes_on_live_target: bool,
    /// libtest's flags.
    #[command(flatten)]
    pub test: Arguments,
}

/// `explore` options.
#[derive(Debug, Clone, Args)]
pub struct ExploreArgs {
    /// Base URL of the target; without it (and without one in the profile) the reference
    /// mock is started in-process.
    #[arg(long, env = "KONAPLATE_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Target profile (default `cases/targets/mock.yaml`): its fixtures fill the steps.
    #[arg(long, env = "KONAPLATE_TARGET", value_name = "PROFILE")]
    pub target: Option<PathBuf>,
    /// The OpenAPI document.
    #[arg(long, env = "KONAPLATE_SPEC", value_name = "PATH")]
    pub spec: Option<PathBuf>,
    /// The documented case files, which say how each operation's request is filled.
    #[arg(long, env = "KONAPLATE_CASES", value_name = "DIR")]
    pub cases: Option<PathBuf>,
    /// The oracle: `mock`, the reference mock in-process with the mock profile's fixtures.
    #[arg(long, value_enum, default_value_t = Oracle::Mock)]
    pub oracle: Oracle,
    /// The first run's seed; run k plays seed + k (default: a random seed, printed).
    #[arg(long, value_name = "S", conflicts_with = "replay")]
    pub seed: Option<u64>,
    /// Play the one run of this seed again (as a divergence report names it).
    #[arg(long, value_name = "SEED")]
    pub replay: Option<u64>,
    /// Steps per run.
    #[arg(long, value_name = "N", default_value_t = crate::explore::DEFAULT_STEPS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub steps: usize,
    /// Runs, each from the fixtures' state.
    #[arg(long, value_name = "K", default_value_t = crate::explore::DEFAULT_RUNS,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100_000))]
    pub runs: usize,
    /// Per-request timeout in milliseconds (default: the profile's, else 10000).
    #[arg(long, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout_ms: Option<u64>,
    /// Bound the whole exploration: no step or shrinking attempt starts after this many seconds.
    #[arg(long, value_name = "SECS",
          value_parser = clap::value_parser!(u64).range(1..=crate::run::limits::MAX_DEADLINE_SECS))]
    pub deadline_secs: Option<u64>,
    /// Where reports go: `<DIR>/<run-id>/` and `<DIR>/latest/`.
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
    /// Message encryption (JWE) on both sides: `on` or `off` (default: each profile's).
    #[arg(long, value_name = "on|off")]
    pub encryption: Option<String>,
    /// Send state-changing steps (suspend, reissue, cancel) to a target that is not a mock or
    /// the sandbox. They change real cards.
    #[arg(long = "allow-state-changes-on-live-target")]
    pub allow_state_changes_on_live_target: bool,
    /// No progress line on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
}

/// The oracles explore knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Oracle {
    /// The reference mock, in-process.
    Mock,
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
    /// No control plane: no `/__admin/` endpoints (not even reset), `Prefer: code=` ignored.
    #[arg(long)]
    pub no_admin: bool,
    /// How many exchanges `GET /__admin/requests` keeps (the last ones).
    #[arg(long, default_value_t = crate::mock::DEFAULT_JOURNAL_LIMIT, value_name = "N")]
    pub journal_size: usize,
}
