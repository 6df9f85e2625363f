//! The steps of a scenario in words, shared by every renderer: which step did not pass, and
//! one line per step with its verdict and its exchange in brief.

use crate::outcome::{Outcome, Verdict};

/// `step 2 of 3 `cancel-again` (cardDeliveryCancel)`: the step of a scenario that did not
/// pass; `None` for a case or a scenario that passed.
pub fn failing_title(o: &Outcome) -> Option<String> {
    let (i, step) = o.failing_step()?;
    Some(format!(
        "step {} of {} `{}` ({})",
        i + 1,
        o.steps.len(),
        step.case_id,
        step.operation
    ))
}

/// One line per step, e.g. step 2 `cancel-again` (cardDeliveryCancel): FAIL — POST …/cancel →
/// HTTP 200 000_000.
pub fn lines(o: &Outcome) -> Vec<String> {
    o.steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let verdict = match &s.verdict {
                Verdict::Pass => "pass".to_string(),
                Verdict::Fail { .. } => "FAIL".to_string(),
                Verdict::Error { .. } => "ERROR".to_string(),
                Verdict::Skipped { reason } => format!("skipped ({reason})"),
                Verdict::Flaky { retries } => {
                    format!("flaky (passed after {} retries)", retries.len())
                }
            };
            let mut line = format!(
                "step {} `{}` ({}): {verdict}",
                i + 1,
                s.case_id,
                s.operation
            );
            if let Some(x) = &s.exchange {
                line.push_str(&format!(" — {} {}", x.request.method, x.request.url));
                if let Some(r) = &x.response {
                    line.push_str(&format!(" → HTTP {}", r.status));
                    let code = serde_json::from_str::<serde_json::Value>(&r.body)
                        .ok()
                        .and_then(|v| v.pointer("/response/code").cloned());
                    if let Some(serde_json::Value::String(code)) = code {
                        line.push_str(&format!(" {code}"));
                    }
                }
            }
            line
        })
        .collect()
}
