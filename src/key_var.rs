//! What an environment variable named by a profile's `encryption.*.env` holds: the PEM text of
//! a key, the path of a PEM file, or key material without its `-----BEGIN` line.
//!
//! The last one must not be taken for a path: "cannot read the key file `<the whole key>`"
//! would print a private key on the console and into every report. So a value is a path only
//! when it looks like one, and no message ever repeats a value that is not one. Whatever a key
//! variable holds that is not a path is also handed to the run's masker ([`material`]), so a
//! message that repeats it anyway is masked.

use std::path::PathBuf;

/// What a key variable's value is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyVar {
    /// PEM text (one-line values with literal `\n`s are unfolded).
    Pem(String),
    /// A path to a PEM file.
    Path(PathBuf),
    /// Neither: key material without its `-----BEGIN` line, or anything else that is not a
    /// plausible path. Its content is never shown.
    NotPem {
        /// Its length in characters, the one fact a message may give about it.
        chars: usize,
    },
}

/// Paths longer than this are not taken for paths (Linux's `PATH_MAX` is 4096, but a key file
/// path in a profile or a CI variable is a few dozen characters; a key is over 200).
const MAX_PATH_CHARS: usize = 200;

/// Classifies a key variable's value (see the [module docs](self)).
pub fn classify(value: &str) -> KeyVar {
    let pem = value.trim_start();
    if pem.starts_with("-----BEGIN") {
        return KeyVar::Pem(if pem.contains('\n') {
            pem.to_string()
        } else {
            pem.replace("\\n", "\n")
        });
    }
    let trimmed = value.trim();
    let chars = trimmed.chars().count();
    let path_like = chars <= MAX_PATH_CHARS
        && !trimmed.contains(['\n', '\r', '\0'])
        && !trimmed.contains("\\n")
        && !trimmed.contains("-----")
        && !looks_like_base64(trimmed);
    if path_like {
        KeyVar::Path(PathBuf::from(trimmed))
    } else {
        KeyVar::NotPem { chars }
    }
}

/// The parts of a key variable's value that must never be shown: the whole value and each of
/// its lines, unless it is a path. Empty for paths.
pub fn material(value: &str) -> Vec<String> {
    if matches!(classify(value), KeyVar::Path(_)) {
        return Vec::new();
    }
    let unfolded = value.replace("\\n", "\n");
    let mut parts: Vec<String> = unfolded
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("-----"))
        .map(str::to_string)
        .collect();
    parts.push(value.trim().to_string());
    parts
}

/// A run of 40 or more base64 characters with no `.` (a file name has one, a DER key in
/// base64 has none): the body of a key, not a path.
fn looks_like_base64(s: &str) -> bool {
    s.len() >= 40
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj";

    #[test]
    fn pem_text_paths_and_bare_key_material_are_told_apart() {
        assert!(matches!(
            classify("-----BEGIN PRIVATE KEY-----\\nMIIB\\n-----END PRIVATE KEY-----"),
            KeyVar::Pem(p) if p.lines().count() == 3
        ));
        assert_eq!(
            classify(" keys/client.pem "),
            KeyVar::Path(PathBuf::from("keys/client.pem"))
        );
        assert_eq!(
            classify("/run/secrets/client-key"),
            KeyVar::Path(PathBuf::from("/run/secrets/client-key"))
        );
        for material in [
            BODY.to_string(),
            format!("{BODY}\n{BODY}"),
            format!("{BODY}\\n{BODY}"),
            format!("{BODY}\n-----END PRIVATE KEY-----"),
            "x".repeat(300),
        ] {
            assert!(
                matches!(classify(&material), KeyVar::NotPem { .. }),
                "{material}"
            );
        }
    }

    #[test]
    fn pem_text_in_a_variable_may_be_on_one_line() {
        let pem = include_str!("../tests/keys/server-public-TEST-ONLY.pem");
        assert_eq!(classify(pem), KeyVar::Pem(pem.to_string()));
        let one_line = pem.replace('\n', "\\n");
        assert!(!one_line.contains('\n'));
        assert_eq!(classify(&one_line), KeyVar::Pem(pem.to_string()));
        assert!(crate::jwe::PublicKey::from_pem(pem).is_ok());
    }

    #[test]
    fn material_is_every_line_of_a_value_that_is_not_a_path() {
        let value = format!("{BODY}\\n{BODY}XY\\n-----END PRIVATE KEY-----");
        let parts = material(&value);
        assert!(parts.contains(&BODY.to_string()));
        assert!(parts.contains(&format!("{BODY}XY")));
        assert!(!parts.iter().any(|p| p.starts_with("-----")));
        assert!(material("keys/client.pem").is_empty());
    }
}
