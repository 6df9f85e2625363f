//! The API contract: the OpenAPI 3.1 document of the five KONA PLATE operations.
//!
//! [`load`] reads the document, [`Spec`] exposes its operations, error catalogue and Test Data
//! labels, and [`schema`] compiles the request and response schemas once per operation.

pub mod extensions;
mod load;
mod model;
pub mod protocol;
pub mod provenance;
mod ref_cycle;
pub mod schema;
mod typed;

pub use load::{DEFAULT_SPEC_PATH, load, load_str};
pub use model::{Encryption, ErrorCode, Operation, Spec, TestData};
