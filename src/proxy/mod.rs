//! A validating, recording proxy between a team's client and any server (the sandbox, the
//! reference mock): `konaplate-conformance proxy --listen ADDR --upstream URL`.
//!
//! The harness checks servers; this checks clients, with the same contract. Each exchange is
//! passed through unchanged (`forward`: the same body bytes and headers both ways, but for
//! hop-by-hop headers and `Host`), then judged on both sides (`inspect`): the request as the
//! vendor would check it ([`crate::check::request`]), the answer as `run` judges one
//! ([`crate::check::judge`]). One masked line per exchange and a summary (`console`); with a
//! record directory, the masked exchanges and draft case files (`record`, `draft`). Each
//! exchange also goes to the configured reporters as the run's outcome (`outcome`), and what
//! the client sent is tallied for its coverage (`coverage`); a correlation id reused across
//! requests is remembered (`history`).
//!
//! Network code, like [`crate::run`]: it may use the checks, the loaders' types and the
//! reports' masking, and nothing but the command line uses it.

mod console;
mod coverage;
mod draft;
mod forward;
mod history;
mod inspect;
pub mod outcome;
mod record;
mod serve;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

pub use console::Summary;
pub use history::HISTORY_LIMIT;
pub use inspect::{Finding, Inspected, Side, TRANSPORT};
pub use record::{CASES, EXCHANGES};
pub use serve::{Proxy, SEEN_LIMIT};

use crate::jwe::PrivateKey;
use crate::mask::Masker;
use crate::profile::{Profile, Secrets};
use crate::report::Reporters;
use crate::spec::Spec;

/// Where each exchange's line goes (a terminal, a test's buffer).
pub type Sink = Arc<dyn Fn(&str) + Send + Sync>;

/// What a proxy needs.
pub struct Config {
    /// The contract.
    pub spec: Arc<Spec>,
    /// The target profile: the client's registration, encryption, the client private key.
    pub profile: Arc<Profile>,
    /// The client's credentials, from the environment as `run` reads them.
    pub secrets: Secrets,
    /// The server's private key, to open encrypted requests (without it they are not read).
    pub server_key: Option<PrivateKey>,
    /// Base URL of the server the requests go to.
    pub upstream: String,
    /// Where to record exchanges and draft cases, if anywhere.
    pub record: Option<PathBuf>,
    /// How long the upstream may take to answer in full.
    pub timeout: Duration,
    /// Largest body read, either way.
    pub body_cap: usize,
    /// Failed assumptions and undeclared answer fields fail an exchange (`--fail-on any`).
    pub strict: bool,
    /// Who hears of each exchange, as the run's [`Outcome`](crate::outcome::Outcome)
    /// ([`outcome`]): a session's report files, say. None: the lines only.
    pub reporters: Reporters,
}

impl Config {
    /// The one masker: card data by name and shape; the credentials, those in the upstream
    /// URL and the key material of key variables, verbatim (as `run`'s).
    pub fn masker(&self) -> Masker {
        crate::profile::masker(&[(&self.secrets, &self.profile)], Some(&self.upstream))
    }
}

/// One exchange as the proxy saw it, masked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    /// 1, 2, … in the order exchanges ended.
    pub seq: u64,
    /// The console line.
    pub line: String,
    /// The operation the path names.
    pub operation: Option<String>,
    /// The answer's status.
    pub status: Option<u16>,
    /// The answer's result code.
    pub code: Option<String>,
    /// The findings.
    pub findings: Vec<Finding>,
    /// What was not inspected, warnings.
    pub notes: Vec<String>,
}

impl Seen {
    fn new(seq: u64, line: String, i: Inspected) -> Seen {
        Seen {
            seq,
            line,
            operation: i.operation,
            status: i.status,
            code: i.code,
            findings: i.findings,
            notes: i.notes,
        }
    }

    /// The kinds of its findings, in order.
    pub fn kinds(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.kind.as_str()).collect()
    }
}
