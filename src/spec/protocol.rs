//! Protocol facts every stage shares: the vendor's header names and media type.
//!
//! They live with the contract rather than with the code that sends requests, so that the
//! checks and the case generator can name a header without importing the sending stage.

/// Header names, as the vendor spells them.
pub mod header {
    /// ASP id.
    pub const ASP_ID: &str = "X-KM-User-AspId";
    /// Correlation id.
    pub const CORRELATION_ID: &str = "X-KM-Correlation-Id";
    /// Access key.
    pub const ACCESS_KEY: &str = "X-KM-Access-Key";
    /// Crypto key id.
    pub const CRYPTO_KEY_ID: &str = "X-KM-Crypto-Key-Id";
    /// Tran-Token.
    pub const TRAN_TOKEN: &str = "X-KM-Tran-Token";
    /// Tran-Time.
    pub const TRAN_TIME: &str = "X-KM-Tran-Time";
    /// Time zone.
    pub const TIME_ZONE: &str = "X-KM-Time-Zone";
}

/// The media type of every request and answer body.
pub const JSON: &str = "application/json";
