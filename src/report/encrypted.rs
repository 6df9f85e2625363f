//! How many of a run's exchanges travelled as JWE: the `Encryption` row of `summary.md`,
//! counted as the outcomes come, so that a passing case need not keep its exchange for it.

use crate::outcome::Outcome;

/// How many of a run's exchanges travelled as JWE, counted as the outcomes come, so that the
/// summary's `Encryption` row needs no passing case's exchange at the end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Encrypted {
    /// Outcomes with an exchange.
    pub exchanges: usize,
    /// Those with either body encrypted.
    pub either: usize,
    /// Those whose request was encrypted.
    pub requests: usize,
    /// Those whose answer was encrypted.
    pub answers: usize,
}

impl Encrypted {
    /// The tally of these outcomes.
    pub fn of(outcomes: &[Outcome]) -> Encrypted {
        let mut e = Encrypted::default();
        outcomes.iter().for_each(|o| e.add(o));
        e
    }

    /// Counts one outcome's exchange, if it has one.
    pub fn add(&mut self, o: &Outcome) {
        let Some(x) = &o.exchange else { return };
        self.exchanges += 1;
        self.either += usize::from(x.encryption.any());
        self.requests += usize::from(x.encryption.request);
        self.answers += usize::from(x.encryption.response);
    }

    /// The summary's line, or `None` when nothing was encrypted.
    pub fn line(&self) -> Option<String> {
        if self.either == 0 {
            return None;
        }
        let (requests, answers) = (self.requests, self.answers);
        Some(format!(
            "JWE on {} of {} exchanges: {requests} request{}, {answers} answer{} \
             (bodies shown decrypted)",
            self.either,
            self.exchanges,
            if requests == 1 { "" } else { "s" },
            if answers == 1 { "" } else { "s" },
        ))
    }
}
