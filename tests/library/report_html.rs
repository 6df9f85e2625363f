//! report.html without a browser: the page of the hand-made run pinned by a snapshot, hostile
//! case ids and messages escaped, card data and secrets masked, the guard's look at escaped
//! secrets, and the structure that accessibility and the no-JavaScript reading rely on.

use crate::report_fixtures;

use std::path::Path;

use insta::assert_snapshot;
use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{
    CheckKind, Failure, Outcome, Retry, RunError, RunErrorKind, Said, Verdict,
};
use konaplate_conformance::report::answer_times::AnswerTimes;
use konaplate_conformance::report::{self, RunInfo, html};
use regex::Regex;
use report_fixtures::*;
use serde_json::json;

fn page(info: &RunInfo, outcomes: &[Outcome], masker: &Masker) -> String {
    html::render(info, &spec(), outcomes, masker)
}

/// The page without its stylesheet, script and policy hashes, which change with every tweak
/// of the assets, one block element a line so that a change reads well in review.
fn without_assets(html: &str) -> String {
    let re = Regex::new(r"(?s)<style>.*?</style>|<script>.*?</script>|'sha256-[^']*'").unwrap();
    let html = re.replace_all(html, "…");
    let blocks = r"<(head|body|section|article|table|caption|thead|tbody|tr|h[1-4]|p|details|form|header|nav|main|div|pre)[\s>]";
    Regex::new(blocks)
        .unwrap()
        .replace_all(&html, "\n$0")
        .to_string()
}

fn count(html: &str, pattern: &str) -> usize {
    Regex::new(pattern).unwrap().find_iter(html).count()
}

#[test]
fn the_page_of_the_hand_made_run() {
    // As a run collects them: the answer times of every outcome, for the timing picture.
    let info = RunInfo {
        answer_times: AnswerTimes::of(&outcomes()),
        ..info()
    };
    let html = page(&info, &outcomes(), &Masker::default());
    assert_snapshot!(without_assets(&html));
}

#[test]
fn the_page_shows_each_failing_case_with_its_checks_diff_and_exchange() {
    let outcomes = outcomes();
    let html = page(&info(), &outcomes, &Masker::default());
    let failing = outcomes
        .iter()
        .filter(|o| matches!(o.verdict, Verdict::Fail { .. } | Verdict::Error { .. }))
        .count();
    assert_eq!(count(&html, r#"<article class="case"#), failing);
    assert_eq!(count(&html, r"<tr id=.case-\d+."), outcomes.len());
    // The status and code failure: both checks, the diff lines, the exchange.
    assert!(html.contains("<th scope=\"row\">status</th><td><code>—</code></td><td><code>400</code></td><td><code>200</code></td>"));
    assert!(
        html.contains(r#"<span class="del">-  &quot;status&quot;: 400"#),
        "{html}"
    );
    assert!(html.contains(r#"<span class="add">+  &quot;status&quot;: 200"#));
    assert!(html.contains("POST http://127.0.0.1:4010/api/v1/card/status"));
    assert!(html.contains("error (connect)") || html.contains("Error (connect)"));
    // Without JavaScript: the filter form is hidden, every case row is there, exchanges and
    // the facts × cases matrices open.
    assert!(html.contains(r#"<form class="filters" id="filters" hidden"#));
    assert_eq!(
        count(&html, "<details class=\"(exchange|fact-matrix)\" open>"),
        count(&html, "<details")
    );
    assert!(count(&html, "<details class=\"exchange\" open>") > 0);
}

#[test]
fn every_table_has_headers_with_a_scope_and_a_caption() {
    let html = page(&info(), &outcomes(), &Masker::default());
    let tables = count(&html, "<table");
    assert!(tables >= 6, "{tables} tables");
    assert_eq!(count(&html, "<caption>"), tables);
    assert_eq!(
        count(&html, r"<th[\s>]"),
        count(&html, r#"<th scope="(row|col|rowgroup)""#)
    );
    // No element carries an attribute twice (a browser would drop the second).
    assert_eq!(count(&html, r#"<[^>]*\sclass="[^"]*"[^>]*\sclass="#), 0);
    // The policy comes before anything the page could load or run.
    let csp = html.find("Content-Security-Policy").unwrap();
    assert!(csp < html.find("<style>").unwrap());
    assert!(html.contains("default-src 'none'"));
    assert_eq!(count(&html, r#"\ssrc="#), 0);
    assert_eq!(count(&html, r#"href="[^#]"#), 0);
}

/// An outcome whose every text tries to end the element it is in and add markup.
fn hostile() -> Outcome {
    let mut o = status_code_failure();
    o.case_id = "<script>alert('id')</script>".to_string();
    o.name = format!("cardStatusChange::{}", o.case_id);
    o.verdict = Verdict::Fail {
        failures: vec![Failure::new(
            CheckKind::Body,
            "/a\"><img src=x onerror=alert(1)>",
            "</code></td></tr></table><iframe src=//evil>",
            "</pre><script>alert('actual')</script>",
        )],
    };
    if let Some(x) = o.exchange.as_mut() {
        x.request.headers.push((
            "X-Evil\"><b>".to_string(),
            "</code><svg onload=alert(1)>".to_string(),
        ));
        x.request.body = "</pre><script>alert('body')</script>".to_string();
    }
    o
}

#[test]
fn hostile_case_ids_and_messages_are_escaped() {
    let mut error = transport_error();
    error.verdict = Verdict::Error {
        error: RunError {
            kind: RunErrorKind::Transport,
            message: "<style>body{display:none}</style>".to_string(),
        },
    };
    let mut info = info();
    info.target = "http://127.0.0.1:4010/\"><script>alert('target')</script>".to_string();
    info.tags
        .insert(hostile().name.clone(), vec!["\"><b>tag</b>".to_string()]);
    let html = page(&info, &[hostile(), error], &Masker::default());
    // The page's own markup only: one stylesheet, one script, no element a value brought.
    assert_eq!(count(&html, "<script"), 1);
    assert_eq!(count(&html, "<style"), 1);
    for planted in ["<img", "<iframe", "<svg onload", "<b>"] {
        assert!(!html.contains(planted), "{planted} got through");
    }
    // The only `<svg>` elements are the page's own pictures.
    assert!(count(&html, "<svg") > 0);
    assert_eq!(
        count(&html, "<svg"),
        count(&html, r#"<svg class="picture""#)
    );
    assert!(html.contains("&lt;script&gt;alert('id')&lt;/script&gt;"));
    assert!(html.contains("/a&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&lt;/pre&gt;&lt;script&gt;alert('body')&lt;/script&gt;"));
    assert!(html.contains("data-tags=\"&quot;&gt;&lt;b&gt;tag&lt;/b&gt;\""));
}

#[test]
fn card_data_and_secrets_are_masked_in_the_page() {
    let secret = "AKtest7f3c9a1e2b5d";
    let mut o = status_code_failure();
    if let Some(x) = o.exchange.as_mut() {
        x.request
            .headers
            .push(("X-KM-Access-Key".into(), secret.into()));
        x.request.body = json!({"cardNo": "9410000000000001", "mobileCardCVC": "987"}).to_string();
    }
    o.verdict = Verdict::Fail {
        failures: vec![Failure::new(
            CheckKind::Body,
            "/cardNo",
            Said::value("\"9410000000000002\""),
            format!("echo {secret}"),
        )],
    };
    let masker = Masker::new([secret.to_string()]);
    let html = page(&info(), &[o.clone()], &masker);
    for leaked in [secret, "9410000000000001", "9410000000000002", "987"] {
        assert!(!html.contains(leaked), "{leaked} is in the page");
    }
    assert!(html.contains("941000******0001"));
    // The control: unmasked, the same page shows them.
    let open = page(&info(), &[o], &Masker::disabled());
    assert!(open.contains(secret) && open.contains("9410000000000001") && open.contains("987"));
}

#[test]
fn the_guard_finds_a_secret_the_page_escaped_when_masking_is_bypassed() {
    let secret = "AK<&>\"secret-value";
    let mut o = status_code_failure();
    o.case_id = format!("case {secret}");
    // Knows the secret, masks nothing: only the guard stands between it and the file.
    let masker = Masker::new([secret.to_string()]).without_masking();
    let root = tempfile::tempdir().unwrap();
    let w = report::write(root.path(), &info(), &spec(), &[o], &masker, None).unwrap();
    let html_escape = w
        .escapes
        .iter()
        .find(|e| e.file == Path::new(html::FILE_NAME))
        .expect("the guard did not flag report.html");
    assert!(html_escape.secrets > 0);
    let written = std::fs::read_to_string(w.dir.join(html::FILE_NAME)).unwrap();
    assert!(!written.contains("AK&lt;&amp;&gt;&quot;secret-value"));
    assert!(!written.contains(secret));
}

#[test]
fn a_failing_scenario_shows_its_steps_and_the_failing_steps_evidence() {
    let mut first = pass();
    first.name = "scenario::suspend-resume::suspend".into();
    first.case_id = "suspend".into();
    let mut second = status_code_failure();
    second.name = "scenario::suspend-resume::resume".into();
    second.case_id = "resume".into();
    let third = Outcome::new(
        "scenario::suspend-resume::inquire".into(),
        "cardDeliveryInquiry".into(),
        "inquire".into(),
        None,
        Verdict::Skipped {
            reason: "not run: an earlier step did not pass".into(),
        },
    );
    let mut scenario = Outcome::new(
        "scenario::suspend-resume".into(),
        "scenario".into(),
        "suspend-resume".into(),
        None,
        second.verdict.clone(),
    );
    scenario.steps = vec![first, second, third];
    let html = page(&info(), &[scenario], &Masker::default());
    assert_eq!(count(&html, r#"<article class="case"#), 1);
    assert!(
        html.contains("At step 2 of 3 `resume` (cardStatusChange)"),
        "{html}"
    );
    assert_eq!(count(&html, r#"<table class="steps">"#), 1);
    let steps = Regex::new(r#"(?s)<table class="steps">.*?</table>"#).unwrap();
    let steps = steps.find(&html).unwrap().as_str();
    assert_eq!(count(steps, "<tr>") - 1, 3, "{steps}");
    assert!(steps.contains("✓ pass") && steps.contains("✗ FAIL") && steps.contains("○ skipped"));
    // The failing step's diff and exchange, not the first step's.
    assert!(html.contains(r#"<span class="add">+  &quot;status&quot;: 200"#));
    assert!(html.contains("POST http://127.0.0.1:4010/api/v1/card/status"));
    assert!(html.contains("<td>scenario</td>"));
}

#[test]
fn generated_cases_have_their_own_column_in_the_matrix() {
    let mut failing = status_code_failure();
    failing.case_id = "generated::userId::too-long".into();
    failing.name = format!("cardStatusChange::{}", failing.case_id);
    let mut boundary = pass();
    boundary.operation = "cardStatusChange".into();
    boundary.case_id = "generated::userId::at-maximum".into();
    boundary.name = format!("cardStatusChange::{}", boundary.case_id);
    boundary.expected_code = None;
    let html = page(&info(), &[failing, boundary], &Masker::default());
    let row = |code: &str| {
        let re = format!(
            r#"(?s)<code>cardStatusChange</code></th>.*?<th scope="row"><code>{code}</code></th>(.*?)</tr>"#
        );
        Regex::new(&re).unwrap().captures(&html).unwrap()[1].to_string()
    };
    let cells = row("000_002");
    // Documented column: no case; generated column: the failing case, linked to its article.
    let (documented, generated) = cells.split_once("</td><td class=\"fail\">").unwrap();
    assert!(documented.contains("· no case"), "{cells}");
    assert!(generated.contains("✗ FAIL") && generated.contains("href=\"#fail-"));
    assert!(generated.contains("generated::userId::too-long"));
    let no_code = Regex::new(r#"(?s)<th scope="row">no code expected</th>(.*?)</tr>"#).unwrap();
    let rows: Vec<String> = no_code
        .captures_iter(&html)
        .map(|c| c[1].to_string())
        .collect();
    assert!(
        rows.iter()
            .any(|r| r.contains("✓ pass") && r.contains("at-maximum")),
        "{rows:?}"
    );
    assert!(html.contains("<td>generated</td>"));
}

#[test]
fn a_flaky_case_says_so_with_what_its_retries_got() {
    let mut o = pass();
    o.verdict = Verdict::Flaky {
        retries: vec![Retry {
            answer: "HTTP 503".into(),
            waited_ms: 200,
        }],
    };
    let html = page(&info(), &[o], &Masker::default());
    assert!(html.contains("↻ flaky"), "{html}");
    assert!(html.contains("passed at attempt 2 after HTTP 503 (waited 200 ms)"));
    assert!(html.contains("1 flaky"));
    assert_eq!(count(&html, r#"<article class="case"#), 0);
}
