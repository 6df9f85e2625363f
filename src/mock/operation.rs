//! The five operations the mock serves, named once so that routing, messages and rules agree.

/// One documented POST endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Operation {
    /// `POST /api/v1/card/delivery/inquiry`.
    DeliveryInquiry,
    /// `POST /api/v1/issued-cards/pre-issue/waiting/physical`.
    PreIssueWaitingPhysical,
    /// `POST /api/v1/card/status`.
    CardStatus,
    /// `POST /api/v1/prepay-card/expired/reissue`.
    ExpiredReissue,
    /// `POST /api/v1/card/delivery/cancel`.
    DeliveryCancel,
}

impl Operation {
    /// Every operation, in the order of the seed pages.
    pub(crate) const ALL: [Self; 5] = [
        Self::DeliveryInquiry,
        Self::PreIssueWaitingPhysical,
        Self::CardStatus,
        Self::ExpiredReissue,
        Self::DeliveryCancel,
    ];

    /// The request path.
    pub(crate) fn path(self) -> &'static str {
        match self {
            Self::DeliveryInquiry => "/api/v1/card/delivery/inquiry",
            Self::PreIssueWaitingPhysical => "/api/v1/issued-cards/pre-issue/waiting/physical",
            Self::CardStatus => "/api/v1/card/status",
            Self::ExpiredReissue => "/api/v1/prepay-card/expired/reissue",
            Self::DeliveryCancel => "/api/v1/card/delivery/cancel",
        }
    }

    /// The vendor page marks the request "Encrypted": pre-issue/waiting/physical and expired
    /// reissue.
    pub(crate) fn request_encrypted(self) -> bool {
        matches!(self, Self::PreIssueWaitingPhysical | Self::ExpiredReissue)
    }

    /// The vendor page marks the answer "Encrypted": pre-issue/waiting/physical and delivery
    /// cancel.
    pub(crate) fn response_encrypted(self) -> bool {
        matches!(self, Self::PreIssueWaitingPhysical | Self::DeliveryCancel)
    }
}
