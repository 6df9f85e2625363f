//! No production function under `src/` is longer than [`LIMIT`] lines (the house style): each
//! file is parsed with `syn`, and every function with a body (free, in an `impl`, a trait's
//! default method, or nested in another function) is measured from its `fn` keyword to its
//! closing brace, the rule of `../shared/hooks/fnlen.py`. Test code is not production code:
//! files named `tests.rs`, items under `#[cfg(test)]` and `#[test]` functions are skipped.

use std::path::Path;

use syn::visit::{self, Visit};

use super::source::{is_test, rust_files};

/// The longest a production function may be, in lines.
const LIMIT: usize = 80;

/// A function over the limit: `path:line name lines`.
#[derive(Debug, PartialEq, Eq)]
struct Long {
    file: String,
    line: usize,
    name: String,
    lines: usize,
}

impl std::fmt::Display for Long {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{} {} {} lines",
            self.file, self.line, self.name, self.lines
        )
    }
}

/// Walks one parsed file and keeps the functions longer than `limit`.
struct Measure<'a> {
    file: &'a str,
    limit: usize,
    long: Vec<Long>,
}

impl Measure<'_> {
    fn measure(&mut self, name: &syn::Ident, fn_token: &syn::token::Fn, block: &syn::Block) {
        let first = fn_token.span.start().line;
        let last = block.brace_token.span.close().end().line;
        let lines = last - first + 1;
        if lines > self.limit {
            self.long.push(Long {
                file: self.file.to_string(),
                line: first,
                name: name.to_string(),
                lines,
            });
        }
    }
}

impl<'ast> Visit<'ast> for Measure<'_> {
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
            self.measure(&f.sig.ident, &f.sig.fn_token, &f.block);
            visit::visit_item_fn(self, f);
        }
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        if !is_test(&f.attrs) {
            self.measure(&f.sig.ident, &f.sig.fn_token, &f.block);
            visit::visit_impl_item_fn(self, f);
        }
    }

    fn visit_trait_item_fn(&mut self, f: &'ast syn::TraitItemFn) {
        if let (false, Some(block)) = (is_test(&f.attrs), &f.default) {
            self.measure(&f.sig.ident, &f.sig.fn_token, block);
        }
        visit::visit_trait_item_fn(self, f);
    }
}

/// Every production function under `root` longer than `limit` lines, longest first; a file
/// that does not parse is an error naming it and the place.
fn long_functions(root: &Path, limit: usize) -> Result<Vec<Long>, String> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    files.sort();
    let mut long = Vec::new();
    for path in files.iter().filter(|p| !p.ends_with("tests.rs")) {
        let rel = path
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path).map_err(|e| format!("{rel}: {e}"))?;
        let file = syn::parse_file(&text).map_err(|e| {
            let at = e.span().start();
            format!("{rel}:{}:{}: {e}", at.line, at.column + 1)
        })?;
        let mut m = Measure {
            file: &rel,
            limit,
            long: Vec::new(),
        };
        m.visit_file(&file);
        long.extend(m.long);
    }
    long.sort_by(|a, b| b.lines.cmp(&a.lines).then_with(|| a.file.cmp(&b.file)));
    Ok(long)
}

#[test]
fn no_production_function_is_over_80_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let long = long_functions(&src, LIMIT).unwrap();
    let list: Vec<String> = long.iter().map(|l| format!("src/{l}")).collect();
    assert!(
        list.is_empty(),
        "production functions over {LIMIT} lines (split them along what they do):\n{}",
        list.join("\n")
    );
}

/// A function of `lines` lines, from its `fn` line to its closing brace.
fn function(name: &str, lines: usize) -> String {
    let mut f = format!("fn {name}() {{\n");
    for i in 0..lines - 2 {
        f.push_str(&format!("    let _x{i} = {i};\n"));
    }
    f.push_str("}\n");
    f
}

/// The measure on a copy of `src/` with functions planted in it: it catches a long function
/// wherever it sits (free, a method, a trait's default, nested), and only those (so the copy
/// is otherwise clean, as `src/` is).
#[test]
fn a_long_function_planted_in_a_copy_of_src_is_caught() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let copy = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in &files {
        let to = copy.path().join(f.strip_prefix(&src).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(f, &to).unwrap();
    }
    let planted = copy.path().join("ids.rs");
    let mut text = std::fs::read_to_string(&planted).unwrap();
    let at = text.lines().count() + 1;
    text.push_str(&function("planted_free", LIMIT + 1));
    text.push_str(&function("exactly_at_the_limit", LIMIT));
    text.push_str("struct S;\nimpl S {\n");
    text.push_str(&function("planted_method", LIMIT + 2));
    text.push_str("}\ntrait T {\n");
    text.push_str(&function("planted_default", LIMIT + 3));
    text.push_str("}\nfn outer() {\n");
    text.push_str(&function("planted_nested", LIMIT + 4));
    text.push_str("}\n#[cfg(test)]\nmod tests {\n");
    text.push_str(&function("long_test_helper", LIMIT + 10));
    text.push_str("}\n#[test]\n");
    text.push_str(&function("long_test", LIMIT + 10));
    std::fs::write(&planted, text).unwrap();
    std::fs::write(
        copy.path().join("tests.rs"),
        function("in_a_test_file", LIMIT + 10),
    )
    .unwrap();

    let found = long_functions(copy.path(), LIMIT).unwrap();
    let names: Vec<(&str, usize)> = found.iter().map(|l| (l.name.as_str(), l.lines)).collect();
    assert_eq!(
        names,
        [
            ("outer", LIMIT + 6),
            ("planted_nested", LIMIT + 4),
            ("planted_default", LIMIT + 3),
            ("planted_method", LIMIT + 2),
            ("planted_free", LIMIT + 1),
        ]
    );
    let free = found.iter().find(|l| l.name == "planted_free").unwrap();
    assert_eq!((free.file.as_str(), free.line), ("ids.rs", at));
    assert_eq!(
        free.to_string(),
        format!("ids.rs:{at} planted_free 81 lines")
    );
}

#[test]
fn a_file_that_does_not_parse_is_named_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("broken.rs"), "fn ok() {}\nfn broken( {\n").unwrap();
    let e = long_functions(dir.path(), LIMIT).unwrap_err();
    assert!(e.starts_with("broken.rs:2:"), "{e}");
}
