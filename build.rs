//! Records the git commit the binary is built from, for the provenance of report.html.
//!
//! `KONAPLATE_GIT_COMMIT` (set by a packager, or by CI from a source tarball) wins; otherwise
//! `git rev-parse HEAD`. Without git or outside a checkout nothing is recorded and reports say
//! "unknown": a build never fails for want of a commit.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=KONAPLATE_GIT_COMMIT");
    let commit = std::env::var("KONAPLATE_GIT_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git(&["rev-parse", "HEAD"]));
    if let Some(commit) = commit {
        println!("cargo:rustc-env=KONAPLATE_GIT_COMMIT={}", commit.trim());
    }
    // Rebuild when HEAD moves: HEAD itself (a branch switch), the branch's ref and HEAD's
    // reflog (a commit, a reset).
    for file in ["HEAD", "packed-refs", "logs/HEAD"] {
        if let Some(path) = git(&["rev-parse", "--git-path", file]) {
            watch(PathBuf::from(path));
        }
    }
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"])
        && let Some(path) = git(&["rev-parse", "--git-path", &branch])
    {
        watch(PathBuf::from(path));
    }
}

/// Names a file whose change reruns this script. Only one that exists: cargo takes a missing
/// file for a changed one and would rebuild the crate on every command (a git worktree has no
/// `packed-refs` of its own; a packed branch has no file). A commit still writes the reflog.
fn watch(path: PathBuf) {
    if path.exists() {
        println!("cargo:rerun-if-changed={}", path.display());
    }
}

/// The trimmed standard output of a git command that succeeded.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    (out.status.success() && !text.trim().is_empty()).then(|| text.trim().to_string())
}
