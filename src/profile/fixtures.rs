//! `fixtures`: what a profile declares about its fixtures beyond their values, so that
//! `explore` may rely on it (docs/explore.md, "Which predictions are documented").
//!
//! Every property is optional: a prediction that needs an undeclared one is not documented,
//! and explore says which property it would have needed. Keys are fixture names (the prefix of
//! the fixture's variables: `card.foreign` for `card.foreign.cardNo`); an owner is a member
//! fixture's name. Two names whose variables hold the same values are one fixture (a sandbox
//! reuses its few test cards): where their declarations disagree, explore relies on neither.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What is known of one fixture. Members: `active`, `named`, `has-applications`, `linkable`;
/// cards: `owner`, `status`, `expires`, `reissued`, `reissuable`, `fee-payable`; applications:
/// `owner`, `applied`, `delivery`, `cancellable`; physical cards: `owner`; any: `exists`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FixtureFacts {
    /// `false` for a value the target does not hold at all (`card.unknown`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exists: Option<bool>,
    /// The member fixture that owns it (`member.active`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// A member: an active member (`false`: withdrawn, or no member at all: `001_006`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    /// A member: has a name on record (`false`: reissue answers `003_007`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named: Option<bool>,
    /// A member: has any card application (`false`: the pre-issue search answers `003_049`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub has_applications: Option<bool>,
    /// A member: how many applications the pre-issue search lists for its physical card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linkable: Option<u32>,
    /// A card: its status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CardStatus>,
    /// A card: whether it expires within the reissue window (this month) or later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Expiry>,
    /// A card: reissued before (`003_004`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reissued: Option<bool>,
    /// A card: its product allows reissuance (`false`: `003_009`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reissuable: Option<bool>,
    /// A card: its reissue fee can be charged (`false`: `003_010`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee_payable: Option<bool>,
    /// An application: made today, or before (`003_002`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied: Option<Applied>,
    /// An application: its delivery status, as delivery inquiry answers it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    /// An application: its status allows cancelling and its mobile card is unused (`false`:
    /// `003_003`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancellable: Option<bool>,
}

/// A card's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum CardStatus {
    /// In use.
    Active,
    /// Suspended (reported lost).
    Suspended,
    /// Terminated (discarded): its status cannot change.
    Terminated,
}

/// When a card expires, as the reissue page's window sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Expiry {
    /// Within the reissue window (this month).
    ThisMonth,
    /// More than 30 days away (`003_006`).
    Later,
}

/// When an application was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Applied {
    /// Today (KST): it may be cancelled.
    Today,
    /// Before today (`003_002`).
    Before,
}

/// A problem with a declaration: the JSON pointer of the profile node, the message, a help.
pub type Problem = (String, String, Option<String>);

/// Checks the declarations against the variables: every name is a fixture of `vars`, every
/// owner a member fixture. Names of one fixture that declare different things are no error
/// here (`run` does not read them): explore relies on neither, and says so.
pub fn check(fixtures: &BTreeMap<String, FixtureFacts>, vars: &Value) -> Result<(), Problem> {
    let group = |name: &str| {
        name.split('.')
            .try_fold(vars, |v, k| v.get(k))
            .filter(|v| v.is_object())
    };
    let names = fixture_names(vars);
    for (name, facts) in fixtures {
        let at = format!("/fixtures/{}", name.replace('~', "~0").replace('/', "~1"));
        if group(name).is_none() {
            let help = crate::error::did_you_mean(name, names.iter().map(String::as_str))
                .map(|best| format!("did you mean `{best}`?"));
            return Err((at, format!("`{name}` names no fixture under `vars`"), help));
        }
        if let Some(owner) = &facts.owner
            && (!owner.starts_with("member.") || group(owner).is_none())
        {
            let msg =
                format!("the owner `{owner}` of `{name}` is no member fixture (`member.<name>`)");
            return Err((format!("{at}/owner"), msg, None));
        }
    }
    Ok(())
}

/// Every fixture name of `vars`: a group of scalars two or more levels down.
pub fn fixture_names(vars: &Value) -> Vec<String> {
    fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
        let Value::Object(m) = v else {
            return;
        };
        if at.contains('.') && m.values().any(|x| !x.is_object()) {
            out.push(at.to_string());
        }
        for (k, x) in m {
            let next = if at.is_empty() {
                k.clone()
            } else {
                format!("{at}.{k}")
            };
            walk(x, &next, out);
        }
    }
    let mut out = Vec::new();
    walk(vars, "", &mut out);
    out
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn facts(yaml: &str) -> BTreeMap<String, FixtureFacts> {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn names_and_owners_are_checked() {
        let vars = json!({
            "member": {"active": {"userId": 1}},
            "card": {"a": {"cardNo": "1"}, "b": {"cardNo": "1"}, "c": {"cardNo": "2"}}
        });
        assert_eq!(
            check(&facts("card.a: { owner: member.active }"), &vars),
            Ok(())
        );
        let (at, msg, help) = check(&facts("card.d: { owner: member.active }"), &vars).unwrap_err();
        assert_eq!(at, "/fixtures/card.d");
        assert!(msg.contains("names no fixture"), "{msg}");
        assert!(help.is_some());
        let (at, ..) = check(&facts("card.a: { owner: card.c }"), &vars).unwrap_err();
        assert_eq!(at, "/fixtures/card.a/owner");
        let agreeing = "card.a: { status: ACTIVE }\ncard.b: { expires: this-month }\ncard.c: { status: TERMINATED }";
        assert_eq!(check(&facts(agreeing), &vars), Ok(()));
        assert_eq!(
            fixture_names(&vars),
            ["card.a", "card.b", "card.c", "member.active"]
        );
    }

    #[test]
    fn an_unknown_property_or_value_is_refused() {
        assert!(serde_yaml::from_str::<FixtureFacts>("{ colour: red }").is_err());
        assert!(serde_yaml::from_str::<FixtureFacts>("{ status: LOST }").is_err());
        let f: FixtureFacts =
            serde_yaml::from_str("{ expires: this-month, applied: today }").unwrap();
        assert_eq!(
            (f.expires, f.applied),
            (Some(Expiry::ThisMonth), Some(Applied::Today))
        );
    }
}
