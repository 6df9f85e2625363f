//! `replay --script` against hostile data: a case file, a profile or a server that plants shell
//! syntax, card data or secrets in what the script carries. Each script runs in a sandbox:
//! `PATH` holds only a fake `curl` (it keeps the body, headers and URL it was given, and answers
//! 200) and wrappers that log the command line of every other tool before running it, so a test
//! sees what a planted command did, what went out and what `ps` could have shown.
//!
//! Skipped, saying so, when bash, openssl or a coreutils tool is missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use konaplate_conformance::mask::Masker;
use konaplate_conformance::profile::TimeZone;
use konaplate_conformance::report::script::{self, CredentialVars, ScriptInput};

const ACCESS_KEY: &str = "AK-access-key-of-the-sandbox-0001";
const SECRET_KEY: &str = "SK-secret-key-of-the-sandbox-0001";
const CARD: &str = "4111111111111111";

/// The tools a script may run besides `curl`; each is wrapped to log its command line.
const TOOLS: [&str; 10] = [
    "cat", "cut", "date", "mktemp", "od", "openssl", "rm", "tr", "head", "env",
];

/// What a script is rendered into: its text and the values it takes out of the requests.
struct Rendered {
    text: String,
    needs: Vec<(String, String)>,
}

/// The script of `inputs` (titled `name`), or `None` when the generator refuses.
fn render(name: &str, inputs: &[ScriptInput]) -> Option<Rendered> {
    let script = script::render_steps(name, inputs).ok()?;
    Some(Rendered {
        text: script.text,
        needs: script.needs.into_iter().map(|n| (n.var, n.value)).collect(),
    })
}

/// A sandbox to run scripts in; see the module docs.
struct Sandbox {
    dir: tempfile::TempDir,
    bash: PathBuf,
}

/// What one script run did.
struct Ran {
    success: bool,
    stderr: String,
}

fn real(tool: &str) -> Option<PathBuf> {
    let out = Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .output()
        .ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && path.starts_with('/')).then(|| PathBuf::from(path))
}

impl Sandbox {
    /// The sandbox, or `None` (said on stderr) when a tool is missing.
    #[expect(clippy::print_stderr, reason = "a skipped test says why")]
    fn new() -> Option<Sandbox> {
        let Some(bash) = real("bash") else {
            eprintln!("SKIPPED: no bash");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(dir.path().join("sent")).unwrap();
        let log = dir.path().join("argv.log");
        for tool in TOOLS {
            let Some(path) = real(tool) else {
                eprintln!("SKIPPED: no {tool}");
                return None;
            };
            let wrapper = format!(
                "#!{}\nprintf '%s\\0' \"${{0##*/}}\" \"$@\" >> '{}'\nprintf '\\n' >> '{}'\nexec '{}' \"$@\"\n",
                bash.display(),
                log.display(),
                log.display(),
                path.display()
            );
            write_executable(&bin.join(tool), &wrapper);
        }
        let cat = real("cat").unwrap();
        let curl = FAKE_CURL
            .replace("@BASH@", &bash.display().to_string())
            .replace("@DIR@", &dir.path().display().to_string())
            .replace("@CAT@", &cat.display().to_string());
        write_executable(&bin.join("curl"), &curl);
        Some(Sandbox { dir, bash })
    }

    /// Where a planted command would leave its mark.
    fn mark(&self, n: usize) -> PathBuf {
        self.dir.path().join(format!("pwned-{n}"))
    }

    /// Every planted command's mark that exists.
    fn marks(&self) -> Vec<PathBuf> {
        (0..100)
            .map(|n| self.mark(n))
            .filter(|p| p.exists())
            .collect()
    }

    /// Runs `text` with only the sandbox on `PATH`, the credentials and `env` set.
    fn run(&self, text: &str, env: &[(String, String)]) -> Ran {
        // What the fake curl keeps is per run.
        let sent = self.dir.path().join("sent");
        std::fs::remove_dir_all(&sent).unwrap();
        std::fs::create_dir_all(&sent).unwrap();
        let script = self.dir.path().join("replay.sh");
        std::fs::write(&script, text).unwrap();
        let mut command = Command::new(&self.bash);
        command
            .arg(&script)
            .env_clear()
            .env("PATH", self.dir.path().join("bin"))
            .env("KONAPLATE_ACCESS_KEY", ACCESS_KEY)
            .env("KONAPLATE_SECRET_KEY", SECRET_KEY)
            .current_dir(self.dir.path());
        for (k, v) in env {
            command.env(k, v);
        }
        let out = command.output().unwrap();
        Ran {
            success: out.status.success(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// The command lines logged, NUL between arguments.
    fn argv_log(&self) -> Vec<u8> {
        std::fs::read(self.dir.path().join("argv.log")).unwrap_or_default()
    }

    /// What the fake curl was given for request `n` (from 1): `kind` is body, headers or url.
    fn sent(&self, kind: &str, n: usize) -> Vec<u8> {
        std::fs::read(self.dir.path().join(format!("sent/{kind}.{n}"))).unwrap_or_default()
    }
}

/// A fake curl: logs its command line, keeps what it would send under `sent/`, answers 200.
const FAKE_CURL: &str = r#"#!@BASH@
D='@DIR@'
printf '%s\0' curl "$@" >> "$D/argv.log"
printf '\n' >> "$D/argv.log"
n=0
[[ -f "$D/sent/count" ]] && read -r n < "$D/sent/count"
n=$((n + 1))
printf '%s' "$n" > "$D/sent/count"
: > "$D/sent/headers.$n"
while (($#)); do
  case "$1" in
    --data-binary|--data-raw|-d|--data)
      v=$2; shift 2
      if [[ $v == @- ]]; then '@CAT@' > "$D/sent/body.$n"
      elif [[ $v == @* ]]; then '@CAT@' -- "${v#@}" > "$D/sent/body.$n"
      else printf '%s' "$v" > "$D/sent/body.$n"; fi ;;
    -H|--header)
      v=$2; shift 2
      if [[ $v == @* ]]; then '@CAT@' -- "${v#@}" >> "$D/sent/headers.$n"
      else printf '%s\n' "$v" >> "$D/sent/headers.$n"; fi ;;
    --url) printf '%s' "$2" > "$D/sent/url.$n"; shift 2 ;;
    -X|--request|-u|--user|-K|--config|-o|--output) shift 2 ;;
    -*) shift ;;
    *) printf '%s' "$1" > "$D/sent/url.$n"; shift ;;
  esac
done
printf 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{"response":{"code":"000_000"}}'
"#;

fn write_executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn kst() -> TimeZone {
    TimeZone {
        name: "KST".into(),
        offset_secs: 9 * 3600,
    }
}

const ENV: CredentialVars<'static> = CredentialVars {
    access_key: "KONAPLATE_ACCESS_KEY",
    secret_key: "KONAPLATE_SECRET_KEY",
    crypto_key_id: None,
};

/// The headers a run sends, with the credentials in them.
fn headers() -> Vec<(String, String)> {
    [
        ("Content-Type", "application/json"),
        ("Accept", "application/json"),
        ("X-KM-Correlation-Id", "260310120000-0a1b2c3"),
        ("X-KM-Access-Key", ACCESS_KEY),
        ("X-KM-Tran-Token", "KMV1:20260310120000000:AAAA"),
        ("X-KM-Tran-Time", "20260310120000"),
    ]
    .iter()
    .map(|(n, v)| (n.to_string(), v.to_string()))
    .collect()
}

struct Request {
    name: String,
    url: String,
    body: String,
    headers: Vec<(String, String)>,
}

fn request(name: &str, body: &str) -> Request {
    Request {
        name: name.into(),
        url: "http://127.0.0.1:9/api/v1/card/status".into(),
        body: body.into(),
        headers: headers(),
    }
}

fn inputs<'a>(
    requests: &'a [Request],
    zone: &'a TimeZone,
    masker: &'a Masker,
    env: CredentialVars<'a>,
) -> Vec<ScriptInput<'a>> {
    requests
        .iter()
        .map(|r| ScriptInput {
            name: &r.name,
            url: &r.url,
            headers: &r.headers,
            overrides: &[],
            body: &r.body,
            sealed: false,
            zone,
            env,
            masker,
        })
        .collect()
}

/// Renders, runs, and checks the laws every script keeps: nothing planted ran, no card number
/// or secret is in the text or any command line, and each request went out with exactly the
/// body it was made from.
fn assert_faithful(sandbox: &Sandbox, name: &str, requests: &[Request], masker: &Masker) -> String {
    let zone = kst();
    let rendered = render(name, &inputs(requests, &zone, masker, ENV)).expect("a script");
    let ran = sandbox.run(&rendered.text, &rendered.needs);
    assert!(
        sandbox.marks().is_empty(),
        "a planted command ran: {:?}\n{}",
        sandbox.marks(),
        rendered.text
    );
    for secret in [CARD, SECRET_KEY, ACCESS_KEY].iter().chain(
        masker
            .secrets()
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .iter(),
    ) {
        assert!(
            !rendered.text.contains(secret),
            "the script holds `{secret}`:\n{}",
            rendered.text
        );
    }
    assert!(ran.success, "{}\n{}", ran.stderr, rendered.text);
    for (i, r) in requests.iter().enumerate() {
        assert_eq!(
            String::from_utf8_lossy(&sandbox.sent("body", i + 1)),
            r.body,
            "request {}:\n{}",
            i + 1,
            rendered.text
        );
    }
    rendered.text
}

/// A hostile text whose planted commands leave mark `n` (and `n + 1`, `n + 2`) when they run.
fn planted(sandbox: &Sandbox, n: usize) -> String {
    let mark = |k: usize| sandbox.mark(n + k).display().to_string();
    format!(
        "x\necho pwned > {}\n'\"$(echo pwned > {})`echo pwned > {}`\r\\%s%%",
        mark(0),
        mark(1),
        mark(2)
    )
}

#[test]
fn a_captured_value_or_a_body_key_never_runs_as_a_command() {
    let Some(sandbox) = Sandbox::new() else {
        return;
    };
    let masker = Masker::default();
    // G1: a value captured from the server, card-shaped (so it is taken out of the script),
    // with a newline and commands after it, in the second step's body.
    let captured = format!("{CARD}{}", planted(&sandbox, 0));
    let second = serde_json::json!({"cardApplyNo": captured, "userId": 5}).to_string();
    // G2: a body key with the same, beside a card number the script takes out.
    let keyed = serde_json::json!({ planted(&sandbox, 3): CARD, "n": 1 }).to_string();
    // And a hostile name, for good measure.
    let name = format!("scenario::s{}", planted(&sandbox, 6));
    let scripts = [
        (
            "scenario::s",
            vec![
                request("scenario::s::first", r#"{"userId":5}"#),
                request("scenario::s::second", &second),
            ],
        ),
        ("op::keyed", vec![request("op::keyed", &keyed)]),
        (name.as_str(), vec![request(&name, r#"{"userId":5}"#)]),
    ];
    for (name, requests) in scripts {
        let text = assert_faithful(&sandbox, name, &requests, &masker);
        // Comments carry no data.
        for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
            assert!(
                !line.contains("pwned")
                    && !line.contains("cardApplyNo")
                    && !line.contains("scenario::"),
                "{line}"
            );
        }
    }
}

#[test]
fn raw_and_scalar_bodies_and_arrays_hold_no_card_data_or_secret() {
    let Some(sandbox) = Sandbox::new() else {
        return;
    };
    let secret = "profile-secret-value-9f8e7d";
    let masker = Masker::new([secret.to_string()]);
    let bodies = [
        // G3: a raw body, a scalar JSON string and a JSON number.
        format!("cardNo={CARD}&cvc 123&key={secret}"),
        format!("\"{CARD}\""),
        CARD.to_string(),
        // G4: card numbers, CVCs and PARs inside arrays.
        format!(
            r#"{{"cards":["{CARD}",{{"cardNo":"9410000000000003"}}],"list":[{CARD}],"par":["Q1TESTPAR000000000000000001"],"physicalCardCVC":["751"]}}"#
        ),
        // A raw body that is JSON, but not as serde_json writes it.
        format!(r#"{{ "cardNo" : "{CARD}", "note": "{secret}" }}"#),
    ];
    for body in bodies {
        let requests = [request("op::case", &body)];
        let text = assert_faithful(&sandbox, "op::case", &requests, &masker);
        for leak in [
            "9410000000000003",
            "TESTPAR000000000000000",
            "\"751\"",
            "cvc 123",
        ] {
            assert!(!text.contains(leak), "{leak} in\n{text}");
        }
    }
}

#[test]
fn a_base_url_password_stays_out_of_the_script_and_goes_out_as_basic_auth() {
    let Some(sandbox) = Sandbox::new() else {
        return;
    };
    // G5: the masker knows the URL's credentials, as a run's does.
    let url = "http://bob:s3cr3t-pass@127.0.0.1:9/api/v1/card/status";
    let masker = Masker::new(konaplate_conformance::mask::url_credentials(url));
    let mut r = request("op::case", r#"{"userId":5}"#);
    r.url = url.into();
    let text = assert_faithful(&sandbox, "op::case", &[r], &masker);
    assert!(!text.contains("s3cr3t"), "{text}");
    let sent_url = String::from_utf8(sandbox.sent("url", 1)).unwrap();
    assert_eq!(sent_url, "http://127.0.0.1:9/api/v1/card/status");
    let headers = String::from_utf8(sandbox.sent("headers", 1)).unwrap();
    let basic = base64::engine::general_purpose::STANDARD.encode("bob:s3cr3t-pass");
    assert!(
        headers.contains(&format!("Authorization: Basic {basic}")),
        "{headers}"
    );
}

#[test]
fn credential_variable_names_are_never_pasted_into_shell_syntax() {
    let Some(sandbox) = Sandbox::new() else {
        return;
    };
    let masker = Masker::default();
    let zone = kst();
    // G6: a profile names its credential variables; these are not variable names.
    let names = [
        format!("A}}$(echo pwned > {})${{B", sandbox.mark(0).display()),
        format!("X[$(echo pwned > {})]", sandbox.mark(1).display()),
        format!("\"; echo pwned > {}; #", sandbox.mark(2).display()),
    ];
    for name in &names {
        for env in [
            CredentialVars {
                access_key: name,
                ..ENV
            },
            CredentialVars {
                secret_key: name,
                ..ENV
            },
        ] {
            let requests = [request("op::case", r#"{"userId":5}"#)];
            if let Some(rendered) = render("op::case", &inputs(&requests, &zone, &masker, env)) {
                sandbox.run(&rendered.text, &[(name.clone(), "x".into())]);
            }
            assert!(sandbox.marks().is_empty(), "{name}: {:?}", sandbox.marks());
        }
    }
}

#[test]
fn no_credential_is_ever_on_a_command_line_and_the_token_is_right() {
    let Some(sandbox) = Sandbox::new() else {
        return;
    };
    let masker = Masker::new([ACCESS_KEY.to_string(), SECRET_KEY.to_string()]);
    let body = r#"{"status":"SUSPEND","userId":5}"#;
    assert_faithful(&sandbox, "op::case", &[request("op::case", body)], &masker);
    // M1: `ps` shows every command line; the log holds each one the script ran.
    let log = sandbox.argv_log();
    assert!(!log.is_empty(), "nothing was logged");
    for secret in [SECRET_KEY, ACCESS_KEY] {
        assert!(
            !log.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "`{secret}` was on a command line:\n{}",
            String::from_utf8_lossy(&log).replace('\0', " ")
        );
    }
    // The Tran-Token still signs the exact body with the secret key.
    let headers = String::from_utf8(sandbox.sent("headers", 1)).unwrap();
    let fields: BTreeMap<&str, &str> = headers.lines().filter_map(|l| l.split_once(": ")).collect();
    let token = fields["X-KM-Tran-Token"];
    let time = token.split(':').nth(1).unwrap();
    let key = aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA256, SECRET_KEY.as_bytes());
    let mac = aws_lc_rs::hmac::sign(&key, body.as_bytes());
    let expected = format!(
        "KMV1:{time}:{}",
        base64::engine::general_purpose::STANDARD.encode(mac.as_ref())
    );
    assert_eq!(token, expected);
    assert_eq!(fields["X-KM-Access-Key"], ACCESS_KEY);
    assert_eq!(fields["X-KM-Tran-Time"], &time[..14]);
}

#[test]
fn the_quoting_function_gives_back_every_byte_and_runs_none() {
    use konaplate_conformance::report::shell::{self, Name, Piece};
    let Some(sandbox) = Sandbox::new() else {
        return;
    };
    let mark = |n: usize| sandbox.mark(n).display().to_string();
    let mut hostile: Vec<Vec<u8>> = [
        "\n".to_string(),
        "'".into(),
        "\"".into(),
        format!("$(echo pwned > {})", mark(0)),
        format!("`echo pwned > {}`", mark(1)),
        format!("'; echo pwned > {}; '", mark(2)),
        "a\0b\0".into(),
        "\r\n\r".into(),
        "%s%d%%%".into(),
        "\\x41\\101\\".into(),
        "-v X".into(),
        "${PATH}$HOME!!".into(),
        String::new(),
    ]
    .into_iter()
    .map(String::into_bytes)
    .collect();
    hostile.push(vec![0xff, 0xfe, 0x80, b'\'', 0xc3]);
    hostile.push((0..=255).collect());
    let mut rng = crate::support::fuzz::Rng(crate::support::fuzz::seed());
    for _ in 0..200 {
        let len = rng.below(40);
        hostile.push((0..len).map(|_| rng.next() as u8).collect());
    }
    let into = Name::new("KP_V").unwrap();
    let var = Name::new("KP_HOSTILE").unwrap();
    let out = |kind: &str, i: usize| sandbox.dir.path().join(format!("{kind}.{i}"));
    let mut text = String::new();
    for (i, bytes) in hostile.iter().enumerate() {
        let data = Piece::Data(bytes);
        let with_var = [data, Piece::Var(&var), data];
        text.push_str(&format!(
            "{} > '{}'\n",
            shell::printf(&[data]),
            out("data", i).display()
        ));
        text.push_str(&format!(
            "{} > '{}'\n",
            shell::printf(&with_var),
            out("var", i).display()
        ));
        if !bytes.contains(&0) {
            text.push_str(&format!(
                "{}\nprintf '%s' \"$KP_V\" > '{}'\n",
                shell::printf_into(&into, &[data]),
                out("into", i).display()
            ));
        }
    }
    // A variable's value is data too: set from the environment, it is written as it is.
    let value = format!("$(echo pwned > {})'\"`\n", mark(3));
    let ran = sandbox.run(&text, &[("KP_HOSTILE".into(), value.clone())]);
    assert!(ran.success, "{}", ran.stderr);
    assert!(sandbox.marks().is_empty(), "{:?}", sandbox.marks());
    for (i, bytes) in hostile.iter().enumerate() {
        assert_eq!(&std::fs::read(out("data", i)).unwrap(), bytes, "{i}");
        let mut twice = bytes.clone();
        twice.extend_from_slice(value.as_bytes());
        twice.extend_from_slice(bytes);
        assert_eq!(std::fs::read(out("var", i)).unwrap(), twice, "{i}");
        if !bytes.contains(&0) {
            assert_eq!(&std::fs::read(out("into", i)).unwrap(), bytes, "{i}");
        }
    }
}
