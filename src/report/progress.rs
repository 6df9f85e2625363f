//! The progress reporter: one live line on a terminal while a command works (`run`, `explore`,
//! `probe`, a proxy session), drawn from the run's events: [`Event::Started`] opens it with the
//! planned count, each [`Event::Outcome`] or [`Event::Sent`] moves it on, [`Event::Finished`]
//! or [`Event::Written`] (or the end of the command) clears it.
//!
//! Where it is drawn, and why ([`Terminal::shown`]): on standard error, and only when
//! standard error is a terminal, `CI` is not set, the user did not ask for quiet or machine
//! output (`--quiet`, libtest's `--format terse|json`, `--list`), and no other writer shares
//! that terminal. libtest (libtest-mimic) prints each trial on standard output itself, in
//! pieces (`test name ... ` then, later, `ok`), so a second writer on the same terminal cannot
//! know where libtest's line is and would tear it; there libtest's own lines are the progress.
//! Piped (`run | tee log`, `run > out.txt`), standard output no longer shares the terminal
//! and the line shows. Our own lines are not such a writer: the command line prints every line
//! through [`suspend`], which clears the live line, prints, and draws it again. (indicatif
//! also draws nothing when `TERM` is unset or `dumb`.)
//!
//! The line holds only counts and times (never a case name or anything a server said), so
//! it needs no masking and cannot carry a terminal escape from the data. `NO_COLOR` draws it
//! without colour.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::event::{Event, Reporter, Started};
use crate::outcome::Status;

/// The live line of the process, if one is drawn: [`suspend`] clears it around a line.
static LIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// What decides whether a command may draw a live line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Terminal {
    /// Standard error, where the line is drawn, is a terminal.
    pub stderr_is_terminal: bool,
    /// Another writer prints on that terminal without going through [`suspend`] (libtest on
    /// standard output, when standard output is the same terminal).
    pub shared: bool,
    /// `CI` is set (to anything but empty, `0` or `false`): a log, even behind a terminal.
    pub ci: bool,
    /// The user asked for quiet or machine output.
    pub quiet: bool,
    /// `NO_COLOR` is set (to anything but empty).
    pub no_color: bool,
}

/// How the line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// With colour.
    Coloured,
    /// Without (`NO_COLOR`).
    Plain,
}

impl Terminal {
    /// This process's terminal, for a command whose standard output is `shared` with a
    /// writer of its own (see [`stdout_shares_the_terminal`]) and that asked for `quiet`.
    pub fn of_process(shared: bool, quiet: bool) -> Terminal {
        use std::io::IsTerminal as _;
        let set = |k: &str| {
            std::env::var(k)
                .is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
        };
        Terminal {
            stderr_is_terminal: std::io::stderr().is_terminal(),
            shared,
            ci: set("CI"),
            quiet,
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        }
    }

    /// Whether and how the line shows.
    pub fn shown(&self) -> Option<Shown> {
        if !self.stderr_is_terminal || self.shared || self.ci || self.quiet {
            None
        } else if self.no_color {
            Some(Shown::Plain)
        } else {
            Some(Shown::Coloured)
        }
    }
}

/// Whether standard output is the terminal standard error is (so libtest's lines and the live
/// line would meet): both terminals, and on Unix the same device.
pub fn stdout_shares_the_terminal() -> bool {
    use std::io::IsTerminal as _;
    if !(std::io::stdout().is_terminal() && std::io::stderr().is_terminal()) {
        return false;
    }
    #[cfg(unix)]
    {
        same_device().unwrap_or(true)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(unix)]
fn same_device() -> Option<bool> {
    use std::os::fd::AsFd as _;
    use std::os::unix::fs::MetadataExt as _;
    let device = |fd: std::os::fd::BorrowedFd<'_>| -> Option<u64> {
        let file = std::fs::File::from(fd.try_clone_to_owned().ok()?);
        Some(file.metadata().ok()?.rdev())
    };
    Some(device(std::io::stdout().as_fd())? == device(std::io::stderr().as_fd())?)
}

/// Runs `print` with the live line cleared, then draws it again: every line the command line
/// prints goes through here.
pub fn suspend<R>(print: impl FnOnce() -> R) -> R {
    let live = LIVE.lock().unwrap_or_else(PoisonError::into_inner).clone();
    match live {
        Some(bar) => bar.suspend(print),
        None => print(),
    }
}

/// The progress reporter of a command.
#[derive(Debug)]
pub struct Progress {
    shown: Shown,
    failing: AtomicUsize,
}

impl Progress {
    /// A reporter for `terminal`, or none when the line must not show.
    pub fn new(terminal: Terminal) -> Option<Progress> {
        Some(Progress {
            shown: terminal.shown()?,
            failing: AtomicUsize::new(0),
        })
    }

    fn start(&self, started: &Started) {
        let planned = u64::try_from(started.planned).unwrap_or(u64::MAX);
        let bar = if planned == 0 {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(spinner_style());
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            let bar = ProgressBar::with_draw_target(Some(planned), ProgressDrawTarget::stderr());
            bar.set_style(bar_style(self.shown));
            bar
        };
        bar.set_prefix(started.command);
        bar.set_message(self.message());
        let old = LIVE
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(bar);
        if let Some(old) = old {
            old.finish_and_clear();
        }
    }

    /// One more done. A failure is drawn at once, past the drawing rate: it is what the user
    /// watches for, and the count shown must reach the true one however fast the run ends.
    fn advance(&self, failing: bool) {
        let live = LIVE.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(bar) = &*live else {
            return;
        };
        bar.inc(1);
        if failing {
            self.failing.fetch_add(1, Ordering::Relaxed);
            bar.set_message(self.message());
            bar.force_draw();
        }
    }

    /// `3 failing`, in the failure colour unless `NO_COLOR`; empty while nothing failed.
    fn message(&self) -> String {
        match self.failing.load(Ordering::Relaxed) {
            0 => String::new(),
            n if self.shown == Shown::Coloured => {
                let red = anstyle::AnsiColor::Red.on_default().bold();
                format!("{red}{n} failing{red:#}")
            }
            n => format!("{n} failing"),
        }
    }
}

/// Clears the live line for good.
fn clear() {
    if let Some(bar) = LIVE.lock().unwrap_or_else(PoisonError::into_inner).take() {
        bar.finish_and_clear();
    }
}

impl Reporter for Progress {
    fn report(&self, event: &Event<'_>) {
        match event {
            Event::Started(started) => self.start(started),
            Event::Outcome(o) => self.advance(Status::of(&o.verdict).is_failing()),
            Event::Sent { .. } => self.advance(false),
            Event::Finished(_) | Event::Written(_) => clear(),
            Event::Note(_) | Event::Warning(_) | Event::Compared(_) => {}
        }
    }
}

impl Drop for Progress {
    /// A command that ends without [`Event::Finished`] (a probe, a stopped run) leaves no line.
    fn drop(&mut self) {
        clear();
    }
}

/// `run  [#######>------------]  412/1000  3 failing  00:12, 16s left`.
fn bar_template(shown: Shown) -> String {
    let bar = match shown {
        Shown::Coloured => "{bar:30.cyan/blue}",
        Shown::Plain => "{bar:30}",
    };
    format!("{{prefix}} [{bar}] {{pos:>5}}/{{len}}  {{msg}}  {{elapsed}}, {{eta}} left")
}

/// `proxy ⠙ 12 done  3 failing  40s`: for a session with no planned end.
const SPINNER_TEMPLATE: &str = "{prefix} {spinner} {pos} done  {msg}  {elapsed}";

fn bar_style(shown: Shown) -> ProgressStyle {
    ProgressStyle::with_template(&bar_template(shown))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("#>-")
}

fn spinner_style() -> ProgressStyle {
    ProgressStyle::with_template(SPINNER_TEMPLATE)
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terminal() -> Terminal {
        Terminal {
            stderr_is_terminal: true,
            ..Terminal::default()
        }
    }

    #[test]
    fn the_line_shows_only_on_an_unshared_terminal_outside_ci_when_not_quiet() {
        assert_eq!(terminal().shown(), Some(Shown::Coloured));
        let plain = Terminal {
            no_color: true,
            ..terminal()
        };
        assert_eq!(plain.shown(), Some(Shown::Plain));
        for off in [
            Terminal {
                stderr_is_terminal: false,
                ..terminal()
            },
            Terminal {
                shared: true,
                ..terminal()
            },
            Terminal {
                ci: true,
                ..terminal()
            },
            Terminal {
                quiet: true,
                ..terminal()
            },
        ] {
            assert_eq!(off.shown(), None, "{off:?}");
        }
    }

    #[test]
    fn the_failing_count_is_coloured_only_when_colour_is_on() {
        let coloured = Progress::new(terminal()).unwrap();
        coloured.failing.store(3, Ordering::Relaxed);
        assert!(
            coloured.message().contains("\u{1b}["),
            "{:?}",
            coloured.message()
        );
        let plain = Progress::new(Terminal {
            no_color: true,
            ..terminal()
        })
        .unwrap();
        assert_eq!(plain.message(), "");
        plain.failing.store(3, Ordering::Relaxed);
        assert_eq!(plain.message(), "3 failing");
    }

    #[test]
    fn the_templates_parse() {
        for shown in [Shown::Coloured, Shown::Plain] {
            let parsed = ProgressStyle::with_template(&bar_template(shown));
            assert!(parsed.is_ok(), "{:?}", parsed.err());
        }
        assert!(ProgressStyle::with_template(SPINNER_TEMPLATE).is_ok());
        assert!(ProgressStyle::with_template("{pos:x}").is_err());
    }
}
