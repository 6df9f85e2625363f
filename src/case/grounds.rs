//! What an expectation of a case or a scenario's step rests on: the documented facts its
//! expected answer verifies, or the assumption it names. The loader names the obvious facts
//! itself (the Response Code row of the expected code, `<op>.code.<code>.when`, and the Test
//! Data item a case reproduces); the file names the others in `verifies:` (a lifecycle rule);
//! an expected code only the profile's `header-errors` give rests on
//! [`Assumption::HeaderErrorAnswer`]. An expectation with neither facts nor an assumption, a
//! `verifies:` id the ledger does not hold, a `message-contains` the documented Message
//! does not contain, or a `not-accepted: documented` with no fact is an input error at its key.

use super::parts::Ctx;
use crate::assumption::Assumption;
use crate::error::{InputError, did_you_mean};
use crate::expect::{Expect, Grounds};
use crate::facts::{self, Aspect};
use crate::spec::{Operation, Spec};

/// `expect` with the facts the loader names and the file's `verifies:` checked, or an error
/// at the first key that rests on nothing documented. `test_data` is the label a case
/// reproduces.
pub(crate) fn ground(
    ctx: &Ctx,
    base: &str,
    spec: &Spec,
    (op, test_data): (&Operation, Option<&str>),
    mut expect: Expect,
) -> Result<Expect, InputError> {
    let ledger = spec.ledger();
    for (i, id) in expect.facts.iter().enumerate() {
        let at = format!("{base}/expect/verifies/{i}");
        match ledger.get(id) {
            Some(f) if f.checkable => {}
            Some(f) => {
                let why = f.not_checkable.as_deref().unwrap_or_default();
                return Err(ctx.at(
                    &at,
                    format!("fact `{id}` is not checkable from outside: {why}"),
                ));
            }
            None => {
                let e = ctx.at(&at, format!("no documented fact `{id}`"));
                let ids = ledger.facts.iter().map(|f| f.id.as_str());
                return Err(match did_you_mean(id, ids) {
                    Some(best) => e.with_help(format!("did you mean `{best}`?")),
                    None => e.with_help("`konaplate-conformance facts` lists them"),
                });
            }
        }
    }
    let row = expect.code.as_deref().and_then(|c| op.error_code(c));
    if let Some(row) = row {
        let when = facts::id(&op.id, &format!("code.{}", row.code), Some(Aspect::When));
        expect = expect.verifying(ledger.get(&when).map(|f| f.id.clone()));
    } else if expect.code.is_some() && expect.assumes.is_none() {
        // Loaded only as the profile's answer to a bad header: no page documents it.
        expect.assumes = Some(Assumption::HeaderErrorAnswer);
    }
    if let Some(i) = test_data.and_then(|label| op.test_data.iter().position(|t| t.label == label))
    {
        let id = facts::id(&op.id, &facts::test_data_subject(op, i), None);
        expect = expect.verifying(ledger.get(&id).map(|f| f.id.clone()));
    }
    if let (Some(needle), Some(row), None) = (&expect.message_contains, row, expect.assumes)
        && !row.message.contains(needle.as_str())
    {
        let e = ctx.at(
            &format!("{base}/expect/message-contains"),
            format!(
                "the page's Message for `{}` is {:?}, which does not contain {needle:?}",
                row.code, row.message
            ),
        );
        return Err(e.with_help(
            "expect a part of the documented Message, or name the assumption the case rests on in `assumes:` (docs/verdicts.md)",
        ));
    }
    if expect.facts.is_empty() && expect.assumes.is_none() {
        let e = ctx.at(
            &format!("{base}/expect"),
            "the expectation rests on no documented fact and names no assumption".into(),
        );
        return Err(e.with_help(
            "name the facts its answer verifies in `verifies:` (`konaplate-conformance facts` lists them), or the assumption it rests on in `assumes:`",
        ));
    }
    if expect.facts.is_empty() && expect.not_accepted == Some(Grounds::Documented) {
        let e = ctx.at(
            &format!("{base}/expect/not-accepted"),
            "`not-accepted: documented` names no documented fact the request breaks".into(),
        );
        return Err(e.with_help(
            "name the constraint it breaks in `verifies:` (`konaplate-conformance facts` lists them), or the assumption the refusal rests on instead of `documented`",
        ));
    }
    Ok(expect)
}
