//! The `x-` extensions that carry vendor facts a schema cannot hold, besides the Response Code
//! table and the Test Data list ([`super::ErrorCode`], [`super::TestData`]): the rules the pages
//! state about a card's life (`x-lifecycle`), where a fact comes from when it is not on the
//! seed page (`x-encryption-provenance`, `x-headers-provenance`, `media-type-provenance`), and
//! what a request header must carry (`x-registered`, `x-signature`).
//!
//! [`check_operation`] and [`check_document`] reject a malformed one when the spec loads, at its
//! line and column; the readers below then read them from a loaded spec without failing (the
//! fact ledger, `crate::facts`, is built from them). specs/README.md describes each.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::ErrorCode;
use super::typed::typed;
use crate::error::InputError;

/// Where a fact that is not on the operation's seed page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mark {
    /// Another vendor page or guide, or client code: counts as documented.
    Reference,
    /// Our reading: not a documented fact.
    Inferred,
    /// No source shows it: not a documented fact.
    Unknown,
}

/// `{request, response, reason}`: where each direction's fact comes from, when not the seed page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Directions {
    /// The request's.
    #[serde(default)]
    pub request: Option<Mark>,
    /// The answer's.
    #[serde(default)]
    pub response: Option<Mark>,
    /// Why, in one line.
    pub reason: String,
}

/// One rule a page's text states about a card's or an application's life (`x-lifecycle`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LifecycleRule {
    /// Stable within the operation (kebab-case).
    pub id: String,
    /// The page's sentence, verbatim (from the operation's description or a Response Code row).
    pub quote: String,
    /// The documented result code when the rule is broken, if the page ties one to it.
    #[serde(default)]
    pub code: Option<String>,
    /// Whether a client of the five operations can see the rule hold or break.
    #[serde(default = "yes")]
    pub checkable: bool,
    /// Why it cannot be seen from outside (required when `checkable` is false).
    #[serde(default)]
    pub reason: Option<String>,
}

/// `x-signature` of a header parameter: how its value is computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// The rule, in one line.
    pub rule: String,
    /// Where it comes from.
    pub provenance: Mark,
    /// Why, in one line.
    pub reason: String,
}

fn yes() -> bool {
    true
}

/// The operation's `x-lifecycle` rules (none when absent).
pub fn lifecycle(op: &Value) -> Vec<LifecycleRule> {
    read(op.get("x-lifecycle")).unwrap_or_default()
}

/// A `{request, response, reason}` extension of `node` (`x-encryption-provenance`, ...).
pub fn directions(node: &Value, key: &str) -> Option<Directions> {
    read(node.get(key))
}

/// The `x-signature` of a header parameter.
pub fn signature(param: &Value) -> Option<Signature> {
    read(param.get("x-signature"))
}

/// The `x-registered` of a header parameter: the value the vendor gave the client.
pub fn registered(param: &Value) -> Option<&str> {
    param.get("x-registered").and_then(Value::as_str)
}

fn read<T: DeserializeOwned>(v: Option<&Value>) -> Option<T> {
    T::deserialize(v?).ok()
}

/// Checks the extensions of one operation at `base` (its JSON pointer), whose Response Code
/// rows are `codes`.
pub fn check_operation(
    op: &Value,
    base: &str,
    codes: &[ErrorCode],
    at: &impl Fn(&str, String) -> InputError,
) -> Result<(), InputError> {
    for key in ["x-encryption-provenance", "x-headers-provenance"] {
        if let Some(v) = op.get(key) {
            typed::<Directions>(v, &format!("{base}/{key}"), at)?;
        }
    }
    let Some(v) = op.get("x-lifecycle") else {
        return Ok(());
    };
    let base = format!("{base}/x-lifecycle");
    let rules: Vec<LifecycleRule> = typed(v, &base, at)?;
    let description = op.get("description").and_then(Value::as_str).unwrap_or("");
    for (i, rule) in rules.iter().enumerate() {
        let here = |field: &str| format!("{base}/{i}/{field}");
        if let Some(problem) = crate::ids::id_problem("lifecycle rule", &rule.id) {
            return Err(at(&here("id"), problem));
        }
        if rules[..i].iter().any(|r| r.id == rule.id) {
            return Err(at(&here("id"), format!("duplicate rule id `{}`", rule.id)));
        }
        let quoted = description.contains(&rule.quote)
            || codes
                .iter()
                .any(|c| c.message.contains(&rule.quote) || c.description.contains(&rule.quote));
        if !quoted {
            return Err(at(
                &here("quote"),
                "the quote is not in the operation's description or its x-error-codes (a rule quotes its page verbatim)".into(),
            ));
        }
        if let Some(code) = &rule.code
            && !codes.iter().any(|c| &c.code == code)
        {
            return Err(at(
                &here("code"),
                format!("`{code}` is not in the operation's x-error-codes"),
            ));
        }
        if !rule.checkable && rule.reason.as_deref().is_none_or(str::is_empty) {
            return Err(at(
                &here("checkable"),
                "a rule that is not checkable says why in `reason`".into(),
            ));
        }
    }
    Ok(())
}

/// Checks the document-level extensions: `x-konaplate.media-type-provenance` and the header
/// parameters' `x-registered` and `x-signature`.
pub fn check_document(
    doc: &Value,
    at: &impl Fn(&str, String) -> InputError,
) -> Result<(), InputError> {
    let media = "/x-konaplate/media-type-provenance";
    if let Some(v) = doc.pointer(media) {
        typed::<Directions>(v, media, at)?;
    }
    let Some(params) = doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
    else {
        return Ok(());
    };
    for (name, param) in params {
        let base = format!("/components/parameters/{name}");
        if let Some(v) = param.get("x-registered") {
            typed::<String>(v, &format!("{base}/x-registered"), at)?;
        }
        if let Some(v) = param.get("x-signature") {
            typed::<Signature>(v, &format!("{base}/x-signature"), at)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::spec::{DEFAULT_SPEC_PATH, load_str};

    /// The committed spec with `from` replaced by `to` (once), loaded: the error, if any.
    fn load_changed(from: &str, to: &str) -> Option<String> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(root.join(DEFAULT_SPEC_PATH)).unwrap();
        assert_eq!(text.matches(from).count(), 1, "{from}");
        let changed = text.replacen(from, to, 1);
        load_str(Path::new("spec.yaml"), &changed)
            .err()
            .map(|e| e.to_string())
    }

    #[test]
    fn the_committed_extensions_load() {
        assert_eq!(
            load_changed("success-code: \"000_000\"", "success-code: \"000_000\""),
            None
        );
    }

    #[test]
    fn a_malformed_lifecycle_rule_is_an_error_at_its_line() {
        let quote = "quote: Card application cannot be canceled if the mobile card has been used.";
        let e = load_changed(quote, "quote: Card applications may be cancelled any day.").unwrap();
        assert!(e.contains("not in the operation's description"), "{e}");
        assert!(e.contains("spec.yaml:"), "{e}");

        let code = "          code: \"003_002\"\n";
        let e = load_changed(code, "          code: \"003_099\"\n").unwrap();
        assert!(
            e.contains("`003_099` is not in the operation's x-error-codes"),
            "{e}"
        );

        let reason = "          reason: Physical card registration is not one of the five operations of this contract.\n";
        let e = load_changed(reason, "").unwrap();
        assert!(e.contains("says why in `reason`"), "{e}");

        let e = load_changed("- id: reissue-once", "- id: expiring-within-one-month").unwrap();
        assert!(e.contains("duplicate rule id"), "{e}");

        let e = load_changed(
            "- id: same-day-only",
            "- id: same-day-only\n          when: today",
        )
        .unwrap();
        assert!(e.contains("unknown field `when`"), "{e}");
    }

    #[test]
    fn a_malformed_provenance_or_signature_is_an_error() {
        let e = load_changed("    response: inferred\n", "    response: guessed\n").unwrap();
        assert!(e.contains("media-type-provenance"), "{e}");
        let e = load_changed(
            "        provenance: reference\n",
            "        provenance: [reference]\n",
        )
        .unwrap();
        assert!(e.contains("x-signature"), "{e}");
        let e = load_changed(
            "      x-registered: the ASP ID given to the service provider at the time of contract\n",
            "      x-registered: [15]\n",
        )
        .unwrap();
        assert!(e.contains("x-registered"), "{e}");
    }
}
