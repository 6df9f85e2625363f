//! The body matcher on arbitrary JSON: the first line is the case's expectation, the rest the
//! answer. `check::matches_subset` and `check::project` must never panic, and a value always
//! contains itself unless it holds a matcher string (`<...>`).
#![no_main]

use konaplate_conformance::check::{matches_subset, project};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let Ok(expected) = serde_json::from_str::<Value>(first) else {
        return;
    };
    let actual = serde_json::from_str::<Value>(rest).unwrap_or(Value::Null);
    for f in matches_subset(&expected, &actual) {
        let _ = f.line();
    }
    let _ = project(&expected, &actual);
    if !first.contains('<') {
        assert!(
            matches_subset(&expected, &expected).is_empty(),
            "a value without matchers must contain itself: {first}"
        );
    }
});
