//! The clock the control plane can steer: pinned to an instant, moved by a duration, or back to
//! the configured clock.
//!
//! It wraps the configured [`Clock`] instead of replacing it, so "back to real time" means back
//! to whatever the mock was started with (the system clock, or a test's [`FixedClock`]).
//!
//! [`FixedClock`]: crate::mock::FixedClock

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Datelike as _, Months, TimeDelta, Utc};
use serde_json::{Value, json};

use crate::mock::clock::{Clock, kst};

/// How far `advance` moves the clock: whole calendar months (from the years and months of an
/// ISO 8601 duration), then a fixed span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Advance {
    /// `P1Y2M` is 14 months, applied on the calendar (a month from 31 January is 28 or 29
    /// February).
    pub(crate) months: u32,
    /// Weeks, days, hours, minutes, seconds and milliseconds.
    pub(crate) span: TimeDelta,
}

impl Advance {
    /// Parses an ISO 8601 duration (`P1D`, `PT12H`, `P1M2DT3H`, `P2W`); the whole text must be
    /// the duration.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let invalid = || format!("`{text}` is not an ISO 8601 duration such as P1D or PT12H");
        let (rest, duration) =
            iso8601::parsers::parse_duration(text.as_bytes()).map_err(|_| invalid())?;
        if !rest.is_empty() {
            return Err(invalid());
        }
        Ok(match duration {
            iso8601::Duration::Weeks(weeks) => Self {
                months: 0,
                span: TimeDelta::weeks(i64::from(weeks)),
            },
            iso8601::Duration::YMDHMS {
                year,
                month,
                day,
                hour,
                minute,
                second,
                millisecond,
            } => Self {
                months: year.saturating_mul(12).saturating_add(month),
                span: TimeDelta::days(i64::from(day))
                    + TimeDelta::hours(i64::from(hour))
                    + TimeDelta::minutes(i64::from(minute))
                    + TimeDelta::seconds(i64::from(second))
                    + TimeDelta::milliseconds(i64::from(millisecond)),
            },
        })
    }

    fn apply(self, instant: DateTime<Utc>) -> Option<DateTime<Utc>> {
        instant
            .checked_add_months(Months::new(self.months))?
            .checked_add_signed(self.span)
    }
}

/// Where "now" comes from at the moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// The configured clock.
    Real,
    /// The configured clock, moved by a fixed amount (after an `advance` without a pin).
    Offset(TimeDelta),
    /// Stands still at this instant.
    Pinned(DateTime<Utc>),
}

/// The mock's clock while the control plane is on.
pub(crate) struct SteerableClock {
    base: Arc<dyn Clock>,
    setting: Mutex<Setting>,
}

impl SteerableClock {
    /// Follows `base` until told otherwise.
    pub(crate) fn new(base: Arc<dyn Clock>) -> Self {
        Self {
            base,
            setting: Mutex::new(Setting::Real),
        }
    }

    fn setting(&self) -> std::sync::MutexGuard<'_, Setting> {
        self.setting.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the clock at `instant`; refuses one the mock's formats cannot express.
    pub(crate) fn pin(&self, instant: DateTime<Utc>) -> Result<(), String> {
        *self.setting() = Setting::Pinned(expressible(instant)?);
        Ok(())
    }

    /// Moves the clock forward; a pinned clock stays pinned at the later instant, a running
    /// one keeps running from there. Refuses a move past the calendar's end.
    pub(crate) fn advance(&self, by: Advance) -> Result<(), String> {
        let mut setting = self.setting();
        let base = self.base.now();
        let current = effective(*setting, base);
        let moved = by
            .apply(current)
            .ok_or_else(|| "the clock cannot move that far".to_owned())
            .and_then(expressible)?;
        *setting = match *setting {
            Setting::Pinned(_) => Setting::Pinned(moved),
            Setting::Real | Setting::Offset(_) => Setting::Offset(moved - base),
        };
        Ok(())
    }

    /// Back to the configured clock.
    pub(crate) fn release(&self) {
        *self.setting() = Setting::Real;
    }

    /// `{"now": <RFC 3339 in KST>, "mode": "real" | "offset" | "pinned"}`.
    pub(crate) fn describe(&self) -> Value {
        let setting = *self.setting();
        let now = effective(setting, self.base.now()).with_timezone(&kst());
        let mode = match setting {
            Setting::Real => "real",
            Setting::Offset(_) => "offset",
            Setting::Pinned(_) => "pinned",
        };
        json!({"now": now.to_rfc3339(), "mode": mode})
    }
}

/// The KST years the mock's formats express: a date is written `yyyyMMdd` (in every
/// `cardApplyNo`), four digits of a year of the common era.
const YEARS: std::ops::RangeInclusive<i32> = 1..=9999;

/// `instant`, when its KST date is in [`YEARS`]; past them the mock would answer outside its
/// own spec (a 23-character `cardApplyNo`).
fn expressible(instant: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let year = instant.with_timezone(&kst()).year();
    if YEARS.contains(&year) {
        return Ok(instant);
    }
    Err(format!(
        "{} is in the year {year} in KST; the mock's dates (`yyyyMMdd`) express the years \
         {:04} to {:04} only",
        instant.with_timezone(&kst()).to_rfc3339(),
        YEARS.start(),
        YEARS.end()
    ))
}

fn effective(setting: Setting, base: DateTime<Utc>) -> DateTime<Utc> {
    match setting {
        Setting::Real => base,
        // An offset that no longer fits the calendar, or that time carried past the years the
        // mock expresses, leaves the base time.
        Setting::Offset(offset) => base
            .checked_add_signed(offset)
            .and_then(|t| expressible(t).ok())
            .unwrap_or(base),
        Setting::Pinned(instant) => instant,
    }
}

impl Clock for SteerableClock {
    fn now(&self) -> DateTime<Utc> {
        effective(*self.setting(), self.base.now())
    }
}

impl fmt::Debug for SteerableClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SteerableClock")
            .field("base", &self.base)
            .field("setting", &*self.setting())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::FixedClock;
    use chrono::TimeZone as _;

    fn start() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 31, 3, 0, 0).unwrap()
    }

    fn clock() -> (Arc<FixedClock>, SteerableClock) {
        let base = Arc::new(FixedClock::new(start()));
        (base.clone(), SteerableClock::new(base))
    }

    #[test]
    fn durations_parse_whole_or_not_at_all() {
        assert_eq!(
            Advance::parse("P1DT12H").unwrap().span,
            TimeDelta::hours(36)
        );
        assert_eq!(Advance::parse("P1Y2M").unwrap().months, 14);
        assert_eq!(Advance::parse("P2W").unwrap().span, TimeDelta::days(14));
        for bad in ["", "1D", "P1Dx", "tomorrow", "-P1D"] {
            let error = Advance::parse(bad).unwrap_err();
            assert!(error.contains("ISO 8601"), "{bad}: {error}");
        }
    }

    #[test]
    fn a_pin_stands_still_until_released() {
        let (base, clock) = clock();
        let pinned = start() + TimeDelta::days(3);
        clock.pin(pinned).unwrap();
        base.advance(TimeDelta::hours(5));
        assert_eq!(clock.now(), pinned);
        clock.advance(Advance::parse("PT1H").unwrap()).unwrap();
        assert_eq!(clock.now(), pinned + TimeDelta::hours(1));
        assert_eq!(clock.describe()["mode"], "pinned");
        clock.release();
        assert_eq!(clock.now(), base.now());
        assert_eq!(clock.describe()["mode"], "real");
    }

    #[test]
    fn advancing_a_running_clock_keeps_it_running() {
        let (base, clock) = clock();
        clock.advance(Advance::parse("P1M").unwrap()).unwrap();
        // 31 January plus a month is the end of February.
        assert_eq!(
            clock.now(),
            Utc.with_ymd_and_hms(2026, 2, 28, 3, 0, 0).unwrap()
        );
        base.advance(TimeDelta::minutes(1));
        assert_eq!(
            clock.now(),
            Utc.with_ymd_and_hms(2026, 2, 28, 3, 1, 0).unwrap()
        );
        assert_eq!(clock.describe()["mode"], "offset");
        assert!(
            clock
                .advance(Advance {
                    months: u32::MAX,
                    span: TimeDelta::zero()
                })
                .is_err()
        );
    }

    #[test]
    fn the_clock_stays_within_the_years_a_yyyymmdd_date_expresses() {
        let (_, clock) = clock();
        let kst_instant = |text: &str| {
            DateTime::parse_from_rfc3339(text)
                .unwrap()
                .with_timezone(&Utc)
        };
        // The last instant of the year 0 in KST, and the last of 9999.
        let before = kst_instant("0000-12-31T23:59:59+09:00");
        let error = clock.pin(before).unwrap_err();
        assert!(error.contains("0001 to 9999"), "{error}");
        let last = kst_instant("9999-12-31T23:59:59+09:00");
        clock.pin(last).unwrap();
        let error = clock.advance(Advance::parse("PT1S").unwrap()).unwrap_err();
        assert!(error.contains("year 10000"), "{error}");
        assert_eq!(clock.now(), last);
        clock.release();
        let error = clock
            .advance(Advance::parse("P8000Y").unwrap())
            .unwrap_err();
        assert!(error.contains("year 10026"), "{error}");
        assert_eq!(clock.describe()["mode"], "real");
    }
}
