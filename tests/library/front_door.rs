//! One way in: outside the spec and profile modules themselves, only
//! `src/pipeline/sources.rs` calls their loaders (`spec::load`, `spec::load_str`,
//! `profile::load`, `profile::load_str`), so every command reads its contract and target with
//! the same checks (the `FILL-ME` guard, `--encryption`, the base URL) and derives the safety
//! rules and the masker the same way. Each file is parsed with `syn`; a call by path and an
//! import of a loader both count. Test code is not production code: files named `tests.rs`,
//! items under `#[cfg(test)]` (a module declared so, in its own file, included) and `#[test]`
//! functions are skipped.

use std::path::{Path, PathBuf};

use syn::visit::{self, Visit};

/// The files that may call the loaders: the one way in, and the loaders' own modules.
const ALLOWED: [&str; 4] = ["pipeline/sources.rs", "spec/", "profile.rs", "profile/"];

/// The loaders, as the last two segments of a path.
const LOADERS: [(&str, &str); 4] = [
    ("spec", "load"),
    ("spec", "load_str"),
    ("profile", "load"),
    ("profile", "load_str"),
];

fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|i| i == "test"))
    })
}

fn is_loader(segments: &[String]) -> bool {
    match segments {
        [.., module, name] => LOADERS.iter().any(|(m, n)| m == module && n == name),
        _ => false,
    }
}

/// Every loader call or import in one parsed file, outside test code: `file:line path`.
struct Finder<'a> {
    file: &'a str,
    found: Vec<String>,
}

impl Finder<'_> {
    fn note(&mut self, segments: &[String], line: usize) {
        if is_loader(segments) {
            self.found
                .push(format!("{}:{line} {}", self.file, segments.join("::")));
        }
    }

    /// Walks a `use` tree, `prefix` the segments above it.
    fn use_tree(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.note(prefix, n.ident.span().start().line);
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                self.note(prefix, r.ident.span().start().line);
                prefix.pop();
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(t, prefix);
                }
            }
            syn::UseTree::Glob(_) => {}
        }
    }
}

impl<'ast> Visit<'ast> for Finder<'_> {
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

    fn visit_expr_path(&mut self, p: &'ast syn::ExprPath) {
        let segments: Vec<String> = p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let line = p
            .path
            .segments
            .first()
            .map_or(0, |s| s.ident.span().start().line);
        self.note(&segments, line);
        visit::visit_expr_path(self, p);
    }
}

/// The files of the modules `text` (the source of `file`, relative to `src/`) declares
/// `#[cfg(test)] mod name;`: `dir/name.rs` and everything under `dir/name/`.
fn test_modules(file: &str, text: &str) -> Vec<String> {
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

/// The loader calls and imports in `text`, the source of `file` (relative to `src/`).
fn loader_uses(file: &str, text: &str) -> Vec<String> {
    if file.ends_with("tests.rs") || ALLOWED.iter().any(|a| file == *a || file.starts_with(a)) {
        return vec![];
    }
    let parsed = syn::parse_file(text).unwrap_or_else(|e| panic!("src/{file}: {e}"));
    let mut finder = Finder {
        file,
        found: Vec::new(),
    };
    finder.visit_file(&parsed);
    finder.found
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

#[test]
fn only_the_one_way_in_calls_the_spec_and_profile_loaders() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let sources: Vec<(String, String)> = files
        .iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy();
            (
                rel.replace('\\', "/"),
                std::fs::read_to_string(path).unwrap(),
            )
        })
        .collect();
    let tests: Vec<String> = sources
        .iter()
        .flat_map(|(rel, text)| test_modules(rel, text))
        .collect();
    let mut found = Vec::new();
    for (rel, text) in &sources {
        if !tests
            .iter()
            .any(|t| rel == t || (t.ends_with('/') && rel.starts_with(t)))
        {
            found.extend(loader_uses(rel, text));
        }
    }
    assert!(
        found.is_empty(),
        "spec or profile loaded outside src/pipeline/sources.rs (read them through \
         pipeline::sources, which applies the FILL-ME guard, --encryption and the base URL check):\n{}",
        found.join("\n")
    );
}

#[test]
fn a_loader_call_or_import_planted_outside_the_way_in_is_caught_and_test_code_is_not() {
    let planted = "\
use crate::profile::{self, load_str};
use crate::spec::load as read_spec;

fn a() {
    let _ = crate::spec::load(std::path::Path::new(\"x\"));
}

fn b() {
    let read = profile::load;
}

#[cfg(test)]
mod tests {
    fn c() {
        let _ = crate::spec::load(std::path::Path::new(\"x\"));
    }
}

#[test]
fn d() {
    let _ = profile::load(std::path::Path::new(\"x\"));
}
";
    let found = loader_uses("cli/commands.rs", planted);
    assert_eq!(
        found,
        [
            "cli/commands.rs:1 crate::profile::load_str",
            "cli/commands.rs:2 crate::spec::load",
            "cli/commands.rs:5 crate::spec::load",
            "cli/commands.rs:9 profile::load",
        ]
    );
    assert!(loader_uses("pipeline/sources.rs", planted).is_empty());
    assert!(loader_uses("profile/load.rs", planted).is_empty());
    assert!(loader_uses("explore/tests.rs", planted).is_empty());
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
