//! A proxy session as a run: the proxy (and, with `--mock`, the reference mock behind it)
//! serves until the session ends, each exchange going to the run's reporters as an outcome as
//! it ends (the report files' [`Collector`] among them), then the session closes like `run`:
//! the findings grouped by cause, the report files, the exit code's facts ([`Session`]).
//!
//! A session ends at Ctrl-C or SIGTERM, after `--until-idle` with no exchange, after
//! `--exchanges N`, or, wrapping a client's test command ([`super::wrapped`]), when the command
//! exits; whichever comes first.

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use tokio::sync::watch;

use super::options::Stopped;
use super::proxy::{ProxyOptions, config};
use super::sources;
use super::target::Target;
use super::wrapped::{Client, Exited};
use crate::client_coverage::ClientCoverage;
use crate::proxy::{Config, Proxy, Sink, Summary};
use crate::report::turned_off::TurnedOff;
use crate::report::{self, Collector, Event, Note, Reporters, RunInfo, Started};

/// How a session ended, for its exit code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// An exchange failed or errored (its findings, as the policy settles them).
    pub failed: bool,
    /// Report files the final guard had to mask.
    pub escapes: usize,
    /// The report files were written (or none were asked for).
    pub reports_written: bool,
    /// What became of the wrapped client command, when there was one.
    pub command: Option<Exited>,
}

/// What ended a session.
#[derive(Debug, Clone, PartialEq, Eq)]
enum End {
    Signal,
    Idle(Duration),
    Exchanges(u64),
    Command(Exited),
}

/// What serving left for the report.
struct Served {
    summary: Summary,
    coverage: ClientCoverage,
    proxy_url: String,
    end: End,
}

/// Runs a proxy session and reports it; `reporters` get the notes, each exchange's outcome and
/// the end, `lines` each exchange's line.
pub fn session(
    options: &ProxyOptions,
    reporters: &Reporters,
    lines: Sink,
) -> Result<Session, Stopped> {
    let (started, started_at) = (Instant::now(), Utc::now());
    let run_id = report::new_run_id(started_at);
    let mut config = config(options)?;
    let mut target = match options.mock {
        true => Some(Target::start(&config.profile, None, false)?),
        false => None,
    };
    let upstream = match &target {
        Some(t) => {
            config.upstream = t.base_url.clone();
            format!("embedded reference mock ({})", t.base_url)
        }
        None => config.upstream.clone(),
    };
    // Every line printed from here on is masked with all the proxy knows.
    let masker = sources::masker(
        &[(&config.secrets, &config.profile)],
        Some(&config.upstream),
    );
    // Every outcome is kept (compact) even without report files: the console's coverage line
    // counts the answers of them all.
    let collector = Arc::new(
        match &options.report_dir {
            Some(dir) => Collector::new(
                masker.clone(),
                Some(report::Spool::create(dir, &run_id)),
                None,
            ),
            None => Collector::in_memory(masker.clone()),
        }
        .turning_off(TurnedOff::of(&config.profile)),
    );
    config.reporters = reporters.clone().with(collector.clone());
    let (spec, profile) = (config.spec.clone(), config.profile.clone());
    let rt = tokio::runtime::Runtime::new()
        .map_err(|e| Stopped::input(format!("error: cannot start the async runtime: {e}")))?;
    let served = rt.block_on(serve(config, options, reporters, lines));
    if let Some(t) = &mut target {
        t.shutdown();
    }
    let served = served?;
    reporters.note(Note::Said(ended(&served.end)));
    reporters.note(Note::Said(served.summary.render().trim_end().to_string()));
    let collected = collector.finish();
    let info = RunInfo {
        strict: options.fail_on_any,
        provenance: Some(super::provenance::of(&spec, &profile, &[], &[])),
        client: Some(served.coverage),
        answer_times: collected.answer_times.clone(),
        ..RunInfo::new(
            run_id,
            (&spec, &profile),
            format!("{upstream}, through the proxy at {}", served.proxy_url),
            (started, started_at),
        )
    };
    let failed = !collected.totals.ok();
    let reported = collected.close(&info, &spec, &masker, reporters);
    Ok(Session {
        failed,
        escapes: reported.escapes,
        reports_written: reported.written,
        command: match served.end {
            End::Command(exited) => Some(exited),
            _ => served_command(options),
        },
    })
}

/// A command that was there but did not end the session was stopped with it.
fn served_command(options: &ProxyOptions) -> Option<Exited> {
    (!options.command.is_empty()).then_some(Exited::Stopped)
}

/// Starts the proxy (and the client command), waits for the end, stops the proxy.
async fn serve(
    config: Config,
    options: &ProxyOptions,
    reporters: &Reporters,
    lines: Sink,
) -> Result<Served, Stopped> {
    let key = if config.server_key.is_some() {
        "encrypted requests are opened"
    } else {
        "encrypted requests are not opened: no server private key"
    };
    let upstream = config.upstream.clone();
    let proxy = Proxy::start(config, options.listen, lines)
        .await
        .map_err(|m| Stopped::input(format!("error: {m}")))?;
    let proxy_url = proxy.base_url();
    reporters.note(Note::Said(format!(
        "proxy listening on {proxy_url} -> {upstream} ({key}; {})",
        ends_when(options)
    )));
    reporters.emit(&Event::Started(&Started {
        command: "proxy",
        planned: 0,
    }));
    let client = match options.command.as_slice() {
        [] => None,
        command => Some(Client::start(command, &options.base_url_env, &proxy_url)),
    };
    let end = wait(proxy.ended(), options, client).await;
    let (summary, coverage) = proxy.end().await;
    Ok(Served {
        summary,
        coverage,
        proxy_url,
        end,
    })
}

/// What ends the session, in words, for the listening line.
fn ends_when(options: &ProxyOptions) -> String {
    let mut ends = vec!["Ctrl-C stops".to_string()];
    if let Some(d) = options.until_idle {
        ends.push(format!("ends after {} s without an exchange", d.as_secs()));
    }
    if let Some(n) = options.exchanges {
        ends.push(format!("ends after {n} exchange(s)"));
    }
    if !options.command.is_empty() {
        ends.push("ends when the client command exits".to_string());
    }
    ends.join(", ")
}

/// The first end to come: a signal, the idle time, the count, the command's exit. A command
/// still running at another end is stopped.
async fn wait(
    ended: watch::Receiver<u64>,
    options: &ProxyOptions,
    client: Option<Result<Client, String>>,
) -> End {
    let mut client = match client {
        Some(Err(why)) => return End::Command(Exited::NotStarted(why)),
        Some(Ok(c)) => Some(c),
        None => None,
    };
    let command = async {
        match client.as_mut() {
            Some(c) => c.wait().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = stop_signal() => End::Signal,
        d = idle(ended.clone(), options.until_idle) => End::Idle(d),
        n = count(ended, options.exchanges) => End::Exchanges(n),
        exited = command => End::Command(exited),
    }
}

/// Returns once no exchange has ended for `idle` (never without one).
async fn idle(mut ended: watch::Receiver<u64>, idle: Option<Duration>) -> Duration {
    let Some(idle) = idle else {
        return std::future::pending().await;
    };
    loop {
        match tokio::time::timeout(idle, ended.changed()).await {
            Ok(Ok(())) => continue,
            Ok(Err(_)) => std::future::pending::<()>().await,
            Err(_) => return idle,
        }
    }
}

/// Returns once `n` exchanges have ended (never without a number).
async fn count(mut ended: watch::Receiver<u64>, n: Option<u64>) -> u64 {
    let Some(n) = n else {
        return std::future::pending().await;
    };
    let reached = ended.wait_for(|seen| *seen >= n).await.is_ok();
    if !reached {
        std::future::pending::<()>().await;
    }
    n
}

/// `proxy: session ended: …`.
fn ended(end: &End) -> String {
    let why = match end {
        End::Signal => "stopped by a signal".to_string(),
        End::Idle(d) => format!("no exchange for {} s", d.as_secs()),
        End::Exchanges(n) => format!("{n} exchange(s) seen"),
        End::Command(exited) => exited.to_string(),
    };
    format!("proxy: session ended: {why}")
}

/// Ctrl-C, or SIGTERM where there is one.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn idle_waits_for_a_quiet_stretch_and_count_for_the_number() {
        let (tx, rx) = watch::channel(0u64);
        let quiet = tokio::spawn(idle(rx.clone(), Some(Duration::from_secs(5))));
        tokio::time::sleep(Duration::from_secs(4)).await;
        tx.send_modify(|n| *n += 1);
        tokio::time::sleep(Duration::from_secs(4)).await;
        assert!(!quiet.is_finished(), "an exchange restarts the idle time");
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(quiet.await.unwrap(), Duration::from_secs(5));
        let counted = tokio::spawn(count(rx, Some(3)));
        tx.send_modify(|n| *n += 1);
        tokio::task::yield_now().await;
        assert!(!counted.is_finished());
        tx.send_modify(|n| *n += 1);
        assert_eq!(counted.await.unwrap(), 3);
    }
}
