//! A small deterministic fuzzing loop for stable Rust: a PRNG, a time budget, and panics
//! collected with the inputs that caused them.
//!
//! `KONAPLATE_FUZZ_ITERATIONS` (default 2000 per target) and `KONAPLATE_FUZZ_SEED` change the
//! run; a failure prints the seed and the input, so it can be replayed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Stop early (and say so) rather than run past this, whatever the iteration count.
pub const BUDGET: Duration = Duration::from_secs(90);

/// SplitMix64: tiny, deterministic, good enough to pick mutations.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

pub fn iterations() -> usize {
    std::env::var("KONAPLATE_FUZZ_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

pub fn seed() -> u64 {
    std::env::var("KONAPLATE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x4B4F_4E41_504C_4154)
}

pub fn no_panic(f: impl FnOnce()) -> Result<(), String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|p| {
        p.downcast_ref::<String>()
            .cloned()
            .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic".into())
    })
}

/// Runs `iterations` inputs through `each`, collecting panics with their inputs.
#[allow(clippy::print_stderr, reason = "reports an early stop")]
pub fn fuzz(name: &str, mut each: impl FnMut(&mut Rng, usize) -> (String, Result<(), String>)) {
    let seed = seed();
    let mut rng = Rng(seed);
    let started = Instant::now();
    let total = iterations();
    let mut panics = Vec::new();
    let mut done = 0;
    // The default hook would print every caught panic; the report below says it once.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    for i in 0..total {
        if started.elapsed() > BUDGET {
            eprintln!("{name}: time budget spent after {done} of {total} inputs");
            break;
        }
        let (input, result) = each(&mut rng, i);
        if let Err(message) = result {
            panics.push(format!("input #{i}: {message}\n{input:?}"));
        }
        done += 1;
    }
    std::panic::set_hook(hook);
    assert!(
        panics.is_empty(),
        "{name}: {} of {done} inputs panicked (KONAPLATE_FUZZ_SEED={seed}):\n{}",
        panics.len(),
        panics
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}
