//! The last look at every report file before it is written: no known secret and no Luhn-valid
//! card number may be in it.
//!
//! Each renderer works on masked data, so this finds nothing unless some code path skipped the
//! masker. Then the file is not written as rendered: what was found is masked here (secrets
//! become `[REDACTED]`, card numbers keep their first 6 and last 4 digits), the file is written
//! that way, and the run reports the escape by file name and fails, because a masking rule was
//! bypassed and the other files may hold what no rule recognises.

use std::path::{Path, PathBuf};

use super::{Masker, REDACTED, cards};

/// A report file that held what masking should have hidden.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escape {
    /// The file, relative to the run directory.
    pub file: PathBuf,
    /// How many known secrets were in it.
    pub secrets: usize,
    /// How many Luhn-valid card numbers were in it.
    pub cards: usize,
}

impl Escape {
    /// What happened, naming the file as it is under the run directory `dir`.
    pub fn in_dir(&self, dir: &Path) -> String {
        format!(
            "the report file `{}` held {} secret(s) and {} card number(s) that escaped masking; \
             it was written masked",
            dir.join(&self.file).display(),
            self.secrets,
            self.cards
        )
    }
}

/// Scans every `(path, text)` and masks what it finds in place; returns the files that needed it.
pub fn files(files: &mut [(PathBuf, String)], masker: &Masker) -> Vec<Escape> {
    files
        .iter_mut()
        .filter_map(|(path, text)| file(path, text, masker))
        .collect()
}

/// Scans one file's text (and its name) and masks what it finds in place. In an `.html` file a
/// secret is also looked for as HTML escaping writes it (`&` as `&amp;`, ...).
pub fn file(path: &mut PathBuf, text: &mut String, masker: &Masker) -> Option<Escape> {
    let html = path.extension().is_some_and(|e| e == "html");
    // The usual case, a clean file, costs a look and no copy.
    if clean(&path.to_string_lossy(), masker, false) && clean(text, masker, html) {
        return None;
    }
    let (masked_name, name_hits) = scrub(&path.to_string_lossy(), masker, false);
    let (masked_text, text_hits) = scrub(text, masker, html);
    let (secrets, cards) = (name_hits.0 + text_hits.0, name_hits.1 + text_hits.1);
    if secrets + cards == 0 {
        return None;
    }
    *path = PathBuf::from(masked_name);
    *text = masked_text;
    Some(Escape {
        file: path.clone(),
        secrets,
        cards,
    })
}

/// Whether `text` holds a known secret or a Luhn-valid card number.
pub fn leaks(text: &str, masker: &Masker) -> bool {
    scrub(text, masker, false).1 != (0, 0)
}

/// Whether `text` holds no known secret (nor, with `html`, an HTML-escaped one) and no
/// Luhn-valid card number: what [`scrub`] would find nothing in.
fn clean(text: &str, masker: &Masker, html: bool) -> bool {
    let secret = masker.secrets().iter().any(|secret| {
        text.contains(secret.as_str()) || (html && text.contains(html_escaped(secret).as_str()))
    });
    !secret
        && !cards::find_except(text, masker.own_values())
            .iter()
            .any(|f| f.luhn)
}

/// `text` with known secrets (also HTML-escaped ones, with `html`) and Luhn-valid card numbers
/// masked, and how many of each.
fn scrub(text: &str, masker: &Masker, html: bool) -> (String, (usize, usize)) {
    let mut out = text.to_string();
    let mut secrets = 0;
    for secret in masker.secrets() {
        let mut forms = vec![secret.clone()];
        if html {
            forms.push(html_escaped(secret));
        }
        for form in forms {
            let n = out.matches(form.as_str()).count();
            if n > 0 {
                secrets += n;
                out = out.replace(form.as_str(), REDACTED);
            }
        }
    }
    let found: Vec<_> = cards::find_except(&out, masker.own_values())
        .into_iter()
        .filter(|f| f.luhn)
        .collect();
    let card_count = found.len();
    for f in found.into_iter().rev() {
        let masked = f.masked_in(&out);
        out.replace_range(f.span, &masked);
    }
    (out, (secrets, card_count))
}

/// `s` as the HTML renderer (maud) escapes text and attribute values.
fn html_escaped(s: &str) -> String {
    let mut out = String::new();
    let _ = std::fmt::Write::write_str(&mut maud::Escaper::new(&mut out), s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_and_luhn_valid_cards_are_found_and_masked() {
        let m = Masker::new(["AKtest7f3c9a1e2b5d".to_string()]).without_masking();
        let mut files = vec![
            (
                PathBuf::from("summary.md"),
                "all clean 9410000000000001".to_string(),
            ),
            (
                PathBuf::from("diffs/op/4111111111111111.diff"),
                "key AKtest7f3c9a1e2b5d card 4111 1111 1111 1111".to_string(),
            ),
        ];
        let escapes = super::files(&mut files, &m);
        // A 16-digit test card that fails the Luhn check is the masker's business, not the
        // guard's; the clean file is untouched.
        assert_eq!(files[0].1, "all clean 9410000000000001");
        assert_eq!(
            escapes,
            vec![Escape {
                file: PathBuf::from("diffs/op/411111******1111.diff"),
                secrets: 1,
                cards: 2,
            }]
        );
        assert_eq!(files[1].1, "key [REDACTED] card 4111 11** **** 1111");
        assert!(!leaks(&files[1].1, &m));
        assert!(
            escapes[0]
                .in_dir(Path::new("reports/run"))
                .contains("reports/run/diffs/op/411111******1111.diff")
        );
    }

    #[test]
    fn an_html_file_is_searched_for_escaped_secrets_too() {
        let m = Masker::new(["AK<&\"secret>".to_string()]).without_masking();
        let escaped = "key AK&lt;&amp;&quot;secret&gt; here".to_string();
        let mut files = vec![
            (PathBuf::from("report.html"), escaped.clone()),
            (PathBuf::from("summary.md"), escaped.clone()),
        ];
        let escapes = super::files(&mut files, &m);
        assert_eq!(files[0].1, "key [REDACTED] here");
        assert_eq!(escapes.len(), 1, "{escapes:?}");
        assert_eq!(escapes[0].file, PathBuf::from("report.html"));
        // Markdown does not escape that way: there the raw form is what would leak.
        assert_eq!(files[1].1, escaped);
    }
}
