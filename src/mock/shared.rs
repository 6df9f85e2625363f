//! What every handler of the mock shares: its configuration, its world behind one lock, and
//! the control plane. Below the handlers, the server and the admin routes alike.

use std::sync::Mutex;

use super::admin::Control;
use super::admin::journal::Record;
use super::config::MockConfig;
use super::{seed, state};

/// What every handler shares: the configuration, the one lock around the state, and the
/// control plane.
#[derive(Debug)]
pub(crate) struct Shared {
    /// Credentials, encryption keys, clock and limits.
    pub(crate) config: MockConfig,
    /// The mock's world.
    pub(crate) state: Mutex<state::State>,
    /// Clock, journal and faults (unused when `config.admin` is off).
    pub(crate) control: Control,
}

impl Shared {
    /// A fresh instance, seeded at the clock's current instant.
    pub(crate) fn new(config: MockConfig) -> Self {
        let (config, control) = Control::take_over(config);
        let state = seed::build(config.clock.now());
        Self {
            config,
            state: Mutex::new(state),
            control,
        }
    }

    pub(crate) fn record(&self, record: Record) {
        if self.config.admin {
            self.control.journal.record(record);
        }
    }
}
