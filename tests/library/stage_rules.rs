//! The stage rules of docs/stage-rules.json hold in the source: no module imports a stage it
//! must never import (loading knows no checks, judging is pure, reports know no generator, the
//! mock is independent of the harness, ...).
//!
//! Every `crate::…` path outside comments counts, whether in a `use` line or inline.
//!
//! No file imports a file that imports it back, directly or through others, inside a folder
//! or across folders ([`import_graph`]); `circles-allowed` in the same JSON names the circles
//! still to be removed, each with who removes it.

use std::collections::BTreeSet;
use std::path::Path;

use super::import_graph;

use regex::Regex;
use serde_json::Value;

use super::source::rust_files;

struct Rules {
    /// (part, path prefix), longest prefixes first.
    parts: Vec<(String, String)>,
    /// (from, to, why).
    never: Vec<(String, String, String)>,
}

fn rules() -> Rules {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/stage-rules.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    let mut parts = Vec::new();
    for (part, def) in json["parts"].as_object().unwrap() {
        for p in def["is"].as_array().unwrap() {
            parts.push((part.clone(), p.as_str().unwrap().to_string()));
        }
    }
    parts.sort_by_key(|(_, p)| std::cmp::Reverse(p.len()));
    let never = json["never"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let s = |i: usize| n[i].as_str().unwrap().to_string();
            (s(0), s(1), s(2))
        })
        .collect();
    Rules { parts, never }
}

impl Rules {
    /// The part a source file (`src/…`) belongs to.
    fn part_of_file(&self, file: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|(_, p)| file == p || (p.ends_with('/') && file.starts_with(p.as_str())))
            .map(|(part, _)| part.as_str())
    }

    /// The part a top-level module (`crate::<module>`) belongs to.
    fn part_of_module(&self, module: &str) -> Option<&str> {
        self.part_of_file(&format!("src/{module}.rs"))
            .or_else(|| self.part_of_file(&format!("src/{module}/")))
    }

    /// Every forbidden import in `text`, the source of `file`: `file: from → to (why): path`.
    fn violations(&self, file: &str, text: &str) -> Vec<String> {
        let Some(from) = self.part_of_file(file) else {
            return vec![];
        };
        let mut out = Vec::new();
        for module in modules_used(text) {
            let Some(to) = self.part_of_module(&module) else {
                continue;
            };
            for (f, t, why) in &self.never {
                if f == from && t == to {
                    out.push(format!("{file}: {from} → {to} ({why}): crate::{module}"));
                }
            }
        }
        out
    }
}

/// The top-level modules a source text names as `crate::<module>`, in paths and in `use
/// crate::{a, b::c}` groups, outside comments.
fn modules_used(text: &str) -> BTreeSet<String> {
    let path = Regex::new(r"crate::([a-z_][a-z0-9_]*)").unwrap();
    let group = Regex::new(r"crate::\{([^}]*)\}").unwrap();
    let code: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out: BTreeSet<String> = path
        .captures_iter(&code)
        .map(|c| c[1].to_string())
        .collect();
    for g in group.captures_iter(&code) {
        for item in g[1].split(',') {
            let name: String = item
                .trim()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != "self" {
                out.insert(name);
            }
        }
    }
    out
}

#[test]
fn no_module_imports_a_stage_it_must_never_import() {
    let rules = rules();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut unplaced = Vec::new();
    let mut found = Vec::new();
    for f in &files {
        let rel = f
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if rules.part_of_file(&rel).is_none() && rel != "src/lib.rs" {
            unplaced.push(rel.clone());
        }
        found.extend(rules.violations(&rel, &std::fs::read_to_string(f).unwrap()));
    }
    assert!(
        unplaced.is_empty(),
        "source files in no part of docs/stage-rules.json: {unplaced:#?}"
    );
    assert!(found.is_empty(), "forbidden imports:\n{}", found.join("\n"));
}

#[test]
fn the_checker_sees_forbidden_imports_in_both_forms() {
    let rules = rules();
    let inline = "fn f() { crate::report::console::failure_message(); }";
    assert_eq!(rules.violations("src/run/x.rs", inline).len(), 1);
    let grouped = "use crate::{check, outcome::Outcome};";
    let v = rules.violations("src/case/x.rs", grouped);
    assert!(v[0].contains("Load → Check"), "{v:?}");
    // A doc comment is not an import; an allowed arrow is not a violation.
    assert!(
        rules
            .violations("src/run/x.rs", "//! See crate::report.")
            .is_empty()
    );
    assert!(
        rules
            .violations("src/run/x.rs", "use crate::check::judge;")
            .is_empty()
    );
    assert!(
        !rules
            .violations("src/mock/x.rs", "use crate::case::Case;")
            .is_empty()
    );
}

/// The circles docs/stage-rules.json still allows, each a sorted list of `src/…` files.
fn allowed_circles() -> Vec<Vec<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("docs/stage-rules.json")).unwrap();
    let json: Value = serde_json::from_str(&text).unwrap();
    json["circles-allowed"]
        .as_array()
        .expect("docs/stage-rules.json has a `circles-allowed` list (empty when none is)")
        .iter()
        .map(|c| {
            assert!(
                c["why"].as_str().is_some_and(|w| !w.is_empty()),
                "an allowed circle says why and who removes it: {c}"
            );
            let mut files: Vec<String> = c["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f.as_str().unwrap().to_string())
                .collect();
            files.sort();
            files
        })
        .collect()
}

#[test]
fn no_file_imports_a_file_that_imports_it_back() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = import_graph::graph(&src).unwrap();
    let found: Vec<Vec<String>> = import_graph::circles(&edges)
        .into_iter()
        .map(|c| c.iter().map(|f| format!("src/{f}")).collect())
        .collect();
    let allowed = allowed_circles();
    let unexpected: Vec<String> = found
        .iter()
        .filter(|c| !allowed.contains(c))
        .map(|c| {
            // Each file of the circle, with the files of the circle it imports.
            let arrows: Vec<String> = c
                .iter()
                .map(|f| {
                    let to: Vec<&str> = edges[&f["src/".len()..]]
                        .iter()
                        .filter(|t| c.contains(&format!("src/{t}")))
                        .map(String::as_str)
                        .collect();
                    format!("  {f} → {}", to.join(", "))
                })
                .collect();
            arrows.join("\n")
        })
        .collect();
    assert!(
        unexpected.is_empty(),
        "file-level import circles (break one arrow of each):\n{}",
        unexpected.join("\n\n")
    );
    let stale: Vec<&Vec<String>> = allowed.iter().filter(|a| !found.contains(a)).collect();
    assert!(
        stale.is_empty(),
        "circles allowed in docs/stage-rules.json that no longer exist (remove the entries): {stale:?}"
    );
}
