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
