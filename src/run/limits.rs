//! Bounds on the run's own flags: how many test threads, how far away the deadline.
//!
//! libtest-mimic starts every thread asked for before the first trial runs, even more threads
//! than trials, and panics when the system refuses one: `--test-threads 1000000` spent its
//! time (and the deadline) creating threads. `--deadline-secs u64::MAX` overflowed the clock.
//! Both are now usage errors past a limit, and no more threads start than there are trials,
//! so starting the threads takes milliseconds, well inside any deadline.

use std::time::{Duration, Instant};

use crate::error::InputError;

/// The most test threads: requests are async on a small runtime, so threads only wait; more
/// than this only loads the target.
pub const MAX_TEST_THREADS: usize = 256;

/// The farthest deadline, in seconds (a week).
pub const MAX_DEADLINE_SECS: u64 = 7 * 24 * 3600;

/// Refuses `--test-threads 0` (libtest-mimic would wait forever for a result) and more than
/// [`MAX_TEST_THREADS`].
pub fn check_test_threads(requested: Option<usize>) -> Result<(), InputError> {
    match requested {
        Some(0) => Err(InputError::file(
            "--test-threads",
            "the number of test threads must be at least 1",
        )),
        Some(n) if n > MAX_TEST_THREADS => Err(InputError::file(
            "--test-threads",
            format!("{n} test threads is more than the limit of {MAX_TEST_THREADS}"),
        )),
        _ => Ok(()),
    }
}

/// The threads to start: as requested, but no more than there are trials (at least one).
pub fn threads_for(requested: Option<usize>, trials: usize) -> Option<usize> {
    requested.map(|n| n.min(trials).max(1))
}

/// The instant `secs` after `now`; a usage error when the clock cannot hold it.
pub fn deadline_at(now: Instant, secs: u64) -> Result<Instant, InputError> {
    (secs <= MAX_DEADLINE_SECS)
        .then(|| now.checked_add(Duration::from_secs(secs)))
        .flatten()
        .ok_or_else(|| {
            InputError::file(
                "--deadline-secs",
                format!("{secs} seconds is more than the limit of {MAX_DEADLINE_SECS} (a week)"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thread_counts_are_bounded_and_never_exceed_the_trials() {
        assert!(check_test_threads(Some(0)).is_err());
        assert!(check_test_threads(Some(MAX_TEST_THREADS)).is_ok());
        let e = check_test_threads(Some(1_000_000)).unwrap_err();
        assert_eq!(e.location(), "--test-threads");
        assert_eq!(threads_for(Some(200), 5), Some(5));
        assert_eq!(threads_for(Some(4), 0), Some(1));
        assert_eq!(threads_for(None, 5), None);
    }

    #[test]
    fn a_deadline_the_clock_cannot_hold_is_a_usage_error() {
        let now = Instant::now();
        assert!(deadline_at(now, 60).is_ok_and(|d| d > now));
        let e = deadline_at(now, u64::MAX).unwrap_err();
        assert_eq!(e.location(), "--deadline-secs");
    }
}
