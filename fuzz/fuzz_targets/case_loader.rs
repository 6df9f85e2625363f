//! The case loader on arbitrary text: `case::load_str` with the committed spec and mock
//! profile, then every error rendered. It must never panic (or hang) whatever the file says.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use konaplate_conformance::case::load_str;
use konaplate_conformance::profile::{self, Profile};
use konaplate_conformance::spec::{self, Spec};
use libfuzzer_sys::fuzz_target;

fn fixtures() -> &'static (Spec, Profile) {
    static FIXTURES: OnceLock<(Spec, Profile)> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).expect("the committed spec");
        let profile =
            profile::load(&root.join(profile::DEFAULT_TARGET_PATH)).expect("the mock profile");
        (spec, profile)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (spec, profile) = fixtures();
    let loaded = load_str(Path::new("fuzz.yaml"), text, spec, profile);
    if let Some(e) = &loaded.file_error {
        let _ = e.to_string();
        let _ = e.location();
    }
    for (name, e) in &loaded.case_errors {
        let _ = (name.len(), e.to_string());
    }
    for case in &loaded.cases {
        let _ = case.name();
    }
});
