//! On what inputs a verdict rests: the tool's version and commit, and the SHA-256 of the spec,
//! of every case file and of the profile (its secrets left out).
//!
//! Plain data, below the pipeline (which fills it at the load stage) and the reports (which
//! print it), so that a certification can say exactly which contract, cases and target settings
//! it was made with.

use serde::{Deserialize, Serialize};

/// The tool and the input files of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// This crate's version.
    pub tool_version: String,
    /// The git commit the binary was built from, when the build knew it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub git_commit: Option<String>,
    /// The spec file.
    pub spec: FileHash,
    /// The profile, hashed without its secret values (see [`FileHash::sha256`]).
    pub profile: FileHash,
    /// Every case file read, in load order.
    pub cases: Vec<FileHash>,
    /// Every scenario file read, in load order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scenarios: Vec<FileHash>,
}

impl Provenance {
    /// The version and commit of this build, with no file hashed yet.
    pub fn of_this_build() -> Provenance {
        Provenance {
            tool_version: env!("CARGO_PKG_VERSION").to_string(),
            git_commit: option_env!("KONAPLATE_GIT_COMMIT").map(str::to_string),
            ..Provenance::default()
        }
    }

    /// Every digest this provenance holds (the commit and each file's SHA-256): hex the harness
    /// computed, not card data, for
    /// [`Masker::with_own_values`](crate::mask::Masker::with_own_values).
    pub fn digests(&self) -> Vec<String> {
        let files = [&self.spec, &self.profile]
            .into_iter()
            .chain(&self.cases)
            .chain(&self.scenarios);
        files
            .filter_map(|f| f.sha256.clone())
            .chain(self.git_commit.clone())
            .collect()
    }
}

/// One input file and the SHA-256 of what was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    /// The path as given to the run.
    pub path: String,
    /// Lowercase hex SHA-256: of the file's bytes, except for the profile, whose hash is of its
    /// content as JSON with every credential's `test-default` value removed, so the hash reveals
    /// nothing about a secret; `None` when the file could not be read again.
    pub sha256: Option<String>,
}

/// Lowercase hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes);
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_known_input() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
