//! The CSPRNG's one-time seeding, overlapped with the load stage.
//!
//! AWS-LC seeds its generator from CPU jitter on the first random draw: a stall of about 30 ms
//! on this project's CI machine, more than all 31 documented exchanges together. JWE needs
//! that generator (a random key and IV per request, RSA-OAEP padding), so with encryption on
//! a background thread makes the first draw while the spec and the case files are read, and the
//! first encrypted request finds the generator seeded (or waits only for what is left).
//! Correlation and run ids do not use it at all ([`crate::run::headers::random_u32`]).

/// Starts seeding the CSPRNG on a background thread; returns at once.
pub fn seed_csprng_in_background() {
    // Without a thread the first request seeds it: slower, still correct.
    let _ = std::thread::Builder::new()
        .name("csprng-seed".into())
        .spawn(|| {
            let mut byte = [0u8; 1];
            // A failure here is met again, and reported, by the first real draw.
            let _ = aws_lc_rs::rand::fill(&mut byte);
        });
}
