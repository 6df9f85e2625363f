//! The whole exchange of one case as text, masked: what `replay` prints, so that a failure can
//! be shown to the vendor as it happened on the wire (bodies of encrypted traffic are shown as
//! their plaintext, and marked so).

use std::fmt::Write as _;

use super::console;
use super::masked;
use crate::mask::Masker;
use crate::outcome::{Outcome, Verdict};

/// The request, the answer and the verdict of `outcome`, masked.
pub fn render(outcome: &Outcome, masker: &Masker) -> String {
    let o = masked::outcome(outcome, masker);
    let mut out = String::new();
    let _ = writeln!(out, "=== {}", o.name);
    match &o.exchange {
        None => out.push_str("(nothing was sent)\n"),
        Some(x) => {
            let r = &x.request;
            let _ = writeln!(out, "{} {}", r.method, r.url);
            for (n, v) in &r.headers {
                let _ = writeln!(out, "{n}: {v}");
            }
            let sealed = if x.encryption.request {
                "  (plaintext; sent as JWE)\n"
            } else {
                ""
            };
            let _ = write!(out, "\n{}\n{sealed}\n", r.body);
            match &x.response {
                None => out.push_str("(no answer)\n"),
                Some(a) => {
                    let _ = writeln!(out, "HTTP {} ({} ms)", a.status, x.elapsed.as_millis());
                    for (n, v) in &a.headers {
                        let _ = writeln!(out, "{n}: {v}");
                    }
                    let opened = if x.encryption.response {
                        "  (plaintext; answered as JWE)\n"
                    } else {
                        ""
                    };
                    let _ = write!(out, "\n{}\n{opened}", a.body);
                }
            }
        }
    }
    out.push('\n');
    let checks = match &o.verdict {
        Verdict::Pass => "checks: all passed".to_string(),
        Verdict::Flaky { retries } => {
            format!(
                "checks: all passed; {}",
                console::flaky_line(retries, masker)
            )
        }
        Verdict::Skipped { reason } => format!("not sent: {reason}"),
        Verdict::Fail { .. } | Verdict::Error { .. } => format!(
            "checks:\n{}",
            console::failure_message(outcome, masker, false).unwrap_or_default()
        ),
    };
    out.push_str(&checks);
    out.push('\n');
    out
}
