//! Which source file imports which, and the circles among them.
//!
//! A file imports another when it names one of that file's items: in a `use` or in a path
//! (`crate::…`, `super::…`, `self::…`, a child module's name), also inside a macro's arguments.
//! A path through a `pub use` leads to the file that defines the item. A module's arrows to its
//! own descendants do not count: it declares them (its `mod` lines), presents them (its
//! `pub use`s) and may call them; a child's arrow to its parent's own items does, as does every
//! arrow between siblings or cousins. `main.rs`, files named `tests.rs` and `#[cfg(test)]`
//! items are binary or test code and are left out. Each file is parsed with `syn`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::{self, Visit};

use super::source::{is_test, rust_files};

/// A module path below `crate`, e.g. `["report", "html"]`.
type Module = Vec<String>;

/// One name a file uses: the module the path is written in, the path's segments, the name a
/// `use … as` gives it, and whether it is a `use` that re-exports (`pub use`).
struct Named {
    scope: Module,
    segments: Vec<String>,
    alias: Option<String>,
    reexport: bool,
}

/// The files of a tree and what each one names.
struct Tree {
    /// Module path → the file (relative to the root, `/`-separated).
    files: BTreeMap<Module, String>,
    /// File → the names written in it.
    named: BTreeMap<String, Vec<Named>>,
}

/// The file-level import graph of the Rust files under `root`: file → the files it imports.
pub fn graph(root: &Path) -> Result<BTreeMap<String, BTreeSet<String>>, String> {
    let tree = Tree::read(root)?;
    let exports = tree.reexports();
    let mut edges = BTreeMap::new();
    let module_of_file: BTreeMap<&String, &Module> =
        tree.files.iter().map(|(m, f)| (f, m)).collect();
    for (module, file) in &tree.files {
        let mut to = BTreeSet::new();
        for n in tree.named[file].iter().filter(|n| !n.reexport) {
            if let Some(target) = tree
                .absolute(n)
                .and_then(|abs| tree.resolve(&exports, &abs, 0))
                && !module_of_file[&target].starts_with(module)
            {
                to.insert(target);
            }
        }
        edges.insert(file.clone(), to);
    }
    Ok(edges)
}

/// The circles of the graph: each a sorted list of two or more files that reach each other,
/// the list sorted.
pub fn circles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut t = Tarjan {
        edges,
        next: 0,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        found: Vec::new(),
    };
    for v in edges.keys() {
        if !t.index.contains_key(v.as_str()) {
            t.visit(v);
        }
    }
    let mut found = t.found;
    found.iter_mut().for_each(|c| c.sort());
    found.sort();
    found
}

/// Tarjan's strongly connected components.
struct Tarjan<'g> {
    edges: &'g BTreeMap<String, BTreeSet<String>>,
    next: usize,
    index: BTreeMap<&'g str, usize>,
    low: BTreeMap<&'g str, usize>,
    stack: Vec<&'g str>,
    found: Vec<Vec<String>>,
}

impl<'g> Tarjan<'g> {
    fn visit(&mut self, v: &'g str) {
        self.index.insert(v, self.next);
        self.low.insert(v, self.next);
        self.next += 1;
        self.stack.push(v);
        for w in self.edges.get(v).into_iter().flatten() {
            if !self.index.contains_key(w.as_str()) {
                self.visit(w);
                let low = self.low[v].min(self.low[w.as_str()]);
                self.low.insert(v, low);
            } else if self.stack.contains(&w.as_str()) {
                let low = self.low[v].min(self.index[w.as_str()]);
                self.low.insert(v, low);
            }
        }
        if self.low[v] == self.index[v] {
            let at = self.stack.iter().rposition(|x| *x == v).unwrap();
            let component: Vec<String> = self.stack.drain(at..).map(str::to_string).collect();
            if component.len() > 1 {
                self.found.push(component);
            }
        }
    }
}

impl Tree {
    fn read(root: &Path) -> Result<Tree, String> {
        let mut paths = Vec::new();
        rust_files(root, &mut paths);
        let mut tree = Tree {
            files: BTreeMap::new(),
            named: BTreeMap::new(),
        };
        for path in paths {
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel == "main.rs" || rel.ends_with("tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).map_err(|e| format!("{rel}: {e}"))?;
            let file = syn::parse_file(&text).map_err(|e| {
                let at = e.span().start();
                format!("{rel}:{}:{}: {e}", at.line, at.column + 1)
            })?;
            let module = module_of(&rel);
            let mut names = Names {
                scope: module.clone(),
                found: Vec::new(),
            };
            names.visit_file(&file);
            tree.files.insert(module, rel.clone());
            tree.named.insert(rel, names.found);
        }
        Ok(tree)
    }

    /// The path as written, made absolute (below `crate`); `None` for another crate's path or
    /// a local name.
    fn absolute(&self, n: &Named) -> Option<Module> {
        let (first, rest) = n.segments.split_first()?;
        let mut base = n.scope.clone();
        let mut rest = rest;
        match first.as_str() {
            "crate" => base.clear(),
            "self" => {}
            "super" => {
                base.pop()?;
                while let Some(("super", more)) = rest.split_first().map(|(s, m)| (s.as_str(), m)) {
                    base.pop()?;
                    rest = more;
                }
            }
            child => {
                let mut m = n.scope.clone();
                m.push(child.to_string());
                // A child module, named without `self::`.
                if !self.files.contains_key(&m) {
                    return None;
                }
                rest = &n.segments[..];
            }
        }
        base.extend(rest.iter().filter(|s| *s != "self").cloned());
        Some(base)
    }

    /// The file that defines what `abs` names: the longest module prefix that is a file,
    /// followed through that module's re-exports of its descendants.
    fn resolve(&self, exports: &Exports, abs: &[String], depth: usize) -> Option<String> {
        let k = (0..=abs.len())
            .rev()
            .find(|k| self.files.contains_key(&abs[..*k]))?;
        let (module, rest) = abs.split_at(k);
        if let Some((name, more)) = rest.split_first()
            && depth < 8
            && let Some(target) = exports.get(&(module.to_vec(), name.clone()))
        {
            let mut next = target.clone();
            next.extend(more.iter().cloned());
            return self.resolve(exports, &next, depth + 1);
        }
        self.files.get(module).cloned()
    }

    /// Every `pub use` of a descendant's item: (module, exported name) → the item's path.
    fn reexports(&self) -> Exports {
        let mut out = Exports::new();
        for (module, file) in &self.files {
            for n in self.named[file].iter().filter(|n| n.reexport) {
                let Some(abs) = self.absolute(n) else {
                    continue;
                };
                if abs.len() > module.len() + 1
                    && abs.starts_with(module)
                    && let Some(name) = n.alias.as_ref().or(abs.last())
                {
                    out.insert((module.clone(), name.clone()), abs);
                }
            }
        }
        out
    }
}

/// (module, exported name) → the path of the item it re-exports.
type Exports = BTreeMap<(Module, String), Module>;

/// The module a file is: `a/b.rs` and `a/b/mod.rs` are `a::b`, `lib.rs` is the crate.
fn module_of(rel: &str) -> Module {
    let mut parts: Module = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Collects the names a file writes, skipping test code.
struct Names {
    scope: Module,
    found: Vec<Named>,
}

impl Names {
    fn push(&mut self, segments: Vec<String>, alias: Option<String>, reexport: bool) {
        if !segments.is_empty() {
            self.found.push(Named {
                scope: self.scope.clone(),
                segments,
                alias,
                reexport,
            });
        }
    }

    /// Every path of a `use` tree, `prefix` first.
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree, reexport: bool) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree, reexport);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix.clone();
                path.push(n.ident.to_string());
                self.push(path, None, reexport);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix.clone();
                path.push(r.ident.to_string());
                self.push(path, Some(r.rename.to_string()), reexport);
            }
            syn::UseTree::Glob(_) => self.push(prefix.clone(), None, reexport),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t, reexport);
                }
            }
        }
    }

    /// The `crate::…`, `super::…` and `self::…` paths in a macro's tokens.
    fn tokens(&mut self, tokens: TokenStream) {
        let flat = flatten(tokens);
        for (i, t) in flat.iter().enumerate() {
            let TokenTree::Ident(id) = t else { continue };
            if !matches!(id.to_string().as_str(), "crate" | "super" | "self") {
                continue;
            }
            let mut segments = vec![id.to_string()];
            let mut j = i + 1;
            while let (
                Some(TokenTree::Punct(a)),
                Some(TokenTree::Punct(b)),
                Some(TokenTree::Ident(n)),
            ) = (flat.get(j), flat.get(j + 1), flat.get(j + 2))
            {
                if a.as_char() != ':' || b.as_char() != ':' {
                    break;
                }
                segments.push(n.to_string());
                j += 3;
            }
            if segments.len() > 1 {
                self.push(segments, None, false);
            }
        }
    }
}

fn flatten(tokens: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    for t in tokens {
        match t {
            TokenTree::Group(g) => out.extend(flatten(g.stream())),
            other => out.push(other),
        }
    }
    out
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        if is_test(&m.attrs) {
            return;
        }
        self.scope.push(m.ident.to_string());
        visit::visit_item_mod(self, m);
        self.scope.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        if !is_test(&u.attrs) {
            let reexport = !matches!(u.vis, syn::Visibility::Inherited);
            self.use_tree(&mut Vec::new(), &u.tree, reexport);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        if !is_test(&f.attrs) {
            visit::visit_item_fn(self, f);
        }
    }

    fn visit_item_impl(&mut self, i: &'ast syn::ItemImpl) {
        if !is_test(&i.attrs) {
            visit::visit_item_impl(self, i);
        }
    }

    fn visit_path(&mut self, p: &'ast syn::Path) {
        if p.leading_colon.is_none() {
            let segments = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.push(segments, None, false);
        }
        visit::visit_path(self, p);
    }

    fn visit_macro(&mut self, m: &'ast syn::Macro) {
        self.tokens(m.tokens.clone());
        visit::visit_macro(self, m);
    }
}

mod tests {
    use super::*;

    /// Writes `files` (path, text) under a fresh temp dir.
    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let p = dir.path().join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        dir
    }

    fn circles_of(files: &[(&str, &str)]) -> Vec<Vec<String>> {
        let dir = tree(files);
        circles(&graph(dir.path()).unwrap())
    }

    const LIB: &str = "pub mod a;\npub mod b;\npub mod c;\n";

    #[test]
    fn a_circle_inside_a_folder_is_found() {
        let found = circles_of(&[
            ("lib.rs", "pub mod a;"),
            ("a/mod.rs", "mod x;\nmod y;\n"),
            ("a/x.rs", "use super::y::Y;\npub struct X;\n"),
            ("a/y.rs", "pub struct Y;\nfn f() { let _ = super::x::X; }\n"),
        ]);
        assert_eq!(found, [["a/x.rs", "a/y.rs"]]);
    }

    #[test]
    fn a_circle_between_top_level_files_is_found_in_every_form() {
        // In a grouped `use`, in a type, and in a macro's arguments.
        for (b, c) in [
            ("use crate::{c::C, a};", "use crate::b::B;"),
            (
                "fn f(_: crate::c::C) {}",
                "pub struct C;\nfn g() { let _ = crate::b::B; }",
            ),
            (
                "fn f() { println!(\"{}\", crate::c::N); }",
                "pub const N: u8 = 1;\nuse crate::b::B;",
            ),
        ] {
            let b = format!("pub struct B;\n{b}\n");
            let found = circles_of(&[("lib.rs", LIB), ("a.rs", ""), ("b.rs", &b), ("c.rs", c)]);
            assert_eq!(found, [["b.rs", "c.rs"]], "{b} / {c}");
        }
    }

    #[test]
    fn a_parent_presenting_its_children_is_no_circle_but_a_path_through_it_is_followed() {
        let parent = "mod x;\nmod y;\npub use x::X;\npub use y::Y;\npub const C: u8 = 1;\n";
        // Children use the parent's own item and each other's through the parent: no circle.
        let fine = circles_of(&[
            ("lib.rs", "pub mod a;"),
            ("a/mod.rs", parent),
            ("a/x.rs", "use super::{C, Y};\npub struct X;\n"),
            ("a/y.rs", "use super::C;\npub struct Y;\n"),
        ]);
        assert_eq!(fine, Vec::<Vec<String>>::new());
        // The same re-exports, but y also names X through the parent: x ↔ y.
        let found = circles_of(&[
            ("lib.rs", "pub mod a;"),
            ("a/mod.rs", parent),
            ("a/x.rs", "use super::{C, Y};\npub struct X;\n"),
            ("a/y.rs", "use crate::a::X;\npub struct Y;\n"),
        ]);
        assert_eq!(found, [["a/x.rs", "a/y.rs"]]);
    }

    #[test]
    fn a_parent_calling_its_children_is_no_circle_unless_the_loop_leaves_the_family() {
        let parent = "mod x;\npub struct Args;\nfn run() { x::go(); }\n";
        let child = "use super::Args;\npub fn go() {}\n";
        let fine = circles_of(&[
            ("lib.rs", "pub mod a;\npub mod b;"),
            ("a/mod.rs", parent),
            ("a/x.rs", child),
            ("b.rs", ""),
        ]);
        assert_eq!(fine, Vec::<Vec<String>>::new());
        // a → b → a::x → a: the parent's arrow to b leaves the family.
        let parent = format!("{parent}fn more() {{ crate::b::f(); }}\n");
        let found = circles_of(&[
            ("lib.rs", "pub mod a;\npub mod b;"),
            ("a/mod.rs", &parent),
            ("a/x.rs", child),
            ("b.rs", "pub fn f() { crate::a::x::go(); }"),
        ]);
        assert_eq!(found, [["a/mod.rs", "a/x.rs", "b.rs"]]);
    }

    #[test]
    fn test_code_and_other_crates_are_not_imports() {
        let found = circles_of(&[
            ("lib.rs", LIB),
            (
                "a.rs",
                "use std::fmt;\nuse serde::Serialize;\npub struct A;\n",
            ),
            (
                "b.rs",
                "pub struct B;\n#[cfg(test)]\nmod tests { use crate::c::C; }\n#[test]\nfn t() { let _ = crate::c::C; }\n",
            ),
            ("c.rs", "use crate::b::B;\npub struct C;\n"),
            ("c/tests.rs", "use crate::b::B;"),
        ]);
        assert_eq!(found, Vec::<Vec<String>>::new());
    }

    #[test]
    fn a_longer_circle_is_one_circle_and_a_file_that_does_not_parse_is_named() {
        let found = circles_of(&[
            ("lib.rs", LIB),
            ("a.rs", "use crate::b::B;\npub struct A;"),
            ("b.rs", "use crate::c::C;\npub struct B;"),
            ("c.rs", "use crate::a::A;\npub struct C;"),
        ]);
        assert_eq!(found, [["a.rs", "b.rs", "c.rs"]]);
        let dir = tree(&[("lib.rs", "pub mod a;"), ("a.rs", "fn f( {")]);
        let e = graph(dir.path()).unwrap_err();
        assert!(e.starts_with("a.rs:1:"), "{e}");
    }
}
