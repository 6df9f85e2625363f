//! The client's test command a proxy session wraps (`proxy … -- <command>`): started with the
//! proxy's base URL in one environment variable and the rest of the environment unchanged,
//! its standard streams the proxy's own, and waited for. A command still running when the
//! session ends another way is killed with it.

use std::fmt;

use tokio::process::{Child, Command};

/// A running client command.
#[derive(Debug)]
pub struct Client {
    child: Child,
}

/// What became of the client command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Exited {
    /// It exited with this code (128 + the signal's number when a signal ended it).
    Code(i32),
    /// It could not be started, or waited for: why.
    NotStarted(String),
    /// The session ended first, and stopped it.
    Stopped,
}

impl fmt::Display for Exited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exited::Code(code) => write!(f, "the client command exited with code {code}"),
            Exited::NotStarted(why) => write!(f, "the client command did not run: {why}"),
            Exited::Stopped => f.write_str("the client command was stopped with the session"),
        }
    }
}

impl Client {
    /// Starts `command` (program and arguments) with `var` set to `url`.
    pub fn start(command: &[String], var: &str, url: &str) -> Result<Client, String> {
        let (program, args) = command
            .split_first()
            .ok_or_else(|| "no command given after `--`".to_string())?;
        let child = Command::new(program)
            .args(args)
            .env(var, url)
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start `{program}`: {e}"))?;
        Ok(Client { child })
    }

    /// Waits for the command to exit.
    pub async fn wait(&mut self) -> Exited {
        match self.child.wait().await {
            Ok(status) => Exited::Code(code(status)),
            Err(e) => Exited::NotStarted(format!("cannot wait for it: {e}")),
        }
    }
}

/// The exit code, as a shell reports it: 128 + the signal's number for a command a signal
/// ended.
fn code(status: std::process::ExitStatus) -> i32 {
    if let Some(code) = status.code() {
        return code;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        if let Some(signal) = status.signal() {
            return 128 + signal;
        }
    }
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_command_sees_the_url_and_its_code_comes_back() {
        let command = [
            "sh",
            "-c",
            "test \"$THE_URL\" = http://127.0.0.1:1 && exit 7",
        ]
        .map(String::from);
        let mut client = Client::start(&command, "THE_URL", "http://127.0.0.1:1").unwrap();
        assert_eq!(client.wait().await, Exited::Code(7));
        let mut other = Client::start(&command, "OTHER_URL", "http://127.0.0.1:1").unwrap();
        assert_eq!(other.wait().await, Exited::Code(1));
    }

    #[test]
    fn a_missing_program_is_said_not_panicked() {
        let rt = tokio::runtime::Runtime::new().unwrap();
        let _guard = rt.enter();
        let command = ["./no-such-client-command".to_string()];
        let e = Client::start(&command, "X", "u").unwrap_err();
        assert!(
            e.starts_with("cannot start `./no-such-client-command`"),
            "{e}"
        );
    }
}
