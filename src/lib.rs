//! Contract tests and conformance checks for the KONA PLATE card-service Open API.
//!
//! Use it to verify the vendor sandbox against its documentation, as a regression gate in CI,
//! or to certify an in-house mock (this crate ships a reference one, [`mock`]). Not a load
//! tester and not a client library.
//!
//! The pipeline is plain data flowing one way, and is a library module of its own
//! ([`pipeline`]); [`cli`] only turns flags into its options and its result into an exit code:
//!
//! ```text
//! specs/*.openapi.yaml ─┐
//! cases/*.yaml ─────────┤
//! cases/scenarios/ ─────┼─ load ─▶ plan ─▶ run: send ─▶ judge ─▶ report
//! cases/targets/*.yaml ─┘  (Inputs) (Planned) (Exchange) (Verdict)  (Outcome → files)
//!                             └─ generate (negative and boundary cases) ─┘
//! ```
//!
//! A [`scenario`] is a lifecycle: its steps are sent and judged in order, each like a case,
//! with values captured from one answer resolved into the next request just before it is sent.
//!
//! [`explore`] plays random lifecycles on a target and on the reference mock (the oracle) and
//! reports where they diverge, shrunk to a small sequence.
//!
//! Stages import each other one way only (docs/stage-rules.json, enforced by
//! `tests/library/stage_rules.rs`): [`expect`]ations, [`constraint_coverage`] and
//! [`client_coverage`] types and the protocol's header names ([`spec::protocol`]) sit below the
//! stages that share them. Only [`run`] touches the network, with the [`proxy`] that checks a
//! client's traffic; only [`report`], [`cli`], [`mock`] and the proxy's recording do other I/O
//! ([`profile`] and [`run`] also read the key files of message encryption, [`jwe`]; a proxy
//! session in [`pipeline`] starts the client command it wraps).

pub mod assumption;
pub mod case;
pub mod check;
pub mod cli;
pub mod client_coverage;
pub mod constraint_coverage;
pub mod contract;
pub mod diff;
pub mod error;
pub mod expect;
pub mod explore;
pub mod facts;
pub mod generate;
pub mod ids;
pub mod input_file;
pub mod jwe;
pub mod key_var;
pub mod lint;
pub mod mask;
pub mod mock;
pub mod outcome;
pub mod parallel;
pub mod pipeline;
pub mod plan;
pub mod profile;
pub mod provenance;
pub mod proxy;
pub mod report;
pub mod run;
pub mod scenario;
pub mod spec;
pub mod yaml;

/// The JSON Schema of the case-file format, pretty-printed with a final newline.
pub fn case_schema() -> String {
    let schema = schemars::schema_for!(case::file::CaseFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}

/// The JSON Schema of the scenario-file format, pretty-printed with a final newline.
pub fn scenario_schema() -> String {
    let schema = schemars::schema_for!(scenario::file::ScenarioFile);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
