//! One documented fact: what a vendor page states, with a stable id and where it comes from.

use std::fmt;

use serde::Serialize;

/// What a fact is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A request or answer body field: presence, type, length or range, enum, format.
    Field,
    /// A request or answer header: presence, length, format, the value it carries.
    Header,
    /// A Response Code row: its HTTP status, its Message, when it is answered.
    Code,
    /// A Test Data item: a documented scenario and the code it answers.
    TestData,
    /// An "Encrypted" flag (or its absence) on the request or answer parameters.
    Encryption,
    /// A rule the page's text states about a card's or an application's life.
    Lifecycle,
}

impl Kind {
    /// Every kind, in the order listings and counts show them.
    pub const ALL: [Kind; 6] = [
        Kind::Field,
        Kind::Header,
        Kind::Code,
        Kind::TestData,
        Kind::Encryption,
        Kind::Lifecycle,
    ];

    /// The name used in listings and reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Field => "field",
            Kind::Header => "header",
            Kind::Code => "code",
            Kind::TestData => "test-data",
            Kind::Encryption => "encryption",
            Kind::Lifecycle => "lifecycle",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which statement about its subject a fact is: the last segment of its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Aspect {
    /// Marked Required.
    Required,
    /// Marked Optional.
    Optional,
    /// Marked Conditional (the condition in the statement).
    Conditional,
    /// Its type (`string`, `number`, `object`, `array of objects`).
    Type,
    /// `Length : N` or `Min : a , Max : b` on a string.
    Length,
    /// `Min : a , Max : b` on a number.
    Range,
    /// The values it may take.
    Enum,
    /// The form the page states (`YYMM`, `yyMMddHHmiSS-xxxxxxx`).
    Format,
    /// A header that carries the value the vendor gave the client.
    Registered,
    /// A header whose value is computed from the request (the Tran-Token).
    Signature,
    /// A header's fixed value (`Content-Type: application/json`).
    Value,
    /// The HTTP status a result code comes with.
    Status,
    /// The Message text of a result code.
    Message,
    /// When a result code is answered (the Description column).
    When,
}

impl Aspect {
    /// The id segment.
    pub fn name(self) -> &'static str {
        match self {
            Aspect::Required => "required",
            Aspect::Optional => "optional",
            Aspect::Conditional => "conditional",
            Aspect::Type => "type",
            Aspect::Length => "length",
            Aspect::Range => "range",
            Aspect::Enum => "enum",
            Aspect::Format => "format",
            Aspect::Registered => "registered",
            Aspect::Signature => "signature",
            Aspect::Value => "value",
            Aspect::Status => "status",
            Aspect::Message => "message",
            Aspect::When => "when",
        }
    }

    /// Whether it is a presence mark (Required, Optional or Conditional).
    pub fn is_presence(self) -> bool {
        matches!(
            self,
            Aspect::Required | Aspect::Optional | Aspect::Conditional
        )
    }
}

/// Where a fact comes from: always an operation's seed page; when the seed page does not show
/// it, also the protocol notes' reason (another vendor page or guide, or client code), which
/// counts as documented too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// The operation's seed page (`x-seed`).
    pub page: String,
    /// Why the fact holds although the seed page does not show it (`x-provenance: reference`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

impl Source {
    /// Shown on `page`.
    pub fn page(page: &str) -> Source {
        Source {
            page: page.to_string(),
            reference: None,
        }
    }

    /// The same page, the fact coming from the protocol notes for `reason`.
    pub fn referenced(&self, reason: &str) -> Source {
        Source {
            page: self.page.clone(),
            reference: Some(reason.to_string()),
        }
    }
}

/// One fact of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// Stable id: `<operation>.<subject>[.<aspect>]`, e.g.
    /// `cardDeliveryCancel.response.mobileCardNo.optional`, `cardStatusChange.code.003_022.message`.
    pub id: String,
    /// The operation (`operationId`).
    pub operation: String,
    /// What it is about.
    pub kind: Kind,
    /// The thing it is stated of: `response.mobileCardNo`, `requestHeader.X-KM-Tran-Time`,
    /// `code.003_022`, `testData.003_022`, `encryption.response`, `lifecycle.same-day-only`.
    pub subject: String,
    /// Which statement about the subject, when it has several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub aspect: Option<Aspect>,
    /// What the page states, in the page's words where it has them.
    pub states: String,
    /// Where it comes from.
    pub source: Source,
    /// Where the spec holds it (a JSON pointer).
    pub spec: String,
    /// Whether a client of the five operations can see it hold or break.
    pub checkable: bool,
    /// Why not, when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub not_checkable: Option<String>,
}

/// What a fact is stated of: its kind, its subject and, when the subject has several, which
/// statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct About {
    /// What it is about.
    pub kind: Kind,
    /// See [`Fact::subject`].
    pub subject: String,
    /// See [`Fact::aspect`].
    pub aspect: Option<Aspect>,
}

impl About {
    /// `aspect` of `subject`.
    pub fn new(kind: Kind, subject: String, aspect: Option<Aspect>) -> About {
        About {
            kind,
            subject,
            aspect,
        }
    }
}

impl Fact {
    /// A checkable fact of `operation`; the id is made from the operation and `about`.
    pub fn new(
        operation: &str,
        about: About,
        states: String,
        source: Source,
        spec: String,
    ) -> Fact {
        Fact {
            id: id(operation, &about.subject, about.aspect),
            operation: operation.to_string(),
            kind: about.kind,
            subject: about.subject,
            aspect: about.aspect,
            states,
            source,
            spec,
            checkable: true,
            not_checkable: None,
        }
    }

    /// The same fact, not checkable from outside for `reason`.
    pub fn not_checkable(mut self, reason: &str) -> Fact {
        self.checkable = false;
        self.not_checkable = Some(reason.to_string());
        self
    }
}

/// The id of the fact about `subject` of `operation`: `<operation>.<subject>[.<aspect>]`.
pub fn id(operation: &str, subject: &str, aspect: Option<Aspect>) -> String {
    match aspect {
        Some(a) => format!("{operation}.{subject}.{}", a.name()),
        None => format!("{operation}.{subject}"),
    }
}

/// The subject of a body field: `request.<dotted path>` or `response.<dotted path>` (array
/// items add no segment: `issuedCardList.digital.cardNo`).
pub fn field_subject(side: Side, path: &str) -> String {
    format!("{}.{path}", side.name())
}

/// The subject of a header: `requestHeader.<Name>` or `responseHeader.<Name>`.
pub fn header_subject(side: Side, name: &str) -> String {
    format!("{}Header.{name}", side.name())
}

/// Which way a field or header travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    /// In the request.
    Request,
    /// In the answer.
    Response,
}

impl Side {
    /// `request` or `response`.
    pub fn name(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_read_operation_subject_aspect() {
        assert_eq!(
            id(
                "cardDeliveryCancel",
                &field_subject(Side::Response, "mobileCardNo"),
                Some(Aspect::Optional)
            ),
            "cardDeliveryCancel.response.mobileCardNo.optional"
        );
        assert_eq!(
            id("cardStatusChange", "code.003_022", Some(Aspect::Message)),
            "cardStatusChange.code.003_022.message"
        );
        assert_eq!(
            id(
                "op",
                &header_subject(Side::Request, "X-KM-Tran-Time"),
                Some(Aspect::Length)
            ),
            "op.requestHeader.X-KM-Tran-Time.length"
        );
        assert_eq!(
            id("op", "lifecycle.same-day-only", None),
            "op.lifecycle.same-day-only"
        );
        assert!(Aspect::Conditional.is_presence() && !Aspect::Length.is_presence());
    }
}
