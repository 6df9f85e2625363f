//! The file counts docs/architecture.md gives for two tasks ("What a task takes") hold for
//! every existing instance: a check of every answer is named by production code only in its
//! own file and in `check/mod.rs` (the `ANSWER` table), and a report format only in its own
//! file and in `report/formats.rs` (`Formats::standard`). A check or a format that needs
//! wiring anywhere else fails here, naming the file. Each file is parsed with `syn`; test code
//! (`tests.rs`, `#[cfg(test)]`, `#[test]`) does not count.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use regex::Regex;
use syn::visit::{self, Visit};

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
    })
}

/// Every path production code of one file names (`status::EXPECTED`, `summary::Summary`).
#[derive(Default)]
struct Paths(BTreeSet<String>);

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if !is_test(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if !is_test(&i.attrs) {
            visit::visit_item_impl(self, i);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test(&f.attrs) {
            visit::visit_item_fn(self, f);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if !is_test(&u.attrs) {
            self.use_tree(&u.tree, &mut Vec::new());
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        self.0.insert(segments.join("::"));
        visit::visit_path(self, p);
    }
}

impl Paths {
    /// Each path a `use` brings in (`use super::{json::Json, md}` names `super::json::Json`).
    fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        let mut leaf = |ident: &syn::Ident, prefix: &mut Vec<String>| {
            prefix.push(ident.to_string());
            self.0.insert(prefix.join("::"));
            prefix.pop();
        };
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) => leaf(&n.ident, prefix),
            syn::UseTree::Rename(r) => leaf(&r.ident, prefix),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| self.use_tree(t, prefix)),
            syn::UseTree::Glob(_) => {}
        }
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Every production file of `src/` (relative to it) with the paths it names.
fn production() -> Vec<(String, BTreeSet<String>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .iter()
        .filter(|p| !p.ends_with("tests.rs"))
        .map(|p| {
            let rel = p
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            let parsed = syn::parse_file(&std::fs::read_to_string(p).unwrap()).unwrap();
            let mut paths = Paths::default();
            paths.visit_file(&parsed);
            (rel, paths.0)
        })
        .collect()
}

/// The files outside `allowed` that name `module::item`.
fn named_elsewhere(
    files: &[(String, BTreeSet<String>)],
    (module, item): (&str, &str),
    allowed: &[&str],
) -> Vec<String> {
    let suffix = format!("{module}::{item}");
    files
        .iter()
        .filter(|(rel, _)| !allowed.contains(&rel.as_str()))
        .filter(|(_, paths)| {
            paths
                .iter()
                .any(|p| *p == suffix || p.ends_with(&format!("::{suffix}")))
        })
        .map(|(rel, _)| format!("{module}::{item} is named in src/{rel}"))
        .collect()
}

/// The `module::ITEM` entries of a list in `text` (`status::EXPECTED,`, `Arc::new(json::Json),`).
fn entries(text: &str, pattern: &str) -> Vec<(String, String)> {
    Regex::new(pattern)
        .unwrap()
        .captures_iter(text)
        .map(|c| (c[1].to_string(), c[2].to_string()))
        .collect()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(rel)).unwrap()
}

#[test]
fn a_check_of_every_answer_is_its_file_and_its_line_in_the_table() {
    let files = production();
    let table = entries(&read("check/mod.rs"), r"(?m)^    (\w+)::([A-Z_]+),$");
    assert!(
        table.len() > 1,
        "the ANSWER table was not found in check/mod.rs"
    );
    let mut wired = Vec::new();
    for (module, item) in &table {
        let own = format!("check/{module}.rs");
        wired.extend(named_elsewhere(
            &files,
            (module, item),
            &["check/mod.rs", &own],
        ));
    }
    assert!(
        wired.is_empty(),
        "checks wired outside their file and the table (docs/architecture.md says 2 files):\n{}",
        wired.join("\n")
    );
}

#[test]
fn a_report_format_is_its_file_and_its_line_in_the_registry() {
    let files = production();
    let registry = entries(&read("report/formats.rs"), r"Arc::new\((\w+)::(\w+)\)");
    assert!(
        registry.len() > 1,
        "Formats::standard was not found in report/formats.rs"
    );
    let mut wired = Vec::new();
    for (module, item) in &registry {
        let own = [
            format!("report/{module}.rs"),
            format!("report/{module}/mod.rs"),
        ];
        let allowed = ["report/formats.rs", own[0].as_str(), own[1].as_str()];
        wired.extend(named_elsewhere(&files, (module, item), &allowed));
    }
    assert!(
        wired.is_empty(),
        "formats wired outside their file and the registry (docs/architecture.md says 3 files):\n{}",
        wired.join("\n")
    );
}

#[test]
fn a_check_named_in_a_third_file_is_caught() {
    let mut files = production();
    let planted: BTreeSet<String> = ["crate::check::status::EXPECTED".to_string()].into();
    files.push(("check/judge_planted.rs".to_string(), planted));
    let found = named_elsewhere(
        &files,
        ("status", "EXPECTED"),
        &["check/mod.rs", "check/status.rs"],
    );
    assert_eq!(
        found,
        ["status::EXPECTED is named in src/check/judge_planted.rs"]
    );
}
