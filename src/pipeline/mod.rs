//! The run as a library: load → plan → run (send, judge) → report, one stage function per
//! step and plain data between them.
//!
//! [`run()`](run::run) is what `konaplate-conformance run` and the `tests/conformance.rs`
//! harness do; `cli` only turns flags into [`Options`] and the [`Ended`] run (or the
//! [`Stopped`] one) into an exit code. What a run tells the world goes as typed events to the
//! reporters the caller gives ([`crate::report::Reporters`]; the console is one), so nothing
//! here writes to the terminal itself.

mod inputs;
mod options;
pub mod probe;
mod provenance;
pub mod proxy;
mod proxy_session;
pub mod replay;
mod replay_script;
pub mod run;
pub mod sources;
mod target;
mod trials;
mod warm;
mod wrapped;

pub use crate::run::http::is_loopback;
pub use inputs::{Inputs, load};
pub use options::{Options, Stop, Stopped, project_path};
pub use proxy::ProxyOptions;
pub use run::{Ended, run};
pub use sources::{Loaded, Purpose, Sources, refuse_placeholders};
pub use target::Target;
pub use trials::Trials;
pub use wrapped::Exited;
