//! What a difference rests on: a documented rule (the contract, or a rule of the pages applied
//! to what the profile declares and the target's own answers showed), which fails the run; or
//! something explore cannot know of the target (an undeclared property, one of the mock's own
//! decisions, which error wins, the oracle's own fixtures), which is a warning naming it.

use super::known::Why;

/// The ground of a difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Basis {
    /// Documented: the facts and what the run showed, in words.
    Documented(Vec<String>),
    /// Not documented: why the oracle's answer cannot be demanded.
    Warned(Vec<Why>),
}

impl Basis {
    /// In words, for reports.
    pub fn describe(&self) -> String {
        match self {
            Basis::Documented(because) if because.is_empty() => "a documented rule".into(),
            Basis::Documented(because) => format!("a documented rule: {}", because.join("; ")),
            Basis::Warned(why) => {
                let why: Vec<String> = why.iter().map(ToString::to_string).collect();
                format!("what explore cannot know of the target: {}", why.join("; "))
            }
        }
    }

    /// Whether it is a warning.
    pub fn is_warning(&self) -> bool {
        matches!(self, Basis::Warned(_))
    }

    /// Whether a warning names one of the mock's decisions (its row of docs/mock.md).
    pub fn names_decision(&self, row: &'static str) -> bool {
        matches!(self, Basis::Warned(why) if why.contains(&Why::Decision(row)))
    }
}
