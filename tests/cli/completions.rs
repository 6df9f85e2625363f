//! `completions <shell>` and `man`, generated from the clap definition: the bash script parses
//! and completes every subcommand; every shell's script names every subcommand; the man pages
//! render in groff, without a warning, one per subcommand with its every flag. The lists are
//! read from the clap `Command`, so a subcommand or flag added tomorrow is checked too.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use clap::{CommandFactory as _, ValueEnum as _};
use clap_complete::Shell;
use konaplate_conformance::cli::Cli;
use tempfile::TempDir;

use crate::support;

fn bin(args: &[&str]) -> Output {
    let (mut command, _reports) = support::binary::command();
    command.args(args).output().unwrap()
}

/// The subcommands as clap knows them.
fn subcommands() -> Vec<String> {
    let names: Vec<String> = Cli::command()
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    assert!(names.iter().any(|n| n == "run"), "{names:?}");
    names
}

/// What the binary prints with `args` (it must exit 0), saved as `name` in a temp dir.
fn printed(args: &[&str], name: &str) -> (TempDir, PathBuf) {
    let o = bin(args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, &o.stdout).unwrap();
    (dir, path)
}

/// What bash offers after `words` (the last one being typed), with `script` sourced: the
/// completion function is the one the script registers for the binary's name.
fn bash_offers(script: &Path, words: &[&str]) -> Vec<String> {
    let driver = r#"
source "$1"; shift
spec=$(complete -p konaplate-conformance) || exit 3
f=${spec#*-F }; f=${f%% *}
COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
"$f" konaplate-conformance "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    let o = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", driver, "bash"])
        .arg(script)
        .args(words)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_bash_script_parses_and_completes_every_subcommand_and_shell() {
    let (_dir, script) = printed(&["completions", "bash"], "konaplate-conformance.bash");

    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(
        syntax.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );

    let offered = bash_offers(&script, &["konaplate-conformance", ""]);
    let missing: Vec<String> = subcommands()
        .into_iter()
        .filter(|s| !offered.contains(s))
        .collect();
    assert!(
        missing.is_empty(),
        "not offered: {missing:?} (offered {offered:?})"
    );

    let offered = bash_offers(&script, &["konaplate-conformance", "completions", ""]);
    for shell in Shell::value_variants() {
        let name = shell.to_possible_value().unwrap().get_name().to_string();
        assert!(offered.contains(&name), "{name} not offered: {offered:?}");
    }

    // A subcommand's own flags: what clap_complete 4.6.12 gets wrong for a hyphenated name.
    let mut offered = bash_offers(&script, &["konaplate-conformance", "run", "--ba"]);
    offered.sort();
    let cli = Cli::command();
    let run = cli.find_subcommand("run").unwrap();
    let mut flags: Vec<String> = run
        .get_arguments()
        .filter_map(|a| a.get_long())
        .filter(|l| l.starts_with("ba"))
        .map(|l| format!("--{l}"))
        .collect();
    flags.sort();
    assert!(flags.contains(&"--base-url".to_string()), "{flags:?}");
    assert_eq!(offered, flags);
}

#[test]
fn every_shells_script_names_every_subcommand() {
    for shell in Shell::value_variants() {
        let name = shell.to_possible_value().unwrap().get_name().to_string();
        let o = bin(&["completions", &name]);
        assert_eq!(o.status.code(), Some(0), "{name}");
        let script = String::from_utf8(o.stdout).unwrap();
        assert!(script.contains("konaplate-conformance"), "{name}");
        for sub in subcommands() {
            assert!(script.contains(&sub), "{name}: no {sub}");
        }
    }
    let o = bin(&["completions", "tcsh"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("possible values: bash"));
}

/// `page` rendered by groff as plain text; any groff warning fails the test.
fn render(page: &Path) -> String {
    let o = Command::new("groff")
        .args(["-man", "-Tascii", "-ww", "-P-cbou", "-rHY=0", "-rLL=150n"])
        .arg(page)
        .output()
        .expect("groff (Debian's groff-base; .ci/run installs it when missing)");
    let warnings = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success() && warnings.is_empty(), "{warnings}");
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn the_man_page_renders_with_every_subcommand() {
    let (_dir, page) = printed(&["man"], "konaplate-conformance.1");
    let text = render(&page);
    let section = text
        .split_once("SUBCOMMANDS")
        .unwrap_or_else(|| panic!("no SUBCOMMANDS section:\n{text}"))
        .1;
    for sub in subcommands() {
        assert!(
            section.contains(&format!("konaplate-conformance-{sub}(1)")),
            "{sub} missing:\n{text}"
        );
    }
}

#[test]
fn man_out_dir_writes_a_page_per_subcommand_with_its_every_flag() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let o = bin(&["man", "--out-dir", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    let mut written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    let mut expected: Vec<String> = subcommands()
        .iter()
        .map(|s| format!("konaplate-conformance-{s}.1"))
        .chain(["konaplate-conformance.1".to_string()])
        .collect();
    expected.sort();
    assert_eq!(written, expected);

    let cli = Cli::command();
    for sub in cli.get_subcommands() {
        let name = format!("konaplate-conformance-{}", sub.get_name());
        let text = render(&out.join(format!("{name}.1")));
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&format!("{name} - ")),
            "NAME of {name}:\n{text}"
        );
        for arg in sub.get_arguments() {
            if let Some(long) = arg.get_long() {
                assert!(text.contains(&format!("--{long}")), "{name}: no --{long}");
            }
        }
    }

    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    let o = bin(&["man", "--out-dir", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error: cannot create"));
}
