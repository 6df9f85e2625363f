//! File names of the per-case report files, `diffs/<operation>/<case>.diff` and
//! `drift/<operation>/<case>.diff`: one naming rule for both, so neither can write outside its
//! directory, exceed a file-name limit, or let two cases overwrite each other.
//!
//! Operation and case ids come from input files. A name keeps `[A-Za-z0-9._-]` and turns
//! anything else into `_`, so `dup:a` and `dup_a` share a stem; the later one gets `-2`. A stem
//! is cut at [`MAX_STEM_CHARS`] (file systems allow 255 bytes), and uniqueness is checked
//! without regard to case, so `Dup` and `dup` stay two files on a case-insensitive disk too.

use std::collections::HashSet;
use std::path::PathBuf;

/// The longest stem of a report file name, in characters (all ASCII).
pub const MAX_STEM_CHARS: usize = 100;

/// A file-name-safe, bounded form of an operation or case id: `[A-Za-z0-9._-]`, anything else
/// `_`, at most [`MAX_STEM_CHARS`] characters, never empty, `.` or `..`.
pub fn file_stem(s: &str) -> String {
    let stem: String = s
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(MAX_STEM_CHARS)
        .collect();
    match stem.trim_matches('.') {
        "" => "_".to_string(),
        _ => stem,
    }
}

/// `<dir>/<part>/<part>…`, each part a [`file_stem`]: the name of a report file, without
/// its extension.
pub fn stem(dir: &str, parts: &[&str]) -> String {
    parts.iter().fold(dir.to_string(), |mut stem, part| {
        stem.push('/');
        stem.push_str(&file_stem(part));
        stem
    })
}

/// The paths handed out so far for one run's files.
#[derive(Debug, Default)]
pub struct UniquePaths {
    taken: HashSet<String>,
}

impl UniquePaths {
    /// `<stem>.diff`, or `<stem>-N.diff` when that name (ignoring case) is already taken.
    pub fn claim(&mut self, stem: &str) -> PathBuf {
        let mut path = format!("{stem}.diff");
        let mut n = 2;
        while !self.taken.insert(path.to_lowercase()) {
            path = format!("{stem}-{n}.diff");
            n += 1;
        }
        PathBuf::from(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_stems_stay_inside_their_directory() {
        assert_eq!(file_stem("success"), "success");
        assert_eq!(file_stem("../etc/passwd"), ".._etc_passwd");
        assert_eq!(file_stem(".."), "_");
        assert_eq!(file_stem(""), "_");
        assert_eq!(file_stem("a b/c"), "a_b_c");
    }

    #[test]
    fn long_ids_are_cut_and_the_cut_names_stay_distinct() {
        let long = "x".repeat(MAX_STEM_CHARS * 3);
        assert_eq!(file_stem(&long).len(), MAX_STEM_CHARS);
        let mut paths = UniquePaths::default();
        let a = paths.claim(&stem("diffs", &["op", &format!("{long}a")]));
        let b = paths.claim(&stem("diffs", &["op", &format!("{long}b")]));
        assert_ne!(a, b);
        assert!(b.file_name().unwrap().len() < 255);
    }

    #[test]
    fn names_differing_in_case_or_punctuation_only_get_numbers() {
        let mut paths = UniquePaths::default();
        let names: Vec<PathBuf> = ["dup:a", "dup_a", "DUP_A"]
            .iter()
            .map(|c| paths.claim(&stem("drift", &["op", c])))
            .collect();
        assert_eq!(
            names,
            [
                "drift/op/dup_a.diff",
                "drift/op/dup_a-2.diff",
                "drift/op/DUP_A-3.diff"
            ]
            .map(PathBuf::from)
        );
    }
}
