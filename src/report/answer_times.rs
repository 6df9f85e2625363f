//! How long a run's answers took, by operation: every answered exchange's time, and how many
//! requests got no answer. Taken as the outcomes come (as [`super::encrypted`] counts them),
//! so that a passing case need not keep its exchange for `report.html`'s timing picture.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::outcome::Outcome;

/// One operation's answer times.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationTimes {
    /// Each answered exchange's `elapsed` (sending to the end of the body), in arrival order.
    pub answered: Vec<Duration>,
    /// Exchanges that got no answer (a timeout, a refused connection).
    pub unanswered: usize,
}

/// A run's answer times, by operation id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerTimes(pub BTreeMap<String, OperationTimes>);

impl AnswerTimes {
    /// The answer times of these outcomes.
    pub fn of(outcomes: &[Outcome]) -> AnswerTimes {
        let mut t = AnswerTimes::default();
        outcomes.iter().for_each(|o| t.add(o));
        t
    }

    /// Takes an outcome's exchange and those of its steps (a scenario's).
    pub fn add(&mut self, o: &Outcome) {
        if let Some(x) = &o.exchange {
            let times = self.0.entry(o.operation.clone()).or_default();
            match x.response {
                Some(_) => times.answered.push(x.elapsed),
                None => times.unanswered += 1,
            }
        }
        o.steps.iter().for_each(|s| self.add(s));
    }

    /// One operation's, if it had any exchange.
    pub fn get(&self, operation: &str) -> Option<&OperationTimes> {
        self.0.get(operation)
    }
}
