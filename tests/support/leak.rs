//! Searching everything a run wrote for values that must not be there.

use std::path::{Path, PathBuf};

/// Every file under `dir` with its bytes, and its path relative to `dir` appended: a file's
/// name is written too, and may leak as well. An HTML file's text is appended unescaped too,
/// and its pictures' coordinates are left out ([`without_geometry`]).
pub fn every_file(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let mut bytes = std::fs::read(&path).unwrap();
            if path.extension().is_some_and(|e| e == "html") {
                // A page shows `&` written as `&amp;`: search what a reader sees too.
                let text = without_geometry(&String::from_utf8_lossy(&bytes));
                bytes = text.clone().into_bytes();
                bytes.extend_from_slice(b"\n");
                bytes.extend_from_slice(unescape_html(&text).as_bytes());
            }
            bytes.extend_from_slice(b"\n");
            bytes.extend_from_slice(
                path.strip_prefix(dir)
                    .unwrap()
                    .as_os_str()
                    .as_encoded_bytes(),
            );
            out.push((path, bytes));
        }
    }
    out.sort();
    out
}

/// The page with the coordinates of its pictures (`<svg class="picture">`) blanked: numbers
/// the page computes from counts, times and text widths, never data, in which a short secret
/// (a three-digit CVC) would turn up by chance. Every label, title and description of a
/// picture is still searched.
pub fn without_geometry(html: &str) -> String {
    let picture = regex::Regex::new(r#"(?s)<svg class="picture".*?</svg>"#).unwrap();
    let geometry = regex::Regex::new(
        r#"\s(x|y|x1|x2|y1|y2|cx|cy|r|rx|width|height|viewBox|transform)="[-0-9. a-z()]*""#,
    )
    .unwrap();
    picture
        .replace_all(html, |svg: &regex::Captures<'_>| {
            geometry.replace_all(&svg[0], r#" $1="""#).into_owned()
        })
        .into_owned()
}

/// The text with the entities an HTML escaper writes turned back into characters.
pub fn unescape_html(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Whether `needle` occurs in `hay`. memchr's substring search, not a scan of every window:
/// the leak tests search megabytes of reports for hundreds of planted pieces, and the naive
/// scan in a debug build took most of their time (docs/testing.md, "CI time").
///
/// A needle shorter than [`TOKEN_BELOW`] (a 3-digit CVC) counts only as a token of its own, with
/// no letter or digit either side: `123` leaks as `"123"` or ` 123 `, while the stylesheet's
/// `#12361f` or a picture's `x="1234"` are other tokens that merely contain it.
pub fn contains(hay: &[u8], needle: &str) -> bool {
    let n = needle.as_bytes();
    if n.len() >= TOKEN_BELOW {
        return memchr::memmem::find(hay, n).is_some();
    }
    let alnum = |i: Option<usize>| {
        i.and_then(|i| hay.get(i))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    memchr::memmem::find_iter(hay, n)
        .any(|at| !alnum(at.checked_sub(1)) && !alnum(Some(at + n.len())))
}

/// Needles shorter than this are searched as whole tokens ([`contains`]).
pub const TOKEN_BELOW: usize = 6;
