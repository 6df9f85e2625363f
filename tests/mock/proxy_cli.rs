//! `konaplate-conformance proxy` end to end: the binary in front of the reference mock prints one
//! line per exchange, a summary on SIGTERM (and exits 100 for the one exchange with a finding),
//! records drafts, and `run` loads the drafts and
//! passes them against the embedded mock. The children start from `support::binary` (every
//! `KONAPLATE_*` variable removed).

use crate::mock_client;
use crate::support;

use std::io::{BufRead as _, BufReader, Read as _};
use std::path::Path;
use std::process::{Command, Stdio};

use mock_client::{INQUIRY, Mock, STATUS, signed_headers};
use serde_json::{Value, json};

/// A request a client sends: path, body, signed correctly, an extra header.
type Request = (&'static str, Value, bool, Option<(&'static str, String)>);

fn traffic() -> Vec<Request> {
    let user = 50_000_104_652u64;
    let shipping = json!({"userId": user, "cardApplyNo": "CA20000000000000000001"});
    vec![
        (INQUIRY, shipping.clone(), true, None),
        (
            INQUIRY,
            json!({"userId": user, "cardApplyNo": "CA20000000000000009999"}),
            true,
            None,
        ),
        (
            STATUS,
            json!({"userId": user, "cardNo": "9410000000009999", "status": "SUSPEND"}),
            true,
            None,
        ),
        // A forced documented answer: its draft keeps the Prefer header.
        (
            STATUS,
            json!({"userId": user, "cardNo": "9410000000000001", "status": "SUSPEND"}),
            true,
            Some(("Prefer", "code=003_022".to_string())),
        ),
        // A bad HMAC: a finding, and no draft.
        (INQUIRY, shipping.clone(), false, None),
        (INQUIRY, shipping, true, None),
    ]
}

fn cases_in(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .map(|text| text.matches("- id: recorded-").count())
        .sum()
}

#[test]
fn the_binary_proxies_summarises_on_sigterm_and_its_drafts_pass_against_the_mock() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let mock = rt.block_on(Mock::start());
    let record = tempfile::tempdir().unwrap();
    let (mut proxy, _reports) = support::binary::command();
    let mut child = proxy
        .args(["proxy", "--listen", "127.0.0.1:0", "--upstream"])
        .arg(mock.server.base_url())
        .arg("--record")
        .arg(record.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no address in {first:?}"))
        .to_string();

    let sent = traffic();
    rt.block_on(async {
        for (path, body, signed, extra) in &sent {
            let bytes = body.to_string().into_bytes();
            let headers = signed_headers(if *signed { &bytes } else { b"{}" });
            let mut request = mock.client.post(format!("{url}{path}")).body(bytes);
            for (name, value) in headers.iter().chain(extra) {
                request = request.header(*name, value);
            }
            mock.send(request).await;
        }
    });
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    // One exchange with a documented finding (the bad HMAC): the session fails, like a run.
    assert_eq!(status.code(), Some(100), "{status}: {err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), sent.len(), "{out}");
    assert!(lines.iter().all(|l| l.starts_with('#')), "{out}");
    assert_eq!(
        lines.iter().filter(|l| l.contains("[tran-token]")).count(),
        1,
        "{out}"
    );
    let summary = format!("proxy: {} exchanges, 1 with findings", sent.len());
    assert!(err.contains(&summary), "{err}");
    assert!(err.contains("request tran-token"), "{err}");

    // The drafts: inquiry 000_000 and its not-found code, the status change's code and the
    // forced one; neither the bad HMAC nor the repeat adds one.
    let cases = record.path().join("cases");
    let drafts = cases_in(&cases);
    assert_eq!(
        drafts,
        4,
        "{:?}",
        std::fs::read_dir(&cases).unwrap().count()
    );
    let status_file = std::fs::read_to_string(cases.join("cardStatusChange.yaml")).unwrap();
    assert!(
        status_file.contains("Prefer: code=003_022"),
        "{status_file}"
    );
    assert!(
        status_file.contains("{{member.active.userId}}"),
        "{status_file}"
    );
    let (mut run, _reports) = support::binary::command();
    let run = run
        .args(["run", "--no-generated", "--no-report", "--cases"])
        .arg(&cases)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{text}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let passed = text
        .lines()
        .filter(|l| l.starts_with("test ") && l.ends_with(" ok"))
        .count();
    assert_eq!(passed, drafts, "{text}");
}
