//! Findings: the failures and warnings of a run grouped by cause, so twenty cases failing for
//! one reason read as one finding with twenty cases, not twenty problems.
//!
//! A cause is the same check, at the same place (JSON path or header), with the same kind of
//! deviation, on the same basis (documented, or the same assumption). "Same kind" blurs what
//! changes from case to case: quoted values and names (a correlation id, the field a message
//! should name) are left out; for the status and the result code, what came back is the cause
//! ("answered 000_002"), whatever each case expected. A failed assumption is one cause per
//! check and place, whatever came back: the assumption names it. Errors group by kind and
//! message.
//!
//! The console tail and `summary.md` list them before the per-case detail; [`group`] takes
//! outcomes that are masked already.

use std::collections::BTreeMap;

use std::fmt::Write as _;

use super::{code_matrix, md};
use crate::assumption::Assumption;
use crate::outcome::{CheckKind, Failure, Outcome, Verdict};
use crate::spec::Spec;

/// How much a finding weighs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Failed cases (a documented expectation, or an assumption the run holds to).
    Failure,
    /// The exchange could not be completed or read.
    Error,
    /// Passed cases with a warning (an assumption, an undeclared field).
    Warning,
}

impl Severity {
    /// `FAIL`, `ERROR` or `warn`, for the console.
    pub fn tag(self) -> &'static str {
        match self {
            Severity::Failure => "FAIL",
            Severity::Error => "ERROR",
            Severity::Warning => "warn",
        }
    }
}

/// One cause and the cases it affects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Failure, error or warning.
    pub severity: Severity,
    /// `[check] at path`, or `error (kind)`.
    pub what: String,
    /// `None`: documented (or a transport error); else the assumption it rests on.
    pub assumption: Option<Assumption>,
    /// The check, `None` for an error.
    pub check: Option<CheckKind>,
    /// The cases, in report order.
    pub cases: Vec<String>,
    /// One of them, with what it expected and got (the first case's line).
    pub example: String,
    /// The documented facts its failures name, each once, sorted: those it breaks when it is
    /// documented.
    pub facts: Vec<String>,
}

impl Finding {
    /// `documented`, `inferred: <name>`, `unfounded` (a check that names neither a fact nor
    /// an assumption: a defect of the harness) or, for an error, `transport`; as
    /// [`Failure::basis`] says of each failure.
    pub fn basis(&self) -> String {
        match (self.severity, self.assumption) {
            (Severity::Error, _) => "transport".to_string(),
            (_, Some(a)) => format!("inferred: {a}"),
            (_, None) if self.facts.is_empty() => "unfounded".to_string(),
            (_, None) => "documented".to_string(),
        }
    }
}

type Key = (Severity, Option<Assumption>, String, String);

/// One occurrence of a cause, before grouping.
struct Seen<'a> {
    severity: Severity,
    check: Option<CheckKind>,
    assumption: Option<Assumption>,
    what: String,
    deviation: String,
    example: String,
    case: &'a str,
    facts: &'a [String],
}

/// The findings of `outcomes` (masked), failures first, then errors, then warnings; within
/// each, the cause affecting the most cases first.
pub fn group(outcomes: &[&Outcome]) -> Vec<Finding> {
    let mut by_cause: BTreeMap<Key, Finding> = BTreeMap::new();
    for seen in outcomes.iter().flat_map(|o| seen(o)) {
        let key = (
            seen.severity,
            seen.assumption,
            seen.what.clone(),
            seen.deviation,
        );
        let finding = by_cause.entry(key).or_insert_with(|| Finding {
            severity: seen.severity,
            what: seen.what,
            assumption: seen.assumption,
            check: seen.check,
            cases: Vec::new(),
            example: seen.example,
            facts: Vec::new(),
        });
        if finding.cases.last().map(String::as_str) != Some(seen.case) {
            finding.cases.push(seen.case.to_string());
        }
        for id in seen.facts {
            if let Err(at) = finding.facts.binary_search(id) {
                finding.facts.insert(at, id.clone());
            }
        }
    }
    let mut out: Vec<Finding> = by_cause.into_values().collect();
    out.sort_by_key(|f| (f.severity, std::cmp::Reverse(f.cases.len())));
    out
}

/// Every failure, error and warning of one outcome.
fn seen<'o>(o: &'o Outcome) -> Vec<Seen<'o>> {
    let of = |severity, f: &'o Failure| Seen {
        severity,
        check: Some(f.check),
        assumption: f.assumption,
        what: what(f),
        // A failed assumption is its own cause: the target reads the silence differently,
        // whichever code or text it answers with.
        deviation: if f.assumption.is_some() {
            String::new()
        } else {
            deviation(f)
        },
        example: format!("{}: {}", o.name, first_line(&f.line())),
        case: &o.name,
        facts: &f.facts,
    };
    let mut out: Vec<Seen> = match &o.verdict {
        // A broken case file is about our input, not the target: the run reports it apart.
        Verdict::Fail { failures } => failures
            .iter()
            .filter(|f| f.check != CheckKind::Input)
            .map(|f| of(Severity::Failure, f))
            .collect(),
        Verdict::Error { error } => {
            let kind = serde_json::to_value(error.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            vec![Seen {
                severity: Severity::Error,
                check: None,
                assumption: None,
                what: format!("error ({kind})"),
                deviation: blur(&error.message),
                example: format!("{}: {}", o.name, first_line(&error.message)),
                case: &o.name,
                facts: &[],
            }]
        }
        // A pass after a retry is in the summary's Flaky section, not a deviation.
        Verdict::Pass | Verdict::Skipped { .. } | Verdict::Flaky { .. } => vec![],
    };
    out.extend(o.warnings.iter().map(|w| of(Severity::Warning, w)));
    out
}

/// The first line of a text: a finding's example stays on one line.
fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// `[check] at path`.
fn what(f: &Failure) -> String {
    if f.path.is_empty() {
        format!("[{}]", f.check.name())
    } else {
        format!("[{}] at {}", f.check.name(), f.path)
    }
}

/// The kind of deviation, without what changes from case to case.
fn deviation(f: &Failure) -> String {
    match f.check {
        // What came back is the cause; what each case expected varies.
        CheckKind::Status | CheckKind::Code => {
            format!("{} / {}", blur(&f.expected.to_string()), f.actual)
        }
        // The keyword (in `expected`) is the cause; the message may carry a value.
        CheckKind::Schema | CheckKind::UnknownField => f.expected.to_string(),
        _ => format!(
            "{} / {}",
            blur(&f.expected.to_string()),
            blur(&f.actual.to_string())
        ),
    }
}

/// `s` with every `"quoted"` and `` `named` `` part replaced by `…`.
fn blur(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut open: Option<char> = None;
    for c in s.chars() {
        match (open, c) {
            (None, '"' | '`') => {
                open = Some(c);
                out.push('…');
            }
            (Some(q), c) if c == q => open = None,
            (Some(_), _) => {}
            (None, c) => out.push(c),
        }
    }
    out
}

/// The console tail of a run: the findings of its outcomes (masked already; those without
/// findings may be left out), in report order.
pub fn tail(spec: &Spec, outcomes: &[Outcome], max_cases: usize) -> Vec<String> {
    console(&group(&code_matrix::ordered(spec, outcomes)), max_cases)
}

/// The `## Findings` section of `summary.md` (empty when there is none).
pub fn markdown(findings: &[Finding], max_cases: usize) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        return out;
    }
    let _ = writeln!(
        out,
        "## Findings

{} distinct cause(s), grouped: same check, same place, same kind of \
         deviation, same basis. *documented*: a vendor page states it; *inferred*: our reading \
         where the pages are silent, which warns unless `--strict` or the profile's \
         `assumptions:` say otherwise (docs/verdicts.md).\n",
        findings.len()
    );
    out.push_str("| | Basis | Check | Cases | Example |\n|---|---|---|---|---|\n");
    for f in findings {
        let symbol = match f.severity {
            Severity::Failure => "❌",
            Severity::Error => "⚠️",
            Severity::Warning => "🔸",
        };
        let _ = writeln!(
            out,
            "| {symbol} | {} | {} | {}: {} | {} |",
            md::cell(&md::text(&basis_words(f))),
            md::cell(&md::code(&f.what)),
            f.cases.len(),
            md::cell(&md::text(&case_list(&f.cases, max_cases))),
            md::cell(&md::code(&f.example)),
        );
    }
    out.push('\n');
    out
}

/// The console tail: one block per finding, at most `max_cases` case names each.
pub fn console(findings: &[Finding], max_cases: usize) -> Vec<String> {
    if findings.is_empty() {
        return vec![];
    }
    let count = |s: Severity| findings.iter().filter(|f| f.severity == s).count();
    let mut lines = vec![format!(
        "findings: {} failing, {} erroring and {} warning cause(s), grouped (details per case above and in the reports)",
        count(Severity::Failure),
        count(Severity::Error),
        count(Severity::Warning),
    )];
    for f in findings {
        lines.push(format!(
            "  {:<5} {} ({}): {} case(s)",
            f.severity.tag(),
            f.what,
            basis_words(f),
            f.cases.len()
        ));
        lines.push(format!("        e.g. {}", f.example));
        lines.push(format!("        {}", case_list(&f.cases, max_cases)));
    }
    lines
}

/// The basis, with what is assumed for an inferred one and the facts a documented one breaks
/// (the first [`SHOWN_FACTS`], then how many more).
pub fn basis_words(f: &Finding) -> String {
    match f.assumption {
        Some(a) => format!("{}: {}", f.basis(), a.claim()),
        None if f.facts.is_empty() => f.basis(),
        None => format!("{}: {}", f.basis(), fact_list(&f.facts)),
    }
}

/// How many fact ids a finding's basis shows.
pub const SHOWN_FACTS: usize = 3;

/// `a, b, c (+N more)` of fact ids.
fn fact_list(facts: &[String]) -> String {
    let shown: Vec<&str> = facts.iter().take(SHOWN_FACTS).map(String::as_str).collect();
    match facts.len().saturating_sub(SHOWN_FACTS) {
        0 => shown.join(", "),
        more => format!("{} (+{more} more)", shown.join(", ")),
    }
}

/// `a, b, c (+N more)`.
pub fn case_list(cases: &[String], max: usize) -> String {
    let shown = cases
        .iter()
        .take(max)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if cases.len() > max {
        format!("{shown} (+{} more)", cases.len() - max)
    } else {
        shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(name: &str, failures: Vec<Failure>, warnings: Vec<Failure>) -> Outcome {
        let verdict = Verdict::from_failures(failures);
        let mut o = Outcome::new(name.into(), "op".into(), name.into(), None, verdict);
        o.warnings = warnings;
        o
    }

    fn echo(sent: &str, got: &str) -> Failure {
        Failure::new(
            CheckKind::Header,
            "X-KM-Correlation-Id",
            format!("the request's \"{sent}\" echoed"),
            format!("\"{got}\""),
        )
        .assuming(Some(Assumption::CorrelationIdEcho))
    }

    #[test]
    fn one_cause_many_cases_is_one_finding() {
        let code = |expected: &str| {
            Failure::new(
                CheckKind::Code,
                "/response/code",
                format!("\"{expected}\""),
                "\"003_099\"",
            )
            .verifying([format!("op.code.{expected}.when")])
        };
        let os = [
            outcome("op::a", vec![code("003_001")], vec![echo("1", "2")]),
            outcome("op::b", vec![code("003_002")], vec![echo("3", "4")]),
            outcome("op::c", vec![], vec![echo("5", "6")]),
            outcome(
                "op::d",
                vec![Failure::new(
                    CheckKind::Code,
                    "/response/code",
                    "\"000_000\"",
                    "\"000_002\"",
                )],
                vec![],
            ),
        ];
        let refs: Vec<&Outcome> = os.iter().collect();
        let found = group(&refs);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Failure);
        assert_eq!(found[0].cases, vec!["op::a", "op::b"]);
        assert_eq!(found[0].basis(), "documented");
        // The facts of every case of the cause, each once.
        assert_eq!(
            found[0].facts,
            ["op.code.003_001.when", "op.code.003_002.when"]
        );
        // A failure naming no fact and no assumption is shown for what it is.
        assert_eq!(found[1].cases, vec!["op::d"]);
        assert_eq!(found[1].basis(), "unfounded");
        let warn = &found[2];
        assert_eq!(warn.severity, Severity::Warning);
        assert_eq!(warn.cases.len(), 3);
        assert_eq!(warn.basis(), "inferred: correlation-id-echo");
        let text = console(&found, 2).join("\n");
        assert!(text.contains("warn  [header] at X-KM-Correlation-Id (inferred: correlation-id-echo: the answer echoes"), "{text}");
        assert!(text.contains("op::a, op::b (+1 more)"), "{text}");
        assert!(
            text.contains("(documented: op.code.003_001.when, op.code.003_002.when)"),
            "{text}"
        );
    }

    #[test]
    fn blur_drops_quoted_and_named_parts() {
        assert_eq!(blur("text naming `userId`"), "text naming …");
        assert_eq!(blur("\"abc\" (19 characters)"), "… (19 characters)");
    }
}
