//! The conformance suite as a `cargo test` / `cargo nextest run` target.
//!
//! Settings come from the environment, because cargo and nextest pass only libtest's flags:
//! `KONAPLATE_BASE_URL`, `KONAPLATE_TARGET`, `KONAPLATE_SPEC`, `KONAPLATE_CASES`,
//! `KONAPLATE_STRICT`, `KONAPLATE_TIMEOUT_MS`. With none set it runs every case against the
//! reference mock, started in-process. Shard with `cargo nextest run --partition count:1/3`.

fn main() -> std::process::ExitCode {
    konaplate_conformance::cli::harness_main()
}
