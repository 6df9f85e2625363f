//! Generated negative and boundary cases, from each operation's request schema and headers.
//!
//! For every operation the generator takes the documented success case (from
//! `cases/<operation>.yaml`, variables already substituted) as a known-good body and changes
//! ONE thing at a time, so only that thing is wrong:
//!
//! - **Body negatives** (must be answered `000_002` with its documented HTTP status): each
//!   required field missing, each field of the wrong JSON type, each string one character under
//!   its `minLength` (skipped when that is 0) and over its `maxLength`, each string breaking its
//!   `pattern`, each enum field with a value outside the enum (same length rules, so only the
//!   enum is broken), each number one under its `minimum` and over its `maximum` (exact
//!   integers: `userId` gets `0` and `10000000000000000000`), each "at least one of" group left
//!   empty. Nested objects are followed as deep as the schema goes (`cardInfo.oldCardNo`).
//! - **Positive boundaries** (must NOT be answered `000_002`, see
//!   [`Expect::code_not`](crate::case::Expect::code_not)): each string at exactly its
//!   `minLength` and `maxLength` (once for an exact length; an enum member of that length for
//!   enums), each number at exactly its `minimum` and `maximum`.
//! - **Header negatives**: each mandatory `X-KM-*` header missing, one character too short and
//!   too long, breaking its pattern (correlation id, Tran-Time, Tran-Token); a well-formed
//!   access key that is not the project's, and a well-formed Tran-Token whose MAC does not
//!   match the body. The vendor does not document these answers, so they come from the target
//!   profile's `header-errors` (`malformed` for shapes, `unauthorized` for the key and the
//!   MAC); without `header-errors` no header case is generated, and the run says why.
//!
//! **State.** A generated case must never change a card when the target accepts it. Body
//! negatives are rejected before any business rule on a conforming target. Positive boundaries
//! and header cases of a state-changing operation start instead from the documented
//! `001_006` case (a valid body whose member does not exist), so an accepted value cannot
//! suspend, reissue or cancel anything; non-state-changing operations use the success body.
//!
//! **Message names.** When the target profile sets `message-field` (it says where the result
//! text is, so it is known to carry one), every negative case also requires the text to name
//! the mutated field or header as a whole word
//! ([`Expect::message_names`](crate::case::Expect::message_names)); the reference mock does.
//! Without `message-field` (the sandbox) that check is off.
//!
//! Cases are named `<operation>::generated::<field>::<mutation>`, and the output is
//! deterministic: the same spec, cases and profile give the same cases in the same order.
//! [`case_files`] renders them as ordinary case files for review (`generate --out DIR`).

mod bases;
mod body;
mod boundaries;
mod builder;
mod field_probe;
mod fields;
mod generated;
mod headers;
mod json;
mod method;
mod negatives;
mod values;
mod write;

#[cfg(test)]
mod tests;

pub use crate::constraint_coverage::{
    Constraint, ConstraintCoverage, ConstraintKind, Location, NotCovered,
};
pub use generated::{Generated, constraints, generate};
pub use headers::{
    ALSO_MANDATORY, SAMPLE_CORRELATION_ID, SAMPLE_TRAN_TIME, WRONG_ACCESS_KEY, zero_mac_token,
};
pub use write::case_files;

/// The result code of a request that breaks a field constraint, on every page.
pub const INVALID_INPUT: &str = "000_002";

/// The result code of the documented success.
pub const SUCCESS: &str = "000_000";

/// The result code of a non-member ("Wallet user not found"): its documented case is the
/// harmless base of state-changing operations.
pub const NON_MEMBER: &str = "001_006";

/// The id prefix of generated cases: trials are `<operation>::generated::<field>::<mutation>`.
pub const ID_PREFIX: &str = "generated";
