//! The profile's `assumptions:` block: how a run treats each failed assumption once a run
//! against the real target has settled it (docs/verdicts.md).
//!
//! ```yaml
//! assumptions:
//!   message-names-field: fail    # the sandbox names the field: hold every target to it
//!   correlation-id-echo: off     # it does not echo, and that is fine
//! ```
//!
//! Names and values are checked here, at load, with their line and column and a "did you
//! mean" for a near miss, so a typo never silently leaves an assumption unsettled.

use std::collections::BTreeMap;
use std::path::Path;

use crate::assumption::{Assumption, Treatment};
use crate::error::{InputError, did_you_mean};
use crate::yaml::Positions;

const TREATMENTS: [Treatment; 3] = [Treatment::Fail, Treatment::Warn, Treatment::Off];

/// The settled kinds of a profile's `assumptions:` (as written: names to values).
pub(super) fn parse(
    path: &Path,
    text: &str,
    spans: &Positions,
    raw: &BTreeMap<String, String>,
) -> Result<BTreeMap<Assumption, Treatment>, InputError> {
    let at = |pos: Option<crate::error::Pos>, msg: String| match pos {
        Some(pos) => InputError::at(path, text, pos, msg),
        None => InputError::file(path, msg),
    };
    let mut out = BTreeMap::new();
    for (name, value) in raw {
        let Some(kind) = Assumption::parse(name) else {
            let names = Assumption::ALL.map(Assumption::name);
            let pointer = format!("/assumptions/{name}");
            let index = spans.index();
            let pos = index.key(&pointer).or_else(|| index.key_or_value(&pointer));
            let e = at(pos, format!("unknown assumption `{name}`"));
            return Err(match did_you_mean(name, names) {
                Some(best) => e.with_help(format!("did you mean `{best}`?")),
                None => e.with_help(format!("known assumptions: {}", names.join(", "))),
            });
        };
        let Some(treatment) = TREATMENTS.into_iter().find(|t| t.name() == value) else {
            let pos = spans.index().key_or_value(&format!("/assumptions/{name}"));
            let e = at(
                pos,
                format!("`assumptions.{name}` must be fail, warn or off, found `{value}`"),
            );
            return Err(match did_you_mean(value, TREATMENTS.map(Treatment::name)) {
                Some(best) => e.with_help(format!("did you mean `{best}`?")),
                None => e,
            });
        };
        out.insert(kind, treatment);
    }
    Ok(out)
}
