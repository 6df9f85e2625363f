//! Every report file of a run, registered once. A new format is its file (a type that
//! implements [`Format`](super::format::Format)) and one line here; both writers, the final guard and `latest/` pick
//! it up (docs/architecture.md, "Adding a report format").

use std::sync::Arc;

use super::format::Formats;
use super::{diffs, drift, html, json, junit, summary};

impl Formats {
    /// The formats of every run directory, in the order their files are listed.
    pub fn standard() -> Formats {
        Formats::new(vec![
            Arc::new(summary::Summary),
            Arc::new(junit::Junit),
            Arc::new(json::Json),
            Arc::new(html::Html),
            Arc::new(diffs::Diffs),
            Arc::new(drift::DriftFiles),
        ])
    }
}
