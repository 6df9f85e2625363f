//! The control plane's state: the steerable clock, the journal, the pending faults and the
//! masker of the journal. Plain data the shared state holds; the routes act on it.

use std::sync::Arc;

use super::clock::SteerableClock;
use super::{faults, journal};
use crate::mask::Masker;
use crate::mock::config::MockConfig;

/// The control plane's state.
#[derive(Debug)]
pub(crate) struct Control {
    /// The clock every rule reads (it wraps the configured one).
    pub(crate) clock: Arc<SteerableClock>,
    /// The last requests and answers.
    pub(crate) journal: journal::Journal,
    /// Pending faults.
    pub(crate) faults: faults::Faults,
    /// Masks the journal on its way out: the mock's own credentials plus card shapes.
    pub(crate) masker: Masker,
}

impl Control {
    /// The plane for `config`, whose clock it takes over (the returned config reads the
    /// steerable clock).
    pub(crate) fn take_over(mut config: MockConfig) -> (MockConfig, Self) {
        let clock = Arc::new(SteerableClock::new(config.clock.clone()));
        config.clock = clock.clone();
        let mut secrets = vec![config.access_key.clone(), config.secret_key.clone()];
        secrets.extend(config.crypto.as_ref().map(|crypto| crypto.key_id.clone()));
        let control = Self {
            clock,
            journal: journal::Journal::new(config.journal_limit),
            faults: faults::Faults::default(),
            masker: Masker::new(secrets),
        };
        (config, control)
    }
}
