//! `completions <shell>` and `man`: the shell completion scripts and the man pages, generated
//! from the clap definition ([`Cli`]) when asked for, so they name every subcommand and flag
//! this binary has and cannot drift from it as a committed copy would (`clap_complete`,
//! `clap_mangen`).
//!
//! They hold only the definition's own text, no data; they still go out through the console's
//! masker, like every other byte this tool writes.

use std::io;
use std::path::Path;

use clap::CommandFactory as _;
use clap_complete::Shell;
use clap_mangen::Man;

use super::args::Cli;
use super::{err, out};
use crate::error::{EXIT_INPUT, EXIT_OK};
use crate::mask;

/// Prints the completion script of `shell`.
pub(super) fn completions(shell: Shell) -> u8 {
    let mut cmd = Cli::command();
    let name = cmd.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, name.clone(), &mut script);
    let script = String::from_utf8_lossy(&script);
    out(&match shell {
        Shell::Bash => bash_arms_respelled(&script, &name),
        _ => script.into_owned(),
    });
    EXIT_OK
}

/// clap_complete's bash script (4.6.12) spells a subcommand's `case` arm differently from the
/// state its loop computes when the binary's name has a hyphen: the arm
/// `konaplate__subcmd__conformance__subcmd__run` against the state
/// `konaplate__conformance__subcmd__run`, so nothing after a subcommand completes (clap-rs/clap
/// issue 6421, open; its fix is in no release). The arms are respelled as the loop spells the
/// state; once a release fixes it, there is nothing left to respell.
fn bash_arms_respelled(script: &str, name: &str) -> String {
    let arm = format!("{}__subcmd__", name.replace('-', "__subcmd__"));
    let state = format!("{}__subcmd__", name.replace('-', "__"));
    script.replace(&arm, &state)
}

/// Prints the command's man page, or writes it and one page per subcommand into `out_dir`.
pub(super) fn man(out_dir: Option<&Path>) -> u8 {
    let cmd = documented();
    let Some(dir) = out_dir else {
        return match page(&cmd) {
            Ok(page) => {
                out(&page.roff);
                EXIT_OK
            }
            Err(e) => cannot(&format!("render the man page: {e}")),
        };
    };
    let pages = std::iter::once(&cmd)
        .chain(cmd.get_subcommands().filter(|s| !s.is_hide_set()))
        .map(page)
        .collect::<io::Result<Vec<_>>>();
    let pages = match pages {
        Ok(pages) => pages,
        Err(e) => return cannot(&format!("render the man pages: {e}")),
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        return cannot(&format!("create {}: {e}", dir.display()));
    }
    for page in &pages {
        let path = dir.join(&page.file_name);
        if let Err(e) = std::fs::write(&path, mask::console::masked(&page.roff)) {
            return cannot(&format!("write {}: {e}", path.display()));
        }
    }
    err(&format!(
        "man: {} pages under {}",
        pages.len(),
        dir.display()
    ));
    EXIT_OK
}

/// One man page: its file name (`konaplate-conformance-run.1`) and its roff source.
struct Page {
    file_name: String,
    roff: String,
}

/// The command as the pages describe it: built, so that a subcommand's page is titled
/// `konaplate-conformance-run`, and without clap's implicit `help` subcommand (`--help` is
/// on every page already).
fn documented() -> clap::Command {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    cmd.build();
    cmd
}

/// The man page of `cmd` (its options, and its subcommands when it has any).
fn page(cmd: &clap::Command) -> io::Result<Page> {
    let man = Man::new(cmd.clone());
    let mut roff = Vec::new();
    man.render(&mut roff)?;
    Ok(Page {
        file_name: man.get_filename(),
        roff: String::from_utf8_lossy(&roff).into_owned(),
    })
}

fn cannot(what: &str) -> u8 {
    err(&format!("error: cannot {what}"));
    EXIT_INPUT
}
