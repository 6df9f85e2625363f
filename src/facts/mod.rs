//! The fact ledger: every fact the vendor pages state (fields, headers, Response Code rows,
//! Test Data items, Encrypted flags, lifecycle rules), each with a stable id and its source,
//! derived from the spec, which is the single source: a fact missing from the spec is missing
//! from the ledger. `konaplate-conformance facts` lists it.
//!
//! What the spec marks as our inference (`x-provenance: inferred`, `x-inferred`, an `unknown`
//! flag) is not a fact: a check resting on it names its assumption instead (docs/verdicts.md).

mod answers;
mod build;
mod encryption;
mod fact;
mod fields;
mod headers;
mod ledger;
mod lifecycle;
mod lookup;
mod provenance;
mod render;

pub use answers::test_data_subject;
pub use fact::{About, Aspect, Fact, Kind, Side, Source, field_subject, header_subject, id};
pub use fields::documented_answers;
pub use ledger::{Counts, Ledger};
pub use lookup::{aspect_of_keyword, field_path};
pub use render::{json, summary, text};
