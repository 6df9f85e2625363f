//! Fills the run's [`Provenance`] at the load stage: the SHA-256 of each input as it was read.
//!
//! The profile is hashed without its secrets: a credential's `test-default` value is a secret
//! even in a mock profile, and a hash of a short secret can be searched for, so the hash is of
//! the profile's content as JSON with those values removed.

use std::path::Path;

use serde_json::Value;

use crate::case::LoadedFile;
use crate::profile::Profile;
use crate::provenance::{FileHash, Provenance, sha256_hex};
use crate::scenario::LoadedScenario;
use crate::spec::Spec;

/// The provenance of a run over these inputs.
pub fn of(
    spec: &Spec,
    profile: &Profile,
    files: &[LoadedFile],
    scenarios: &[LoadedScenario],
) -> Provenance {
    Provenance {
        spec: FileHash {
            path: spec.path.display().to_string(),
            sha256: Some(spec.hash.clone()),
        },
        profile: FileHash {
            path: profile.path.display().to_string(),
            sha256: profile_hash(&profile.text),
        },
        cases: files
            .iter()
            .map(|f| FileHash {
                path: f.path.display().to_string(),
                sha256: f.sha256.clone(),
            })
            .collect(),
        scenarios: scenarios.iter().map(|s| file_hash(&s.path)).collect(),
        ..Provenance::of_this_build()
    }
}

/// The SHA-256 of a file's bytes as they are now (just after loading).
fn file_hash(path: &Path) -> FileHash {
    FileHash {
        path: path.display().to_string(),
        sha256: std::fs::read(path).ok().map(|b| sha256_hex(&b)),
    }
}

/// SHA-256 of the profile's content as JSON, every credential's `test-default` removed.
fn profile_hash(text: &str) -> Option<String> {
    let mut doc: Value = serde_yaml::from_str(text).ok()?;
    if let Some(credentials) = doc.get_mut("credentials").and_then(Value::as_object_mut) {
        for credential in credentials.values_mut() {
            if let Some(c) = credential.as_object_mut() {
                c.remove("test-default");
            }
        }
    }
    Some(sha256_hex(doc.to_string().as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROFILE: &str = "environment: mock\ncredentials:\n  access-key:\n    env: KONAPLATE_ACCESS_KEY\n    test-default: AKsecretValue1234\n  secret-key: { env: KONAPLATE_SECRET_KEY, test-default: SKsecretValue5678 }\n";

    #[test]
    fn the_profile_hash_ignores_secret_values_but_not_settings() {
        let hash = profile_hash(PROFILE).unwrap();
        let other_secret = PROFILE.replace("AKsecretValue1234", "AKsomethingElse99");
        assert_eq!(profile_hash(&other_secret).unwrap(), hash);
        let other_env = PROFILE.replace("KONAPLATE_ACCESS_KEY", "OTHER_ACCESS_KEY");
        assert_ne!(profile_hash(&other_env).unwrap(), hash);
        assert_ne!(hash, sha256_hex(PROFILE.as_bytes()));
    }
}
