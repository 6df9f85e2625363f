//! The API contract: the OpenAPI 3.1 document of the five KONA PLATE operations.
//!
//! [`load`] reads the document, [`Spec`] exposes its operations, error catalogue and Test Data
//! labels, and [`schema`] compiles the request and response schemas once per operation.

pub mod extensions;
mod load;
mod model;
pub mod pointer;
pub mod protocol;
pub mod provenance;
mod ref_cycle;
mod response_headers;
pub mod schema;
mod typed;

pub use load::{DEFAULT_SPEC_PATH, Validators, load, load_str, load_str_with, load_with};
pub use model::{Encryption, ErrorCode, Operation, Spec, TestData};
pub use pointer::follow_refs;
pub use response_headers::{DeclaredHeader, ResponseHeaders};
