//! The five operations, one file each: a hand-written body parser and the business rules.

pub(crate) mod card_status;
pub(crate) mod delivery_cancel;
pub(crate) mod delivery_inquiry;
pub(crate) mod expired_reissue;
pub(crate) mod pre_issue_waiting;

#[cfg(test)]
mod testing;
