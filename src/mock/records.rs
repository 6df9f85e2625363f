//! The plain records the mock's state is made of: members, products, cards, physical cards and
//! card applications.

use chrono::{DateTime, Datelike as _, FixedOffset, Months, NaiveDate};

use super::statuses::{ApplicationStatus, CardStatus, DeliveryStatus, IssueType, Requester};

/// A wallet member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    /// `userId`.
    pub(crate) user_id: u64,
    /// The member's name, if on record (reissue needs it: `003_007`).
    pub(crate) name: Option<String>,
    /// A withdrawn member answers `001_006` like a non-member.
    pub(crate) withdrawn: bool,
}

/// A card product.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Product {
    /// `serviceId` (1..15).
    pub(crate) service_id: String,
    /// `serviceName` (1..255).
    pub(crate) name: String,
    /// Whether an expiring card of this product may be reissued (`003_009` otherwise).
    pub(crate) reissuable: bool,
    /// The reissue fee, charged to the old card's balance (`003_010` when it cannot be paid).
    pub(crate) reissue_fee: u64,
}

/// A point balance on a card (`values.points[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Point {
    /// `policyType`, `"00"`..`"07"`.
    pub(crate) policy_type: String,
    /// `policyId` (1..15).
    pub(crate) policy_id: String,
    /// `policyName` (1..255).
    pub(crate) policy_name: String,
    /// `amount`.
    pub(crate) amount: u64,
}

/// A card expiry month (`YYMM` on the wire); the card is valid through the month's last day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expiry {
    /// Four-digit year.
    pub(crate) year: i32,
    /// Month, 1..=12.
    pub(crate) month: u32,
}

impl Expiry {
    /// The month of `date`, moved `months_ahead` months forward.
    pub(crate) fn months_after(date: NaiveDate, months_ahead: u32) -> Self {
        let moved = date
            .with_day(1)
            .and_then(|first| first.checked_add_months(Months::new(months_ahead)))
            .unwrap_or(date);
        Self {
            year: moved.year(),
            month: moved.month(),
        }
    }

    /// The last day the card is valid.
    pub(crate) fn last_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)?
            .checked_add_months(Months::new(1))?
            .pred_opt()
    }

    /// Days from `today` to the last valid day (negative once expired).
    pub(crate) fn days_until(self, today: NaiveDate) -> Option<i64> {
        Some((self.last_day()? - today).num_days())
    }
}

/// A card: a member's prepaid card or the mobile card of an application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Card {
    /// `cardNo` (16).
    pub(crate) card_no: String,
    /// `par` (27).
    pub(crate) par: String,
    /// Owner's `userId`.
    pub(crate) owner: u64,
    /// Current state.
    pub(crate) status: CardStatus,
    /// Expiry month.
    pub(crate) expiry: Expiry,
    /// `serviceId` of its product.
    pub(crate) service_id: String,
    /// CVC (a mobile card's `mobileCardCVC`).
    pub(crate) cvc: String,
    /// Balance.
    pub(crate) balance: u64,
    /// Point balances.
    pub(crate) points: Vec<Point>,
    /// Whether the card was ever used to pay (a used mobile card blocks cancellation).
    pub(crate) used: bool,
    /// The application created by its expiry reissue, if it was reissued (`003_004`).
    pub(crate) reissued_to: Option<String>,
}

/// A delivery address (`addressInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    /// Road-name address.
    pub(crate) address: String,
    /// Detail.
    pub(crate) address_detail: String,
    /// Zip code (5).
    pub(crate) zip_code: String,
}

/// A physical card delivered to a member, waiting to be linked to a mobile card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PhysicalCard {
    /// `physicalCardNo` (16).
    pub(crate) card_no: String,
    /// `physicalCardExpDate` (`YYMM`).
    pub(crate) exp_date: String,
    /// `physicalCardCVC` (3).
    pub(crate) cvc: String,
    /// Owner's `userId`.
    pub(crate) owner: u64,
}

/// A card application (issue or reissue) and its delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Application {
    /// `cardApplyNo` (22).
    pub(crate) apply_no: String,
    /// Applicant's `userId`.
    pub(crate) owner: u64,
    /// When it was applied (KST); cancellation is allowed on that KST date only.
    pub(crate) applied_at: DateTime<FixedOffset>,
    /// ISSUE or REISSUE.
    pub(crate) issue_type: IssueType,
    /// Application status.
    pub(crate) status: ApplicationStatus,
    /// Delivery status.
    pub(crate) delivery: DeliveryStatus,
    /// Inflow channel.
    pub(crate) requester: Requester,
    /// `serviceId` of the product applied for.
    pub(crate) service_id: String,
    /// `cardNo` of the mobile card issued for it, if any.
    pub(crate) mobile_card_no: Option<String>,
    /// The physical card linked to the mobile card, once registered.
    pub(crate) linked_physical_card: Option<String>,
    /// Delivery address, when one was given.
    pub(crate) address: Option<Address>,
}

impl Application {
    /// Whether a member may link a physical card to it: mobile card issued, not yet linked.
    pub(crate) fn is_linkable(&self) -> bool {
        self.status == ApplicationStatus::DigitalIssued
            && self.mobile_card_no.is_some()
            && self.linked_physical_card.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn expiry_means_the_last_day_of_the_month() {
        let feb_leap = Expiry {
            year: 2028,
            month: 2,
        };
        assert_eq!(feb_leap.last_day(), Some(date(2028, 2, 29)));
        let dec = Expiry {
            year: 2026,
            month: 12,
        };
        assert_eq!(dec.last_day(), Some(date(2026, 12, 31)));
    }

    #[test]
    fn days_until_counts_calendar_days() {
        let march = Expiry {
            year: 2026,
            month: 3,
        };
        assert_eq!(march.days_until(date(2026, 3, 1)), Some(30));
        assert_eq!(march.days_until(date(2026, 2, 28)), Some(31));
        assert_eq!(march.days_until(date(2026, 3, 31)), Some(0));
        assert_eq!(march.days_until(date(2026, 4, 1)), Some(-1));
    }

    #[test]
    fn months_after_stays_on_valid_dates() {
        assert_eq!(
            Expiry::months_after(date(2026, 1, 31), 1),
            Expiry {
                year: 2026,
                month: 2
            }
        );
        assert_eq!(
            Expiry::months_after(date(2026, 11, 30), 3),
            Expiry {
                year: 2027,
                month: 2
            }
        );
        assert_eq!(
            Expiry::months_after(date(2026, 5, 15), 0),
            Expiry {
                year: 2026,
                month: 5
            }
        );
    }
}
