//! KONA PLATE conformance harness.
