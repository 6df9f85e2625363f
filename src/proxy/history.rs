//! What the proxy remembers across exchanges: the correlation ids the client's requests
//! carried, so a request that reuses one is a finding. The pages define the header's format,
//! not its uniqueness; the vendor keeps it as the transaction id, so a reused one rests on the
//! `correlation-id-unique` assumption.

use std::collections::{HashMap, VecDeque};

use crate::assumption::Assumption;
use crate::check::header;
use crate::outcome::{CheckKind, Failure, Said};
use crate::spec::protocol::header as names;

/// How many ids are remembered (the oldest forgotten first): a proxy may run for days.
pub const HISTORY_LIMIT: usize = 100_000;

/// The correlation ids seen, with the exchange that first carried each.
#[derive(Debug, Default)]
pub struct History {
    first: HashMap<String, u64>,
    order: VecDeque<String>,
}

impl History {
    /// Remembers the correlation id of exchange `seq`; a finding when an earlier request
    /// carried it.
    pub fn check(&mut self, seq: u64, headers: &[(String, String)]) -> Option<Failure> {
        let id = header(headers, names::CORRELATION_ID)?;
        if let Some(first) = self.first.get(id) {
            let failure = Failure::new(
                CheckKind::RequestHeader,
                names::CORRELATION_ID,
                "a correlation id no earlier request carried",
                Said::words(format!("the id of exchange #{first}")),
            );
            return Some(failure.assuming(Some(Assumption::CorrelationIdUnique)));
        }
        if self.order.len() == HISTORY_LIMIT
            && let Some(old) = self.order.pop_front()
        {
            self.first.remove(&old);
        }
        self.first.insert(id.to_string(), seq);
        self.order.push_back(id.to_string());
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(id: &str) -> Vec<(String, String)> {
        vec![("x-km-correlation-id".to_string(), id.to_string())]
    }

    #[test]
    fn a_reused_id_names_the_first_exchange_and_its_assumption() {
        let mut h = History::default();
        assert_eq!(h.check(1, &headers("260310120000-0000001")), None);
        assert_eq!(h.check(2, &headers("260310120000-0000002")), None);
        let reused = h.check(3, &headers("260310120000-0000001")).unwrap();
        assert_eq!(reused.actual, "the id of exchange #1");
        assert_eq!(reused.basis(), "inferred: correlation-id-unique");
        assert_eq!(h.check(4, &[]), None);
    }
}
