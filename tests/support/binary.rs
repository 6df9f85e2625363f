//! One way to start the binary from a test, so that no test depends on the developer's shell:
//! every `KONAPLATE_*` variable is cleared (a test sets the ones it means), colour is off,
//! standard input is closed, and a run that is not told where to write its reports writes
//! them under a temp dir the test holds, never into the repository's own `reports/`.

use std::io::BufRead as _;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tempfile::TempDir;

/// The binary under test.
pub const EXE: &str = env!("CARGO_BIN_EXE_konaplate-conformance");

/// How long a child may take to print its first line before the test gives up: a hang guard,
/// not a measurement.
pub const HANG_GUARD: Duration = Duration::from_secs(60);

/// The binary with a clean environment, and the temp dir that receives its reports unless the
/// test passes `--report-dir` or `--no-report` (keep it alive while the command runs).
pub fn command() -> (Command, TempDir) {
    let reports = tempfile::tempdir().unwrap();
    let mut command = Command::new(EXE);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("KONAPLATE_") {
            command.env_remove(name);
        }
    }
    command
        .env("NO_COLOR", "1")
        .env("KONAPLATE_REPORT_DIR", reports.path())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null());
    (command, reports)
}

/// `konaplate-conformance mock --listen 127.0.0.1:0 ARGS` as a child process, its URL read
/// from the banner it prints once it listens (the readiness event); killed on drop.
pub struct StandaloneMock {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    _reports: TempDir,
}

impl StandaloneMock {
    /// Starts it and waits for its banner.
    pub fn start(args: &[&str]) -> StandaloneMock {
        let (mut command, reports) = command();
        let mut child = command
            .args(["mock", "--listen", "127.0.0.1:0"])
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (sender, banner) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = std::io::BufReader::new(stderr).read_line(&mut line);
            let _ = sender.send(line);
        });
        let mut mock = StandaloneMock {
            child,
            url: String::new(),
            _reports: reports,
        };
        let line = banner.recv_timeout(HANG_GUARD).expect("the mock starts");
        mock.url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        mock
    }

    /// `POST /__admin/reset`: the mock forgets what earlier runs changed.
    pub fn reset(&self) {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let url = format!("{}/__admin/reset", self.url);
        let status = rt
            .block_on(
                reqwest::Client::new()
                    .post(url)
                    .header("Content-Type", "application/json")
                    .send(),
            )
            .unwrap()
            .status();
        assert!(status.is_success(), "{status}");
    }
}

impl Drop for StandaloneMock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
