//! A documented rejection: what an operation's rules answer instead of success, before the
//! envelope gives it its page's message and HTTP status. Below both the operations and the
//! envelope, so neither imports the other.

/// A documented business outcome other than success.
///
/// Codes shared by several pages are named here; a code only one page uses is named in that
/// operation's file (`ops/*.rs`), next to its message table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// `000_002`: a field is missing or malformed; holds the dotted path of the first one.
    InvalidInput(String),
    /// Any other documented code of the operation's page.
    Documented(&'static str),
}

impl Rejection {
    /// `001_006`: not a member, or a withdrawn member.
    pub(crate) const WALLET_USER_NOT_FOUND: Self = Self::Documented("001_006");
    /// `003_001`: card or application unknown, or not the member's.
    pub(crate) const INVALID_CARD_INFO: Self = Self::Documented("003_001");

    /// The vendor's result code.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::InvalidInput(_) => "000_002",
            Self::Documented(code) => code,
        }
    }
}
