//! A client's request body: encrypted when the operation is flagged (and the profile turns
//! encryption on), opened with the server's private key when there is one, then checked
//! against the operation's request schema.
//!
//! Without the server key an encrypted body cannot be read: that is said ([`Inner`]), not
//! guessed at, and its fields are not judged.

use serde_json::Value;

use super::request_context::{Inner, RequestContext, header};
use super::schema::as_failures;
use crate::assumption::Assumption;
use crate::facts::Side;
use crate::jwe;
use crate::outcome::{CheckKind, Failure, Said};
use crate::spec::pointer;
use crate::spec::protocol::header as names;
use crate::spec::provenance;
use crate::spec::schema::violations;

/// What reading the body found.
#[derive(Debug, Clone)]
pub(super) struct Read {
    pub failures: Vec<Failure>,
    pub inner: Inner,
    pub json: Option<Value>,
    pub text: Option<String>,
}

impl Read {
    fn unread(failures: Vec<Failure>, inner: Inner) -> Read {
        Read {
            failures,
            inner,
            json: None,
            text: None,
        }
    }
}

/// Reads and checks the body of a request.
pub(super) fn read(ctx: &RequestContext, headers: &[(String, String)], body: &[u8]) -> Read {
    let (op, client) = (ctx.operation, ctx.client);
    let mut failures = Vec::new();
    let flagged = op.encryption.request || op.encryption.response;
    if client.encryption_required && flagged && header(headers, names::CRYPTO_KEY_ID).is_none() {
        failures.push(missing_key_id(ctx));
    }
    let Ok(wire) = serde_json::from_slice::<Value>(body) else {
        failures.push(not_json(ctx, body, "a JSON body"));
        return Read::unread(failures, Inner::Unreadable);
    };
    let sealed = op
        .encryption
        .request
        .then(|| jwe::enc_data(&wire))
        .flatten();
    let (text, inner) = match sealed {
        None => {
            if client.encryption_required && op.encryption.request {
                failures.push(
                    Failure::new(
                        CheckKind::Encryption,
                        "/",
                        "{\"encData\": \"<JWE>\"} (the operation's requests are encrypted)",
                        "a plain JSON body",
                    )
                    .verifying(ctx.encryption_fact()),
                );
            }
            (String::from_utf8_lossy(body).into_owned(), Inner::Plain)
        }
        Some(token) => match open(token, client.server_key) {
            Ok(text) => (text, Inner::Opened),
            Err(unopened) => {
                let (finding, why) = *unopened;
                failures.extend(finding.map(|f| f.verifying(ctx.encryption_fact())));
                return Read::unread(failures, Inner::NotInspected(why));
            }
        },
    };
    let Ok(json) = serde_json::from_str::<Value>(&text) else {
        failures.push(not_json(ctx, text.as_bytes(), "a JSON plaintext"));
        return Read::unread(failures, Inner::Unreadable);
    };
    failures.extend(schema(ctx, &json));
    Read {
        failures,
        inner,
        json: Some(json),
        text: Some(text),
    }
}

/// Why a JWE was not opened: the finding, if it is one, and why, in words.
type Unopened = Box<(Option<Failure>, String)>;

/// The plaintext of a JWE, or why not: no key is no finding, a key that fails is one.
fn open(token: &str, key: Option<&jwe::PrivateKey>) -> Result<String, Unopened> {
    let Some(key) = key else {
        // The header needs no key: an undocumented algorithm is a finding all the same.
        let finding = jwe::peek(token).err().map(|e| {
            let expected = "a JWE of the documented algorithms (RSA-OAEP-256, A128GCM or A256GCM)";
            Failure::new(CheckKind::Encryption, "/encData", expected, e.to_string())
        });
        return Err(Box::new((
            finding,
            "no server private key to open it".into(),
        )));
    };
    match jwe::decrypt(token, key) {
        Ok(opened) => Ok(String::from_utf8_lossy(&opened.plaintext).into_owned()),
        Err(e) => {
            let finding = Failure::new(
                CheckKind::Encryption,
                "/encData",
                "a JWE the server's private key opens",
                e.to_string(),
            );
            Err(Box::new((
                Some(finding),
                format!("the JWE does not open: {e}"),
            )))
        }
    }
}

/// No key id to an encrypted operation: the pages require it with an encrypted request (the
/// header's Conditional mark); with an encrypted answer only, they are silent, and the finding
/// rests on [`Assumption::KeyIdForEncryptedAnswer`].
fn missing_key_id(ctx: &RequestContext) -> Failure {
    let request = ctx.operation.encryption.request;
    let why = if request {
        "the key id (the operation's requests are encrypted)"
    } else {
        "the key id (the operation's answers are encrypted)"
    };
    let f = Failure::new(
        CheckKind::Encryption,
        names::CRYPTO_KEY_ID,
        why,
        "no header",
    );
    match request {
        true => f.verifying(ctx.header_presence(names::CRYPTO_KEY_ID)),
        false => f.assuming(Some(Assumption::KeyIdForEncryptedAnswer)),
    }
}

/// A body that is not JSON breaks the media type the request declares.
fn not_json(ctx: &RequestContext, body: &[u8], expected: &str) -> Failure {
    let actual = if body.is_empty() {
        "an empty body".to_string()
    } else {
        format!("{} bytes that do not parse as JSON", body.len())
    };
    let (expected, actual) = (Said::words(expected.to_string()), Said::words(actual));
    Failure::new(CheckKind::RequestBody, "/", expected, actual).verifying(ctx.content_type_fact())
}

/// Every violation of the request schema, as one finding each.
fn schema(ctx: &RequestContext, json: &Value) -> Vec<Failure> {
    let validator = match ctx.spec.schemas.request(ctx.operation) {
        Ok(v) => v,
        Err(e) => {
            let why = "a compilable request schema";
            return vec![Failure::new(CheckKind::RequestBody, "", why, e)];
        }
    };
    // A violation of a constraint the spec marks inferred names its assumption, as an
    // answer's does (`check::schema`); any other names the fact it breaks.
    let root = pointer::get(&ctx.spec.doc, &ctx.operation.request_schema);
    let (op, ledger) = (&ctx.operation.id, ctx.spec.ledger());
    let broken = violations(&validator, json);
    let grounds: Vec<_> = (broken.iter())
        .map(|v| {
            let assumed = root.and_then(|r| {
                provenance::of_violation(&ctx.spec.schemas, r, &v.path, &v.keyword, &v.message)
            });
            let fact = match assumed {
                Some(_) => None,
                None => ledger.broken_by(op, Side::Request, &v.path, &v.keyword, &v.message),
            };
            (assumed, fact.map(|f| f.id.clone()))
        })
        .collect();
    let failures = as_failures(CheckKind::RequestBody, broken, json, (ctx.spec, root));
    (failures.into_iter())
        .zip(grounds)
        .map(|(f, (assumed, fact))| f.assuming(assumed).verifying(fact))
        .collect()
}
