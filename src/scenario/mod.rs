//! Scenarios (`cases/scenarios/<name>.yaml`): a lifecycle as ordered steps, each a request and
//! an expectation like a case, where a step may capture values from its answer for later steps
//! (`{{captured.NAME}}`).
//!
//! [`file`](mod@file) is the on-disk format (and, through schemars, its JSON Schema);
//! [`load_dir`] turns files into checked [`Scenario`]s, or one input error per bad file, with
//! its position. A scenario runs as one trial, `scenario::<id>`.

pub mod file;
mod load;
mod model;

pub use load::{DEFAULT_DIR, LoadedScenario, load_dir, load_file, load_str};
pub use model::{Capture, Captured, Scenario, Step};
