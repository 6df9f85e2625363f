//! Client coverage: which request fields and headers a client ever sent, counted as exchanges
//! pass ([`Tally`]), laid over what the pages document (the fact ledger's presence facts) at
//! the end of a session ([`Tally::coverage`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::inspect::{Captured, Inspected};
use crate::client_coverage::{ClientCoverage, ClientOperation, Sent, UNDOCUMENTED};
use crate::facts::{Kind, Ledger};
use crate::spec::Spec;

/// The prefix of the vendor's own headers: an undocumented one the client sends is listed.
const VENDOR_HEADER: &str = "x-km-";

/// What the client sent, so far.
#[derive(Debug, Default)]
pub struct Tally {
    operations: BTreeMap<String, Sending>,
    unmatched: usize,
}

/// What the client sent to one operation.
#[derive(Debug, Default)]
struct Sending {
    exchanges: usize,
    /// By dotted path.
    fields: BTreeMap<String, usize>,
    /// By lowercased name.
    headers: BTreeMap<String, usize>,
}

impl Tally {
    /// Counts one exchange.
    pub fn add(&mut self, c: &Captured, i: &Inspected) {
        let Some(op) = &i.operation else {
            self.unmatched += 1;
            return;
        };
        let sending = self.operations.entry(op.clone()).or_default();
        sending.exchanges += 1;
        let mut fields = BTreeSet::new();
        if let Some(json) = &i.request_json {
            paths(json, "", &mut fields);
        }
        for f in fields {
            *sending.fields.entry(f).or_default() += 1;
        }
        let headers: BTreeSet<String> = c
            .headers
            .iter()
            .map(|(n, _)| n.to_ascii_lowercase())
            .collect();
        for h in headers {
            *sending.headers.entry(h).or_default() += 1;
        }
    }

    /// The coverage: per operation of `spec`, each documented request field and header (its
    /// page's mark, how often sent), then the undocumented ones sent.
    pub fn coverage(&self, spec: &Spec, ledger: &Ledger) -> ClientCoverage {
        let none = Sending::default();
        let operations = spec
            .operations
            .iter()
            .map(|op| {
                let sending = self.operations.get(&op.id).unwrap_or(&none);
                let documented = |kind, prefix| documented(ledger, &op.id, kind, prefix);
                let fields = laid_over(
                    documented(Kind::Field, "request."),
                    &sending.fields,
                    str::to_string,
                    |_| true,
                );
                let headers = laid_over(
                    documented(Kind::Header, "requestHeader."),
                    &sending.headers,
                    str::to_ascii_lowercase,
                    |name| name.starts_with(VENDOR_HEADER),
                );
                ClientOperation {
                    operation: op.id.clone(),
                    exchanges: sending.exchanges,
                    fields,
                    headers,
                }
            })
            .collect();
        ClientCoverage {
            operations,
            unmatched: self.unmatched,
        }
    }
}

/// The request fields (or headers) of `operation` a page marks, with the mark, in ledger order.
fn documented(ledger: &Ledger, operation: &str, kind: Kind, prefix: &str) -> Vec<(String, String)> {
    ledger
        .of_operation(operation)
        .filter(|f| f.kind == kind && f.aspect.is_some_and(|a| a.is_presence()))
        .filter_map(|f| {
            let name = f.subject.strip_prefix(prefix)?;
            Some((name.to_string(), f.aspect?.name().to_string()))
        })
        .collect()
}

/// The documented names with how often each was sent (a name as `fold` makes it, as the tally
/// keeps it), then the undocumented names sent that `listed` keeps.
fn laid_over(
    documented: Vec<(String, String)>,
    sent: &BTreeMap<String, usize>,
    fold: fn(&str) -> String,
    listed: impl Fn(&str) -> bool,
) -> Vec<Sent> {
    let keys: BTreeSet<String> = documented.iter().map(|(n, _)| fold(n)).collect();
    let mut out: Vec<Sent> = documented
        .into_iter()
        .map(|(name, mark)| Sent {
            sent: sent.get(&fold(&name)).copied().unwrap_or(0),
            name,
            mark,
        })
        .collect();
    out.extend(
        sent.iter()
            .filter(|(name, _)| !keys.contains(*name) && listed(name))
            .map(|(name, n)| Sent {
                name: name.clone(),
                mark: UNDOCUMENTED.to_string(),
                sent: *n,
            }),
    );
    out
}

/// Every field path of a request body: objects add a segment, array items none (as the fact
/// ids name them).
fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                paths(child, &path, out);
                out.insert(path);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| paths(item, prefix, out)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_fields_are_dotted_and_array_items_add_no_segment() {
        let mut out = BTreeSet::new();
        paths(
            &json!({"userInfo": {"userId": 1}, "list": [{"a": 1}, {"b": 2}]}),
            "",
            &mut out,
        );
        let got: Vec<&str> = out.iter().map(String::as_str).collect();
        assert_eq!(
            got,
            ["list", "list.a", "list.b", "userInfo", "userInfo.userId"]
        );
    }

    #[test]
    fn documented_names_come_first_then_the_undocumented_ones_listed() {
        let documented = vec![
            ("X-KM-Tran-Token".to_string(), "required".to_string()),
            ("X-KM-Crypto-Key-Id".to_string(), "conditional".to_string()),
        ];
        let sent = BTreeMap::from([
            ("x-km-tran-token".to_string(), 3),
            ("x-km-debug".to_string(), 1),
            ("user-agent".to_string(), 3),
        ]);
        let out = laid_over(documented, &sent, str::to_ascii_lowercase, |n| {
            n.starts_with(VENDOR_HEADER)
        });
        let got: Vec<(&str, &str, usize)> = out
            .iter()
            .map(|s| (s.name.as_str(), s.mark.as_str(), s.sent))
            .collect();
        assert_eq!(
            got,
            [
                ("X-KM-Tran-Token", "required", 3),
                ("X-KM-Crypto-Key-Id", "conditional", 0),
                ("x-km-debug", UNDOCUMENTED, 1),
            ]
        );
    }
}
