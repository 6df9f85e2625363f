//! The two kinds of text a failure says, kept apart by type: the harness's own words (a
//! matcher's description, `no such field`, a length, an enum list, a check's name), which no
//! masking may touch, and what came from the wire or the user's inputs (a value, a header, a
//! body, a case file's literal), which every writer masks.
//!
//! A `&'static str` is the harness's words: no byte of a server's answer or of a case file can
//! be one. A runtime `String` is taken as a value from the wire unless its maker says
//! otherwise ([`Said::words`]): text of unknown origin is masked, as before this type existed.
//! Masking ([`crate::report::masked`]) turns every wire piece into its masked words, so what
//! reaches a writer has been through the masker exactly once.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One piece of a failure's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// The harness's own words: never masked.
    Words(String),
    /// A value from the wire or the user's inputs at the failure's path: masked as that
    /// field's value (a card number keeps its first 6 and last 4), with its shape beside it.
    Value(String),
    /// Other text from the wire or the user's inputs (a description that quotes an answer):
    /// masked by shape.
    Text(String),
}

/// A failure's expected or actual text: pieces of words and of wire text, in order. Two are
/// equal when they say the same text (a report read back holds one value piece).
#[derive(Debug, Clone, Default)]
pub struct Said {
    pieces: Vec<Piece>,
}

impl PartialEq for Said {
    fn eq(&self, other: &Said) -> bool {
        self.as_string() == other.as_string()
    }
}

impl Eq for Said {}

impl Said {
    /// The harness's own words.
    pub fn words(s: impl Into<String>) -> Said {
        Said {
            pieces: vec![Piece::Words(s.into())],
        }
    }

    /// A value from the wire or the user's inputs, at the failure's path.
    pub fn value(s: impl Into<String>) -> Said {
        Said {
            pieces: vec![Piece::Value(s.into())],
        }
    }

    /// Other text from the wire or the user's inputs.
    pub fn text(s: impl Into<String>) -> Said {
        Said {
            pieces: vec![Piece::Text(s.into())],
        }
    }

    /// This text followed by `more`.
    pub fn then(mut self, more: Said) -> Said {
        self.pieces.extend(more.pieces);
        self
    }

    /// Its pieces, in order.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// The one value it shows, when it shows exactly one (the wire value a shape describes).
    pub fn the_value(&self) -> Option<&str> {
        let mut values = self.pieces.iter().filter_map(|p| match p {
            Piece::Value(v) => Some(v.as_str()),
            Piece::Words(_) | Piece::Text(_) => None,
        });
        match (values.next(), values.next()) {
            (Some(v), None) => Some(v),
            _ => None,
        }
    }

    /// The whole text, unmasked: for comparisons and tests, never for a writer.
    pub fn as_string(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Words(s) | Piece::Value(s) | Piece::Text(s) => s.as_str(),
            })
            .collect()
    }

    /// Whether the text holds `needle` (unmasked).
    pub fn contains(&self, needle: &str) -> bool {
        self.as_string().contains(needle)
    }

    /// Whether it says nothing.
    pub fn is_empty(&self) -> bool {
        self.as_string().is_empty()
    }
}

impl From<&'static str> for Said {
    /// A literal of the program: the harness's own words.
    fn from(s: &'static str) -> Said {
        Said::words(s)
    }
}

impl From<String> for Said {
    /// Text made at run time: a wire value unless its maker said [`Said::words`].
    fn from(s: String) -> Said {
        Said::value(s)
    }
}

impl fmt::Display for Said {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_string())
    }
}

impl PartialEq<str> for Said {
    fn eq(&self, other: &str) -> bool {
        self.as_string() == other
    }
}

impl PartialEq<&str> for Said {
    fn eq(&self, other: &&str) -> bool {
        self.as_string() == *other
    }
}

impl PartialEq<String> for Said {
    fn eq(&self, other: &String) -> bool {
        &self.as_string() == other
    }
}

impl Serialize for Said {
    /// As one string, as report.json has always held it.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.as_string())
    }
}

impl<'de> Deserialize<'de> for Said {
    /// A report read back is input: a value, masked again when written (masking is
    /// idempotent).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Said, D::Error> {
        String::deserialize(d).map(Said::value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_are_words_and_run_time_text_is_a_value() {
        let words: Said = "no such field".into();
        assert_eq!(words.pieces(), [Piece::Words("no such field".into())]);
        let value: Said = String::from("5412341234560001").into();
        assert_eq!(value.the_value(), Some("5412341234560001"));
        let both = Said::value("READY").then(Said::words(" (the oracle)"));
        assert_eq!(both, "READY (the oracle)");
        assert_eq!(both.the_value(), Some("READY"));
        assert_eq!(both.clone().then(Said::value("x")).the_value(), None);
        assert_eq!(
            serde_json::to_string(&both).unwrap(),
            "\"READY (the oracle)\""
        );
    }
}
