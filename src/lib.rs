//! KONA PLATE conformance harness.

pub mod mock;
