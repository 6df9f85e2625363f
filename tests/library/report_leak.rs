//! No secret and no full card number reaches any byte a run writes, nor the console.
//!
//! Outcomes carry known secrets everywhere a server or a check could put them: request and
//! response headers and bodies, expected and actual views, failure texts, warnings, an error
//! message, a skip reason, the target URL. Two runs are written (the second against the first as
//! a baseline, so the drift report is exercised), then every byte under the report root is
//! searched. The same search over a run written with masking switched off must find every
//! secret: that proves the search can fail.

use crate::report_fixtures;
use crate::support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use konaplate_conformance::mask::Masker;
use konaplate_conformance::outcome::{
    CheckKind, Failure, Outcome, RunError, RunErrorKind, Said, Verdict,
};
use konaplate_conformance::report::{self, RunInfo, console};
use report_fixtures::{exchange, info, spec};
use serde_json::{Value, json};
use support::leak::{contains, every_file};

const ACCESS_KEY: &str = "AKtest7f3c9a1e2b5d";
const SECRET_KEY: &str = "SKtest5d8e2f4a9c0b1e";
const TRAN_TOKEN: &str = "KMV1:20221108120814608:uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=";
const TOKEN_MAC: &str = "uLD+mU8mz9K95neGiSJTSsF3zzAQJglCggZAOSs5Fkg=";
const CVC: &str = "123";
const PAR: &str = "Q1TESTPAR000000000000000001";
/// What masking must hide of the PAR: all but its first and last 4 characters.
const PAR_MIDDLE: &str = "TESTPAR0000000000000000";
const KEY_MATERIAL: &str = "KEYMATERIALsecretPayload0xA1";

/// Card numbers, each placed somewhere else (see `outcomes`).
const CARDS: [&str; 7] = [
    "9410000000000001",
    "9410000000000002",
    "9410000000000003",
    "9410000000000004",
    "9410000000000005",
    "9410000000000006",
    "9410000000000007",
];

fn secrets() -> Vec<&'static str> {
    let mut v = vec![
        ACCESS_KEY,
        SECRET_KEY,
        TRAN_TOKEN,
        TOKEN_MAC,
        CVC,
        PAR_MIDDLE,
        KEY_MATERIAL,
    ];
    v.extend(CARDS);
    v
}

fn masker() -> Masker {
    Masker::new([ACCESS_KEY.to_string(), SECRET_KEY.to_string()])
}

fn run_info(run_id: &str) -> RunInfo {
    RunInfo {
        run_id: run_id.to_string(),
        target: format!("http://127.0.0.1:4010/?accessKey={ACCESS_KEY}"),
        ..info()
    }
}

/// Outcomes full of secrets; `drifted` changes a passing case's response body.
fn outcomes(drifted: bool) -> Vec<Outcome> {
    let request = json!({
        "userId": "50000104652",
        "cardNo": CARDS[0],
        "physicalCardCVC": CVC,
        "mobileCardCVC": CVC,
        "par": PAR,
        "note": format!("signed with {SECRET_KEY}"),
    });
    let response = |note: &str| {
        json!({
            "response": {"code": "000_000", "description": format!("card {} {note}", CARDS[1])},
            "digital": {"cardNo": 9_410_000_000_000_004u64, "mobileCardCVC": CVC, "par": PAR,
                        "physicalCardCVC": CVC.parse::<u16>().unwrap()},
            "echo": {"token": TRAN_TOKEN, "accessKey": ACCESS_KEY, "encData": KEY_MATERIAL},
        })
    };
    let with_headers = |mut x: konaplate_conformance::outcome::Exchange| {
        x.request.headers.extend([
            ("X-KM-Access-Key".to_string(), ACCESS_KEY.to_string()),
            ("X-KM-Tran-Token".to_string(), TRAN_TOKEN.to_string()),
            ("X-Debug".to_string(), format!("secret={SECRET_KEY}")),
        ]);
        if let Some(r) = x.response.as_mut() {
            r.headers.extend([
                ("x-km-tran-token".to_string(), TRAN_TOKEN.to_string()),
                ("x-echo-card".to_string(), CARDS[6].to_string()),
            ]);
        }
        x
    };
    let enc_request = json!({"encData": KEY_MATERIAL});
    let view = |cvc: &str| json!({"status": 200, "body": {"digital": {"cardNo": CARDS[0], "mobileCardCVC": cvc, "par": PAR}}});
    let base = |id: &str, verdict: Verdict| Outcome {
        name: format!("cardStatusChange::{id}"),
        operation: "cardStatusChange".to_string(),
        case_id: id.to_string(),
        expected_code: Some("000_000".to_string()),
        expected: Some(view(CVC)),
        actual: Some(view("999")),
        verdict,
        warnings: vec![Failure::new(
            CheckKind::UnknownField,
            "/physicalCardCVC",
            "only declared fields",
            // Values from the wire are values, whatever the test writes them as.
            Said::value(CVC),
        )],
        exchange: Some(with_headers(exchange(
            "/api/v1/card/status",
            request.clone(),
            200,
            response("suspended"),
        ))),
        duration: Duration::from_millis(40),
        steps: vec![],
        facts: vec![],
    };
    let failing = Verdict::Fail {
        failures: vec![
            Failure::new(
                CheckKind::Body,
                "/digital/mobileCardCVC",
                format!("\"{CVC}\""),
                Said::value("\"999\""),
            ),
            Failure::new(
                CheckKind::Message,
                "/response/description",
                "\"Success.\"",
                format!("card {} rejected for key {SECRET_KEY}", CARDS[2]),
            ),
            Failure::new(
                CheckKind::Header,
                "X-KM-Tran-Token",
                "absent",
                Said::value(TRAN_TOKEN),
            ),
            Failure::new(CheckKind::Body, "/par", format!("\"{PAR}\""), "null"),
        ],
    };
    let mut drifting = base("drifting", Verdict::Pass);
    if drifted {
        drifting.exchange = Some(with_headers(exchange(
            "/api/v1/card/status",
            request.clone(),
            200,
            response("suspended by the vendor's new rule"),
        )));
    }
    let mut encrypted = base("encrypted", Verdict::Pass);
    encrypted.exchange = Some(with_headers(exchange(
        "/api/v1/card/status",
        enc_request,
        200,
        json!({"encData": KEY_MATERIAL}),
    )));
    let mut errored = base(
        "errored",
        Verdict::Error {
            error: RunError {
                kind: RunErrorKind::NotJson,
                message: format!(
                    "body is not JSON: cardNo={} token {TRAN_TOKEN} key {ACCESS_KEY}",
                    CARDS[4]
                ),
            },
        },
    );
    if let Some(r) = errored.exchange.as_mut().and_then(|x| x.response.as_mut()) {
        // A CVC in free text has no name or shape to recognise it by, so there is none here.
        r.body = format!("<html>card {} {TRAN_TOKEN}</html>", CARDS[4]);
        r.json = None;
    }
    let skipped = Outcome {
        exchange: None,
        ..base(
            "skipped",
            Verdict::Skipped {
                reason: format!("card {} is not in this profile", CARDS[5]),
            },
        )
    };
    vec![
        base("failing", failing),
        // Passing now; the baseline run has it failing, so it is "fixed" and still drifts.
        base(
            "passing",
            if drifted {
                Verdict::Pass
            } else {
                Verdict::Fail {
                    failures: vec![Failure::new(
                        CheckKind::Code,
                        "/response/code",
                        "\"000_000\"",
                        format!("\"{}\"", CARDS[3]),
                    )],
                }
            },
        ),
        drifting,
        encrypted,
        errored,
        skipped,
    ]
}

/// Writes a baseline run, then a second run compared with it; returns the report root.
fn write_two_runs(root: &Path, masker: &Masker) -> Vec<PathBuf> {
    let spec = spec();
    let first = report::write(
        root,
        &run_info("20240506T070809Z-0001"),
        &spec,
        &outcomes(false),
        masker,
        None,
    )
    .expect("first run written");
    let baseline = report::load_baseline(&first.dir.join("report.json")).expect("baseline loads");
    let second = write_second_run(root, masker, Some(&baseline));
    vec![first.dir, second.dir, second.latest]
}

/// Writes the second run (its outcomes drifted), compared with `baseline` when given.
fn write_second_run(
    root: &Path,
    masker: &Masker,
    baseline: Option<&report::Baseline>,
) -> report::Written {
    report::write(
        root,
        &run_info("20240506T070810Z-0002"),
        &spec(),
        &outcomes(true),
        masker,
        baseline,
    )
    .expect("second run written")
}

/// `secret → files containing it`, for the secrets found anywhere.
fn leaks(files: &[(PathBuf, Vec<u8>)]) -> Vec<(&'static str, Vec<String>)> {
    secrets()
        .into_iter()
        .map(|s| {
            let hits = files
                .iter()
                .filter(|(_, bytes)| contains(bytes, s))
                .map(|(p, _)| p.display().to_string())
                .collect::<Vec<_>>();
            (s, hits)
        })
        .filter(|(_, hits)| !hits.is_empty())
        .collect()
}

fn console_text(masker: &Masker) -> Vec<u8> {
    outcomes(true)
        .iter()
        .filter_map(|o| console::failure_message(o, masker, false))
        .collect::<Vec<_>>()
        .join("\n")
        .into_bytes()
}

#[test]
fn no_secret_reaches_any_report_file() {
    let root = tempfile::tempdir().unwrap();
    let dirs = write_two_runs(root.path(), &masker());
    let files = every_file(root.path());
    // Every kind of file was written, in both runs and in latest/.
    for dir in &dirs {
        for name in ["summary.md", "junit.xml", "report.json", "report.html"] {
            assert!(
                dir.join(name).is_file(),
                "{} missing",
                dir.join(name).display()
            );
        }
        assert!(dir.join("diffs/cardStatusChange/failing.diff").is_file());
    }
    assert!(
        dirs[1]
            .join("drift/cardStatusChange/drifting.diff")
            .is_file()
    );
    assert!(files.len() >= 15, "only {} files written", files.len());
    assert_eq!(leaks(&files), vec![], "secrets found in the reports");
}

#[test]
fn an_unmasked_hand_made_baseline_leaks_nothing_either() {
    let baseline = report::Baseline {
        path: PathBuf::from("hand-made/report.json"),
        report: report::json::build(
            &run_info("20240506T070809Z-0001"),
            &spec(),
            &outcomes(false),
            None,
            &Masker::disabled(),
        ),
    };
    let root = tempfile::tempdir().unwrap();
    let w = write_second_run(root.path(), &masker(), Some(&baseline));
    assert!(w.dir.join("drift/cardStatusChange/drifting.diff").is_file());
    assert_eq!(leaks(&every_file(root.path())), vec![]);
}

#[test]
fn no_secret_reaches_the_console() {
    let text = console_text(&masker());
    assert!(!text.is_empty());
    assert_eq!(leaks(&[(PathBuf::from("console"), text)]), vec![]);
}

/// The files of the second run as rendered, before the final guard looks at them.
fn rendered_unguarded(masker: &Masker) -> Vec<(PathBuf, Vec<u8>)> {
    let spec = spec();
    let first = report::json::build(
        &run_info("20240506T070809Z-0001"),
        &spec,
        &outcomes(false),
        None,
        masker,
    );
    let baseline = report::Baseline {
        path: PathBuf::from("first/report.json"),
        report: first,
    };
    report::render_all(
        &run_info("20240506T070810Z-0002"),
        &spec,
        &outcomes(true),
        masker,
        Some(&baseline),
    )
    .unwrap()
    .into_iter()
    .map(|(path, text)| {
        let mut bytes = text.into_bytes();
        bytes.extend_from_slice(path.as_os_str().as_encoded_bytes());
        (path, bytes)
    })
    .collect()
}

#[test]
fn the_search_finds_every_secret_when_masking_is_off() {
    let files = rendered_unguarded(&Masker::disabled());
    let found: Vec<&str> = leaks(&files).into_iter().map(|(s, _)| s).collect();
    assert_eq!(found, secrets(), "the search missed secrets it should see");
    let console = console_text(&Masker::disabled());
    let found: Vec<&str> = leaks(&[(PathBuf::from("console"), console)])
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    for s in [
        ACCESS_KEY, SECRET_KEY, TRAN_TOKEN, CVC, PAR_MIDDLE, CARDS[2], CARDS[4],
    ] {
        assert!(found.contains(&s), "{s} not in the unmasked console text");
    }
}

#[test]
fn masked_card_numbers_keep_six_and_four() {
    let root = tempfile::tempdir().unwrap();
    let dirs = write_two_runs(root.path(), &masker());
    let summary = std::fs::read_to_string(dirs[1].join("summary.md")).unwrap();
    assert!(summary.contains("941000******0003"), "{summary}");
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(dirs[1].join("report.json")).unwrap())
            .unwrap();
    let text = json.to_string();
    assert!(text.contains("941000******0001"));
    assert!(text.contains("Q1TE*******************0001"));
}

/// With every renderer's masking off, the final guard still keeps the secrets the masker
/// knows and the Luhn-valid card numbers out of the files, names each file it had to mask,
/// and leaves what only masking rules recognise (a CVC, a PAR): it is a net, not the masker.
#[test]
fn with_masking_off_the_guard_keeps_known_secrets_and_real_card_numbers_out() {
    let luhn_card = CARDS[4];
    assert!(konaplate_conformance::mask::cards::luhn(luhn_card));
    let root = tempfile::tempdir().unwrap();
    let w = write_second_run(root.path(), &masker().without_masking(), None);
    let named: Vec<String> = w.escapes.iter().map(|e| e.in_dir(&w.dir)).collect();
    for file in ["summary.md", "junit.xml", "report.json"] {
        assert!(
            named.iter().any(|n| n.contains(&format!("/{file}`"))),
            "{file} not named in {named:#?}"
        );
    }
    let found: Vec<&str> = leaks(&every_file(root.path()))
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    for kept_out in [ACCESS_KEY, SECRET_KEY, luhn_card] {
        assert!(!found.contains(&kept_out), "{kept_out} written: {found:?}");
    }
    assert!(
        found.contains(&CVC) && found.contains(&PAR_MIDDLE),
        "{found:?}"
    );
}

#[test]
fn report_html_alone_shows_the_secrets_of_failing_cases_when_masking_is_off() {
    let files = rendered_unguarded(&Masker::disabled());
    let html: Vec<(PathBuf, Vec<u8>)> = files
        .into_iter()
        .filter(|(p, _)| p == Path::new("report.html"))
        .collect();
    assert_eq!(html.len(), 1);
    let found: Vec<&str> = leaks(&html).into_iter().map(|(s, _)| s).collect();
    assert_eq!(
        found,
        secrets(),
        "report.html does not show what the search looks for"
    );
}
