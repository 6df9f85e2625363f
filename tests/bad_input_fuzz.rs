//! Fuzz-style tests on the stable toolchain: a small deterministic PRNG mutates the committed
//! case files and profile (and generates JSON bodies and expectations), and feeds them to the
//! case loader, the YAML layer and the body matcher. Nothing may panic, and the matcher must
//! keep its basic laws. The same targets run coverage-guided under `cargo fuzz` (`fuzz/`, see
//! docs/testing.md).
//!
//! `KONAPLATE_FUZZ_ITERATIONS` (default 2000 per target) and `KONAPLATE_FUZZ_SEED` change the
//! run; a failure prints the seed and the input, so it can be replayed.

use std::path::Path;
use std::time::{Duration, Instant};

mod support;

use konaplate_conformance::case::file::CaseFile;
use konaplate_conformance::check::{matches_subset, project};
use konaplate_conformance::profile::{self, Profile};
use konaplate_conformance::spec::{self, Spec};
use konaplate_conformance::yaml::{self, SpanIndex};
use serde_json::{Map, Value, json};
use support::fuzz::{Rng, fuzz, no_panic};

/// YAML fragments that tend to break parsers and position bookkeeping.
const YAML_TOKENS: &[&str] = &[
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\n    - ",
    "\t",
    "{",
    "}",
    "[",
    "]",
    ",",
    "\"",
    "'",
    "#",
    "&a ",
    "*a",
    "!!binary ",
    "!!int ",
    "? ",
    "|\n",
    ">-\n",
    "---\n",
    "...\n",
    "%YAML 1.2\n",
    "{{",
    "}}",
    "{{member.active.userId}}",
    "{{nope}}",
    "<len:",
    "<regex:(",
    "<non-empty>",
    "~",
    "null",
    "-1",
    "70000",
    "1e400",
    "0x1F",
    "é",
    "한글",
    "\u{feff}",
    "\u{0}",
    "\r\n",
    "id: dup\n",
    "expect: { status: 400, code: \"003_049\" }",
    "operation: cardStatusChange\n",
    "cases:\n",
    "headers: { \"Bad Header\": x }",
];

const CHARS: &[char] = &[
    'a', 'Z', '0', '9', ' ', ':', '-', '{', '}', '[', ']', '\n', '\t', '"', '\'', '#', '&', '*',
    '!', '|', '>', '%', '@', '`', 'é', '한', '😀', '\u{0}', '\u{7f}', '\u{2028}',
];

/// Byte offset of the character boundary at or after `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// One to four random edits of `text`, sometimes splicing in lines of `other`.
fn mutate_text(rng: &mut Rng, text: &str, other: &str) -> String {
    let mut s = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let at = boundary(&s, rng.below(s.len() + 1));
        let to = boundary(&s, at + rng.below(64));
        match rng.below(8) {
            0 => {
                let token: &&str = rng.pick(YAML_TOKENS);
                s.insert_str(at, token);
            }
            1 => s.replace_range(at..to, ""),
            2 => {
                let piece = s[at..to].to_string();
                s.insert_str(at, &piece);
            }
            3 => {
                let c = *rng.pick(CHARS);
                let end = boundary(&s, at + 1);
                s.replace_range(at..end, &c.to_string());
            }
            4 => {
                let lines: Vec<&str> = other.lines().collect();
                let from = rng.below(lines.len());
                let n = 1 + rng.below(6);
                let piece = lines[from..(from + n).min(lines.len())].join("\n");
                s.insert_str(at, &format!("{piece}\n"));
            }
            5 => {
                let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
                if lines.len() > 1 {
                    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                    lines.swap(a, b);
                }
                s = lines.join("\n");
            }
            6 => {
                let mut lines: Vec<String> = s.lines().map(str::to_string).collect();
                if !lines.is_empty() {
                    let i = rng.below(lines.len());
                    if rng.chance(2) {
                        lines[i].insert_str(0, "  ");
                    } else {
                        lines[i] = lines[i].trim_start().to_string();
                    }
                }
                s = lines.join("\n");
            }
            _ => s.truncate(at),
        }
    }
    s
}

struct Fixtures {
    spec: Spec,
    profile: Profile,
    seeds: Vec<String>,
}

fn fixtures() -> Fixtures {
    let spec = spec::load(Path::new(spec::DEFAULT_SPEC_PATH)).unwrap();
    let profile = profile::load(Path::new(profile::DEFAULT_TARGET_PATH)).unwrap();
    let mut seeds: Vec<String> = std::fs::read_dir("cases")
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    seeds.sort();
    seeds.push(std::fs::read_to_string(profile::DEFAULT_TARGET_PATH).unwrap());
    seeds.push(std::fs::read_to_string("cases/targets/sandbox.yaml").unwrap());
    seeds.push("operation: cardStatusChange\ncases:\n  - id: a\n    request: {}\n    expect: {status: 400}\n".into());
    Fixtures {
        spec,
        profile,
        seeds,
    }
}

/// Runs `f` on `input`; a panic comes back as its message.
#[test]
fn the_case_loader_never_panics_on_mutated_case_files() {
    let fx = fixtures();
    fuzz("case loader", |rng, _| {
        let base = rng.pick(&fx.seeds).clone();
        let other = rng.pick(&fx.seeds).clone();
        let text = mutate_text(rng, &base, &other);
        let result = no_panic(|| {
            let loaded = konaplate_conformance::case::load_str(
                Path::new("fuzz.yaml"),
                &text,
                &fx.spec,
                &fx.profile,
            );
            if let Some(e) = &loaded.file_error {
                let rendered = e.to_string();
                assert!(rendered.contains("fuzz.yaml"), "{rendered}");
            }
            for (name, e) in &loaded.case_errors {
                let rendered = e.to_string();
                assert!(rendered.contains("fuzz.yaml"), "{name}: {rendered}");
            }
            for case in &loaded.cases {
                assert!(!case.name().is_empty());
            }
        });
        (text, result)
    });
}

#[test]
fn the_yaml_layer_never_panics_on_mutated_yaml() {
    let fx = fixtures();
    fuzz("yaml", |rng, _| {
        let base = rng.pick(&fx.seeds).clone();
        let other = rng.pick(&fx.seeds).clone();
        let mut text = mutate_text(rng, &base, &other);
        if rng.chance(10) {
            // Now and then, bytes that are not UTF-8 (read as the loader would see them).
            let mut bytes = text.into_bytes();
            let at = rng.below(bytes.len() + 1);
            bytes.insert(at, 0xff);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        let result = no_panic(|| {
            let path = Path::new("fuzz.yaml");
            if let Err(e) = yaml::parse::<Value>(path, &text) {
                let _ = e.to_string();
            }
            if let Err(e) = yaml::parse::<CaseFile>(path, &text) {
                let _ = e.to_string();
            }
            match profile::load_str(path, &text) {
                Ok(p) => {
                    let _ = p.var_names();
                }
                Err(e) => {
                    let _ = e.to_string();
                }
            }
            let index = SpanIndex::build(&text);
            let _ = index.key_or_value("/cases/0/expect/code");
        });
        (text, result)
    });
}

const KEYS: &[&str] = &[
    "response",
    "code",
    "status",
    "a",
    "b",
    "issuedCardList",
    "",
    "a/b",
    "~0",
    "é",
    "par",
];

const STRINGS: &[&str] = &[
    "",
    "SHIPPING",
    "000_000",
    "<any>",
    "<string>",
    "<number>",
    "<empty>",
    "<non-empty>",
    "<len:0>",
    "<len:8>",
    "<len:22>",
    "<len:x>",
    "<len:-1>",
    "<len:99999999999999999999999>",
    "<regex:^[0-9]{3}_[0-9]{3}$>",
    "<regex:(>",
    "<regex:(a*)*b>",
    "<regex:\\p{Hangul}>",
    "<regex:.{100}>",
    "<>",
    "<<>>",
    "<unknown>",
    "<",
    ">",
    "한글",
    "😀😀😀",
];

/// A random JSON value, at most `depth` levels deep.
fn value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => match rng.below(6) {
            0 => json!(u64::MAX),
            1 => json!(i64::MIN),
            2 => json!(rng.next() as i64),
            3 => json!(0),
            4 => json!(1.5e300),
            _ => json!(-0.0),
        },
        3 | 4 => {
            if rng.chance(3) {
                Value::String(
                    (0..rng.below(12))
                        .map(|_| *rng.pick(CHARS))
                        .collect::<String>(),
                )
            } else {
                Value::String(rng.pick(STRINGS).to_string())
            }
        }
        5 => Value::Array((0..rng.below(4)).map(|_| value(rng, depth - 1)).collect()),
        _ => Value::Object(
            (0..rng.below(5))
                .map(|_| (rng.pick(KEYS).to_string(), value(rng, depth - 1)))
                .collect::<Map<_, _>>(),
        ),
    }
}

/// `v` with a few random changes deep inside.
fn perturb(rng: &mut Rng, v: &Value) -> Value {
    if rng.chance(6) {
        return value(rng, 2);
    }
    match v {
        Value::Object(m) => {
            let mut m = m.clone();
            if rng.chance(4)
                && let Some(k) = m.keys().nth(rng.below(m.len())).cloned()
            {
                m.remove(&k);
            }
            for (_, x) in m.iter_mut() {
                if rng.chance(2) {
                    *x = perturb(rng, x);
                }
            }
            if rng.chance(4) {
                m.insert(rng.pick(KEYS).to_string(), value(rng, 1));
            }
            Value::Object(m)
        }
        Value::Array(a) => {
            let mut a: Vec<Value> = a.iter().map(|x| perturb(rng, x)).collect();
            if rng.chance(4) {
                a.push(value(rng, 1));
            }
            Value::Array(a)
        }
        other => other.clone(),
    }
}

fn has_matcher(v: &Value) -> bool {
    match v {
        Value::String(s) => s.starts_with('<') && s.ends_with('>') && s.len() > 2,
        Value::Array(a) => a.iter().any(has_matcher),
        Value::Object(m) => m.values().any(has_matcher),
        _ => false,
    }
}

#[test]
fn a_pathological_regex_matcher_is_refused_in_bounded_time() {
    // Found by this file's first version: the regex crate refuses it at its 10 MiB size limit,
    // after about a second in a debug build (matchers are compiled on every comparison).
    let started = Instant::now();
    let f = matches_subset(&json!({"a": "<regex:.{1000000}>"}), &json!({"a": "x"}));
    assert!(f[0].expected.contains("exceeds size limit"), "{f:?}");
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn the_body_matcher_never_panics_and_keeps_its_laws() {
    // Real answers of the reference mock as starting points, besides random values.
    let answers = [
        json!({"response": {"code": "000_000", "description": "Success."}, "status": "SHIPPING"}),
        json!({"response": {"code": "000_000"}, "issuedCardList": [{"cardApplyNo": "CA20000000000000000002", "digital": {"par": "Q1TESTPAR000000000000000002"}, "values": {"balance": 50000, "points": [{"amount": 1200}]}}]}),
        json!({"response": {"code": "003_022", "description": "Card already terminated"}}),
    ];
    fuzz("body matcher", |rng, _| {
        let expected = if rng.chance(3) {
            rng.pick(&answers).clone()
        } else {
            value(rng, 4)
        };
        let actual = if rng.chance(4) {
            value(rng, 4)
        } else {
            perturb(rng, &expected)
        };
        let input = format!("{expected}\n{actual}");
        let result = no_panic(|| {
            for f in matches_subset(&expected, &actual) {
                assert!(
                    f.path.starts_with('/'),
                    "a body failure's path is a JSON pointer: {f:?}"
                );
                let _ = f.line();
            }
            let _ = project(&expected, &actual);
            if !has_matcher(&expected) {
                let own = matches_subset(&expected, &expected);
                assert!(own.is_empty(), "a value must contain itself: {own:?}");
                // Whatever the answer holds besides, the expectation is still found in it.
                if let (Value::Object(e), Value::Object(a)) = (&expected, &actual) {
                    let mut wider = a.clone();
                    wider.extend(e.clone());
                    let found = matches_subset(&expected, &Value::Object(wider));
                    assert!(found.is_empty(), "extra fields must not matter: {found:?}");
                }
            }
        });
        (input, result)
    });
}
