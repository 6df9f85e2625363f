//! `probe`'s output: a profile fragment, YAML with comments, that says what the target did
//! where the vendor is silent. Settled keys are live YAML to paste into the profile; unsettled
//! ones are comments that say why, and a closing list names them all.
//!
//! The live keys are emitted by the YAML library, never pasted: a server's code may hold a
//! newline, a quote or a `#`, and the fragment must still parse to exactly what was seen. A
//! comment holds server text on one line (line breaks become spaces, a code is JSON-quoted).

use std::fmt::Write as _;

use serde_yaml::{Mapping, Value};

use crate::check::conventions::{Answer, Conventions, Settled};

/// Where the probe went, for the heading.
#[derive(Debug, Clone)]
pub struct Probed<'a> {
    /// The base URL (or the embedded mock).
    pub target: &'a str,
    /// The profile the requests were built from.
    pub profile: &'a str,
    /// The operations the requests went to (none state-changing).
    pub operations: &'a [String],
    /// How many requests went out.
    pub requests: usize,
}

/// The fragment.
pub fn render(probed: &Probed, c: &Conventions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# What `probe` observed at {}", probed.target);
    let _ = writeln!(
        out,
        "# ({} requests built from {}, only to read-only operations: {}).",
        probed.requests,
        probed.profile,
        probed.operations.join(", ")
    );
    out.push_str("# Paste the settled keys into the profile; decide the others by hand.\n");
    let mut unsettled: Vec<String> = Vec::new();
    key(
        &mut out,
        &mut unsettled,
        "message-field",
        &c.message_field,
        |v| Value::from(v.as_str()),
    );
    key(
        &mut out,
        &mut unsettled,
        "echoes-correlation-id",
        &c.echoes_correlation_id,
        |b| Value::from(*b),
    );
    header_errors(&mut out, &mut unsettled, c);
    encrypted(&mut out, &mut unsettled, c);
    if unsettled.is_empty() {
        out.push_str("# Every convention above is settled.\n");
    } else {
        out.push_str("# Could not settle:\n");
        for u in &unsettled {
            let _ = writeln!(out, "#   - {u}");
        }
    }
    out
}

fn key<T>(
    out: &mut String,
    unsettled: &mut Vec<String>,
    name: &str,
    settled: &Settled<T>,
    show: impl Fn(&T) -> Value,
) {
    match settled {
        Ok((value, why)) => {
            let _ = writeln!(out, "# {}", one_line(why));
            out.push_str(&live(name, show(value)));
        }
        Err(why) => {
            let _ = writeln!(out, "# {name}: UNSETTLED ({})", one_line(why));
            unsettled.push(format!("{name}: {}", one_line(why)));
        }
    }
}

/// `name: value` as the YAML library writes it.
fn live(name: &str, value: Value) -> String {
    let mut map = Mapping::new();
    map.insert(Value::from(name), value);
    serde_yaml::to_string(&map).unwrap_or_default()
}

/// An answer as a live mapping.
fn answer(a: &Answer) -> Value {
    let mut map = Mapping::new();
    map.insert("status".into(), a.status.into());
    map.insert("code".into(), a.code.as_str().into());
    Value::Mapping(map)
}

/// An answer on one comment line.
fn answer_line(a: &Answer) -> String {
    let code = serde_json::to_string(&a.code).unwrap_or_default();
    format!("{{ status: {}, code: {code} }}", a.status)
}

fn header_errors(out: &mut String, unsettled: &mut Vec<String>, c: &Conventions) {
    let both = [
        ("malformed", &c.malformed),
        ("unauthorized", &c.unauthorized),
    ];
    // The profile needs both answers or neither.
    if let [(_, Ok((malformed, m_why))), (_, Ok((unauthorized, u_why)))] = both {
        let _ = writeln!(out, "# header-errors.malformed: {}", one_line(m_why));
        let _ = writeln!(out, "# header-errors.unauthorized: {}", one_line(u_why));
        let mut map = Mapping::new();
        map.insert("malformed".into(), answer(malformed));
        map.insert("unauthorized".into(), answer(unauthorized));
        out.push_str(&live("header-errors", Value::Mapping(map)));
        return;
    }
    out.push_str("# header-errors:\n");
    for (name, settled) in both {
        match settled {
            Ok((a, why)) => {
                let _ = writeln!(out, "#   {name}: {}  # {}", answer_line(a), one_line(why));
            }
            Err(why) => {
                let _ = writeln!(out, "#   {name}: UNSETTLED ({})", one_line(why));
                unsettled.push(format!("header-errors.{name}: {}", one_line(why)));
            }
        }
    }
}

fn encrypted(out: &mut String, unsettled: &mut Vec<String>, c: &Conventions) {
    if c.encrypted.is_empty() {
        return;
    }
    out.push_str("# Encrypted answers (the spec's x-encryption.response; no profile key):\n");
    for (op, in_spec, settled) in &c.encrypted {
        let spec = if *in_spec { "encrypted" } else { "plain" };
        match settled {
            Ok((seen, why)) => {
                let seen_word = if *seen { "encrypted" } else { "plain" };
                let verdict = if seen_word == spec {
                    "as the spec says"
                } else {
                    "NOT as the spec says"
                };
                let _ = writeln!(
                    out,
                    "#   {op}: answered {seen_word} ({}), {verdict} ({spec})",
                    one_line(why)
                );
            }
            Err(why) => {
                let _ = writeln!(out, "#   {op}: UNSETTLED ({})", one_line(why));
                unsettled.push(format!("whether {op} answers encrypted: {}", one_line(why)));
            }
        }
    }
}

/// `s` on one line: every character a YAML reader may take for a line break is a space.
fn one_line(s: &str) -> String {
    s.replace(
        [
            '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}',
        ],
        " ",
    )
}
