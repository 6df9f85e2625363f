//! The command line the docs show is the tool's. `--help` of the tool and of every command is
//! a reviewed snapshot (`snapshots/cli__help__*.snap`): a flag added, renamed or reworded
//! shows in review, and a command without a snapshot fails. Every command line README.md,
//! docs/*.md and the case and spec READMEs show (`konaplate-conformance …`,
//! `cargo run --locked -- …`) parses as the tool parses it (up to a shell redirection), or,
//! for a synopsis (`[--seed S]`, `(--upstream URL | --mock)`), names only flags its command
//! has; and README shows every command at least once.

use std::collections::BTreeSet;

use clap::{CommandFactory as _, Parser as _};
use konaplate_conformance::cli::Cli;

/// The commands, as `--help` lists them.
fn commands() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// `konaplate-conformance ARGS --help` as the binary prints it, in a clean environment (no
/// `KONAPLATE_*` value, which `--help` would show beside its flag).
fn help(args: &[&str]) -> String {
    let (mut command, _reports) = crate::support::binary::command();
    command
        .env_remove("KONAPLATE_REPORT_DIR")
        .args(args)
        .arg("--help");
    let out = command.output().unwrap();
    assert!(out.status.success(), "{args:?} --help: {out:?}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_help_of_the_tool_and_of_every_command_is_its_snapshot() {
    insta::assert_snapshot!("help", help(&[]));
    for name in commands() {
        insta::assert_snapshot!(format!("help_{name}"), help(&[&name]));
    }
}

/// One command line a doc shows: where, and its arguments after the program name.
struct Shown {
    at: String,
    args: Vec<String>,
}

/// Every command line of `text` (the doc `path`): a line that starts with the program (after
/// an optional `$ `), continued over lines ending in `\`, without its comment and a trailing
/// `&`.
fn shown(path: &str, text: &str) -> Vec<Shown> {
    let starts = ["konaplate-conformance ", "cargo run --locked -- "];
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = i;
        let line = lines[i].trim_start().trim_start_matches("$ ");
        i += 1;
        let Some(rest) = starts.iter().find_map(|s| line.strip_prefix(s)) else {
            continue;
        };
        let mut joined = rest.to_string();
        while joined.trim_end().ends_with('\\') && i < lines.len() {
            joined = format!("{} {}", joined.trim_end().trim_end_matches('\\'), lines[i]);
            i += 1;
        }
        let command = joined.split(" # ").next().unwrap().trim();
        let command = command.strip_suffix('&').unwrap_or(command);
        // The shell's part (a redirection, a second command) is not the tool's.
        let args = command
            .split_whitespace()
            .take_while(|a| !(a.starts_with(['>', '<']) || ["2>", "2>&1", "&&", ";"].contains(a)))
            .map(str::to_string)
            .collect();
        out.push(Shown {
            at: format!("{path}:{}", first + 1),
            args,
        });
    }
    out
}

/// A synopsis shows optional parts and alternatives, not a command to run.
fn is_synopsis(args: &[String]) -> bool {
    args.iter()
        .any(|a| a.contains(['[', ']', '(', ')', '|', '<']))
}

/// What is wrong with one shown command line, if anything.
fn problem(shown: &Shown) -> Option<String> {
    let cli = Cli::command();
    let Some(name) = shown.args.first() else {
        return Some(format!("{}: no command", shown.at));
    };
    let Some(command) = cli.find_subcommand(name) else {
        return Some(format!("{}: `{name}` is not a command", shown.at));
    };
    if !is_synopsis(&shown.args) {
        let argv =
            std::iter::once("konaplate-conformance").chain(shown.args.iter().map(String::as_str));
        return Cli::try_parse_from(argv).err().map(|e| {
            let first = e.to_string().lines().next().unwrap_or_default().to_string();
            format!("{}: `{}`: {first}", shown.at, shown.args.join(" "))
        });
    }
    let longs: BTreeSet<&str> = command
        .get_arguments()
        .chain(cli.get_arguments())
        .filter_map(|a| a.get_long())
        .chain(["help"])
        .collect();
    let unknown: Vec<String> = shown
        .args
        .iter()
        .map(|a| a.trim_start_matches(['[', '(']))
        .filter_map(|a| a.strip_prefix("--"))
        .map(|a| a.trim_end_matches([']', ')', ',']))
        .filter(|a| !a.is_empty() && !longs.contains(a))
        .map(|a| format!("--{a}"))
        .collect();
    (!unknown.is_empty()).then(|| format!("{}: `{name}` has no {}", shown.at, unknown.join(", ")))
}

#[test]
fn every_command_line_the_docs_show_is_one_the_tool_takes() {
    let docs = super::doc_figures::docs();
    let all: Vec<Shown> = docs.iter().flat_map(|(p, t)| shown(p, t)).collect();
    let problems: Vec<String> = all.iter().filter_map(problem).collect();
    assert!(
        problems.is_empty(),
        "command lines in the docs the tool does not take:\n{}",
        problems.join("\n")
    );
    let in_readme: BTreeSet<&str> = all
        .iter()
        .filter(|s| s.at.starts_with("README.md:"))
        .filter_map(|s| s.args.first().map(String::as_str))
        .collect();
    let missing: Vec<String> = commands()
        .into_iter()
        .filter(|c| !in_readme.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "commands README.md never shows: {missing:?}"
    );
}

#[test]
fn a_wrong_command_line_in_a_doc_is_caught_with_its_line() {
    let doc = "\
```sh
konaplate-conformance run --list          # fine
konaplate-conformance run --no-such-flag
konaplate-conformance frobnicate
konaplate-conformance completions bash > ~/.local/share/bash-completion/completions/x
konaplate-conformance explore --target PROFILE [--seed S] [--bogus N] \\
    [--report-dir DIR | --no-report]
$ konaplate-conformance proxy --mock -- ./client.sh &
```
";
    let problems: Vec<String> = shown("docs/planted.md", doc)
        .iter()
        .filter_map(problem)
        .collect();
    assert_eq!(problems.len(), 3, "{problems:#?}");
    assert!(
        problems[0].starts_with("docs/planted.md:3: `run --no-such-flag`"),
        "{problems:#?}"
    );
    assert_eq!(
        problems[1],
        "docs/planted.md:4: `frobnicate` is not a command"
    );
    assert_eq!(problems[2], "docs/planted.md:6: `explore` has no --bogus");
}
