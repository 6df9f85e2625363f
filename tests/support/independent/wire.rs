//! The common protocol of the pages, read from the vendor's header tables and the Tran-Token
//! guideline: the request headers, the Tran-Token HMAC over the exact body, the envelope of
//! every answer, and the field checks of the Request Parameters tables.

use aws_lc_rs::hmac;
use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{Map, Value, json};

/// An answer of a page: its result code, its data fields.
pub struct Answer {
    pub code: &'static str,
    pub data: Map<String, Value>,
}

/// The refusal with a result code.
pub fn refuse(code: &'static str) -> Answer {
    Answer {
        code,
        data: Map::new(),
    }
}

/// Success with data fields.
pub fn success(data: Value) -> Answer {
    Answer {
        code: "000_000",
        data: data.as_object().cloned().unwrap_or_default(),
    }
}

/// What a bad field or header is answered with: `000_002` naming it.
pub struct Invalid(pub String);

/// The HTTP answer: 200 for `000_000`, 400 for every documented error; the text of the code;
/// the request's correlation id back.
pub fn respond(answer: Result<Answer, Invalid>, correlation: Option<&HeaderValue>) -> Response {
    let (code, text, data) = match answer {
        Ok(a) => (a.code, message(a.code).to_string(), a.data),
        Err(Invalid(what)) => (
            "000_002",
            format!("Invalid input parameter. {what}"),
            Map::new(),
        ),
    };
    let mut body = data;
    body.insert(
        "response".into(),
        json!({"code": code, "description": text}),
    );
    let status = if code == "000_000" {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut response = (status, Value::Object(body).to_string()).into_response();
    let h = response.headers_mut();
    h.insert("content-type", HeaderValue::from_static("application/json"));
    let id = correlation
        .cloned()
        .unwrap_or_else(|| HeaderValue::from_static("000101000000-0000000"));
    h.insert("x-km-correlation-id", id);
    response
}

fn message(code: &str) -> &'static str {
    match code {
        "000_000" => "Success.",
        "001_006" => "Wallet user not found.",
        "003_001" | "003_011" => "Invalid card info.",
        "003_002" => "Card issue is not cancelable due to day.",
        "003_003" => "Card issue is not cancelable due to status.",
        "003_004" => "Card issue status is not allowed to reissue",
        "003_005" => "Card status is not active or suspended",
        "003_006" => "Card expiry date is not proper to reissue.",
        "003_007" => "User name not found error",
        "003_008" => "Par not found from cardNo.",
        "003_009" => "Not valid product for card issue type",
        "003_010" => "Card reissue cost pay fail",
        "003_021" => "Cannot find par",
        "003_022" => "Card already terminated",
        "003_049" => "Not found issued cards.",
        _ => "Error.",
    }
}

/// The credentials the server accepts.
#[derive(Clone)]
pub struct Keys {
    pub access_key: String,
    pub secret_key: String,
}

/// The request headers of the pages' tables, and the Tran-Token's HMAC-SHA256 of the body.
pub fn headers(h: &HeaderMap, body: &Bytes, keys: &Keys) -> Result<(), Invalid> {
    let get = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("");
    let lengths = [
        ("X-KM-User-AspId", 15),
        ("X-KM-Correlation-Id", 20),
        ("X-KM-Access-Key", 40),
        ("X-KM-Tran-Time", 14),
        ("X-KM-Time-Zone", 3),
    ];
    for (name, len) in lengths {
        if get(name).chars().count() != len {
            return Err(Invalid(name.into()));
        }
    }
    if get("X-KM-Access-Key") != keys.access_key {
        return Err(Invalid("X-KM-Access-Key".into()));
    }
    // "KMV1:" + yyyyMMddHHmmssSSS + ":" + Base64(HMAC-SHA256(secret, body)).
    let token = get("X-KM-Tran-Token");
    let mac = token
        .strip_prefix("KMV1:")
        .and_then(|rest| rest.split_once(':'))
        .filter(|(time, _)| time.len() == 17 && time.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|(_, mac)| base64::engine::general_purpose::STANDARD.decode(mac).ok());
    let key = hmac::Key::new(hmac::HMAC_SHA256, keys.secret_key.as_bytes());
    match mac {
        Some(mac) if hmac::verify(&key, body, &mac).is_ok() => Ok(()),
        _ => Err(Invalid("X-KM-Tran-Token".into())),
    }
}

/// The body's fields, checked as the Request Parameters tables say.
pub struct Fields<'a>(pub &'a Value);

impl Fields<'_> {
    fn at(&self, path: &str) -> Option<&Value> {
        path.split('.').try_fold(self.0, |v, k| v.get(k))
    }

    /// A member id: a number, 1 to 9999999999999999999.
    pub fn user(&self, path: &str) -> Result<u64, Invalid> {
        self.at(path)
            .and_then(Value::as_u64)
            .filter(|n| *n >= 1)
            .ok_or_else(|| Invalid(path.into()))
    }

    /// A string of `min..=max` characters.
    pub fn text(&self, path: &str, min: usize, max: usize) -> Result<String, Invalid> {
        self.at(path)
            .and_then(Value::as_str)
            .filter(|s| (min..=max).contains(&s.chars().count()))
            .map(str::to_string)
            .ok_or_else(|| Invalid(path.into()))
    }

    /// An optional string of exactly `len` characters.
    pub fn optional(&self, path: &str, len: usize) -> Result<Option<String>, Invalid> {
        match self.at(path) {
            None | Some(Value::Null) => Ok(None),
            Some(_) => self.text(path, len, len).map(Some),
        }
    }
}
