//! `cargo bench --bench suite -- emit DIR N BASE_URL`: the inputs `benches/peers.sh` gives every
//! tool, so each sends the same requests to the same standalone mock.
//!
//! - `DIR/cases/`: the documented case files replicated to N cases (copies of state-changing
//!   successes left out, as in [`super::cases`]), for this project's `run`;
//! - `DIR/hurl/part-K.hurl`: the same N requests for Hurl, dealt round-robin into
//!   [`super::THREADS`] files (Hurl runs a file's entries one after another and files in
//!   parallel, `--jobs`), with the headers signed once here (the mock checks the Tran-Token's
//!   MAC over the body, not how old it is) and the expected status asserted, so Hurl does the
//!   smallest check this project does;
//! - `DIR/wrk.lua`: one read-only request, signed the same way, for wrk's raw ceiling.

use std::fmt::Write as _;
use std::path::Path;

use konaplate_conformance::case::{self, Case};
use konaplate_conformance::run::headers;
use konaplate_conformance::spec::Spec;
use serde_yaml::{Mapping, Value};

/// Writes the three inputs for `n` cases into `dir`.
pub fn emit(dir: &Path, n: usize, base_url: &str) {
    let (spec, profile, cases) = super::cases(n);
    std::fs::create_dir_all(dir.join("cases")).unwrap();
    write_case_files(&dir.join("cases"), &cases, &spec);
    let signer = super::Signer::new(&profile);
    let mut hurl = vec![String::new(); super::THREADS];
    for (i, c) in cases.iter().enumerate() {
        let hurl = &mut hurl[i % super::THREADS];
        let url = format!("{base_url}{}", spec.operation(&c.operation).unwrap().path);
        let body = body_text(c);
        let mut h = signer.headers(&body);
        headers::apply_overrides(&mut h, &c.request.headers);
        let _ = writeln!(hurl, "POST {url}");
        let _ = writeln!(hurl, "Content-Type: application/json");
        for (k, v) in &h {
            let _ = writeln!(hurl, "{k}: {v}");
        }
        // A backtick-free JSON body is a Hurl JSON body as it is.
        let _ = writeln!(hurl, "{body}");
        match c.expect.status {
            Some(s) => {
                let _ = writeln!(hurl, "HTTP {s}\n");
            }
            None => hurl.push_str("HTTP *\n\n"),
        }
    }
    std::fs::create_dir_all(dir.join("hurl")).unwrap();
    for (k, text) in hurl.iter().enumerate() {
        std::fs::write(dir.join(format!("hurl/part-{k}.hurl")), text).unwrap();
    }
    let probe = cases
        .iter()
        .find(|c| c.operation == "cardDeliveryInquiry" && c.expect.status == Some(200))
        .expect("a documented cardDeliveryInquiry success");
    let body = body_text(probe);
    let mut lua = format!(
        "wrk.method = \"POST\"\nwrk.path = \"{}\"\nwrk.body = '{}'\nwrk.headers[\"Content-Type\"] = \"application/json\"\n",
        spec.operation(&probe.operation).unwrap().path,
        body
    );
    for (k, v) in signer.headers(&body) {
        let _ = writeln!(lua, "wrk.headers[\"{k}\"] = \"{v}\"");
    }
    std::fs::write(dir.join("wrk.lua"), lua).unwrap();
}

fn body_text(c: &Case) -> String {
    match &c.request.body {
        case::Body::Json(v) => serde_json::to_string(v).unwrap(),
        case::Body::Raw(s) => s.clone(),
        case::Body::Empty => String::new(),
    }
}

/// The cases as case files, one per operation, from the documented files' own YAML (so the
/// variables are still `{{…}}` and the loader does all its work).
fn write_case_files(dir: &Path, cases: &[Case], spec: &Spec) {
    for op in spec.operation_ids() {
        let source = Path::new("cases").join(format!("{op}.yaml"));
        let text = std::fs::read_to_string(&source).unwrap();
        let doc: Value = serde_yaml::from_str(&text).unwrap();
        let defs = doc["cases"].as_sequence().unwrap();
        let mut out = Vec::new();
        for c in cases.iter().filter(|c| c.operation == op) {
            // Copies are named `<id>-<i>`; the documented id is the part before the last dash
            // only for copies, so look the id up whole first.
            let def = defs
                .iter()
                .find(|d| d["id"].as_str() == Some(&c.id))
                .or_else(|| {
                    let base = &c.id[..c.id.rfind('-').unwrap()];
                    defs.iter().find(|d| d["id"].as_str() == Some(base))
                })
                .unwrap();
            let mut def = def.clone();
            def["id"] = Value::String(c.id.clone());
            out.push(def);
        }
        let mut file = Mapping::new();
        file.insert("operation".into(), op.into());
        file.insert("cases".into(), Value::Sequence(out));
        let yaml = serde_yaml::to_string(&Value::Mapping(file)).unwrap();
        std::fs::write(dir.join(format!("{op}.yaml")), yaml).unwrap();
    }
}
