//! The response envelope: result codes, the exact message text of each vendor page, and the
//! conversion of a [`Reply`] into an HTTP response.
//!
//! Every answer of the mock, success or error, is `{"response":{"code","description"}, ...data}`.
//! Message texts are copied from the vendor page of each operation, because the pages disagree
//! on details such as the trailing period ("Success." vs "Success").

use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use super::operation::Operation;

/// The response header that carries the transaction id.
pub(crate) const CORRELATION_ID_HEADER: &str = "x-km-correlation-id";

/// The prefix shared by every page's `000_002` message; the mock appends `". <field path>"`.
pub(crate) const INVALID_INPUT_BASE: &str = "Invalid input parameter";

/// A documented business outcome other than success, with the code each page gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rejection {
    /// `000_002`: a field is missing or malformed; holds the dotted path of the first one.
    InvalidInput(String),
    /// `001_006`: not a member, or a withdrawn member.
    WalletUserNotFound,
    /// `003_001`: card or application unknown, or not the member's.
    InvalidCardInfo,
    /// `003_002`: the application was not made today (KST).
    NotCancelableDueToDay,
    /// `003_003`: the application's status or its used mobile card forbids cancelling (also
    /// the mock's answer for an application that is unknown or not the member's).
    NotCancelableDueToStatus,
    /// `003_004`: the card was already reissued once.
    ReissueNotAllowed,
    /// `003_005`: the card is neither ACTIVE nor SUSPENDED.
    CardStatusNotReissuable,
    /// `003_006`: the card does not expire within 30 days.
    ExpiryNotProper,
    /// `003_007`: the member has no name on record.
    UserNameNotFound,
    /// `003_008`: the card number is unknown or not the member's.
    ParNotFoundFromCardNo,
    /// `003_009`: the card's product does not allow reissuance.
    ProductNotReissuable,
    /// `003_010`: the reissue fee could not be charged.
    ReissueCostPayFail,
    /// `003_011`: the physical card is unknown, not the member's, or expiry/CVC do not match.
    InvalidPhysicalCardInfo,
    /// `003_021`: the given `par` is unknown.
    CannotFindPar,
    /// `003_022`: the card is terminated.
    CardAlreadyTerminated,
    /// `003_049`: the member has no card application at all.
    IssuedCardsNotFound,
}

impl Rejection {
    /// The vendor's result code.
    pub(crate) fn code(&self) -> &'static str {
        match self {
            Self::InvalidInput(_) => "000_002",
            Self::WalletUserNotFound => "001_006",
            Self::InvalidCardInfo => "003_001",
            Self::NotCancelableDueToDay => "003_002",
            Self::NotCancelableDueToStatus => "003_003",
            Self::ReissueNotAllowed => "003_004",
            Self::CardStatusNotReissuable => "003_005",
            Self::ExpiryNotProper => "003_006",
            Self::UserNameNotFound => "003_007",
            Self::ParNotFoundFromCardNo => "003_008",
            Self::ProductNotReissuable => "003_009",
            Self::ReissueCostPayFail => "003_010",
            Self::InvalidPhysicalCardInfo => "003_011",
            Self::CannotFindPar => "003_021",
            Self::CardAlreadyTerminated => "003_022",
            Self::IssuedCardsNotFound => "003_049",
        }
    }
}

/// The message table of one vendor page, verbatim: `(code, Message)`.
fn page_messages(op: Operation) -> &'static [(&'static str, &'static str)] {
    match op {
        Operation::DeliveryInquiry => &[
            ("000_000", "Success."),
            ("000_002", "Invalid input parameter."),
            ("001_006", "Wallet user not found."),
            ("003_001", "Invalid card info."),
        ],
        Operation::PreIssueWaitingPhysical => &[
            ("000_000", "Success."),
            ("000_002", "Invalid input parameter."),
            ("001_006", "Wallet user not found."),
            ("003_011", "Invalid card info."),
            ("003_049", "Not found issued cards."),
        ],
        Operation::CardStatus => &[
            ("000_000", "Success"),
            ("000_002", "Invalid input parameter"),
            ("001_006", "Wallet user not found"),
            ("003_001", "Invalid card info"),
            ("003_021", "Cannot find par"),
            ("003_022", "Card already terminated"),
        ],
        Operation::ExpiredReissue => &[
            ("000_000", "Success"),
            ("000_002", "Invalid input parameter. cardInfo.oldCardNo"),
            ("001_006", "Wallet user not found."),
            ("003_004", "Card issue status is not allowed to reissue"),
            ("003_005", "Card status is not active or suspended"),
            ("003_006", "Card expiry date is not proper to reissue."),
            ("003_007", "User name not found error"),
            ("003_008", "Par not found from cardNo."),
            ("003_009", "Not valid product for card issue type"),
            ("003_010", "Card reissue cost pay fail"),
        ],
        Operation::DeliveryCancel => &[
            ("000_000", "Success."),
            ("000_002", "Invalid input parameter. userId"),
            ("001_006", "Wallet user not found."),
            ("003_002", "Card issue is not cancelable due to day."),
            ("003_003", "Card issue is not cancelable due to status."),
        ],
    }
}

/// The page's message for `code`, if the page documents it.
pub(crate) fn page_message(op: Operation, code: &str) -> Option<&'static str> {
    page_messages(op)
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, message)| *message)
}

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
    pub(crate) fn success(op: Operation, data: Map<String, Value>) -> Self {
        let message = page_message(op, "000_000").unwrap_or("Success");
        Self {
            data,
            ..Self::new(StatusCode::OK, "000_000", message)
        }
    }

    /// HTTP 400 with the page's code and message for `rejection`.
    pub(crate) fn rejected(op: Operation, rejection: &Rejection) -> Self {
        let code = rejection.code();
        let description = match rejection {
            Rejection::InvalidInput(path) => invalid_input_message(path),
            // Every rejection an operation produces is in its table (tested below); the
            // fallback only keeps a gap from turning into a panic.
            _ => page_message(op, code).unwrap_or("Error").to_owned(),
        };
        Self::new(StatusCode::BAD_REQUEST, code, description)
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
