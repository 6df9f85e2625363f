//! Fault injection: the harness catches every mutation of the reference mock's answers.

#[path = "../support/mod.rs"]
mod support;

mod fault_injection;
