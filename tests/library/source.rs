//! The production source of `src/`, for the tests that hold rules over it (the one way in,
//! what a task takes, the stage rules): every file parsed with `syn`, test code taken out
//! (files named `tests.rs`, items under `#[cfg(test)]` or `#[test]`, and the files of a module
//! declared `#[cfg(test)] mod name;`), and the paths each file names.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use syn::visit::{self, Visit};

/// Whether an item is test code: `#[cfg(test)]` or `#[test]`.
pub fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
    })
}

/// Every `.rs` file under `dir`, in name order.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// A path production code names, and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Named {
    pub path: String,
    pub line: usize,
}

/// Every path production code of one file names: in expressions and types
/// (`crate::spec::load`), and brought in by a `use` (`use super::{json::Json}` names
/// `super::json::Json`).
#[derive(Default)]
pub struct Paths(pub BTreeSet<Named>);

impl Paths {
    /// The paths of `text`'s production code.
    pub fn of(text: &str) -> Result<Paths, syn::Error> {
        let mut paths = Paths::default();
        paths.visit_file(&syn::parse_file(text)?);
        Ok(paths)
    }

    /// Whether some path ends with the segments `suffix` (`status::EXPECTED`).
    pub fn ends_with(&self, suffix: &str) -> impl Iterator<Item = &Named> {
        let tail = format!("::{suffix}");
        self.0
            .iter()
            .filter(move |n| n.path == suffix || n.path.ends_with(&tail))
    }

    fn insert(&mut self, segments: &[String], ident: &syn::Ident) {
        self.0.insert(Named {
            path: segments.join("::"),
            line: ident.span().start().line,
        });
    }

    fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        let mut leaf = |ident: &syn::Ident, prefix: &mut Vec<String>| {
            prefix.push(ident.to_string());
            self.insert(prefix, ident);
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

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test(&f.attrs) {
            visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if !is_test(&u.attrs) {
            self.use_tree(&u.tree, &mut Vec::new());
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
        if let Some(first) = p.segments.first() {
            self.insert(&segments, &first.ident);
        }
        visit::visit_path(self, p);
    }
}

/// The files of the modules `text` (the source of `file`, relative to `src/`) declares
/// `#[cfg(test)] mod name;`: `dir/name.rs` and everything under `dir/name/`.
pub fn test_modules(file: &str, text: &str) -> Vec<String> {
    let parsed = syn::parse_file(text).unwrap_or_else(|e| panic!("src/{file}: {e}"));
    let dir = match file.rsplit_once('/') {
        Some((dir, "mod.rs")) => format!("{dir}/"),
        _ if file == "lib.rs" || file == "main.rs" => String::new(),
        _ => format!("{}/", file.trim_end_matches(".rs")),
    };
    parsed
        .items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.content.is_none() && is_test(&m.attrs) => Some(m),
            _ => None,
        })
        .flat_map(|m| [format!("{dir}{}.rs", m.ident), format!("{dir}{}/", m.ident)])
        .collect()
}

/// Every production file of `src/` (its path relative to `src/`, `/`-separated) with the
/// paths it names; test files and the files of test modules left out.
pub fn production() -> Vec<(String, Paths)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap().to_string_lossy();
            (rel.replace('\\', "/"), std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let tests: Vec<String> = sources
        .iter()
        .flat_map(|(rel, text)| test_modules(rel, text))
        .collect();
    sources
        .into_iter()
        .filter(|(rel, _)| !rel.ends_with("tests.rs"))
        .filter(|(rel, _)| {
            !tests
                .iter()
                .any(|t| rel == t || (t.ends_with('/') && rel.starts_with(t.as_str())))
        })
        .map(|(rel, text)| {
            let paths = Paths::of(&text).unwrap_or_else(|e| panic!("src/{rel}: {e}"));
            (rel, paths)
        })
        .collect()
}

#[test]
fn a_module_declared_for_tests_is_test_code_in_its_own_file() {
    let declares = "pub mod menu;\n#[cfg(test)]\nmod testing;\n#[cfg(test)]\nmod tests;\n";
    assert_eq!(
        test_modules("explore/mod.rs", declares),
        [
            "explore/testing.rs",
            "explore/testing/",
            "explore/tests.rs",
            "explore/tests/"
        ]
    );
    assert_eq!(
        test_modules("profile.rs", declares)[0],
        "profile/testing.rs"
    );
}

#[test]
fn paths_in_test_code_are_not_production_paths() {
    let text = "\
use crate::spec::{self, load as read};
fn a() { let _ = crate::check::status::EXPECTED; }
#[cfg(test)]
mod tests { fn b() { let _ = crate::report::json::Json; } }
#[test]
fn c() { let _ = crate::profile::load; }
";
    let paths = Paths::of(text).unwrap();
    let named: Vec<(&str, usize)> = paths.0.iter().map(|n| (n.path.as_str(), n.line)).collect();
    assert_eq!(
        named,
        [
            ("crate::check::status::EXPECTED", 2),
            ("crate::spec::load", 1),
            ("crate::spec::self", 1),
        ]
    );
}
