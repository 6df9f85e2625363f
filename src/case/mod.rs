//! Case files (`cases/<operation>.yaml`): one case per documented Test Data item.
//!
//! [`file`](mod@file) is the on-disk format (and, through schemars, its JSON Schema); [`load_file`] turns
//! files into checked [`Case`]s with every variable substituted, or errors with positions.

pub(crate) mod demands;
pub mod file;
pub(crate) mod grounds;
mod load;
mod model;
pub(crate) mod parts;
pub mod vars;

pub use crate::expect::Expect;
pub use load::{LoadedFile, load_dir, load_file, load_str};
pub use model::{Body, Case, IdAt, Origin, Request};
