//! YAML input on arbitrary text: `yaml::parse` into JSON values, the case-file format and a
//! profile, the position index, and the rendering of every error.
#![no_main]

use std::path::Path;

use konaplate_conformance::case::file::CaseFile;
use konaplate_conformance::profile;
use konaplate_conformance::yaml::{self, SpanIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("fuzz.yaml");
    if let Err(e) = yaml::parse::<serde_json::Value>(path, text) {
        let _ = e.to_string();
    }
    if let Err(e) = yaml::parse::<CaseFile>(path, text) {
        let _ = e.to_string();
    }
    match profile::load_str(path, text) {
        Ok(p) => {
            let _ = p.var_names();
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let index = SpanIndex::build(text);
    let _ = index.key_or_value("/cases/0/expect/code");
});
