//! Client-side message encryption: which requests travel as JWE, with which key and key id, and
//! opening encrypted answers before any check reads them.
//!
//! With the profile's `encryption` on, an operation the spec flags request-encrypted sends
//! `{"encData":"<JWE>"}` (the plaintext encrypted for the server's public key), and every
//! flagged operation (request or response) sends `X-KM-Crypto-Key-Id`, which tells the server
//! the key pair. Any answer that carries `encData` is decrypted with the client's private key,
//! whatever the flags say, and the checks read the plaintext. Keys are read from their source
//! on each use, so a missing key fails the cases that need it, each with a message saying what
//! to set, and the others still run.

use crate::case::Body;
use crate::jwe;
use crate::outcome::{Received, RunError, RunErrorKind};
use crate::profile::{Profile, Secrets};
use crate::spec::Operation;

/// How one request goes on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wire {
    /// The exact body to send (and to sign).
    pub body: String,
    /// Whether `body` is the `{"encData": …}` wrapper of the plaintext.
    pub sealed: bool,
    /// The `X-KM-Crypto-Key-Id` to send, if any.
    pub key_id: Option<String>,
}

/// The wire form of a request of `op` whose plaintext body is `plaintext`.
///
/// An empty body stays empty: there is nothing to encrypt.
pub fn wire(
    profile: &Profile,
    secrets: &Secrets,
    op: &Operation,
    body: &Body,
    plaintext: &str,
) -> Result<Wire, RunError> {
    let on = profile.encrypts();
    let key_id = if on && (op.encryption.request || op.encryption.response) {
        Some(key_id(profile, secrets, op)?)
    } else {
        None
    };
    if !(on && op.encryption.request) || matches!(body, Body::Empty) {
        return Ok(Wire {
            body: plaintext.to_string(),
            sealed: false,
            key_id,
        });
    }
    let key = profile
        .server_public_key()
        .map_err(|m| setup(format!("`{}` is sent encrypted, but {m}", op.id)))?;
    let token =
        jwe::encrypt(plaintext.as_bytes(), &key, profile.request_enc()).map_err(|e| RunError {
            kind: RunErrorKind::Encryption,
            message: format!("cannot encrypt the request: {e}"),
        })?;
    let mut wrapper = serde_json::Map::new();
    wrapper.insert(jwe::ENC_DATA.into(), token.into());
    Ok(Wire {
        body: serde_json::Value::Object(wrapper).to_string(),
        sealed: true,
        key_id,
    })
}

fn key_id(profile: &Profile, secrets: &Secrets, op: &Operation) -> Result<String, RunError> {
    if let Some(id) = &secrets.crypto_key_id {
        return Ok(id.expose().to_string());
    }
    let how = match &profile.file.credentials.crypto_key_id {
        Some(c) => format!("export {}=<the 32-character key id>", c.env),
        None => format!(
            "add `credentials.crypto-key-id: {{ env: KONAPLATE_CRYPTO_KEY_ID }}` to {} and export it",
            profile.path.display()
        ),
    };
    Err(setup(format!(
        "`{}` is encrypted and needs X-KM-Crypto-Key-Id, but no crypto key id is set: {how} \
         (or turn encryption off: KONAPLATE_ENCRYPTION=off)",
        op.id
    )))
}

/// Decrypts an answer that carries `encData`, in place: `body` and `json` become the plaintext
/// (the whole response object, envelope included). `Ok(false)` when the answer is plain.
pub fn open_response(profile: &Profile, received: &mut Received) -> Result<bool, RunError> {
    let Some(token) = received.json.as_ref().and_then(jwe::enc_data) else {
        return Ok(false);
    };
    let key = profile
        .client_private_key()
        .map_err(|m| setup(format!("the answer is encrypted (`encData`), but {m}")))?;
    let opened = jwe::decrypt(token, &key).map_err(|e| RunError {
        kind: RunErrorKind::Encryption,
        message: format!(
            "cannot decrypt the answer's `encData` (HTTP {}) with the client private key: {e}",
            received.status
        ),
    })?;
    let text = String::from_utf8_lossy(&opened.plaintext).into_owned();
    received.json = serde_json::from_str(&text).ok();
    received.body = text;
    Ok(true)
}

fn setup(message: String) -> RunError {
    RunError {
        kind: RunErrorKind::Setup,
        message,
    }
}
