//! Expectations: what a case (or a step of a scenario) says must come back, with its body
//! pattern compiled once at load.
//!
//! Plain data below both the loader, which builds it, and the checks, which judge answers
//! against it, so neither imports the other.

mod model;
mod pattern;

pub use model::{Expect, Grounds};
pub use pattern::Pattern;
