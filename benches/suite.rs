//! `cargo bench --bench suite`: the harness against the raw HTTP ceiling, in the same run.
//!
//! Each scenario runs in a child process of this binary, so its peak RSS is its own:
//! - `harness N`: N cases through the real pipeline (plan → libtest-mimic trials → HTTP →
//!   checks → outcomes) against the reference mock in-process;
//! - `raw N`: the same N requests (same bodies, same headers, same concurrency) sent by a
//!   plain reqwest loop with no checks: the ceiling;
//! - `e2e`: the release binary's `run` as a user runs it (process start, spec load, mock
//!   start, 31 cases, reports written), timed from outside;
//! - `mock-load`: the standalone mock under load from this (second) process;
//! - `limit N BASE_URL` (for `benches/peers.sh` and `benches/callgrind.sh`): the raw limit of
//!   this work, the same N requests signed, sent to a running mock at BASE_URL and each answer
//!   schema-checked, in a plain loop; only the loop is timed (see [`child_limit`]).
//!
//! Figures are printed as a table, with ratios against the baseline measured in the same run.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use konaplate_conformance::case::{self, Case};
use konaplate_conformance::mask::Masker;
use konaplate_conformance::mock::{MockConfig, MockServer};
use konaplate_conformance::pipeline::Trials;
use konaplate_conformance::plan::{self, Safety};
use konaplate_conformance::profile::{self, Environment};
use konaplate_conformance::run::harness::{Options, Runner};
use konaplate_conformance::run::{headers, http};
use konaplate_conformance::spec;

#[path = "suite/emit.rs"]
mod emit;

const THREADS: usize = 8;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    match args.first().map(String::as_str) {
        Some("harness") => child_harness(args[1].parse().unwrap()),
        Some("raw") => child_raw(args[1].parse().unwrap()),
        Some("limit") => child_limit(args[1].parse().unwrap(), &args[2]),
        Some("emit") => emit::emit(Path::new(&args[1]), args[2].parse().unwrap(), &args[3]),
        _ => parent(),
    }
}

/// The documented cases, replicated to `n` (state-changing successes left out of copies,
/// so every copy answers the same whatever ran before it).
fn cases(n: usize) -> (Arc<spec::Spec>, Arc<profile::Profile>, Vec<Case>) {
    let spec = Arc::new(spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap());
    let profile = Arc::new(profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap());
    let files = case::load_dir(Path::new("cases"), &spec, &profile).unwrap();
    let base: Vec<Case> = files.into_iter().flat_map(|f| f.cases).collect();
    let replicable: Vec<&Case> = base
        .iter()
        .filter(|c| !(c.id == "success" && spec.operation(&c.operation).unwrap().state_changing))
        .collect();
    let mut out: Vec<Case> = Vec::with_capacity(n);
    if n <= base.len() {
        out.extend(base.iter().take(n).cloned());
    } else {
        out.extend(base.iter().cloned());
        let mut i = 0;
        while out.len() < n {
            let mut c = replicable[i % replicable.len()].clone();
            c.id = format!("{}-{}", c.id, i);
            out.push(c);
            i += 1;
        }
    }
    (spec, profile, out)
}

fn runtime() -> Arc<tokio::runtime::Runtime> {
    Arc::new(
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap(),
    )
}

/// Signs requests as a client does, for the loops that bypass the harness.
#[derive(Clone)]
struct Signer {
    asp_id: String,
    access_key: String,
    secret_key: String,
    zone: profile::TimeZone,
}

impl Signer {
    fn new(profile: &profile::Profile) -> Signer {
        let secrets = profile.secrets().unwrap();
        Signer {
            asp_id: profile.file.asp_id.clone(),
            access_key: secrets.access_key.expose().to_string(),
            secret_key: secrets.secret_key.expose().to_string(),
            zone: profile.zone.clone(),
        }
    }

    /// Fresh `X-KM-*` headers for `body`.
    fn headers(&self, body: &str) -> Vec<(String, String)> {
        let inputs = headers::HeaderInputs {
            asp_id: &self.asp_id,
            access_key: &self.access_key,
            secret_key: &self.secret_key,
            crypto_key_id: None,
            zone: &self.zone,
        };
        headers::generate(
            &inputs,
            chrono::Utc::now(),
            headers::random_u32(),
            body.as_bytes(),
        )
    }

    /// A POST of `body` to `url` with fresh `X-KM-*` headers.
    fn post(&self, client: &reqwest::Client, url: &str, body: &str) -> reqwest::RequestBuilder {
        let h = self.headers(body);
        let mut req = client
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string());
        for (k, v) in h {
            req = req.header(k, v);
        }
        req
    }
}

fn start_mock(rt: &tokio::runtime::Runtime) -> MockServer {
    rt.block_on(MockServer::start(
        MockConfig::default(),
        "127.0.0.1:0".parse().unwrap(),
    ))
    .unwrap()
}

fn child_harness(n: usize) {
    let (spec, profile, cases) = cases(n);
    let rt = runtime();
    let started = Instant::now();
    let server = start_mock(&rt);
    let secrets = profile.secrets().unwrap();
    let masker = Masker::new([
        secrets.access_key.expose().to_string(),
        secrets.secret_key.expose().to_string(),
    ]);
    let options = Options::new(server.base_url());
    let runner = Runner::new(rt.clone(), spec.clone(), profile.clone(), secrets, options).unwrap();
    let runner = Trials::new(runner, masker, false);
    let files = vec![case::LoadedFile {
        path: "bench".into(),
        cases,
        case_errors: vec![],
        file_error: None,
        sha256: None,
    }];
    let safety = Safety {
        environment: Environment::Mock,
        explicit_profile: true,
        loopback: true,
        override_given: false,
    };
    // The cases move into the plan, as the CLI's do.
    let planned = plan::build(&spec, files, safety);
    let trials = runner.trials(planned);
    let args = libtest_mimic::Arguments {
        test_threads: Some(THREADS),
        quiet: true,
        logfile: Some("/dev/null".into()),
        ..Default::default()
    };
    let t0 = Instant::now();
    let conclusion = libtest_mimic::run(&args, trials);
    let wall = t0.elapsed();
    let outcomes = runner.finish().outcomes;
    let mut lat: Vec<Duration> = outcomes.iter().map(|o| o.duration).collect();
    rt.block_on(server.shutdown());
    print_figures(
        "harness",
        n,
        wall,
        &mut lat,
        conclusion.num_failed as usize,
        started.elapsed(),
    );
}

fn child_raw(n: usize) {
    let (spec, profile, cases) = cases(n);
    let rt = runtime();
    let started = Instant::now();
    let server = start_mock(&rt);
    let client = http::client(Duration::from_secs(10), true).unwrap();
    let base = server.base_url();
    // The same requests, prepared up front: body bytes, URL, and fresh headers per send.
    let prepared: Vec<(String, String)> = cases
        .iter()
        .map(|c| {
            let body = match &c.request.body {
                case::Body::Json(v) => serde_json::to_string(v).unwrap(),
                case::Body::Raw(s) => s.clone(),
                case::Body::Empty => String::new(),
            };
            (
                format!("{base}{}", spec.operation(&c.operation).unwrap().path),
                body,
            )
        })
        .collect();
    let prepared = Arc::new(prepared);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let signer = Signer::new(&profile);
    let t0 = Instant::now();
    let lat: Vec<Duration> = rt.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..THREADS {
            let (client, prepared, next, signer) = (
                client.clone(),
                prepared.clone(),
                next.clone(),
                signer.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut lat = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((url, body)) = prepared.get(i) else {
                        break;
                    };
                    let t = Instant::now();
                    let resp = signer.post(&client, url, body).send().await.unwrap();
                    let _ = resp.bytes().await.unwrap();
                    lat.push(t.elapsed());
                }
                lat
            }));
        }
        let mut all = Vec::new();
        for t in tasks {
            all.extend(t.await.unwrap());
        }
        all
    });
    let wall = t0.elapsed();
    let mut lat = lat;
    rt.block_on(server.shutdown());
    print_figures("raw", n, wall, &mut lat, 0, started.elapsed());
}

/// One request of the raw limit, made before its clock starts.
struct Prepared {
    url: String,
    body: String,
    operation: String,
    /// The case's header overrides, applied after signing.
    overrides: Vec<(String, Option<String>)>,
}

/// The raw limit of this work: each request signed (fresh `X-KM-*` headers and Tran-Token, the
/// case's header overrides applied), sent to `base` (8 at a time on a 2-thread runtime, as
/// the harness sends), its answer read, parsed and validated against the response schema of
/// its status. No plan, trials, outcomes, masking or reports: what any conformance run must do
/// at least. The requests and validators are prepared before the clock starts, so the figure
/// is the loop alone. Prints `limit N WALL VALID INVALID` (answers that parsed and held their
/// schema, and the rest; a plain run against the reference mock has no invalid answer).
#[expect(clippy::print_stdout, reason = "the figures go to peers.sh on stdout")]
fn child_limit(n: usize, base: &str) {
    let (spec, profile, cases) = cases(n);
    let rt = runtime();
    let client = http::client(Duration::from_secs(10), true).unwrap();
    let prepared: Vec<Prepared> = cases
        .iter()
        .map(|c| {
            let op = spec.operation(&c.operation).unwrap();
            Prepared {
                url: format!("{base}{}", op.path),
                body: match &c.request.body {
                    case::Body::Json(v) => serde_json::to_string(v).unwrap(),
                    case::Body::Raw(s) => s.clone(),
                    case::Body::Empty => String::new(),
                },
                operation: op.id.clone(),
                overrides: c.request.headers.clone(),
            }
        })
        .collect();
    // Every validator compiled before the clock starts.
    for op in &spec.operations {
        for (status, _) in &op.response_schemas {
            spec.schemas.response(op, *status).unwrap();
        }
    }
    let prepared = Arc::new(prepared);
    let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let signer = Signer::new(&profile);
    let t0 = Instant::now();
    let (valid, invalid) = rt.block_on(async {
        let mut tasks = Vec::new();
        for _ in 0..THREADS {
            let (client, prepared, next, signer, spec) = (
                client.clone(),
                prepared.clone(),
                next.clone(),
                signer.clone(),
                spec.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let (mut valid, mut invalid) = (0usize, 0usize);
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(Prepared {
                        url,
                        body,
                        operation,
                        overrides,
                    }) = prepared.get(i)
                    else {
                        break;
                    };
                    let mut h = signer.headers(body);
                    headers::apply_overrides(&mut h, overrides);
                    let mut req = client
                        .post(url)
                        .header("content-type", "application/json")
                        .body(body.clone());
                    for (k, v) in h {
                        req = req.header(k, v);
                    }
                    let resp = req.send().await.unwrap();
                    let status = resp.status().as_u16();
                    let bytes = resp.bytes().await.unwrap();
                    let op = spec.operation(operation).unwrap();
                    let holds = serde_json::from_slice::<serde_json::Value>(&bytes)
                        .ok()
                        .zip(spec.schemas.response(op, status).ok())
                        .is_some_and(|(answer, schema)| schema.is_valid(&answer));
                    if holds { valid += 1 } else { invalid += 1 }
                }
                (valid, invalid)
            }));
        }
        let (mut valid, mut invalid) = (0, 0);
        for t in tasks {
            let (v, i) = t.await.unwrap();
            valid += v;
            invalid += i;
        }
        (valid, invalid)
    });
    println!(
        "limit {n} {:.6} {valid} {invalid}",
        t0.elapsed().as_secs_f64()
    );
}

fn peak_rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        .unwrap_or(0)
}

#[expect(
    clippy::print_stdout,
    reason = "the child reports its figures to the parent on stdout"
)]
fn print_figures(
    kind: &str,
    n: usize,
    wall: Duration,
    lat: &mut [Duration],
    failed: usize,
    total: Duration,
) {
    lat.sort();
    let pct = |p: f64| {
        lat.get(((lat.len() as f64 - 1.0) * p).round() as usize)
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{kind} {n} {:.6} {:.6} {:.6} {} {failed} {:.6}",
        wall.as_secs_f64(),
        pct(0.50).as_secs_f64(),
        pct(0.99).as_secs_f64(),
        peak_rss_kib(),
        total.as_secs_f64()
    );
}

struct Figures {
    wall: f64,
    p50: f64,
    p99: f64,
    rss_kib: u64,
    failed: usize,
}

fn child(kind: &str, n: usize, encryption: bool) -> Figures {
    // The raw loop sends plain JSON, so the like-for-like comparison runs the harness plain too.
    let out = Command::new(std::env::current_exe().unwrap())
        .args([kind, &n.to_string()])
        .env(
            "KONAPLATE_ENCRYPTION",
            if encryption { "on" } else { "off" },
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with(kind))
        .unwrap_or_else(|| {
            panic!(
                "{kind} {n} failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        });
    let f: Vec<&str> = line.split_whitespace().collect();
    Figures {
        wall: f[2].parse().unwrap(),
        p50: f[3].parse().unwrap(),
        p99: f[4].parse().unwrap(),
        rss_kib: f[5].parse().unwrap(),
        failed: f[6].parse().unwrap(),
    }
}

#[expect(clippy::print_stdout, reason = "a bench binary prints its figures")]
fn parent() {
    println!(
        "konaplate-conformance benchmark ({} threads of concurrency, reference mock in-process)\n",
        THREADS
    );
    println!(
        "| cases | run | wall (s) | cases/s | p50 (ms) | p99 (ms) | peak RSS (MiB) | harness/raw throughput |"
    );
    println!("|---:|---|---:|---:|---:|---:|---:|---:|");
    for n in [31usize, 1_000, 10_000] {
        let raw = child("raw", n, false);
        let h = child("harness", n, false);
        let jwe = (n == 10_000).then(|| child("harness", n, true));
        let mut rows = vec![("raw reqwest loop", &raw), ("harness", &h)];
        if let Some(j) = &jwe {
            rows.push(("harness, JWE on", j));
        }
        for (name, f) in rows {
            let ratio = if name.starts_with("harness") {
                format!("{:.0}%", 100.0 * raw.wall / f.wall)
            } else {
                "baseline".into()
            };
            println!(
                "| {n} | {name} | {:.3} | {:.0} | {:.2} | {:.2} | {:.1} | {ratio} |",
                f.wall,
                n as f64 / f.wall,
                f.p50 * 1e3,
                f.p99 * 1e3,
                f.rss_kib as f64 / 1024.0
            );
        }
        if h.failed > 0 {
            println!(
                "|  | (harness: {} case(s) failed: figures still valid, but look) | | | | | | |",
                h.failed
            );
        }
    }
    e2e();
    mock_load();
}

/// The release binary as a user runs it: median of 5 runs of `run` (reports written).
#[expect(clippy::print_stdout, reason = "a bench binary prints its figures")]
fn e2e() {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/konaplate-conformance");
    if !exe.exists() {
        println!("\n(end-to-end skipped: build the release binary first: cargo build --release)");
        return;
    }
    let dir = std::env::temp_dir().join("konaplate-bench-reports");
    println!();
    for generated in ["--no-generated", "--generated"] {
        let what = trials_listed(&exe, generated);
        let mut times: Vec<f64> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let s = Command::new(&exe)
                    .args([
                        "run",
                        generated,
                        "--quiet",
                        "--report-dir",
                        dir.to_str().unwrap(),
                    ])
                    .output()
                    .unwrap();
                assert!(s.status.success(), "{}", String::from_utf8_lossy(&s.stdout));
                t.elapsed().as_secs_f64()
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "end to end (`konaplate-conformance run`, release: process start, spec load, mock start, {what}, JWE on, reports): median {:.0} ms, min {:.0} ms, max {:.0} ms of 5",
            times[2] * 1e3,
            times[0] * 1e3,
            times[4] * 1e3
        );
    }
}

/// What `run --list <flag>` lists, counted from its output (`N trials: D documented, S
/// scenarios, G generated`), so the label is the run's and not a figure written down once.
fn trials_listed(exe: &Path, flag: &str) -> String {
    let out = Command::new(exe)
        .args(["run", "--list", flag])
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .collect();
    let generated = names.iter().filter(|n| n.contains("::generated::")).count();
    let scenarios = names.iter().filter(|n| n.starts_with("scenario::")).count();
    format!(
        "{} trials: {} documented, {scenarios} scenarios, {generated} generated",
        names.len(),
        names.len() - generated - scenarios
    )
}

/// The standalone mock's own speed: load from this process, mock in another.
#[expect(clippy::print_stdout, reason = "a bench binary prints its figures")]
fn mock_load() {
    let exe = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/konaplate-conformance");
    if !exe.exists() {
        return;
    }
    let port = 18_400 + (std::process::id() % 500) as u16;
    let mut child = Command::new(&exe)
        .args(["mock", "--listen", &format!("127.0.0.1:{port}")])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let (_, profile, cases) = cases(31);
    let rt = runtime();
    let client = http::client(Duration::from_secs(10), true).unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let signer = Signer::new(&profile);
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    // Read-only cases only, so every request gets the same answer.
    let reqs: Arc<Vec<(String, String)>> = Arc::new(
        cases
            .iter()
            .filter(|c| {
                c.operation == "cardDeliveryInquiry" || c.operation == "preIssueWaitingPhysical"
            })
            .map(|c| {
                let case::Body::Json(v) = &c.request.body else {
                    unreachable!()
                };
                (
                    format!("{base}{}", spec.operation(&c.operation).unwrap().path),
                    serde_json::to_string(v).unwrap(),
                )
            })
            .collect(),
    );
    let total = 20_000usize;
    let (ok, errors, wall) = rt.block_on(async {
        for _ in 0..50 {
            if client
                .get(format!("{base}/__admin/health"))
                .send()
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let t0 = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..32 {
            let (client, reqs, next, signer) =
                (client.clone(), reqs.clone(), next.clone(), signer.clone());
            tasks.push(tokio::spawn(async move {
                let (mut ok, mut err) = (0usize, 0usize);
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    let (url, body) = &reqs[i % reqs.len()];
                    match signer.post(&client, url, body).send().await {
                        Ok(r) if r.status().as_u16() < 500 => {
                            if r.bytes().await.is_ok() {
                                ok += 1
                            } else {
                                err += 1
                            }
                        }
                        _ => err += 1,
                    }
                }
                (ok, err)
            }));
        }
        let (mut ok, mut err) = (0, 0);
        for t in tasks {
            let (o, e) = t.await.unwrap();
            ok += o;
            err += e;
        }
        (ok, err, t0.elapsed())
    });
    let _ = child.kill();
    let _ = child.wait();
    println!(
        "reference mock standalone (release), load from a second process, 32 connections: {:.0} requests/s, {ok} ok, {errors} errors, {total} requests in {:.2} s",
        ok as f64 / wall.as_secs_f64(),
        wall.as_secs_f64()
    );
}
