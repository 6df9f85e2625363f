//! Where the mock's "now" comes from, and how it maps to the KST calendar.
//!
//! Every date rule of the mock (applied today, days until expiry, the seed's relative dates) is
//! computed from one injectable clock, so tests can pin the instant and cross the KST midnight.

use std::fmt;
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};

/// Korea Standard Time: a fixed +09:00 offset (Korea has no daylight saving time, so no tz
/// database is needed).
const KST: FixedOffset = match FixedOffset::east_opt(9 * 3600) {
    Some(offset) => offset,
    None => panic!("+09:00 is a valid offset"),
};

/// The KST offset as a chrono zone.
pub(crate) fn kst() -> FixedOffset {
    KST
}

/// A source of the current instant.
///
/// The mock only ever asks for "now"; everything else (KST date, expiry windows) is derived.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The real wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still at a chosen instant until told otherwise (for tests).
#[derive(Debug)]
pub struct FixedClock {
    instant: Mutex<DateTime<Utc>>,
}

impl FixedClock {
    /// A clock stopped at `instant`.
    pub fn new(instant: DateTime<Utc>) -> Self {
        Self {
            instant: Mutex::new(instant),
        }
    }

    /// Moves the clock to `instant`.
    pub fn set(&self, instant: DateTime<Utc>) {
        *self.instant.lock().unwrap_or_else(PoisonError::into_inner) = instant;
    }

    /// Moves the clock forward (or backward, with a negative delta) by `delta`.
    pub fn advance(&self, delta: TimeDelta) {
        let mut guard = self.instant.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(moved) = guard.checked_add_signed(delta) {
            *guard = moved;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.instant.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `now` seen on the KST wall clock.
pub(crate) fn kst_now(clock: &dyn Clock) -> DateTime<FixedOffset> {
    clock.now().with_timezone(&kst())
}

/// The KST calendar date of an instant.
pub(crate) fn kst_date(instant: DateTime<FixedOffset>) -> NaiveDate {
    instant.with_timezone(&kst()).date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone as _;

    #[test]
    fn utc_fifteen_o_clock_is_kst_midnight_of_the_next_day() {
        let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 3, 9, 15, 0, 0).unwrap());
        let now = kst_now(&clock);
        assert_eq!(kst_date(now), NaiveDate::from_ymd_opt(2026, 3, 10).unwrap());
        clock.advance(TimeDelta::seconds(-1));
        assert_eq!(
            kst_date(kst_now(&clock)),
            NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()
        );
    }

    #[test]
    fn fixed_clock_can_be_moved() {
        let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        let clock = FixedClock::new(start);
        clock.set(start + TimeDelta::days(2));
        assert_eq!(clock.now(), start + TimeDelta::days(2));
        clock.advance(TimeDelta::hours(1));
        assert_eq!(
            clock.now(),
            start + TimeDelta::days(2) + TimeDelta::hours(1)
        );
    }
}
