//! An abstract step: an operation and its arguments named by the profile's variables, so the
//! same step means the same thing on the target and on the oracle, each with its own fixtures.
//!
//! An argument is a profile variable (`application.cancellable.cardApplyNo`), a value captured
//! from the answer of an earlier step of the same sequence (on each side, that side's answer),
//! or a literal (a value no fixture holds: a field error). Requests are built from a step only
//! when it is sent, per side.

use std::fmt;

use serde_json::{Map, Value, json};

/// Where an argument's value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// A profile variable (a dotted path to a scalar).
    Var(String),
    /// The value at `pointer` in the answer of step `step` (0-based) of this sequence.
    Captured {
        /// The earlier step.
        step: usize,
        /// A JSON pointer into its answer.
        pointer: &'static str,
    },
    /// A fixed value, the same on both sides.
    Literal(Value),
}

impl Arg {
    /// A variable.
    pub fn var(path: impl Into<String>) -> Arg {
        Arg::Var(path.into())
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Var(v) => f.write_str(v),
            Arg::Captured { step, pointer } => write!(f, "step{}{pointer}", step + 1),
            Arg::Literal(v) => write!(f, "{v}"),
        }
    }
}

/// A card status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Suspend the card.
    Suspend,
    /// Lift a suspension.
    Resume,
}

impl Change {
    /// The request's `status`.
    pub fn word(self) -> &'static str {
        match self {
            Change::Suspend => "SUSPEND",
            Change::Resume => "RESUME",
        }
    }
}

/// One operation with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// `cardDeliveryInquiry`.
    Inquiry {
        /// `userId`.
        user: Arg,
        /// `cardApplyNo`.
        application: Arg,
    },
    /// `preIssueWaitingPhysical`: `physical` names the physical card's variables
    /// (`physical.active`), whose `cardNo` and `expDate` are sent.
    PreIssue {
        /// `userId`.
        user: Arg,
        /// The physical card's variable prefix.
        physical: String,
        /// `physicalCardCVC`.
        cvc: Arg,
    },
    /// `cardStatusChange` by `cardNo`.
    Status {
        /// `userId`.
        user: Arg,
        /// `cardNo`.
        card: Arg,
        /// `status`.
        change: Change,
    },
    /// `expiredCardReissue`.
    Reissue {
        /// `userInfo.userId`.
        user: Arg,
        /// `cardInfo.oldCardNo`.
        card: Arg,
    },
    /// `cardDeliveryCancel`.
    Cancel {
        /// `userId`.
        user: Arg,
        /// `cardApplyNo`.
        application: Arg,
    },
}

/// The address every reissue is sent to: the profile's.
const ADDRESS: [(&str, &str); 3] = [
    ("address", "address.address"),
    ("addressDetail", "address.addressDetail"),
    ("zipCode", "address.zipCode"),
];

impl Action {
    /// The `operationId`.
    pub fn operation(&self) -> &'static str {
        match self {
            Action::Inquiry { .. } => "cardDeliveryInquiry",
            Action::PreIssue { .. } => "preIssueWaitingPhysical",
            Action::Status { .. } => "cardStatusChange",
            Action::Reissue { .. } => "expiredCardReissue",
            Action::Cancel { .. } => "cardDeliveryCancel",
        }
    }

    /// The arguments, by request field, in page order.
    pub fn args(&self) -> Vec<(&'static str, &Arg)> {
        match self {
            Action::Inquiry { user, application } => {
                vec![("userId", user), ("cardApplyNo", application)]
            }
            Action::PreIssue { user, cvc, .. } => vec![("userId", user), ("physicalCardCVC", cvc)],
            Action::Status { user, card, .. } => vec![("userId", user), ("cardNo", card)],
            Action::Reissue { user, card } => {
                vec![("userInfo.userId", user), ("cardInfo.oldCardNo", card)]
            }
            Action::Cancel { user, application } => {
                vec![("cardApplyNo", application), ("userId", user)]
            }
        }
    }

    /// The same action with the argument of `field` replaced.
    pub fn with_arg(&self, field: &str, arg: Arg) -> Action {
        let mut a = self.clone();
        let slot = match (&mut a, field) {
            (Action::Inquiry { user, .. }, "userId")
            | (Action::PreIssue { user, .. }, "userId")
            | (Action::Status { user, .. }, "userId")
            | (Action::Reissue { user, .. }, "userInfo.userId")
            | (Action::Cancel { user, .. }, "userId") => user,
            (Action::Inquiry { application, .. }, "cardApplyNo")
            | (Action::Cancel { application, .. }, "cardApplyNo") => application,
            (Action::PreIssue { cvc, .. }, "physicalCardCVC") => cvc,
            (Action::Status { card, .. }, "cardNo")
            | (Action::Reissue { card, .. }, "cardInfo.oldCardNo") => card,
            _ => return a,
        };
        *slot = arg;
        a
    }

    /// Whether it changes state when it succeeds.
    pub fn changes_state(&self) -> bool {
        matches!(
            self,
            Action::Status { .. } | Action::Reissue { .. } | Action::Cancel { .. }
        )
    }

    /// The request body, each argument resolved by `value`; `None` when one has no value on
    /// this side (a capture from an answer that had none).
    pub fn body(&self, value: &dyn Fn(&Arg) -> Option<Value>) -> Option<Value> {
        let var = |path: String| value(&Arg::Var(path));
        Some(match self {
            Action::Inquiry { user, application } => {
                json!({"userId": value(user)?, "cardApplyNo": value(application)?})
            }
            Action::PreIssue {
                user,
                physical,
                cvc,
            } => json!({
                "userId": value(user)?,
                "physicalCardNo": var(format!("{physical}.cardNo"))?,
                "physicalCardExpDate": var(format!("{physical}.expDate"))?,
                "physicalCardCVC": value(cvc)?,
            }),
            Action::Status { user, card, change } => {
                json!({"userId": value(user)?, "cardNo": value(card)?, "status": change.word()})
            }
            Action::Reissue { user, card } => {
                let mut address = Map::new();
                for (field, path) in ADDRESS {
                    address.insert(field.into(), var(path.into())?);
                }
                json!({
                    "userInfo": {"userId": value(user)?},
                    "addressInfo": address,
                    "cardInfo": {"oldCardNo": value(card)?},
                })
            }
            Action::Cancel { user, application } => {
                json!({"cardApplyNo": value(application)?, "userId": value(user)?})
            }
        })
    }

    /// The variables a step reads besides its arguments (they must exist in both profiles).
    pub fn fixed_vars(&self) -> Vec<String> {
        match self {
            Action::PreIssue { physical, .. } => {
                vec![format!("{physical}.cardNo"), format!("{physical}.expDate")]
            }
            Action::Reissue { .. } => ADDRESS.iter().map(|(_, p)| p.to_string()).collect(),
            _ => vec![],
        }
    }

    /// The pointers of its successful answer that later steps may use.
    pub fn captures(&self) -> &'static [&'static str] {
        match self {
            Action::Reissue { .. } => &["/cardApplyNo"],
            Action::Cancel { .. } => &["/mobileCardNo"],
            _ => &[],
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.operation())?;
        if let Action::Status { change, .. } = self {
            write!(f, " {}", change.word())?;
        }
        if let Action::PreIssue { physical, .. } = self {
            write!(f, " {physical}")?;
        }
        for (field, arg) in self.args() {
            write!(f, " {field}={arg}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_reads_as_its_operation_and_variables() {
        let cancel = Action::Cancel {
            user: Arg::var("member.active.userId"),
            application: Arg::Captured {
                step: 0,
                pointer: "/cardApplyNo",
            },
        };
        assert_eq!(
            cancel.to_string(),
            "cardDeliveryCancel cardApplyNo=step1/cardApplyNo userId=member.active.userId"
        );
    }

    #[test]
    fn a_body_needs_every_argument_and_replacing_one_changes_only_it() {
        let status = Action::Status {
            user: Arg::var("u"),
            card: Arg::var("c"),
            change: Change::Suspend,
        };
        let v = |a: &Arg| match a {
            Arg::Var(p) if p == "u" => Some(json!(1)),
            Arg::Var(_) => None,
            Arg::Literal(l) => Some(l.clone()),
            Arg::Captured { .. } => None,
        };
        assert_eq!(status.body(&v), None, "`c` has no value");
        let literal = status.with_arg("cardNo", Arg::Literal(json!("1")));
        assert_eq!(
            literal.body(&v),
            Some(json!({"userId": 1, "cardNo": "1", "status": "SUSPEND"}))
        );
    }
}
