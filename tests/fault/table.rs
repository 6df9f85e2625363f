//! The mutation table of docs/testing.md, rendered from the mutations in
//! [`super::fault_injection::mutants`]: the document shows what the code injects, and the
//! `docs::` trial fails when the two differ. `KONAPLATE_UPDATE_DOCS=1` rewrites the section
//! (between its two marker lines) instead of failing.

use std::path::Path;

use crate::fault_injection::{Caught, Mode, Mutant, mutants};
use crate::support::fault::{Editor, HeaderEdit, Mutation};
use crate::support::stateful::Memory;

/// The document and the lines that enclose the generated table.
pub const DOC: &str = "docs/testing.md";
const BEGIN: &str = "<!-- mutation table: generated from tests/fault/fault_injection.rs -->";
const END: &str = "<!-- end of the mutation table -->";

/// The table as markdown, one row per mutation, in the order of the code.
pub fn render() -> String {
    let mut table = String::from(
        "| Mutation | Configurations | Answers it breaks | What it does | Run with | Affected | Expected |\n\
         |---|---|---|---|---|---|---|\n",
    );
    for m in mutants() {
        table.push_str(&row(&m));
    }
    table
}

fn row(m: &Mutant) -> String {
    let mut run_with = Vec::new();
    if m.strict {
        run_with.push("`--strict`".to_string());
    }
    if let Some(ms) = m.timeout_ms {
        run_with.push(format!("`--timeout-ms {ms}`"));
    }
    match m.step {
        Some(step) => run_with.push(format!("the scenarios (fails step {step})")),
        None => run_with.push("`--skip scenario::`".to_string()),
    }
    let modes: Vec<&str> = Mode::of(m).into_iter().map(Mode::name).collect();
    format!(
        "| `{}` | {} | {} | {} | {} | {} | {} |\n",
        m.id,
        modes.join(", "),
        m.fault.target.describe(),
        mutation(&m.fault.mutation),
        run_with.join(", "),
        m.affected.len(),
        expected(m.caught)
    )
}

fn mutation(m: &Mutation) -> String {
    use Mutation as M;
    match m {
        M::Identity => "none".into(),
        M::Set(at, value) => format!("`{at}` = `{value}`"),
        M::Lengthen(at) => format!("`{at}` one character longer"),
        M::Shorten(at) => format!("`{at}` one character shorter"),
        M::Remove(at) => format!("`{at}` removed"),
        M::Add(at, value) => format!("`{at}` = `{value}` added"),
        M::Status(status) => format!("HTTP {status}"),
        M::Header(name, HeaderEdit::Remove) => format!("`{name}` removed"),
        M::Header(name, HeaderEdit::Shorten) => format!("`{name}` one character shorter"),
        M::Header(name, HeaderEdit::Other) => format!("`{name}` another well-formed id"),
        M::Header(name, HeaderEdit::Set(value)) => format!("`{name}: {value}`"),
        M::Header(name, HeaderEdit::Repeat) => {
            format!("`{name}` twice: a second line with another well-formed id")
        }
        M::Body { body: "", .. } => "empty body".into(),
        M::Body { content_type, body } => {
            let kind = content_type.map_or(String::new(), |ct| format!(" as `{ct}`"));
            format!("body `{body}`{kind}")
        }
        M::Truncate => "first half of the JSON".into(),
        M::Stall => "never answers".into(),
        M::CloseMidBody => "full length announced, half sent, connection broken".into(),
        M::PadTo(size) => format!("JSON padded to {size} bytes"),
        M::RedirectLoop => "`307` to its own URL".into(),
        M::Unseal => "an encrypted answer sent as its plaintext".into(),
        M::Edit(Editor(what, _)) => (*what).into(),
        M::Lax(lax) => lax.describe(),
        M::Stateful(Memory::RepeatSuccess(keys)) => format!(
            "a refused change of what it saw changed (same {}) gets the first success again",
            pointers(keys)
        ),
        M::Stateful(Memory::ForgetSuspension(keys, code)) => format!(
            "forgets a suspension (same {}): the `RESUME` is refused with `{code}`",
            pointers(keys)
        ),
        M::Stateful(Memory::CancelledStillReady(keys)) => format!(
            "an application it saw cancelled (same {}) still shows `READY`",
            pointers(keys)
        ),
        M::Stateful(Memory::StrictTransitions(keys, code)) => format!(
            "a repeated `SUSPEND` or a `RESUME` of an active card (same {}) refused with `{code}`",
            pointers(keys)
        ),
    }
}

fn pointers(keys: &[&str]) -> String {
    keys.iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn expected(caught: Caught) -> String {
    let name = |kind: serde_json::Value| kind.as_str().unwrap_or_default().to_string();
    match caught {
        Caught::Check(kind, "", mentions) => {
            format!(
                "`{}` (`{mentions}`)",
                name(serde_json::to_value(kind).unwrap())
            )
        }
        Caught::Check(kind, at, mentions) => format!(
            "`{}` at `{at}` (`{mentions}`)",
            name(serde_json::to_value(kind).unwrap())
        ),
        Caught::Error(kind, mentions) => format!(
            "error `{}` (`{mentions}`)",
            name(serde_json::to_value(kind).unwrap())
        ),
        Caught::Assumed(kind, at, mentions, assumption) => format!(
            "a warning `{}` at `{at}` (`{mentions}`), assumption `{}`",
            name(serde_json::to_value(kind).unwrap()),
            assumption.name()
        ),
    }
}

/// The table section of `doc` (between the markers), or why there is none.
fn section(doc: &str) -> Result<(usize, usize), String> {
    let begin = doc
        .find(BEGIN)
        .ok_or(format!("{DOC} has no line {BEGIN:?}"))?;
    let start = begin + BEGIN.len() + 1;
    let end = doc[start..]
        .find(END)
        .ok_or(format!("{DOC} has no line {END:?} after the table"))?;
    Ok((start, start + end))
}

/// The `docs::` trial: the document's table is the rendered one.
pub fn check_docs() -> Result<(), String> {
    let path = Path::new(DOC);
    let doc = std::fs::read_to_string(path).map_err(|e| format!("{DOC}: {e}"))?;
    let (start, end) = section(&doc)?;
    let rendered = render();
    if doc[start..end] == rendered {
        return Ok(());
    }
    if std::env::var_os("KONAPLATE_UPDATE_DOCS").is_some_and(|v| v == "1") {
        let updated = format!("{}{rendered}{}", &doc[..start], &doc[end..]);
        return std::fs::write(path, updated).map_err(|e| format!("{DOC}: {e}"));
    }
    let diff = similar::TextDiff::from_lines(&doc[start..end], rendered.as_str());
    Err(format!(
        "the mutation table of {DOC} differs from the mutations in the code \
         (KONAPLATE_UPDATE_DOCS=1 rewrites it):\n{}",
        diff.unified_diff().header(DOC, "rendered from the code")
    ))
}
