//! What an operation id (the spec's `operationId`) or a case id may look like.
//!
//! (Scenario and step ids follow the case-id rule.) Both come from input files and become more than labels: trial names (libtest-mimic pads
//! every name to the longest one, and a width over 65,535 panics inside it), directory and
//! file names of reports, and `generate --out DIR/<operation>.yaml`. So both are plain names of
//! bounded length: letters, digits, `-`, `_`, `.` (and `:` in case ids), no leading `.`, at
//! most [`MAX_ID_CHARS`] characters. Anything else is an input error where the id is written.

/// The longest operation or case id, in characters.
pub const MAX_ID_CHARS: usize = 128;

/// Why `id` cannot be an operation id (it names files: no `/`, `\`, `..` or leading `.`).
pub fn operation_id_problem(id: &str) -> Option<String> {
    plain_name_problem(&"operationId", id, "._-")
}

/// Why `id` cannot be a case id (or, as `what` says, a scenario or step id: the same rule).
pub fn id_problem(what: &str, id: &str) -> Option<String> {
    plain_name_problem(&format_args!("{what} id"), id, "-_.:")
}

/// Whether `name` is a plain environment (and shell) variable name, `[A-Za-z_][A-Za-z0-9_]*`.
/// A profile names the variables that carry its credentials, and whoever reads a name writes
/// it into `${...}`: a generated script, a shell, a CI file. Anything else would be code there.
pub fn is_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The longest trial name handed to libtest-mimic, in characters.
pub const MAX_TRIAL_NAME_CHARS: usize = 1024;

/// A trial name as libtest-mimic shows it: cut at [`MAX_TRIAL_NAME_CHARS`] with `…`. Ids are
/// bounded at load, but generated names carry the spec's field names too; this is the last
/// guard against the padding panic. Reports keep the full name.
pub fn trial_display_name(name: &str) -> String {
    match name.char_indices().nth(MAX_TRIAL_NAME_CHARS) {
        Some((cut, _)) => format!("{}…", &name[..cut]),
        None => name.to_string(),
    }
}

fn plain_name_problem(what: &dyn std::fmt::Display, id: &str, punctuation: &str) -> Option<String> {
    // The messages are built only for a bad name: every case id of a run passes through here,
    // and building them for each good one was 4 % of the instructions to load 10,000 cases.
    let len = id.chars().count();
    if len > MAX_ID_CHARS {
        return Some(format!(
            "{what} is {len} characters long; the limit is {MAX_ID_CHARS}"
        ));
    }
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || punctuation.contains(c));
    (!plain).then(|| {
        let allowed = punctuation
            .chars()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "{what} `{id}` may use only letters, digits and {allowed}, and may not start with `.`"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_cannot_leave_a_directory() {
        assert_eq!(operation_id_problem("cardStatusChange"), None);
        for bad in [
            "../x",
            "/etc/passwd",
            "a/b",
            "a\\b",
            "..",
            ".hidden",
            "",
            "a b",
            "a:b",
        ] {
            assert!(operation_id_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn trial_names_are_cut_for_display_only_when_too_long() {
        assert_eq!(trial_display_name("op::a"), "op::a");
        let long = "é".repeat(70_000);
        let shown = trial_display_name(&long);
        assert_eq!(shown.chars().count(), MAX_TRIAL_NAME_CHARS + 1);
        assert!(shown.ends_with('…'));
    }

    #[test]
    fn ids_are_bounded_in_length() {
        let long = "a".repeat(MAX_ID_CHARS + 1);
        assert_eq!(
            id_problem("case", &long),
            Some(format!(
                "case id is {} characters long; the limit is {MAX_ID_CHARS}",
                MAX_ID_CHARS + 1
            ))
        );
        assert_eq!(id_problem("case", &long[1..]), None);
        assert_eq!(id_problem("case", "generated::a.b"), None);
    }
}
