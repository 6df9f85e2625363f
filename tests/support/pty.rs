//! The binary on a pseudo-terminal: `script(1)` (util-linux, in every Debian install) gives the
//! command a terminal of known size and copies what it draws there, escape sequences and all,
//! so a test sees exactly what a person would. Standard output can stay on that terminal or go
//! to a file, as `run > out.txt` sends it.

use std::path::Path;
use std::process::{Command, Stdio};

/// Where the command's standard output goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stdout {
    /// The same terminal as standard error.
    Terminal,
    /// A file (`> out.txt`): standard error alone is on the terminal.
    File,
}

/// What a command on a terminal left.
#[derive(Debug)]
pub struct OnTerminal {
    /// Everything written to the terminal (standard error, and standard output when it stayed).
    pub terminal: String,
    /// The file standard output went to (empty when it stayed on the terminal).
    pub stdout: String,
    /// The command's exit code (`script -e` returns it).
    pub code: Option<i32>,
}

/// `s` as one shell word.
fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

/// Runs the binary with `args` on a 120×40 terminal with `TERM=xterm-256color`, the
/// environment cleaned as [`super::binary::command`] cleans it but with colour left to `env`.
pub fn on_terminal(args: &[&str], env: &[(&str, &str)], stdout: Stdout) -> OnTerminal {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stdout");
    let mut line = format!("stty cols 120 rows 40; exec {}", quoted(super::binary::EXE));
    for a in args {
        line.push(' ');
        line.push_str(&quoted(a));
    }
    if stdout == Stdout::File {
        line.push_str(" > ");
        line.push_str(&quoted(&out.display().to_string()));
    }
    let (inner, _reports) = super::binary::command();
    let mut command = Command::new("script");
    command
        .args(["--quiet", "--return", "--command", &line, "/dev/null"])
        .env_clear()
        .envs(inner.get_envs().filter_map(|(k, v)| Some((k, v?))))
        .env_remove("NO_COLOR")
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("TERM", "xterm-256color")
        .envs(env.iter().copied())
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .stdin(Stdio::null());
    let ran = command
        .output()
        .unwrap_or_else(|e| panic!("cannot start script(1) from util-linux: {e}"));
    OnTerminal {
        terminal: String::from_utf8_lossy(&ran.stdout).into_owned(),
        stdout: std::fs::read_to_string(&out).unwrap_or_default(),
        code: ran.status.code(),
    }
}
