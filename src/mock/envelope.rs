//! The response envelope: result codes, the exact message text of each vendor page, and the
//! conversion of a [`Reply`] into an HTTP response.
//!
//! Every answer of the mock, success or error, is `{"response":{"code","description"}, ...data}`.
//! Message texts come from each operation's own table ([`Operation::messages`]).

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::operation::Operation;
use super::rejection::Rejection;

/// The response header that carries the transaction id.
pub(crate) const CORRELATION_ID_HEADER: &str = "x-km-correlation-id";

/// The prefix shared by every page's `000_002` message; the mock appends `". <field path>"`.
pub(crate) const INVALID_INPUT_BASE: &str = "Invalid input parameter";

/// `"Invalid input parameter. <path>"`, the uniform `000_002` text (pages differ on the
/// trailing period; the mock always uses the form the reissue and cancel pages show).
pub(crate) fn invalid_input_message(path: &str) -> String {
    format!("{INVALID_INPUT_BASE}. {path}")
}

/// One answer of the mock, before it becomes HTTP.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reply {
    /// HTTP status.
    pub(crate) status: StatusCode,
    /// `response.code`.
    pub(crate) code: &'static str,
    /// `response.description`.
    pub(crate) description: String,
    /// Top-level data fields beside `response`.
    pub(crate) data: Map<String, Value>,
}

impl Reply {
    fn new(status: StatusCode, code: &'static str, description: impl Into<String>) -> Self {
        Self {
            status,
            code,
            description: description.into(),
            data: Map::new(),
        }
    }

    /// HTTP 200, `000_000`, with the operation's data fields.
    pub(crate) fn success(op: &Operation, data: Map<String, Value>) -> Self {
        let message = op.message("000_000").unwrap_or("Success");
        Self {
            data,
            ..Self::new(StatusCode::OK, "000_000", message)
        }
    }

    /// HTTP 400 with the page's code and message for `rejection`.
    pub(crate) fn rejected(op: &Operation, rejection: &Rejection) -> Self {
        let code = rejection.code();
        let description = match rejection {
            Rejection::InvalidInput(path) => invalid_input_message(path),
            // Every rejection an operation produces is in its table (tested below); the
            // fallback only keeps a gap from turning into a panic.
            _ => op.message(code).unwrap_or("Error").to_owned(),
        };
        Self::new(StatusCode::BAD_REQUEST, code, description)
    }

    /// The documented answer `code` of `op`, as `Prefer: code=` forces it: the page's text
    /// verbatim, HTTP 400 like every documented error (200 for `000_000`).
    pub(crate) fn documented(op: &Operation, code: &'static str) -> Self {
        let status = if code == "000_000" {
            StatusCode::OK
        } else {
            StatusCode::BAD_REQUEST
        };
        Self::new(status, code, op.message(code).unwrap_or("Error"))
    }

    /// HTTP 400 with the mock-only code `900_400`: the request asked the mock's control plane
    /// for something it cannot do (an undocumented `Prefer: code=`).
    pub(crate) fn control_refused(description: String) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "900_400", description)
    }

    /// HTTP 503 with the mock-only code `900_503`: an injected fault.
    pub(crate) fn unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "900_503",
            "Service unavailable (injected fault).",
        )
    }

    /// HTTP 408 with the mock-only code `900_408`: the body did not arrive in time.
    pub(crate) fn request_timeout() -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "900_408", "Request timeout.")
    }

    /// HTTP 400 `000_002` for a missing or malformed request header.
    pub(crate) fn invalid_header(name: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "000_002",
            invalid_input_message(name),
        )
    }

    /// HTTP 400 `000_002` for a request body that is not usable at all (unreadable, not JSON,
    /// not an object).
    pub(crate) fn invalid_body() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "000_002",
            invalid_input_message("body"),
        )
    }

    /// HTTP 413 `000_002` for a body over the mock's size cap.
    pub(crate) fn body_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "000_002",
            invalid_input_message("body"),
        )
    }

    /// HTTP 401 `000_001` naming the credential header that failed.
    pub(crate) fn unauthorized(name: &str) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "000_001",
            format!("Unauthorized. {name}"),
        )
    }

    /// HTTP 404 with the mock-only code `900_404`.
    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "900_404", "Not found.")
    }

    /// HTTP 405 with the mock-only code `900_405`.
    pub(crate) fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "900_405",
            "Method not allowed.",
        )
    }

    /// HTTP 500 with the mock-only code `900_500`: a bug in the mock, never an answer to input.
    pub(crate) fn internal_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "900_500",
            "Internal error in the mock.",
        )
    }

    /// The JSON body: `{"response":{"code","description"}, ...data}`.
    pub(crate) fn body(&self) -> Value {
        let mut body = self.data.clone();
        let mut response = Map::new();
        response.insert("code".to_owned(), Value::from(self.code));
        response.insert(
            "description".to_owned(),
            Value::from(self.description.clone()),
        );
        body.insert("response".to_owned(), Value::Object(response));
        Value::Object(body)
    }

    /// The HTTP response, with `Content-Type: application/json` and the correlation id.
    pub(crate) fn into_http(self, correlation_id: &str) -> Response {
        json_response(self.status, &self.body(), correlation_id)
    }
}

/// A JSON response with the mock's standard headers.
pub(crate) fn json_response(status: StatusCode, body: &Value, correlation_id: &str) -> Response {
    // Serializing a `Value` cannot fail (all keys are strings); an empty object is the
    // harmless answer should that ever change.
    let text = serde_json::to_string(body).unwrap_or_else(|_| "{}".to_owned());
    let mut response = (status, text).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Ok(value) = HeaderValue::from_str(correlation_id) {
        headers.insert(HeaderName::from_static(CORRELATION_ID_HEADER), value);
    }
    response
}

#[cfg(test)]
mod tests;
