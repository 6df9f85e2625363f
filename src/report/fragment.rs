//! `probe`'s output: a profile fragment, YAML with comments, that says what the target did
//! where the vendor is silent. Settled keys are live YAML to paste into the profile; unsettled
//! ones are comments that say why, and a closing list names them all.

use std::fmt::Write as _;

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
        |v| v.clone(),
    );
    key(
        &mut out,
        &mut unsettled,
        "echoes-correlation-id",
        &c.echoes_correlation_id,
        bool::to_string,
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
    show: impl Fn(&T) -> String,
) {
    match settled {
        Ok((value, why)) => {
            let _ = writeln!(out, "{name}: {}  # {}", show(value), one_line(why));
        }
        Err(why) => {
            let _ = writeln!(out, "# {name}: UNSETTLED ({})", one_line(why));
            unsettled.push(format!("{name}: {}", one_line(why)));
        }
    }
}

fn answer(a: &Answer) -> String {
    format!(
        "{{ status: {}, code: \"{}\" }}",
        a.status,
        a.code.replace(['"', '\\'], "")
    )
}

fn header_errors(out: &mut String, unsettled: &mut Vec<String>, c: &Conventions) {
    let both = [
        ("malformed", &c.malformed),
        ("unauthorized", &c.unauthorized),
    ];
    // The profile needs both answers or neither.
    let live = both.iter().all(|(_, s)| s.is_ok());
    out.push_str(if live {
        "header-errors:\n"
    } else {
        "# header-errors:\n"
    });
    for (name, settled) in both {
        match settled {
            Ok((a, why)) if live => {
                let _ = writeln!(out, "  {name}: {}  # {}", answer(a), one_line(why));
            }
            Ok((a, why)) => {
                let _ = writeln!(out, "#   {name}: {}  # {}", answer(a), one_line(why));
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

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}
