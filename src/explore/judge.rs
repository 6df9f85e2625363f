//! Judging the target's answer to one step, in three parts:
//!
//! 1. **The contract** (documented): an answer came, its status and result code are a row of
//!    the operation's Response Code table, and its body fits the response schema.
//! 2. **The prediction** (documented): the result code is one the rules allow, given what the
//!    profile declares and what the target's own earlier answers showed ([`Prediction`]); a
//!    success shows what is known (a cancelled application's `CANCEL`).
//! 3. **The oracle** (warnings only): where the reference mock answered otherwise, the
//!    difference rests on something explore cannot know of the target (an undeclared property,
//!    the mock's decision, which error wins, the mock's own fixtures): a warning that says
//!    which.

use serde_json::Value;

use super::compare::{self, Enums};
use super::known::Why;
use super::predict::Prediction;
use super::rules::REFUSED;
use super::side::Answer;
use crate::assumption::Policy;
use crate::check::{self, Findings};
use crate::facts::{Aspect, id};
use crate::outcome::{CheckKind, Failure, Said};
use crate::spec::{Operation, Spec};

/// What judging one answer found.
#[derive(Debug, Clone, Default)]
pub struct Judged {
    /// Documented failures.
    pub failures: Vec<Failure>,
    /// What they rest on, in words (facts of the ledger, what the run showed).
    pub because: Vec<String>,
    /// Differences from the oracle that are not documented failures.
    pub warnings: Vec<Failure>,
    /// Why each of those cannot be a failure.
    pub why: Vec<Why>,
}

/// Judges the target's `answer` to a step of `op`; `oracle` is the mock's, when it answered.
/// `policy` settles a schema failure that rests on an assumption (a constraint the spec
/// infers), as it does for `run`: a warning unless the profile settles it otherwise.
pub fn judge(
    (spec, policy): (&Spec, Policy),
    op: &Operation,
    enums: &Enums,
    prediction: &Prediction,
    answer: &Answer,
    oracle: Option<&Answer>,
) -> Judged {
    let mut j = Judged::default();
    contract((spec, policy), op, answer, &mut j);
    if j.failures.is_empty() {
        predicted(op, prediction, answer, &mut j);
    }
    if j.failures.is_empty()
        && let Some(oracle) = oracle.filter(|o| !o.unsent)
    {
        let differences = compare::compare(enums, oracle, answer);
        if !differences.is_empty() {
            j.why.extend(why(prediction, oracle, answer, &differences));
            j.warnings.extend(differences);
        }
    }
    j
}

/// The answer against the operation's contract.
fn contract((spec, policy): (&Spec, Policy), op: &Operation, answer: &Answer, j: &mut Judged) {
    let page = format!("{}'s Response Code table and response schema", op.id);
    let (Some(status), Some(body)) = (answer.status, answer.body.as_ref()) else {
        let got = match (&answer.status, &answer.error) {
            (Some(s), _) => format!("HTTP {s}, no JSON body"),
            (None, Some(e)) => format!("no answer ({})", e.message),
            (None, None) => "no answer".into(),
        };
        j.failures.push(Failure::new(
            CheckKind::Status,
            "",
            "a documented answer",
            got,
        ));
        j.because.push(page);
        return;
    };
    j.failures.extend(check::documented(op, status));
    j.failures.extend(check::documented_code(op, body));
    if let Some(row) = answer.code.as_deref().and_then(|c| op.error_code(c))
        && row.http != status
    {
        j.failures.push(Failure::new(
            CheckKind::Status,
            "",
            format!("HTTP {} (the row of {})", row.http, row.code),
            format!("HTTP {status}"),
        ));
    }
    // An answer that is no row of the table breaks the table: every row's status.
    let rows = |code: Option<&str>| -> Vec<String> {
        let ledger = spec.ledger();
        op.error_codes
            .iter()
            .filter(|r| code.is_none_or(|c| c == r.code))
            .map(|r| id(&op.id, &format!("code.{}", r.code), Some(Aspect::Status)))
            .filter(|f| ledger.get(f).is_some())
            .collect()
    };
    let row = answer
        .code
        .as_deref()
        .filter(|c| op.error_code(c).is_some());
    j.failures = std::mem::take(&mut j.failures)
        .into_iter()
        .map(|f| f.verifying(rows(row)))
        .collect();
    if j.failures.is_empty() && op.response_schema(status).is_some() {
        let broken = Findings {
            failures: check::schema(spec, op, status, body),
            ..Findings::default()
        };
        let settled = check::settle(policy, broken);
        (j.why).extend(
            settled
                .warnings
                .iter()
                .map(|w| Why::Inferred(w.path.clone())),
        );
        j.warnings.extend(settled.warnings);
        j.failures.extend(settled.failures);
    }
    if !j.failures.is_empty() {
        j.because.push(page);
    }
}

/// The answer against what the rules predict.
fn predicted(op: &Operation, p: &Prediction, answer: &Answer, j: &mut Judged) {
    let code = answer.code.clone().unwrap_or_default();
    let fact = |f: &str| format!("{}.{f}", op.id);
    if !p.allowed.contains(&code) {
        let codes: Vec<&str> = p.allowed.iter().map(String::as_str).collect();
        let expected = match p.allowed.contains("000_000") || codes.len() == 1 {
            true => codes.join(" or "),
            false => format!("a refusal ({})", codes.join(" or ")),
        };
        let rules = match p.applying.is_empty() {
            true => p.ruled_out.iter().map(|(r, _)| r).collect::<Vec<_>>(),
            false => p.applying.iter().map(|(r, _)| r).collect(),
        };
        let facts: Vec<String> = rules.iter().map(|r| fact(r.fact)).collect();
        j.failures.push(
            Failure::new(CheckKind::Code, "/response/code", expected, code.clone())
                .verifying(facts),
        );
        for (rule, why) in &p.applying {
            j.because
                .push(format!("{}: {}", fact(rule.fact), why.join("; ")));
        }
        if p.applying.is_empty() {
            let ruled_out = p.ruled_out.iter().filter(|(_, why)| !why.is_empty());
            for (rule, why) in ruled_out {
                let why = why.join("; ");
                j.because
                    .push(format!("{} does not apply: {why}", fact(rule.fact)));
            }
        }
        return;
    }
    if code != "000_000" {
        return;
    }
    let body = answer.body.as_ref().unwrap_or(&Value::Null);
    for shown in &p.shows {
        let (pointer, expected, length) = (&shown.pointer, &shown.expected, &shown.length);
        let actual = match (body.pointer(pointer), length) {
            (Some(Value::Array(items)), true) => items.len().to_string(),
            (Some(Value::String(s)), false) => s.clone(),
            (Some(other), _) => other.to_string(),
            (None, _) => "absent".into(),
        };
        if actual != *expected {
            // A length and `absent` are the harness's words; a value (the profile's
            // declaration, the target's answer) is masked as the field's.
            let (what, got) = match (*length, body.pointer(pointer)) {
                (true, _) => (
                    Said::words(format!("a list of {expected}")),
                    Said::words(format!("a list of {actual}")),
                ),
                (false, None) => (Said::value(expected.clone()), Said::words("absent")),
                (false, Some(_)) => (Said::value(expected.clone()), Said::value(actual)),
            };
            j.failures.push(
                Failure::new(CheckKind::Body, pointer.clone(), what, got)
                    .verifying([shown.fact.clone()]),
            );
            j.because.push(format!("{}: {}", shown.fact, shown.because));
        }
    }
}

/// Why the oracle's different answer cannot be a failure.
fn why(p: &Prediction, oracle: &Answer, target: &Answer, differences: &[Failure]) -> Vec<Why> {
    let (o, t) = (
        oracle.code.clone().unwrap_or_default(),
        target.code.clone().unwrap_or_default(),
    );
    let mut out = Vec::new();
    if o == t {
        // The same code, another body: a value the step's fixture decides.
        for f in differences {
            let under = |at: &String| f.path.starts_with(at.as_str());
            let why = match p.unshown.iter().find(|(at, _)| under(at)) {
                Some((_, why)) => why.clone(),
                // The target shows what is known of it: the oracle's fixture differs.
                None if p.shows.iter().any(|s| under(&s.pointer)) => Why::OracleFixtures,
                None => Why::Unfixed,
            };
            out.push(why);
        }
        out.dedup();
        return out;
    }
    if !p.allowed.contains(&o) {
        out.push(Why::OracleFixtures);
    }
    out.extend(p.unknowns_for(&t));
    out.extend(p.unknowns_for(&o));
    let applying: Vec<&str> = p.applying.iter().map(|(r, _)| r.code).collect();
    if applying.len() > 1
        || applying.contains(&REFUSED) && applying.len() == 1 && p.allowed.len() > 1
    {
        out.extend(
            p.applying
                .iter()
                .filter_map(|(r, _)| r.which.map(Why::Decision)),
        );
        if applying.len() > 1 {
            out.push(Why::Precedence);
        }
    }
    if out.is_empty() {
        out.push(Why::OracleFixtures);
    }
    let mut unique = Vec::new();
    for w in out {
        if !unique.contains(&w) {
            unique.push(w);
        }
    }
    unique
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::*;
    use crate::explore::predict::Shown;
    use crate::mask::Masker;
    use crate::report::masked;
    use crate::spec;

    #[test]
    fn what_a_success_must_show_says_absent_and_lengths_in_words_and_masks_values() {
        let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
        let op = spec.operation("cardDeliveryCancel").unwrap();
        let shown = |pointer: &str, expected: &str, length| Shown {
            pointer: pointer.into(),
            expected: expected.into(),
            length,
            because: "declared".into(),
            fact: "cardDeliveryCancel.test".into(),
        };
        let p = Prediction {
            allowed: ["000_000".to_string()].into(),
            shows: vec![
                shown("/mobileCardNo", "9430000000000003", false),
                shown("/par", "Q1TESTPAR000000000000000003", false),
                shown("/list", "2", true),
            ],
            ..Prediction::default()
        };
        let body = json!({"response": {"code": "000_000"},
            "par": "Q1TESTPAR000000000000000077", "list": [1]});
        let answer = Answer {
            status: Some(200),
            code: Some("000_000".into()),
            body: Some(body),
            ..Answer::default()
        };
        let mut j = Judged::default();
        predicted(op, &p, &answer, &mut j);
        let m = Masker::default();
        let lines: Vec<String> = (j.failures.iter())
            .map(|f| masked::failure(f, &m).line())
            .collect();
        assert_eq!(
            lines,
            [
                "[body] at /mobileCardNo: expected \"943000******0003\", got absent",
                "[body] at /par: expected Q1TE*******************0003, got Q1TE*******************0077 (27 characters: letters and digits)",
                "[body] at /list: expected a list of 2, got a list of 1",
            ]
        );
    }
}
