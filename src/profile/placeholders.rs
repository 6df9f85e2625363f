//! `FILL-ME` placeholders left in a profile.
//!
//! The sandbox template ships with a placeholder wherever a value must be copied from the
//! vendor's portal. A run that went ahead with one would send requests the sandbox cannot
//! match and report a page of failures that say nothing about the vendor, so every value
//! still holding a placeholder is an input error at its line and column, all of them at once
//! and before anything is sent. Comments may mention `FILL-ME`; only values count, and only
//! values a run can use: the scenario fixtures of a `stateful: false` profile cannot be.

use serde_json::Value;

use super::Profile;
use crate::error::InputError;
use crate::yaml;

/// Where the fixtures of the lifecycle scenarios are (used only by a `stateful` target).
const SCENARIO_VARS: &str = "/vars/scenario/";

/// The marker the templates put in every value the user must fill in.
pub const PLACEHOLDER: &str = "FILL-ME";

const HELP: &str =
    "replace each with the target's value; the template's comments say where each comes from";

/// One input error per value of `profile` that still contains [`PLACEHOLDER`], in file order.
pub fn placeholders(profile: &Profile) -> Vec<InputError> {
    // The typed file drops nothing a user writes (unknown keys are refused), but `vars` and
    // nested settings are easiest to walk as one untyped tree.
    let Ok(tree) = serde_yaml::from_str::<Value>(&profile.text) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    walk(&mut Vec::new(), &tree, &mut found);
    // A target that keeps no state runs no scenario, so their fixtures may stay unfilled.
    if !profile.file.stateful {
        found.retain(|p| !p.starts_with(SCENARIO_VARS));
    }
    let mut errors: Vec<InputError> = found
        .into_iter()
        .map(|pointer| error_at(profile, &pointer))
        .collect();
    errors.sort_by_key(|e| e.pos);
    // One hint is enough for a template full of them.
    if let Some(first) = errors.first_mut() {
        first.help = Some(HELP.into());
    }
    errors
}

fn walk(path: &mut Vec<String>, value: &Value, found: &mut Vec<String>) {
    match value {
        Value::String(s) if s.contains(PLACEHOLDER) => found.push(yaml::pointer(path)),
        Value::Object(map) => {
            for (key, child) in map {
                path.push(key.clone());
                walk(path, child, found);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                path.push(i.to_string());
                walk(path, child, found);
                path.pop();
            }
        }
        _ => {}
    }
}

fn error_at(profile: &Profile, pointer: &str) -> InputError {
    let name = pointer.trim_start_matches('/').replace('/', ".");
    let message = format!("`{name}` still holds a {PLACEHOLDER} placeholder");
    match profile.spans.index().value(pointer) {
        Some(pos) => InputError::at(&profile.path, &profile.text, pos, message),
        None => InputError::file(&profile.path, message),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::error::Pos;
    use crate::profile::load_str;

    const HEAD: &str = "environment: sandbox\nasp-id: \"000170000000000\"\ntime-zone: KST\ncredentials:\n  access-key: { env: A }\n  secret-key: { env: S }\n";

    #[test]
    fn each_placeholder_value_is_an_error_at_its_position_and_comments_are_not() {
        let text = format!(
            "{HEAD}# FILL-ME: the comment is fine\nvars:\n  card: {{ cardNo: \"FILL-ME-1\", par: ok }}  # FILL-ME\n  list:\n    - FILL-ME too\n"
        );
        let profile = load_str(Path::new("t.yaml"), &text).unwrap();
        let errors = placeholders(&profile);
        let at: Vec<(String, Option<Pos>)> =
            errors.iter().map(|e| (e.message.clone(), e.pos)).collect();
        assert_eq!(
            at,
            [
                (
                    "`vars.card.cardNo` still holds a FILL-ME placeholder".to_string(),
                    Some(Pos { line: 9, col: 19 })
                ),
                (
                    "`vars.list.0` still holds a FILL-ME placeholder".to_string(),
                    Some(Pos { line: 11, col: 7 })
                ),
            ]
        );
        assert!(
            errors[0].to_string().contains("t.yaml:9:19"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn the_mock_profile_has_none_and_the_sandbox_template_flags_every_value_to_fill() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |name: &str| {
            let path = root.join("cases/targets").join(name);
            let text = std::fs::read_to_string(&path).unwrap();
            (load_str(&path, &text).unwrap(), text)
        };
        assert!(placeholders(&read("mock.yaml").0).is_empty());
        let (sandbox, text) = read("sandbox.yaml");
        let errors = placeholders(&sandbox);
        // Counted from the file: every value (not comment) holding the marker, but for the
        // scenario fixtures (the template's `stateful: false` leaves them out).
        assert!(!sandbox.file.stateful);
        let mut in_scenario = false;
        let values = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .filter(|l| {
                if l.starts_with("  ") && !l.starts_with("   ") {
                    in_scenario = l.starts_with("  scenario:");
                }
                !in_scenario
            })
            .map(|l| l.split(" #").next().unwrap_or(""))
            .map(|l| l.matches(PLACEHOLDER).count())
            .sum::<usize>();
        assert!(values > 0);
        assert_eq!(errors.len(), values);
        assert!(errors.iter().any(|e| e.message.contains("`asp-id`")));
    }

    #[test]
    fn scenario_fixtures_count_only_for_a_stateful_target() {
        let text = format!(
            "{HEAD}stateful: false\nvars:\n  scenario: {{ member: {{ userId: FILL-ME }} }}\n  card: FILL-ME\n"
        );
        let profile = load_str(Path::new("t.yaml"), &text).unwrap();
        let flagged: Vec<String> = placeholders(&profile)
            .into_iter()
            .map(|e| e.message)
            .collect();
        assert_eq!(flagged, ["`vars.card` still holds a FILL-ME placeholder"]);
        let stateful = text.replace("stateful: false", "stateful: true");
        let profile = load_str(Path::new("t.yaml"), &stateful).unwrap();
        assert_eq!(placeholders(&profile).len(), 2);
    }
}
