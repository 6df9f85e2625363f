//! What explore's runs suggest the profile declare: the properties of the profile's fixtures
//! that the target's own answers showed before any step changed them (a reissue refused
//! `003_006`: the card expires later), as a `fixtures:` fragment to review and paste. Declared,
//! they turn the warnings that named them into checks (docs/explore.md).

use std::collections::BTreeMap;

use serde_json::Value;

use super::known::{Declared, Prop};
use super::outcomes::Ran;

/// The fragment, as YAML through the one serialiser; `None` when the runs showed nothing new.
pub fn fragment(runs: &[Ran], declared: &Declared) -> Option<String> {
    let mut fixtures: BTreeMap<String, BTreeMap<String, Value>> = BTreeMap::new();
    // `exists: true` goes without saying once anything else is known.
    let shown = runs.iter().flat_map(|r| &r.played.shown);
    for (name, prop, value) in shown.filter(|(_, p, v)| !(*p == Prop::Exists && v == "true")) {
        let Some(value) = yaml_value(declared, *prop, value) else {
            continue;
        };
        fixtures
            .entry(name.clone())
            .or_default()
            .entry(prop.name().to_string())
            .or_insert(value);
    }
    if fixtures.is_empty() {
        return None;
    }
    let doc = BTreeMap::from([("fixtures", fixtures)]);
    serde_yaml::to_string(&doc).ok()
}

/// A learnt value as the profile writes it: a boolean, a number, an owner's fixture name.
fn yaml_value(declared: &Declared, prop: Prop, value: &str) -> Option<Value> {
    match prop {
        Prop::Owner => {
            let id = ("member".to_string(), value.to_string());
            declared.names(&id).next().map(|n| Value::String(n.into()))
        }
        Prop::Linkable => value.parse::<u64>().ok().map(Value::from),
        _ if value == "true" || value == "false" => Some(Value::Bool(value == "true")),
        _ => Some(Value::String(value.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::explore::play::Trace;

    #[test]
    fn what_the_answers_showed_becomes_a_fixtures_fragment_owners_by_name() {
        let (_, ops, profile) = crate::explore::testing::project();
        let declared = Declared::new(profile, &|k| ops.key_leaf(k));
        let active = declared.id("member.active").unwrap().1.clone();
        let shown = vec![
            (
                "card.foreign".to_string(),
                Prop::Expires,
                "later".to_string(),
            ),
            ("card.foreign".into(), Prop::Exists, "true".into()),
            ("application.other".into(), Prop::Owner, active),
            ("member.noWaiting".into(), Prop::Linkable, "0".into()),
            ("member.noName".into(), Prop::Named, "false".into()),
        ];
        let ran = Ran {
            seed: 1,
            generated: 1,
            played: Trace {
                shown,
                ..Trace::default()
            },
            shrunk: None,
            shrink_note: None,
            duration: Duration::ZERO,
        };
        let yaml = fragment(&[ran], &declared).unwrap();
        let parsed: serde_json::Value = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(
            parsed,
            serde_json::json!({"fixtures": {
                "card.foreign": {"expires": "later"},
                "application.other": {"owner": "member.active"},
                "member.noWaiting": {"linkable": 0},
                "member.noName": {"named": false},
            }}),
            "{yaml}"
        );
        // It is the profile's own format.
        let facts: std::collections::BTreeMap<String, crate::profile::fixtures::FixtureFacts> =
            serde_json::from_value(parsed["fixtures"].clone()).unwrap();
        assert_eq!(facts.len(), 4);
        assert_eq!(fragment(&[], &declared), None);
    }
}
