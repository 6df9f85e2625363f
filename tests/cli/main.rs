//! Tests of the binary end to end: flags, exit codes, bad input, hostile targets, suites,
//! verdicts, and working against a sandbox (probe, replay, retries and rate).

#[path = "../support/mod.rs"]
mod support;

mod bad_input;
mod card_breaks;
mod card_shapes;
mod cli;
mod completions;
mod diff_card_shapes;
mod doc_figures;
mod explore;
mod explore_card_shapes;
mod explore_independent;
mod fact_coverage;
mod facts_cli;
mod first_run;
mod generate_cli;
mod help;
mod hostile_inputs;
mod hostile_targets;
mod jwe_suite;
mod mask_attacks;
mod optional_fields;
mod probe;
mod progress;
mod provenance_digests;
mod proxy_card_shapes;
mod replay_script;
mod report_html_browser;
mod sandbox_retries;
mod scenarios;
mod script_attacks;
mod terminal_safety;
mod verdicts;
