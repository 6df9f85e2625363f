//! The run's request rate (`--rate`, profile `rate:`): one limiter that every request of the
//! run waits on, retries included, so the run stays under a sandbox's limit whatever
//! `--test-threads` is.
//!
//! `governor`'s GCRA with a burst of one spaces requests at least `1/R` apart, which holds the
//! rate in every window, not only on average over the run.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

/// A shared limit on requests per second.
pub struct Rate {
    limiter: DefaultDirectRateLimiter,
    per_second: f64,
}

impl std::fmt::Debug for Rate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Rate({}/s)", self.per_second)
    }
}

impl Rate {
    /// At most `per_second` requests per second (a positive, finite number); `None` when the
    /// rate is so high that no wait is ever needed.
    pub fn per_second(per_second: f64) -> Result<Option<Rate>, String> {
        if !(per_second.is_finite() && per_second > 0.0) {
            return Err(format!(
                "the rate must be a positive number of requests per second, found {per_second}"
            ));
        }
        let Some(quota) = Quota::with_period(Duration::from_secs_f64(1.0 / per_second)) else {
            return Ok(None);
        };
        let quota = quota.allow_burst(NonZeroU32::MIN);
        Ok(Some(Rate {
            limiter: RateLimiter::direct(quota),
            per_second,
        }))
    }

    /// Waits until the next request may go.
    pub async fn until_ready(&self) {
        self.limiter.until_ready().await;
    }

    /// The limit, in requests per second.
    pub fn per_second_limit(&self) -> f64 {
        self.per_second
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_positive_finite_rate_is_accepted() {
        for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
            assert!(Rate::per_second(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Rate::per_second(2.5).unwrap().unwrap().per_second_limit(),
            2.5
        );
    }
}
