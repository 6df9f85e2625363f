//! The documented Message of the result code that came back: every Response Code row gives
//! one (fact `<op>.code.<code>.message`), and an answer carrying that code must carry that text,
//! in whichever candidate field it puts its text (where that is, is [`super::message`]'s
//! assumption). No text at all is not this check's finding: the text field is Optional.
//!
//! Texts are compared as the pages themselves vary: by their first sentence, without its
//! period (`Success` and `Success.`; `Invalid input parameter.` and `Invalid input parameter.
//! userId`, which names the field at fault). A target that words its texts otherwise (in
//! Korean, say) says so in its profile (`message-texts`): its own text per code, or any.

use super::Judged;
use super::message::{lookup_order, result_text};
use super::status::{answered, code_fact};
use super::table::{Basis, Check};
use crate::facts::{Aspect, Kind};
use crate::outcome::{CheckKind, Failure};

/// The Message of the answer's result code, when its page documents the code and the profile
/// holds the target to a text.
pub(super) const DOCUMENTED: Check = Check {
    name: "message-text",
    applies: |j| held_to(j).is_some(),
    run: |j| {
        let Some((code, expected)) = held_to(j) else {
            return vec![];
        };
        let fields = lookup_order(j.ctx.message_field, &j.ctx.spec.message_fields);
        let Some((field, actual)) = result_text(j.body, &fields) else {
            return vec![];
        };
        if same_text(actual, expected) {
            return vec![];
        }
        vec![Failure::new(
            CheckKind::Message,
            format!("/response/{field}"),
            format!("\"{expected}\" (the Message of `{code}`)"),
            format!("\"{actual}\""),
        )]
    },
    verifies: |j| {
        answered(j.body)
            .and_then(|c| code_fact(j, c, Aspect::Message))
            .into_iter()
            .collect()
    },
    claims: |f| f.kind == Kind::Code && f.aspect == Some(Aspect::Message),
    basis: Basis::Own,
};

/// The result code of the answer and the text it must carry: the row's Message, or the
/// profile's own text for the code; `None` when the code is not documented (the code checks'
/// finding) or the profile takes any text.
fn held_to<'a>(j: &'a Judged) -> Option<(&'a str, &'a str)> {
    let code = answered(j.body)?;
    let row = j.ctx.operation.error_code(code)?;
    let text = j.ctx.message_texts.expected(code, &row.message)?;
    Some((code, text))
}

/// Whether two result texts say the same: their first sentences, trimmed, without a final
/// period, are equal.
pub fn same_text(actual: &str, documented: &str) -> bool {
    first_sentence(actual) == first_sentence(documented)
}

fn first_sentence(text: &str) -> &str {
    let text = text.trim();
    let first = text.split_once(". ").map_or(text, |(first, _)| first);
    first.trim_end().trim_end_matches('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_compare_by_their_first_sentence_as_the_pages_vary() {
        assert!(same_text("Success", "Success."));
        assert!(same_text("Success.", "Success"));
        assert!(same_text(
            " Card already terminated. ",
            "Card already terminated"
        ));
        assert!(same_text(
            "Invalid input parameter. userInfo.userId",
            "Invalid input parameter. cardInfo.oldCardNo"
        ));
        assert!(same_text(
            "Invalid input parameter",
            "Invalid input parameter. userId"
        ));
        assert!(!same_text("Par not found", "Par not found from cardNo."));
        assert!(!same_text("Card terminated", "Card already terminated"));
        assert!(!same_text("", "Success."));
    }
}
