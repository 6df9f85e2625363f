//! One way in: outside the spec and profile modules themselves, only
//! `src/pipeline/sources.rs` calls their loaders (`spec::load`, `spec::load_str`, their
//! `_with` forms, `profile::load`, `profile::load_str`), so every command reads its contract and target with
//! the same checks (the `FILL-ME` guard, `--encryption`, the base URL) and derives the safety
//! rules and the masker the same way. A call by path and an import of a loader both count;
//! test code does not ([`super::source`]).

use super::source::{self, Paths};

/// The files that may call the loaders: the one way in, and the loaders' own modules.
const ALLOWED: [&str; 4] = ["pipeline/sources.rs", "spec/", "profile.rs", "profile/"];

/// The loaders, as the last two segments of a path.
const LOADERS: [&str; 6] = [
    "spec::load",
    "spec::load_str",
    "spec::load_with",
    "spec::load_str_with",
    "profile::load",
    "profile::load_str",
];

/// Every loader the production code of `file` (relative to `src/`) calls or imports:
/// `file:line path`.
fn loader_uses(file: &str, paths: &Paths) -> Vec<String> {
    if ALLOWED.iter().any(|a| file == *a || file.starts_with(a)) {
        return vec![];
    }
    let mut found: Vec<(usize, String)> = LOADERS
        .iter()
        .flat_map(|l| paths.ends_with(l))
        .map(|n| (n.line, n.path.clone()))
        .collect();
    found.sort();
    found
        .into_iter()
        .map(|(line, path)| format!("{file}:{line} {path}"))
        .collect()
}

#[test]
fn only_the_one_way_in_calls_the_spec_and_profile_loaders() {
    let found: Vec<String> = source::production()
        .iter()
        .flat_map(|(rel, paths)| loader_uses(rel, paths))
        .collect();
    assert!(
        found.is_empty(),
        "spec or profile loaded outside src/pipeline/sources.rs (read them through \
         pipeline::sources, which applies the FILL-ME guard, --encryption and the base URL check):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_loader_call_or_import_planted_outside_the_way_in_is_caught_and_test_code_is_not() {
    let planted = "\
use crate::profile::{self, load_str};
use crate::spec::load as read_spec;

fn a() {
    let _ = crate::spec::load(std::path::Path::new(\"x\"));
}

fn b() {
    let read = profile::load;
}

#[cfg(test)]
mod tests {
    fn c() {
        let _ = crate::spec::load(std::path::Path::new(\"x\"));
    }
}

#[test]
fn d() {
    let _ = profile::load(std::path::Path::new(\"x\"));
}
";
    let paths = Paths::of(planted).unwrap();
    assert_eq!(
        loader_uses("cli/commands.rs", &paths),
        [
            "cli/commands.rs:1 crate::profile::load_str",
            "cli/commands.rs:2 crate::spec::load",
            "cli/commands.rs:5 crate::spec::load",
            "cli/commands.rs:9 profile::load",
        ]
    );
    assert!(loader_uses("pipeline/sources.rs", &paths).is_empty());
    assert!(loader_uses("profile/load.rs", &paths).is_empty());
}
