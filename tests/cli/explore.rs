//! `explore` end to end: against mocks with stateful defects (behind the fault proxy) it finds
//! each within the default budget and shrinks it to at most three steps; against the reference
//! mock itself it finds nothing; a divergence from one of the mock's own decisions is a
//! warning; a seed replays; the safety guard holds; a target without reset gets one run; the
//! reports and the exit codes are `run`'s.
//!
//! The binary runs clear the `KONAPLATE_*` variables; the in-process explorations read the
//! credentials as the mock profile says, and the faulty mocks accept the same ones.

use crate::support;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use konaplate_conformance::explore::outcomes::Ran;
use konaplate_conformance::explore::rules::IDEMPOTENT;
use konaplate_conformance::explore::{self, Explored, Options};
use konaplate_conformance::mock::{MockConfig, MockServer};
use konaplate_conformance::pipeline::Stop;
use konaplate_conformance::profile;
use konaplate_conformance::report::{Console, Reporters};
use serde_json::Value;
use support::fault::{
    Fault, FaultServer, Mutation, Target, read_report, run_binary, run_binary_with,
};
use support::stateful::Memory;

const MOCK_PROFILE: &str = "cases/targets/mock.yaml";

/// A reference mock with a fault proxy in front, on their own runtime.
struct Faulty {
    proxy: FaultServer,
    mock: MockServer,
    rt: tokio::runtime::Runtime,
}

impl Faulty {
    /// `config` with the credentials the mock profile sends (its test defaults, or the
    /// `KONAPLATE_*` variables when the environment sets them: the in-process exploration reads
    /// them as the oracle does).
    fn start(operation: &'static str, mutation: Mutation, config: MockConfig) -> Faulty {
        let secrets = profile::load(Path::new(MOCK_PROFILE))
            .unwrap()
            .secrets()
            .unwrap();
        let mut config = MockConfig {
            access_key: secrets.access_key.expose().to_string(),
            secret_key: secrets.secret_key.expose().to_string(),
            ..config
        };
        if let (Some(crypto), Some(id)) = (config.crypto.as_mut(), &secrets.crypto_key_id) {
            crypto.key_id = id.expose().to_string();
        }
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let (mock, proxy) = rt.block_on(async {
            let mock = MockServer::start(config, SocketAddr::from(([127, 0, 0, 1], 0)))
                .await
                .unwrap();
            let fault = Fault {
                target: Target::op(operation),
                mutation,
            };
            let proxy = FaultServer::start(&mock.base_url(), fault).await;
            (mock, proxy)
        });
        Faulty { proxy, mock, rt }
    }

    /// The paths of the operation requests the mock received (its journal, oldest first).
    fn journal_paths(&self) -> Vec<String> {
        let url = format!("{}/__admin/requests", self.mock.base_url());
        let journal: Value = self
            .rt
            .block_on(async { reqwest::get(url).await.unwrap().json().await.unwrap() });
        journal["requests"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["request"]["path"].as_str().unwrap().to_string())
            .collect()
    }
}

/// Explores with the mock profile (explicit, so the safety rules know it is a mock), plain
/// JSON (the proxy reads and changes plaintext), and `options` on top.
fn explore_with(base_url: Option<&str>, options: Options) -> (Explored, Vec<String>) {
    let said = Arc::new(Mutex::new(Vec::new()));
    let console = Console::new({
        let said = said.clone();
        move |s: &str| said.lock().unwrap().push(s.to_string())
    });
    let options = Options {
        target: options.target.or(Some(PathBuf::from(MOCK_PROFILE))),
        base_url: base_url.map(str::to_string),
        encryption: Some("off".into()),
        ..options
    };
    let explored = explore::explore(&options, &Reporters::new().with(Arc::new(console)))
        .unwrap_or_else(|s| panic!("{}", s.message));
    let said = said.lock().unwrap().clone();
    (explored, said)
}

fn seeded(seed: u64) -> Options {
    Options {
        seed: Some(seed),
        ..Options::default()
    }
}

/// The first run that diverged, and its shrunk trace.
fn first_divergence(explored: &Explored) -> Option<&Ran> {
    explored.runs.iter().find(|r| r.played.divergence.is_some())
}

struct Defect {
    name: &'static str,
    operation: &'static str,
    memory: Memory,
    /// The operation of the step where target and oracle differ.
    diverges_at: &'static str,
}

fn defects() -> Vec<Defect> {
    let defect = |name, operation, memory, diverges_at| Defect {
        name,
        operation,
        memory,
        diverges_at,
    };
    vec![
        defect(
            "a second cancel allowed",
            "cardDeliveryCancel",
            Memory::RepeatSuccess(&["/cardApplyNo", "/userId"]),
            "cardDeliveryCancel",
        ),
        defect(
            "a second reissue allowed",
            "expiredCardReissue",
            Memory::RepeatSuccess(&["/cardInfo/oldCardNo", "/userInfo/userId"]),
            "expiredCardReissue",
        ),
        defect(
            "a suspension forgotten",
            "cardStatusChange",
            Memory::ForgetSuspension(&["/cardNo", "/userId"], "003_001"),
            "cardStatusChange",
        ),
        defect(
            "a cancelled application still READY",
            "cardDeliveryCancel",
            Memory::CancelledStillReady(&["/cardApplyNo"]),
            "cardDeliveryInquiry",
        ),
    ]
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the table of defects, seeds and shrunk lengths is printed for the reader"
)]
fn each_stateful_defect_is_found_within_the_default_budget_and_shrunk_to_three_steps_or_fewer() {
    let mut table = Vec::new();
    for d in defects() {
        let faulty = Faulty::start(
            d.operation,
            Mutation::Stateful(d.memory),
            MockConfig::default(),
        );
        let (explored, said) = explore_with(Some(&faulty.proxy.base_url), seeded(1));
        let ran = first_divergence(&explored)
            .unwrap_or_else(|| panic!("{}: not found in the default budget: {said:?}", d.name));
        let shrunk = ran.shrunk.as_ref().expect("a resettable target is shrunk");
        let div = shrunk.divergence.as_ref().unwrap();
        assert!(shrunk.steps.len() <= 3, "{}: {:#?}", d.name, shrunk.steps);
        assert_eq!(shrunk.steps[div.at].operation, d.diverges_at, "{}", d.name);
        assert!(!div.basis.is_warning(), "{}: {div:?}", d.name);
        assert!(
            explored.divergences > 0 && ran.shrink_note.is_none(),
            "{}",
            d.name
        );
        let text = said.join("\n");
        assert!(text.contains(&format!("--replay {}", ran.seed)), "{text}");
        table.push(format!(
            "{}: seed {}, {} -> {} steps",
            d.name,
            ran.seed,
            ran.played.steps.len(),
            shrunk.steps.len()
        ));
    }
    eprintln!("{}", table.join("\n"));
}

#[test]
fn a_proxy_that_breaks_nothing_shows_no_divergence() {
    // The control of the test above: the proxy itself, and the plain JSON, change nothing.
    let faulty = Faulty::start(
        "cardDeliveryCancel",
        Mutation::Identity,
        MockConfig::default(),
    );
    let (explored, _) = explore_with(Some(&faulty.proxy.base_url), seeded(1));
    assert_eq!((explored.divergences, explored.warnings), (0, 0));
    assert_eq!(
        explored.steps_played,
        explore::DEFAULT_RUNS * explore::DEFAULT_STEPS
    );
}

#[test]
fn a_seed_replays_the_same_run_and_the_same_shrunk_divergence() {
    let d = &defects()[0];
    let faulty = Faulty::start(
        d.operation,
        Mutation::Stateful(d.memory.clone()),
        MockConfig::default(),
    );
    let (first, _) = explore_with(Some(&faulty.proxy.base_url), seeded(1));
    let ran = first_divergence(&first).unwrap();
    let replay = Options {
        replay: Some(ran.seed),
        ..Options::default()
    };
    let (again, _) = explore_with(Some(&faulty.proxy.base_url), replay);
    assert_eq!(again.runs.len(), 1);
    let replayed = &again.runs[0];
    assert_eq!(replayed.played.steps, ran.played.steps);
    assert_eq!(
        replayed.shrunk.as_ref().unwrap().steps,
        ran.shrunk.as_ref().unwrap().steps
    );
}

#[test]
fn the_reference_mock_agrees_with_itself_over_1000_steps() {
    let (explored, said) = explore_with(None, seeded(7));
    assert_eq!(explored.steps_played, 1000, "{said:?}");
    assert_eq!(
        (explored.divergences, explored.warnings),
        (0, 0),
        "{said:?}"
    );
}

/// 10,000 steps take about 40 s in a debug build: `.ci/run` runs this one in release.
#[test]
#[ignore = "slow in debug builds; .ci/run runs it with `cargo test --test cli -- --ignored explore::`"]
fn the_reference_mock_agrees_with_itself_over_10000_steps() {
    let options = Options {
        seed: Some(1000),
        runs: 100,
        steps: 100,
        ..Options::default()
    };
    let (explored, said) = explore_with(None, options);
    assert_eq!(explored.steps_played, 10_000, "{said:?}");
    assert_eq!(
        (explored.divergences, explored.warnings),
        (0, 0),
        "{said:?}"
    );
}

#[test]
fn a_divergence_from_one_of_the_mocks_own_decisions_is_a_warning() {
    let strict = Memory::StrictTransitions(&["/cardNo", "/userId"], "003_001");
    let faulty = Faulty::start(
        "cardStatusChange",
        Mutation::Stateful(strict),
        MockConfig::default(),
    );
    let (explored, said) = explore_with(Some(&faulty.proxy.base_url), seeded(1));
    assert_eq!(explored.divergences, 0, "{said:?}");
    assert!(explored.warnings > 0, "{said:?}");
    // A refused repeat is a warning naming the decision, and the run goes on after it.
    let ran = explored
        .runs
        .iter()
        .find(|r| !r.played.warnings.is_empty())
        .unwrap();
    let warned = &ran.played.warnings[0];
    assert!(warned.basis.names_decision(IDEMPOTENT), "{warned:?}");
    assert_eq!(ran.played.steps.len(), explore::DEFAULT_STEPS);
    let line = said.iter().find(|s| s.contains("warning: seed")).unwrap();
    assert!(line.contains("Repeated SUSPEND / RESUME"), "{line}");
}

#[test]
fn a_target_without_reset_gets_one_run_unshrunk() {
    let d = &defects()[0];
    let no_admin = MockConfig {
        admin: false,
        ..MockConfig::default()
    };
    let faulty = Faulty::start(d.operation, Mutation::Stateful(d.memory.clone()), no_admin);
    // A seed that diverges against a fresh target, found on a resettable one.
    let (explored, said) =
        explore_with(Some(&faulty.proxy.base_url), seeded(first_diverging_seed()));
    assert_eq!(explored.runs.len(), 1, "{said:?}");
    assert!(
        said.iter()
            .any(|s| s.contains("offers no `POST /__admin/reset`")),
        "{said:?}"
    );
    let ran = &explored.runs[0];
    assert!(ran.played.divergence.is_some(), "{said:?}");
    assert!(ran.shrunk.is_none());
    assert_eq!(
        ran.shrink_note.as_deref(),
        Some("not shrunk: the target cannot be reset")
    );
}

/// The first seed from 1 whose run diverges against the second-cancel defect.
fn first_diverging_seed() -> u64 {
    let d = &defects()[0];
    let faulty = Faulty::start(
        d.operation,
        Mutation::Stateful(d.memory.clone()),
        MockConfig::default(),
    );
    let (explored, _) = explore_with(Some(&faulty.proxy.base_url), seeded(1));
    first_divergence(&explored).unwrap().seed
}

#[test]
fn the_safety_guard_keeps_state_changing_steps_from_a_live_target() {
    let dir = tempfile::tempdir().unwrap();
    let keys = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys");
    // A production profile: credentials from the environment only.
    let text = std::fs::read_to_string(MOCK_PROFILE)
        .unwrap()
        .replace("environment: mock", "environment: production")
        .replace("    test-default:", "    # test-default:")
        .replace("../../tests/keys", keys.to_str().unwrap());
    let profile = dir.path().join("live.yaml");
    std::fs::write(&profile, text).unwrap();
    let faulty = Faulty::start(
        "cardDeliveryCancel",
        Mutation::Identity,
        MockConfig::default(),
    );
    let args = [
        "explore",
        "--no-report",
        "--target",
        profile.to_str().unwrap(),
        "--base-url",
        &faulty.proxy.base_url,
        "--runs",
        "2",
        "--steps",
        "50",
        "--seed",
        "1",
    ];
    let credentials = [
        (
            "KONAPLATE_ACCESS_KEY",
            konaplate_conformance::mock::TEST_ACCESS_KEY,
        ),
        (
            "KONAPLATE_SECRET_KEY",
            konaplate_conformance::mock::TEST_SECRET_KEY,
        ),
        (
            "KONAPLATE_CRYPTO_KEY_ID",
            konaplate_conformance::mock::TEST_CRYPTO_KEY_ID,
        ),
    ];
    let ran = run_binary_with(&args, &credentials, Duration::from_secs(120), None);
    assert_eq!(ran.code(), Some(0), "{}", ran.stderr);
    assert!(ran.stderr.contains("only reading steps"), "{}", ran.stderr);
    let paths = faulty.journal_paths();
    // Every step reached the target but one that takes a value an earlier answer did not
    // have (an empty pre-issue list): it is sent to neither side.
    assert!(
        (90..=100).contains(&paths.len()),
        "{} of 100 steps reached the target: {}",
        paths.len(),
        ran.stderr
    );
    let reads = [
        "/api/v1/card/delivery/inquiry",
        "/api/v1/issued-cards/pre-issue/waiting/physical",
    ];
    assert!(
        paths.iter().all(|p| reads.contains(&p.as_str())),
        "{paths:?}"
    );
}

/// The mock profile with `from` replaced by `to`, written under `dir` as `name` (its key paths
/// made absolute so that it loads from there); and the line the change is on.
fn mock_profile_but(dir: &Path, name: &str, from: &str, to: &str) -> (PathBuf, usize) {
    let keys = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/keys");
    let text = std::fs::read_to_string(MOCK_PROFILE).unwrap();
    assert!(
        text.contains(from),
        "the mock profile no longer says {from}"
    );
    let text = text
        .replace(from, to)
        .replace("../../tests/keys", keys.to_str().unwrap());
    let line = 1 + text.lines().position(|l| l.contains(to)).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    (path, line)
}

#[test]
fn a_profile_that_still_holds_fill_me_values_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let (profile, line) = mock_profile_but(
        dir.path(),
        "unfilled.yaml",
        "unknown: { userId: 50000109999 }",
        "unknown: { userId: FILL-ME }",
    );
    let faulty = Faulty::start(
        "cardDeliveryCancel",
        Mutation::Identity,
        MockConfig::default(),
    );
    let options = Options {
        target: Some(profile),
        base_url: Some(faulty.proxy.base_url.clone()),
        encryption: Some("off".into()),
        ..seeded(1)
    };
    let stopped = explore::explore(&options, &Reporters::new()).unwrap_err();
    assert_eq!(stopped.stop, Stop::Input, "{}", stopped.message);
    let at = format!("unfilled.yaml:{line}:");
    assert!(stopped.message.contains(&at), "{}", stopped.message);
    assert!(
        stopped.message.contains("nothing was sent"),
        "{}",
        stopped.message
    );
    assert_eq!(faulty.journal_paths(), Vec::<String>::new());
}

#[test]
fn the_deadline_bounds_the_exploration() {
    let options = Options {
        runs: 1000,
        steps: 100,
        deadline_secs: Some(1),
        ..seeded(1)
    };
    let started = Instant::now();
    let (explored, said) = explore_with(None, options);
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert!(explored.steps_played < 100_000, "{said:?}");
    assert!(said.iter().any(|s| s.contains("deadline")), "{said:?}");
}

#[test]
fn reports_hold_the_seed_the_sequence_and_both_answers_masked() {
    let d = &defects()[3];
    let faulty = Faulty::start(
        d.operation,
        Mutation::Stateful(d.memory.clone()),
        MockConfig::default(),
    );
    let reports = tempfile::tempdir().unwrap();
    let options = Options {
        report_dir: Some(reports.path().to_path_buf()),
        ..seeded(1)
    };
    let (explored, _) = explore_with(Some(&faulty.proxy.base_url), options);
    let ran = first_divergence(&explored).unwrap();
    let report = read_report(reports.path());
    let name = format!("explore::seed-{}", ran.seed);
    let outcomes = report["outcomes"].as_array().unwrap();
    let o = outcomes
        .iter()
        .find(|o| o["name"] == name.as_str())
        .unwrap();
    assert_eq!(o["verdict"], "fail");
    // The divergence rests on the pages: each failure names its facts, no assumption.
    for f in o["failures"].as_array().unwrap() {
        assert!(f.get("assumption").is_none(), "{f}");
        assert!(!f["facts"].as_array().unwrap().is_empty(), "{f}");
    }
    let steps = o["steps"].as_array().unwrap();
    assert_eq!(steps.len(), ran.shrunk.as_ref().unwrap().steps.len());
    let last = steps.last().unwrap();
    assert_eq!(last["expected"]["body"]["status"], "CANCEL", "{last}");
    assert_eq!(last["actual"]["body"]["status"], "READY", "{last}");
    assert!(
        last["case_id"].as_str().unwrap().contains("cardApplyNo="),
        "{last}"
    );
    let junit = std::fs::read_to_string(reports.path().join("latest/junit.xml")).unwrap();
    assert!(
        junit.contains(&name) && junit.contains("<failure"),
        "{junit}"
    );
    // The answers carried mobile card numbers and the requests card numbers: none in full.
    let card = regex::Regex::new(r"9[0-9]{15}").unwrap();
    for (path, bytes) in support::leak::every_file(reports.path()) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !card.is_match(&text),
            "{}: {:?}",
            path.display(),
            card.find(&text)
        );
    }
}

#[test]
#[allow(
    clippy::print_stderr,
    reason = "the console of a divergence is printed for the reader (--nocapture)"
)]
fn exit_codes_are_runs_0_100_and_2() {
    let d = &defects()[0];
    let faulty = Faulty::start(
        d.operation,
        Mutation::Stateful(d.memory.clone()),
        MockConfig::default(),
    );
    let seed = first_diverging_seed().to_string();
    let limit = Duration::from_secs(120);
    let base = ["explore", "--no-report", "--target", MOCK_PROFILE];
    let diverged = run_binary(
        &[
            &base[..],
            &["--base-url", &faulty.proxy.base_url, "--replay", &seed],
        ]
        .concat(),
        limit,
    );
    assert_eq!(diverged.code(), Some(100), "{}", diverged.stderr);
    assert!(
        diverged.stderr.contains("DIVERGENCE: seed"),
        "{}",
        diverged.stderr
    );
    // The replay line plays the same target again: its base URL too (#27 M6).
    let replay = format!("--base-url {} --replay {seed} ", faulty.proxy.base_url);
    assert!(diverged.stderr.contains(&replay), "{}", diverged.stderr);
    eprintln!("{}", diverged.stderr);
    // A card-shaped seed is the run's own number: printed whole, so it can be replayed (#27 M5).
    let card_shaped = "4111111111111111";
    let clean = run_binary(
        &[
            &base[..],
            &["--runs", "2", "--steps", "20", "--seed", card_shaped],
        ]
        .concat(),
        limit,
    );
    assert_eq!(clean.code(), Some(0), "{}", clean.stderr);
    let said = format!("explore: seeds {card_shaped}..");
    assert!(clean.stderr.contains(&said), "{}", clean.stderr);
    // Its console says how much of the pages the steps verified, as every report does (#28).
    let coverage =
        regex::Regex::new(r"documented facts: [1-9]\d* verified \(\d+ held, 0 broken\)").unwrap();
    assert!(coverage.is_match(&clean.stderr), "{}", clean.stderr);
    // Reports that cannot be written (the directory is a file) win over no divergence.
    let file = tempfile::NamedTempFile::new().unwrap();
    let unwritable = run_binary(
        &[
            "explore",
            "--target",
            MOCK_PROFILE,
            "--runs",
            "1",
            "--steps",
            "5",
            "--seed",
            "5",
            "--report-dir",
            file.path().to_str().unwrap(),
        ],
        limit,
    );
    assert_eq!(unwritable.code(), Some(3), "{}", unwritable.stderr);
    let zero = run_binary(&[&base[..], &["--steps", "0"]].concat(), limit);
    assert_eq!(zero.code(), Some(2), "{}", zero.stderr);
    let both = run_binary(
        &[&base[..], &["--seed", "1", "--replay", "1"]].concat(),
        limit,
    );
    assert_eq!(both.code(), Some(2), "{}", both.stderr);
    let dir = tempfile::tempdir().unwrap();
    let (stateless, _) = mock_profile_but(
        dir.path(),
        "stateless.yaml",
        "stateful: true",
        "stateful: false",
    );
    let stateless = run_binary(
        &[
            "explore",
            "--no-report",
            "--target",
            stateless.to_str().unwrap(),
            "--base-url",
            "http://127.0.0.1:9",
        ],
        limit,
    );
    assert_eq!(stateless.code(), Some(2), "{}", stateless.stderr);
    assert!(
        stateless.stderr.contains("stateful: false"),
        "{}",
        stateless.stderr
    );
}
