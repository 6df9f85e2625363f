//! report.html in a real browser: headless Chromium renders the page of a run with injected
//! faults, and the rendered DOM must show what report.json says (the failing matrix cells, one
//! article per failing case, a coloured diff), the script and stylesheet must have been let in
//! by the Content-Security-Policy, the filters must work, and no request may leave the page.
//!
//! It needs Chromium, so it is `#[ignore]`d; CI installs Debian's `chromium` and runs
//! `cargo test --test cli -- --ignored report_html_browser::` (`KONAPLATE_CHROMIUM` names another
//! binary). Run with `--ignored` and no browser, it fails and says why. Two negative controls
//! show the checks can fail: a page whose script was altered by one byte must not run it (the
//! CSP hash refuses it), and an image planted in the page reaches a local listener only when
//! the CSP is taken out.
//!
//! The pictures (the coverage heat map, the answer times) must render: each `svg.picture`
//! present, sized, with its shapes and labels drawn (non-zero boxes), named and described
//! (`<title>`, `<desc>`, `aria-labelledby`), coloured by the stylesheet, and recoloured in the
//! dark theme. They are measured by a script (`report_pictures.js`) added to a copy of the page
//! with its hash added to the policy, so the page is measured under its own CSP. A negative
//! control shrinks one picture to nothing and strips the other's title: the same check
//! names both. The page and screenshots go to `target/ci-report.html`,
//! `target/ci-report-html.png` (docs/report-html.png), `target/ci-report-pictures.png`
//! (docs/report-html-pictures.png) and `target/ci-report-dark.png`.
//!
//! A proxy session's page (a scripted client with one documented defect in front of the
//! reference mock) must show its client coverage: the answers met and never received, the
//! fields sent; it goes to `target/ci-proxy-report.html` and `target/ci-proxy-report-html.png`.

use crate::support;

use std::io::{BufRead as _, BufReader};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use base64::Engine as _;
use regex::Regex;
use serde_json::{Value, json};
use sha2::Digest as _;
use support::fault::{WrongStatusCode, read_report, run_binary};

/// The browser: `KONAPLATE_CHROMIUM`, else `chromium` on the PATH.
fn chromium() -> String {
    std::env::var("KONAPLATE_CHROMIUM").unwrap_or_else(|_| "chromium".to_string())
}

/// Runs headless Chromium on a URL with `extra` flags; returns its standard output.
fn browse(url: &str, extra: &[&str]) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "cannot start `{}` ({e}): install Chromium (Debian: apt-get install chromium) \
                 or set KONAPLATE_CHROMIUM",
                chromium()
            )
        });
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn dom_of(path: &Path, query: &str) -> String {
    browse(
        &format!("file://{}{query}", path.display()),
        &["--dump-dom"],
    )
}

fn count(dom: &str, pattern: &str) -> usize {
    Regex::new(pattern).unwrap().find_iter(dom).count()
}

/// A run of the binary against the mock behind a proxy that answers every successful status
/// change with a result code no page documents; returns the report directory.
fn run_with_faults() -> (tempfile::TempDir, Value) {
    let target = WrongStatusCode::start();
    let proxy = &target.proxy;
    let reports = tempfile::tempdir().unwrap();
    let dir = reports.path().to_str().unwrap();
    let run = run_binary(
        &[
            "run",
            "--base-url",
            &proxy.base_url,
            "--generated",
            "--report-dir",
            dir,
        ],
        Duration::from_secs(120),
    );
    assert_eq!(run.code(), Some(100), "{}", run.text());
    assert!(!proxy.injected().is_empty(), "no fault was injected");
    drop(target);
    let report = read_report(reports.path());
    (reports, report)
}

/// The (operation, code) pairs of report.json's matrix whose result is `fail`.
fn failing_cells(report: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for op in report["coverage"].as_array().unwrap() {
        for code in op["codes"].as_array().unwrap() {
            if code["result"] == "fail" {
                let name = op["operation"].as_str().unwrap().to_string();
                out.push((name, code["code"].as_str().unwrap().to_string()));
            }
        }
    }
    out
}

#[test]
#[ignore = "needs Chromium: CI runs it with `cargo test --test cli -- --ignored report_html_browser::`"]
fn report_html_renders_the_faults_in_a_real_browser_and_loads_nothing() {
    let (reports, report) = run_with_faults();
    let page = reports.path().join("latest/report.html");
    let failing = report["totals"]["failed"].as_u64().unwrap() as usize
        + report["totals"]["errors"].as_u64().unwrap() as usize;
    let total = report["totals"]["cases"].as_u64().unwrap() as usize;
    assert!(failing > 0, "the fault made nothing fail");
    let dom = dom_of(&page, "");
    // The CSP let the inline script and stylesheet in, and the page fetched nothing.
    assert!(dom.contains(r#"data-js="on""#), "the script did not run");
    assert!(
        dom.contains(r#"data-styled="1""#),
        "the stylesheet did not apply"
    );
    assert!(
        dom.contains(r#"data-resources="0""#),
        "the page loaded resources"
    );
    assert!(dom.contains(r#"content="default-src 'none';"#));
    assert_eq!(count(&dom, r#"\ssrc="#), 0, "an element loads something");
    assert_eq!(count(&dom, r#"href="[^#]"#), 0, "a link leaves the page");
    // One article per failing case, a coloured diff, each failing matrix cell shown as such.
    assert_eq!(count(&dom, r#"<article class="case"#), failing);
    assert!(dom.contains(r#"<pre class="diff"><span class="head">--- expected"#));
    assert!(
        count(&dom, r#"<span class="del">-"#) > 0 && count(&dom, r#"<span class="add">\+"#) > 0
    );
    assert!(dom.contains("009_999"), "the injected code is not shown");
    let cells = failing_cells(&report);
    assert!(!cells.is_empty());
    for (op, code) in &cells {
        let row = format!(
            r#"(?s)<code>{op}</code>.*?<th scope="row"><code>{code}</code></th>(.*?)</tr>"#
        );
        let found = Regex::new(&row).unwrap().captures(&dom);
        let cells_html =
            found.unwrap_or_else(|| panic!("no matrix row {op} {code}"))[1].to_string();
        assert!(cells_html.contains("✗ FAIL"), "{op} {code}: {cells_html}");
    }
    let matrix = Regex::new(r#"(?s)<table class="matrix">.*?</table>"#).unwrap();
    let matrix = matrix.find(&dom).expect("no matrix").as_str();
    assert!(count(matrix, "✗ FAIL") >= cells.len());
    assert_eq!(
        count(matrix, "✗ FAIL"),
        count(matrix, r#"<td class="fail">"#)
    );
    // The failed-only filter, preset by the query string, hides every passing row.
    let filtered = dom_of(&page, "?failed=1");
    let rows = count(&filtered, r#"<tr id="case-\d+""#);
    let hidden = count(&filtered, r#"<tr id="case-\d+"[^>]*\shidden"#);
    assert_eq!((rows, rows - hidden), (total, failing));
    // The heat map says each failing cell in its tooltip, as the table does.
    for (op, code) in &cells {
        assert!(
            dom.contains(&format!("<title>{op} {code}: FAIL")),
            "{op} {code}"
        );
    }
    screenshot(&page);
}

/// The script that measures the pictures.
const MEASURE: &str = include_str!("report_pictures.js");

/// The page's pictures as the browser drew them (see `report_pictures.js`), with `extra`
/// browser flags: the page is copied with the script added and its hash let in by the policy.
fn measure(page: &Path, html: &str, extra: &[&str]) -> Value {
    let digest = sha2::Sha256::digest(MEASURE.as_bytes());
    let hash = base64::engine::general_purpose::STANDARD.encode(digest);
    let html = html
        .replacen("script-src ", &format!("script-src 'sha256-{hash}' "), 1)
        .replacen("</body>", &format!("<script>{MEASURE}</script></body>"), 1);
    let copy = write_beside(page, "measured.html", &html);
    let dom = browse(
        &format!("file://{}", copy.display()),
        &[&["--dump-dom"], extra].concat(),
    );
    let found = Regex::new(r#"(?s)<pre id="measured">(.*?)</pre>"#).unwrap();
    let text = found
        .captures(&dom)
        .unwrap_or_else(|| panic!("the measuring script did not run"))[1]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// What is wrong with the measured pictures `ids`: each must be there, an image, sized, with
/// every shape and label drawn, and named and described for a screen reader.
fn picture_problems(measured: &Value, ids: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let pictures = measured["pictures"].as_array().unwrap();
    for id in ids {
        let Some(p) = pictures.iter().find(|p| p["id"] == *id) else {
            problems.push(format!("{id}: missing"));
            continue;
        };
        let mut fail = |what: &str| problems.push(format!("{id}: {what}"));
        if p["role"] != "img" {
            fail("not role=img");
        }
        if !(p["width"].as_f64().unwrap() > 0.0 && p["height"].as_f64().unwrap() > 0.0) {
            fail("no size");
        }
        for part in ["shapes", "texts"] {
            let [drawn, all] = [&p[part][0], &p[part][1]].map(|n| n.as_u64().unwrap());
            if all == 0 || drawn < all {
                fail(&format!("{drawn} of {all} {part} drawn"));
            }
        }
        let (title, desc) = (p["title"].as_str().unwrap(), p["desc"].as_str().unwrap());
        if title.is_empty() || desc.is_empty() {
            fail("no title or description");
        }
        if p["labelled"] != json!([title, desc]) {
            fail("aria-labelledby does not name its title and description");
        }
    }
    problems
}

#[test]
#[ignore = "needs Chromium: CI runs it with `cargo test --test cli -- --ignored report_html_browser::`"]
fn the_pictures_render_sized_with_text_alternatives_in_both_themes_and_the_check_can_fail() {
    let (reports, _) = run_with_faults();
    let page = reports.path().join("latest/report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let ids = ["heatmap", "timing"];
    let light = measure(&page, &html, &[]);
    assert_eq!(
        picture_problems(&light, &ids),
        Vec::<String>::new(),
        "{light:#}"
    );
    assert_eq!(light["dark"], false);
    // The stylesheet coloured the cells: the light theme's pass colour (#dafbe1), and another
    // under the dark theme.
    let fill = |m: &Value, id: &str| {
        let p = m["pictures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap();
        p["fill"].as_str().unwrap().to_string()
    };
    assert_eq!(fill(&light, "heatmap"), "rgb(218, 251, 225)");
    let dark = measure(&page, &html, &["--force-dark-mode"]);
    assert_eq!(dark["dark"], true, "the dark theme was not asked for");
    assert_eq!(
        picture_problems(&dark, &ids),
        Vec::<String>::new(),
        "{dark:#}"
    );
    assert_eq!(fill(&dark, "heatmap"), "rgb(20, 55, 31)");
    assert_ne!(fill(&dark, "timing"), fill(&light, "timing"));
    // The negative control: one picture shrunk to nothing, the other's title taken out.
    let broken =
        Regex::new(r#"(<svg class="picture" id="heatmap"[^>]*?) width="[^"]*" height="[^"]*""#)
            .unwrap()
            .replace(&html, r#"$1 width="0" height="0""#)
            .replacen(
                r#"<title id="timing-title">Answer times by operation</title>"#,
                "",
                1,
            );
    assert_ne!(broken, html, "the control changed nothing");
    let problems = picture_problems(&measure(&page, &broken, &[]), &ids);
    assert!(
        problems.iter().any(|p| p == "heatmap: no size"),
        "{problems:?}"
    );
    assert!(
        problems.iter().any(|p| p.starts_with("timing: no title")),
        "{problems:?}"
    );
    pictures_screenshots(&page, &html);
}

/// The pictures alone, under the page's own stylesheet and policy, and the whole page in the
/// dark theme, under target/ for CI's artefacts (and the docs).
fn pictures_screenshots(page: &Path, html: &str) {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&target).unwrap();
    let figure = Regex::new(r#"(?s)<figure>.*?</figure>"#).unwrap();
    let timing = Regex::new(r#"(?s)<section id="timing".*?</section>"#).unwrap();
    let body = format!(
        "<body><main>{}{}</main></body></html>",
        figure.find(html).unwrap().as_str(),
        timing.find(html).unwrap().as_str()
    );
    let only = write_beside(
        page,
        "pictures.html",
        &format!("{}{body}", &html[..html.find("<body>").unwrap()]),
    );
    for (url, shot, size, extra) in [
        (&only, "ci-report-pictures.png", "1000,860", None),
        (
            &page.to_path_buf(),
            "ci-report-dark.png",
            "1280,2000",
            Some("--force-dark-mode"),
        ),
    ] {
        let shot = target.join(shot);
        let mut flags = vec![
            format!("--screenshot={}", shot.display()),
            format!("--window-size={size}"),
            "--hide-scrollbars".to_string(),
        ];
        flags.extend(extra.map(str::to_string));
        let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
        browse(&format!("file://{}", url.display()), &flags);
        assert!(shot.metadata().map(|m| m.len() > 10_000).unwrap_or(false));
    }
}

/// Saves the page and a screenshot of it under target/ for CI's artefacts.
fn screenshot(page: &Path) {
    std::fs::copy(page, target_dir().join("ci-report.html")).unwrap();
    shoot(page, &target_dir().join("ci-report-html.png"));
}

/// A screenshot of the page, 1280 pixels wide.
fn shoot(page: &Path, shot: &Path) {
    browse(
        &format!("file://{}", page.display()),
        &[
            &format!("--screenshot={}", shot.display()),
            "--window-size=1280,2000",
            "--hide-scrollbars",
        ],
    );
    assert!(shot.metadata().map(|m| m.len() > 10_000).unwrap_or(false));
}

#[test]
#[ignore = "needs Chromium: CI runs it with `cargo test --test cli -- --ignored report_html_browser::`"]
fn the_checks_can_fail_an_altered_script_is_refused_and_a_planted_image_is_blocked() {
    let (reports, _) = run_with_faults();
    let page = reports.path().join("latest/report.html");
    let html = std::fs::read_to_string(&page).unwrap();
    // One byte of the script changed: its hash no longer matches the policy.
    let altered = write_beside(&page, "altered.html", &html.replacen("\"on\"", "\"On\"", 1));
    let dom = dom_of(&altered, "");
    assert!(!dom.contains("data-js="), "a script outside the policy ran");
    assert_eq!(
        count(&dom, r#"<form class="filters" id="filters"[^>]*\shidden"#),
        1
    );
    // An image pointing at a local listener: blocked by the policy, fetched without it. The
    // listener reports each request's path, so the open page's request also proves that the
    // blocked one (loaded first) never came.
    let (url, requests) = listener();
    let img = |name: &str| format!("<img src=\"{url}/{name}.png\" alt=\"\">");
    let planted = html.replacen("<main>", &format!("<main>{}", img("blocked")), 1);
    dom_of(&write_beside(&page, "planted.html", &planted), "");
    let csp = Regex::new(r#"<meta http-equiv="Content-Security-Policy"[^>]*>"#).unwrap();
    let open = html.replacen("<main>", &format!("<main>{}", img("open")), 1);
    let open = csp.replace(&open, "").to_string();
    dom_of(&write_beside(&page, "open.html", &open), "");
    let first = requests
        .recv_timeout(Duration::from_secs(30))
        .expect("without the policy the image was not fetched: the listener sees nothing");
    assert_eq!(
        first, "/open.png",
        "a request left the page under the policy"
    );
}

/// The scripted client of the proxy session: the binary's own `run` over these case files (two
/// suspensions, one forced documented answer, and one status no page documents).
const CLIENT_SUITE: &str = r#"operation: cardStatusChange
cases:
  - id: suspend
    request:
      body: { userId: "{{member.active.userId}}", cardNo: "{{card.statusChange.cardNo}}", status: SUSPEND }
    expect: { status: 200, code: "000_000" }
  - id: already-suspended
    request:
      headers: { Prefer: "code=003_022" }
      body: { userId: "{{member.active.userId}}", cardNo: "{{card.statusChange.cardNo}}", status: SUSPEND }
    expect: { status: 400, code: "003_022" }
  - id: activate
    request:
      body: { userId: "{{member.active.userId}}", cardNo: "{{card.statusChange.cardNo}}", status: ACTIVE }
    expect: { status: 400, code: "000_002" }
"#;

#[test]
#[ignore = "needs Chromium: CI runs it with `cargo test --test cli -- --ignored report_html_browser::`"]
fn a_proxy_sessions_report_html_shows_its_client_coverage_in_a_real_browser() {
    let (cases, reports) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    std::fs::write(cases.path().join("cardStatusChange.yaml"), CLIENT_SUITE).unwrap();
    let (dir, suite) = (
        reports.path().to_str().unwrap(),
        cases.path().to_str().unwrap(),
    );
    let exe = support::binary::EXE;
    let args = [
        "proxy",
        "--mock",
        "--listen",
        "127.0.0.1:0",
        "--report-dir",
        dir,
        "--",
    ];
    let client = [
        exe,
        "run",
        "--no-generated",
        "--no-report",
        "--cases",
        suite,
    ];
    let session = run_binary(&[&args[..], &client[..]].concat(), Duration::from_secs(120));
    assert_eq!(session.code(), Some(100), "{}", session.text());
    let report = read_report(reports.path());
    let page = reports.path().join("latest/report.html");
    let dom = dom_of(&page, "");
    assert!(dom.contains(r#"data-js="on""#), "the script did not run");
    assert!(
        dom.contains(r#"data-resources="0""#),
        "the page loaded resources"
    );
    assert!(
        dom.contains("Client coverage"),
        "no client coverage section"
    );
    // Each documented answer of the operation: the two it met pass, the one its defect got
    // fails, the others it never received.
    let row = |code: &str| {
        let row = format!(
            r#"(?s)<code>cardStatusChange</code>.*?<th scope="row"><code>{code}</code></th>(.*?)</tr>"#
        );
        let found = Regex::new(&row).unwrap().captures(&dom);
        found.unwrap_or_else(|| panic!("no row {code}"))[1].to_string()
    };
    assert!(row("000_000").contains("✓ pass"), "{}", row("000_000"));
    assert!(row("003_022").contains("✓ pass"), "{}", row("003_022"));
    assert!(row("000_002").contains("✗ FAIL"), "{}", row("000_002"));
    assert!(
        row("003_021").contains("never received"),
        "{}",
        row("003_021")
    );
    // What it sent: `par` never, `status` in each of its three requests.
    assert!(
        dom.contains("<code>par</code></th><td>conditional</td>"),
        "no par row"
    );
    assert!(count(&dom, r#"· never sent"#) > 0);
    assert!(count(&dom, r#"✓ 3 of 3"#) > 0);
    // One article per failing exchange, as for a run's failing case.
    let failing = report["totals"]["failed"].as_u64().unwrap() as usize;
    assert_eq!(failing, 1);
    assert_eq!(count(&dom, r#"<article class="case"#), failing);
    std::fs::copy(&page, target_dir().join("ci-proxy-report.html")).unwrap();
    shoot(&page, &target_dir().join("ci-proxy-report-html.png"));
}

/// `target/` of the crate, made when a build wrote elsewhere (`CARGO_TARGET_DIR`).
fn target_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_beside(page: &Path, name: &str, text: &str) -> PathBuf {
    let path = page.with_file_name(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A local listener that sends the path of each HTTP request it gets; its base URL and the
/// receiving end.
fn listener() -> (String, mpsc::Receiver<String>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", l.local_addr().unwrap());
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in l.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
            if tx.send(path).is_err() {
                return;
            }
        }
    });
    (url, rx)
}
