//! Independent work spread over the machine's cores, results in input order.
//!
//! Each case file loads on its own (no file depends on another), and parsing YAML is most of
//! the time to load 10,000 cases, so the files are loaded on up to `available_parallelism`
//! scoped threads. A dozen lines of `std::thread::scope` rather than rayon: one call site,
//! borrowed inputs, and no global pool to start for a one-off map.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `items.iter().map(f)`, run on up to one thread per core, in `items`' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = cores.min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    // Each thread takes the next item when it is free: files differ in size by 4x.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let mut results: Vec<(usize, R)> = std::thread::scope(|s| {
        let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
        let mut all = work();
        for handle in others {
            // A panic in `f` is a bug; carry it to the caller as it would be without threads.
            match handle.join() {
                Ok(done) => all.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        all
    });
    results.sort_unstable_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        let items: Vec<u64> = (0..200).collect();
        // Uneven work, so threads finish out of order.
        let out = map(&items, |&n| {
            let spin = (n % 7) * 1000;
            (0..spin).fold(n, |a, b| a.wrapping_add(b % 3)) - (0..spin).map(|b| b % 3).sum::<u64>()
        });
        assert_eq!(out, items);
    }

    #[test]
    fn no_items_and_one_item() {
        assert!(map(&[] as &[u8], |b| *b).is_empty());
        assert_eq!(map(&[5u8], |b| b * 2), vec![10]);
    }
}
