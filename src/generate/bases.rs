//! The known-good bodies an operation's generated cases start from, and the generated cases'
//! own fixtures.
//!
//! A read-only operation's cases start from its documented success case. A state-changing
//! operation's never use the documented cases' fixtures: a target that wrongly accepts a
//! broken request would change them (cancel the application a documented success case
//! cancels), and that documented case would then fail, or not, depending on which trial ran
//! first. Their fixtures are the profile's `vars.generated.<operation>`, a partial request body
//! laid over the documented success body (each value replaces the one at the same path), so a
//! wrong acceptance costs only the case that was wrongly accepted.

use serde_json::Value;

use super::json::{get, set};
use super::{NON_MEMBER, SUCCESS};
use crate::case::{Body, Case};
use crate::profile::Profile;
use crate::spec::Operation;

/// Where in the profile's `vars` the generated cases' own fixtures are.
pub const FIXTURES_VAR: &str = "generated";

/// The known-good bodies an operation's cases start from.
pub(super) struct Bases {
    /// The documented success case (on the generated fixtures for a state-changing operation):
    /// body negatives mutate it.
    pub(super) valid: Option<Case>,
    /// A body the target accepts field by field but that cannot change a card: the success
    /// case of a read-only operation, the `001_006` case of a state-changing one (on the
    /// generated fixtures, its member left as it is).
    pub(super) harmless: Option<Case>,
    /// Why the operation gets no case at all: it changes cards and the profile has none of
    /// the generated cases' own fixtures for it (names the variable).
    pub(super) missing: Option<String>,
}

impl Bases {
    pub(super) fn find(op: &Operation, documented: &[&Case], profile: &Profile) -> Bases {
        let with_code = |code: &str| -> Option<&Case> {
            let mut found: Vec<&Case> = documented
                .iter()
                .filter(|c| matches!(&c.request.body, Body::Json(Value::Object(_))))
                .filter(|c| c.expect.code.as_deref() == Some(code))
                .copied()
                .collect();
            // The documented `success` first, then file order.
            found.sort_by_key(|c| c.id != "success");
            found.first().copied()
        };
        let valid = with_code(SUCCESS);
        if !op.state_changing {
            return Bases {
                valid: valid.cloned(),
                harmless: valid.cloned(),
                missing: None,
            };
        }
        let name = format!("{FIXTURES_VAR}.{}", op.id);
        let fixtures = profile.var(&name).map(leaves).unwrap_or_default();
        if fixtures.is_empty() {
            return Bases {
                valid: None,
                harmless: None,
                missing: Some(format!(
                    "the target profile has no `vars.{name}` (the fixtures of the generated cases that change cards, apart from the documented cases' own; docs/generated.md)"
                )),
            };
        }
        let harmless = with_code(NON_MEMBER);
        Bases {
            valid: valid.map(|v| rebased(v, None, &fixtures)),
            harmless: harmless.map(|h| rebased(h, valid, &fixtures)),
            missing: None,
        }
    }
}

/// `case` with the fixtures laid over its body. With a `success` case beside it, only where
/// the two bodies agree: what makes `case` differ from the success (its non-member) stays.
fn rebased(case: &Case, success: Option<&Case>, fixtures: &[(Vec<String>, Value)]) -> Case {
    let mut out = case.clone();
    let success_body = success.and_then(|s| match &s.request.body {
        Body::Json(v) => Some(v),
        _ => None,
    });
    if let Body::Json(body) = &mut out.request.body {
        for (path, value) in fixtures {
            let shared = success_body.is_none_or(|s| get(s, path) == get(body, path));
            if shared {
                set(body, path, value.clone());
            }
        }
    }
    out
}

/// Every value under `v` that is not an object, with its path of keys.
fn leaves(v: &Value) -> Vec<(Vec<String>, Value)> {
    fn walk(v: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, Value)>) {
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    path.push(k.clone());
                    walk(child, path, out);
                    path.pop();
                }
            }
            other if !path.is_empty() => out.push((path.clone(), other.clone())),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, &mut Vec::new(), &mut out);
    out
}
