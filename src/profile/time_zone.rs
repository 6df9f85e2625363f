//! The time zone a profile names (`X-KM-Time-Zone`) and the fixed offset header times are
//! written in.

/// A fixed UTC offset named by `X-KM-Time-Zone`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    /// The header value, e.g. `KST`.
    pub name: String,
    /// Offset east of UTC, in seconds.
    pub offset_secs: i32,
}

/// Zones we can write times in: fixed offsets (none of these observes daylight saving now).
pub(super) const ZONES: &[(&str, i32)] = &[
    ("KST", 9 * 3600),
    ("UTC", 0),
    ("GMT", 0),
    ("JST", 9 * 3600),
    ("SGT", 8 * 3600),
    ("HKT", 8 * 3600),
    ("CST", 8 * 3600),
    ("ICT", 7 * 3600),
    ("IST", 5 * 3600 + 1800),
];
