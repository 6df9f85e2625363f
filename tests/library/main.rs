//! Tests of the library in process: loading, the contract, checks, reports, masking, JWE.

#[path = "../support/mod.rs"]
mod support;

mod bad_input_fuzz;
mod captures;
mod case_load;
mod case_schema;
mod checks;
mod declared_401;
mod fact_checks;
mod facts;
mod fn_length;
mod front_door;
mod import_graph;
mod jwe_client;
mod jwe_interop;
mod jwe_reports;
mod mask_fuzz;
mod report_baseline;
mod report_fixtures;
mod report_html;
mod report_leak;
mod report_render;
mod report_safety;
mod report_sink;
mod report_stream;
mod report_verdicts;
mod report_write;
mod source;
mod spec;
mod spec_tools;
mod stage_rules;
mod task_files;
