//! The five operations, one file each: the [`Operation`] it declares (path, encryption flags,
//! messages, handler), a hand-written body parser, and the business rules.

pub(crate) mod card_status;
pub(crate) mod delivery_cancel;
pub(crate) mod delivery_inquiry;
pub(crate) mod expired_reissue;
pub(crate) mod pre_issue_waiting;

use super::operation::Operation;

/// Every operation the mock serves, in the order of the seed pages: the one list that routing
/// and the tests read.
pub(crate) const ALL: &[&Operation] = &[
    &delivery_inquiry::OPERATION,
    &pre_issue_waiting::OPERATION,
    &card_status::OPERATION,
    &expired_reissue::OPERATION,
    &delivery_cancel::OPERATION,
];

#[cfg(test)]
pub(crate) mod testing;
