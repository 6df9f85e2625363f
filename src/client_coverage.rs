//! What a client showed of itself in a proxy session: per operation, how many exchanges it
//! made, and which documented request fields and headers it ever sent (and which undocumented
//! ones). The documented answers it received are the session's coverage matrix
//! ([`crate::report::code_matrix`], each exchange counted under the code it got).
//!
//! Plain data below both the proxy (which fills it from the fact ledger) and `report` (which
//! renders it), so that neither imports the other.

use serde::{Deserialize, Serialize};

/// The request side of a client, as a proxy session saw it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCoverage {
    /// One entry per operation of the spec, in the spec's order.
    pub operations: Vec<ClientOperation>,
    /// Exchanges whose path names no operation (passed through unchecked).
    pub unmatched: usize,
}

/// One operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientOperation {
    /// `operationId`.
    pub operation: String,
    /// How many requests the client sent to it.
    pub exchanges: usize,
    /// The request body fields: every documented one (sent or not), then those sent that no
    /// page documents. A field's name is its dotted path, array items adding no segment.
    pub fields: Vec<Sent>,
    /// The request headers: every documented one, then the `X-KM-*` ones sent that no page
    /// documents.
    pub headers: Vec<Sent>,
}

/// A field or header and how often the client sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    /// The dotted field path, or the header name as the pages spell it.
    pub name: String,
    /// `required`, `optional` or `conditional` as the page marks it; `undocumented` when no
    /// page lists it.
    pub mark: String,
    /// In how many requests it was present (for an encrypted body: when it could be opened).
    pub sent: usize,
}

/// The mark of a field or header no page lists.
pub const UNDOCUMENTED: &str = "undocumented";

impl Sent {
    /// Whether a page lists it.
    pub fn documented(&self) -> bool {
        self.mark != UNDOCUMENTED
    }
}

impl ClientCoverage {
    /// `(sent, documented)` over the documented fields of every operation.
    pub fn fields(&self) -> (usize, usize) {
        count(self.operations.iter().flat_map(|o| &o.fields))
    }

    /// `(sent, documented)` over the documented headers of every operation.
    pub fn headers(&self) -> (usize, usize) {
        count(self.operations.iter().flat_map(|o| &o.headers))
    }

    /// `12 of 17 documented request fields and 38 of 40 documented request headers sent (in
    /// 9 exchanges)`.
    pub fn line(&self) -> String {
        let (fields, all_fields) = self.fields();
        let (headers, all_headers) = self.headers();
        let exchanges: usize = self.operations.iter().map(|o| o.exchanges).sum();
        format!(
            "{fields} of {all_fields} documented request fields and {headers} of {all_headers} \
             documented request headers sent (in {exchanges} exchange{} to the operations)",
            if exchanges == 1 { "" } else { "s" }
        )
    }

    /// The same coverage with every name passed through `f` (the masker: an undocumented
    /// name came from the client).
    pub fn map_names(&self, f: impl Fn(&str) -> String) -> ClientCoverage {
        let names = |list: &[Sent]| -> Vec<Sent> {
            list.iter()
                .map(|s| Sent {
                    name: f(&s.name),
                    ..s.clone()
                })
                .collect()
        };
        ClientCoverage {
            operations: self
                .operations
                .iter()
                .map(|o| ClientOperation {
                    operation: f(&o.operation),
                    exchanges: o.exchanges,
                    fields: names(&o.fields),
                    headers: names(&o.headers),
                })
                .collect(),
            unmatched: self.unmatched,
        }
    }
}

fn count<'a>(list: impl Iterator<Item = &'a Sent>) -> (usize, usize) {
    let documented: Vec<&Sent> = list.filter(|s| s.documented()).collect();
    let sent = documented.iter().filter(|s| s.sent > 0).count();
    (sent, documented.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(name: &str, mark: &str, n: usize) -> Sent {
        Sent {
            name: name.into(),
            mark: mark.into(),
            sent: n,
        }
    }

    #[test]
    fn the_line_counts_only_documented_names_sent_at_least_once() {
        let c = ClientCoverage {
            operations: vec![ClientOperation {
                operation: "cardStatusChange".into(),
                exchanges: 2,
                fields: vec![
                    sent("userId", "required", 2),
                    sent("reason", "optional", 0),
                    sent("extra", UNDOCUMENTED, 1),
                ],
                headers: vec![sent("X-KM-Tran-Token", "required", 2)],
            }],
            unmatched: 0,
        };
        assert_eq!((c.fields(), c.headers()), ((1, 2), (1, 1)));
        assert_eq!(
            c.line(),
            "1 of 2 documented request fields and 1 of 1 documented request headers sent (in 2 \
             exchanges to the operations)"
        );
        let masked = c.map_names(|s| s.replace("extra", "…"));
        assert_eq!(masked.operations[0].fields[2].name, "…");
    }
}
