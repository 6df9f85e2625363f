//! Data into a bash script: the one quoting function of `replay --script`.
//!
//! A script carries data that no one here wrote: a case's body, a value a server answered, a
//! header, a URL, a hint that shows a masked value. Every byte of it reaches the script the same
//! way, as a `printf` format in single quotes that holds only printable ASCII other than `'`,
//! `\` and `%`: every other byte is an octal escape (`\012`, `\047`), `%` is `%%`, and each value
//! taken from a shell variable is a `%s` with `"${NAME}"` as its argument. So no byte of data is
//! shell syntax, whatever it is (a newline, a quote, `$(…)`, a backtick, NUL, CR, bytes that are
//! not UTF-8), and `printf` writes exactly the bytes back. Variable names are [`Name`]s, checked
//! once: a name is the only thing written outside the quotes.

use std::fmt;

/// A shell variable name, `[A-Za-z_][A-Za-z0-9_]*`: safe to write as it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(String);

impl Name {
    /// `name`, if it is a plain shell variable name (so `${name}` expands it and nothing else).
    pub fn new(name: &str) -> Option<Name> {
        crate::ids::is_env_name(name).then(|| Name(name.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A piece of what `printf` writes.
#[derive(Debug, Clone, Copy)]
pub enum Piece<'a> {
    /// Bytes of data, written exactly.
    Data(&'a [u8]),
    /// The value of a shell variable.
    Var(&'a Name),
}

/// `printf -- 'FORMAT' "${A}"…`: a command that writes the pieces, in order, to its output.
pub fn printf(pieces: &[Piece]) -> String {
    command("printf --", pieces)
}

/// `printf -v INTO -- 'FORMAT' …`: a command that puts the pieces into the variable `into`. A
/// shell variable cannot hold NUL: bash drops what follows one, so use [`printf`] for bytes
/// that may have one.
pub fn printf_into(into: &Name, pieces: &[Piece]) -> String {
    command(&format!("printf -v {into} --"), pieces)
}

fn command(head: &str, pieces: &[Piece]) -> String {
    let mut format = String::from("'");
    let mut args = String::new();
    for piece in pieces {
        match piece {
            Piece::Data(bytes) => bytes.iter().for_each(|&b| escape(b, &mut format)),
            Piece::Var(name) => {
                format.push_str("%s");
                args.push_str(&format!(" \"${{{name}}}\""));
            }
        }
    }
    format.push('\'');
    format!("{head} {format}{args}")
}

/// One byte of data in a format: itself when it is printable ASCII and means nothing to the
/// shell inside single quotes nor to `printf`, else escaped.
fn escape(b: u8, out: &mut String) {
    match b {
        b'%' => out.push_str("%%"),
        b'\'' | b'\\' => out.push_str(&format!("\\{b:03o}")),
        0x20..=0x7e => out.push(char::from(b)),
        _ => out.push_str(&format!("\\{b:03o}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_plain_identifiers_only() {
        for ok in ["A", "_x", "KONAPLATE_SECRET_KEY", "k9"] {
            assert!(Name::new(ok).is_some(), "{ok}");
        }
        for bad in ["", "9k", "A}", "A-B", "X[$(id)]", "A B", "é", "A\n"] {
            assert!(Name::new(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn a_format_holds_only_printable_ascii_and_no_quote() {
        let every: Vec<u8> = (0..=255).collect();
        let var = Name::new("V").unwrap();
        let line = printf(&[Piece::Data(&every), Piece::Var(&var)]);
        let format = line
            .strip_prefix("printf -- '")
            .and_then(|l| l.strip_suffix("' \"${V}\""))
            .unwrap();
        assert!(
            format
                .bytes()
                .all(|b| (0x20..=0x7e).contains(&b) && b != b'\'')
        );
        // Every `%` is doubled but the one of the variable.
        assert_eq!(
            format.matches("%s").count() - format.matches("%%s").count(),
            1
        );
        assert_eq!(
            printf(&[Piece::Data(b"it's 100%\n")]),
            r"printf -- 'it\047s 100%%\012'"
        );
        assert_eq!(
            printf_into(&var, &[Piece::Data(b"a")]),
            "printf -v V -- 'a'"
        );
    }
}
