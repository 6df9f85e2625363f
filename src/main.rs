//! `konaplate-conformance`: see `--help`, and the README.

fn main() -> std::process::ExitCode {
    konaplate_conformance::cli::main()
}
