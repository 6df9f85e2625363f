//! The result text: where it is, what it names, what a case says it contains. Its documented
//! wording is [`super::message_text`]'s.

use serde_json::Value;

use super::Judged;
use super::code::quote;
use super::status::code_fact;
use super::table::{Basis, Check, claims_none, no_facts};
use crate::assumption::Assumption;
use crate::facts::Aspect;
use crate::outcome::{CheckKind, Failure};
use crate::spec::pointer;

/// The result text in the field the profile names, when the case asks about the text.
pub(super) const MESSAGE_LOCATION: Check = Check {
    name: "message-location",
    applies: |j| !j.expect.message_names.is_empty() || j.expect.message_contains.is_some(),
    run: |j| {
        let (field, candidates) = (j.ctx.message_field, &j.ctx.spec.message_fields);
        message_location(j.body, field, candidates)
            .into_iter()
            .collect()
    },
    verifies: no_facts,
    claims: claims_none,
    basis: Basis::Assumed(Assumption::MessageField),
};

/// The result text names one of the fields the case lists.
pub(super) const MESSAGE_NAMES: Check = Check {
    name: "message-names",
    applies: |j| !j.expect.message_names.is_empty(),
    run: |j| {
        let (field, candidates) = (j.ctx.message_field, &j.ctx.spec.message_fields);
        let names = &j.expect.message_names;
        message_names(names, j.body, field, candidates)
            .into_iter()
            .collect()
    },
    verifies: no_facts,
    claims: claims_none,
    basis: Basis::Assumed(Assumption::MessageNamesField),
};

/// The result text contains what the case says: a part of the Message the page gives the
/// expected result code (the case loader refuses any other text unless the case names its
/// assumption).
pub(super) const MESSAGE: Check = Check {
    name: "message",
    applies: |j| j.expect.message_contains.is_some(),
    run: |j| {
        let (field, candidates) = (j.ctx.message_field, &j.ctx.spec.message_fields);
        let needle = j.expect.message_contains.as_deref();
        let found = needle.and_then(|n| message(n, j.body, field, candidates));
        found.into_iter().collect()
    },
    verifies: |j| message_fact(j).into_iter().collect(),
    claims: claims_none,
    basis: Basis::Expected,
};

/// The Message fact of the result code the case expects, when its page has that row.
fn message_fact(j: &Judged) -> Option<String> {
    code_fact(j, j.expect.code.as_deref()?, Aspect::Message)
}

/// The result text must contain `needle`. It is looked for in the profile's field first, then
/// in the spec's other candidate fields (the vendor does not document which one it uses; a
/// text found elsewhere is [`message_location`]'s finding, not this one's).
pub fn message(
    needle: &str,
    body: &Value,
    field: Option<&str>,
    candidates: &[String],
) -> Option<Failure> {
    let fields = lookup_order(field, candidates);
    match result_text(body, &fields) {
        Some((_, t)) if t.contains(needle) => None,
        Some((_, t)) => Some(Failure::new(
            CheckKind::Message,
            "/response",
            format!("text containing {}", quote(needle)),
            quote(t),
        )),
        None => Some(Failure::new(
            CheckKind::Message,
            "/response",
            format!(
                "text containing {} in `{}`",
                quote(needle),
                fields.join("` or `")
            ),
            "no result text",
        )),
    }
}

/// When the profile names the result text's field and the text is in another candidate field
/// instead: a failed [`Assumption::MessageField`] (the vendor does not say where it lives).
pub fn message_location(
    body: &Value,
    field: Option<&str>,
    candidates: &[String],
) -> Option<Failure> {
    let field = field?;
    if result_text(body, &[field]).is_some() {
        return None;
    }
    let (found, _) = result_text(body, &lookup_order(Some(field), candidates))?;
    Some(
        Failure::new(
            CheckKind::Message,
            format!("/response/{field}"),
            format!("the result text in `{field}` (the profile's message-field)"),
            format!("no `{field}`; the text is in `{found}`"),
        )
        .assuming(Some(Assumption::MessageField)),
    )
}

/// The profile's field first, then the spec's candidates not already listed.
pub(super) fn lookup_order<'a>(field: Option<&'a str>, candidates: &'a [String]) -> Vec<&'a str> {
    let mut fields: Vec<&str> = field.into_iter().collect();
    for c in candidates {
        if !fields.contains(&c.as_str()) {
            fields.push(c);
        }
    }
    fields
}

/// The first of `fields` under `response` that holds a string, and that string.
pub(super) fn result_text<'v, 'f>(
    body: &'v Value,
    fields: &[&'f str],
) -> Option<(&'f str, &'v str)> {
    fields.iter().find_map(|f| {
        pointer::get(body, &format!("/response/{f}"))
            .and_then(Value::as_str)
            .map(|t| (*f, t))
    })
}

/// The result text must name at least one of `names` (dotted field paths or header names) as
/// a whole word: `userId` is named by `"Invalid input parameter. userId"` but not by
/// `"... userInfo.userId"` or `"... userIds"`. The text is found as for [`message`]. The
/// vendor never says its texts name the field at fault, so a failure here rests on
/// [`Assumption::MessageNamesField`].
pub fn message_names(
    names: &[String],
    body: &Value,
    field: Option<&str>,
    candidates: &[String],
) -> Option<Failure> {
    if names.is_empty() {
        return None;
    }
    let fields = lookup_order(field, candidates);
    let expected = match names {
        [one] => format!("text naming `{one}`"),
        many => format!(
            "text naming one of `{}`",
            many.iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join("`, `")
        ),
    };
    let failure = match result_text(body, &fields) {
        Some((_, t)) if names.iter().any(|n| names_word(t, n)) => return None,
        Some((_, t)) => Failure::new(CheckKind::Message, "/response", expected, quote(t)),
        None => Failure::new(
            CheckKind::Message,
            "/response",
            format!("{expected} in `{}`", fields.join("` or `")),
            "no result text",
        ),
    };
    Some(failure.assuming(Some(Assumption::MessageNamesField)))
}

/// Whether `name` occurs in `text` as a whole word: not inside a longer identifier, dotted
/// path or header name. A `.` that ends a sentence still ends the word.
pub fn names_word(text: &str, name: &str) -> bool {
    if name.is_empty() {
        return false;
    }
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(name).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let rest = &text[i + name.len()..];
        let mut after = rest.chars();
        let ok_before = before.is_none_or(|c| !word(c) && c != '.');
        let ok_after = match after.next() {
            None => true,
            // `userId.` ends a sentence; `userInfo.userId` continues a path.
            Some('.') => after.next().is_none_or(|c| !word(c)),
            Some(c) => !word(c),
        };
        ok_before && ok_after
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn message_is_found_in_either_field() {
        let fields = vec!["description".to_string(), "message".to_string()];
        let body =
            json!({"response": {"code": "000_002", "message": "Invalid input parameter. userId"}});
        assert_eq!(message("userId", &body, None, &fields), None);
        // The profile's field first, then the others: the text is still judged...
        assert_eq!(message("userId", &body, Some("description"), &fields), None);
        // ...and where it was found is a finding of its own, on an assumption.
        let moved = message_location(&body, Some("description"), &fields).unwrap();
        assert_eq!(moved.assumption, Some(Assumption::MessageField));
        assert_eq!(moved.path, "/response/description");
        assert_eq!(message_location(&body, Some("message"), &fields), None);
        assert_eq!(message_location(&body, None, &fields), None);
        assert!(message("cardNo", &body, None, &fields).is_some());
    }

    #[test]
    fn names_are_whole_words_or_dotted_paths() {
        assert!(names_word("Invalid input parameter. userId", "userId"));
        assert!(names_word("Invalid input parameter. userId.", "userId"));
        assert!(names_word("userId: bad", "userId"));
        assert!(!names_word(
            "Invalid input parameter. userInfo.userId",
            "userId"
        ));
        assert!(names_word(
            "Invalid input parameter. userInfo.userId",
            "userInfo.userId"
        ));
        assert!(!names_word("Invalid input parameter. userIds", "userId"));
        assert!(!names_word(
            "Invalid input parameter. cardInfo.oldCardNo",
            "cardInfo"
        ));
        assert!(names_word("Invalid input parameter. par or cardNo", "par"));
        assert!(names_word(
            "Unauthorized. X-KM-Tran-Token",
            "X-KM-Tran-Token"
        ));
        assert!(!names_word("Unauthorized. X-KM-Tran-Token", "X-KM-Tran"));
        assert!(!names_word("anything", ""));
    }

    #[test]
    fn names_check_reads_the_result_text() {
        let fields = vec!["description".to_string(), "message".to_string()];
        let body = json!({"response": {"code": "000_002", "description": "Invalid input parameter. cardInfo.oldCardNo"}});
        let one = |n: &str| vec![n.to_string()];
        assert_eq!(
            message_names(
                &one("cardInfo.oldCardNo"),
                &body,
                Some("description"),
                &fields
            ),
            None
        );
        let f = message_names(&one("oldCardNo"), &body, Some("description"), &fields).unwrap();
        assert_eq!(
            f.line(),
            "[message] at /response: expected text naming `oldCardNo`, got \"Invalid input parameter. cardInfo.oldCardNo\" (inferred: message-names-field)"
        );
        let any = vec!["par".to_string(), "cardInfo.oldCardNo".to_string()];
        assert_eq!(message_names(&any, &body, None, &fields), None);
        let silent = json!({"response": {"code": "000_002"}});
        let none = message_names(&one("x"), &silent, Some("message"), &fields).unwrap();
        assert_eq!(none.actual, "no result text");
        assert_eq!(none.assumption, Some(Assumption::MessageNamesField));
        assert_eq!(message_names(&[], &body, None, &fields), None);
    }
}
