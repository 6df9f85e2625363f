//! The time zone a profile names (`X-KM-Time-Zone`) and the fixed offset header times are
//! written in.

use crate::error::did_you_mean;

/// A fixed UTC offset named by `X-KM-Time-Zone`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeZone {
    /// The header value, e.g. `KST`.
    pub name: String,
    /// Offset east of UTC, in seconds.
    pub offset_secs: i32,
}

/// Zones we can write times in: fixed offsets (none of these observes daylight saving now).
const ZONES: &[(&str, i32)] = &[
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

impl TimeZone {
    /// The zone of that `X-KM-Time-Zone` name, when it is one of the known fixed offsets.
    pub fn named(name: &str) -> Option<TimeZone> {
        ZONES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, o)| TimeZone {
                name: n.to_string(),
                offset_secs: *o,
            })
    }
}

/// The help for an unknown zone name: the nearest known one, else all of them.
pub(super) fn help(unknown: &str) -> String {
    match did_you_mean(unknown, ZONES.iter().map(|(n, _)| *n)) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!(
            "known zones: {}",
            ZONES.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        ),
    }
}
