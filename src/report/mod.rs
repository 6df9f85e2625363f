//! Reports: the console message of a failing trial, and the files of a run.

pub mod console;
