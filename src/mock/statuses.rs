//! The vendor's enumerations, with their wire spelling.

/// A card's state (the mock's own model; the pages only name ACTIVE, SUSPENDED, TERMINATED).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CardStatus {
    /// Usable.
    Active,
    /// Suspended (reported lost) by `SUSPEND`; `RESUME` makes it active again.
    Suspended,
    /// Terminated or discarded; nothing can change it any more.
    Terminated,
}

/// A card application's status (`issuedCardList[].status`).
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the vendor's full vocabulary; the seed uses part of it"
    )
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ApplicationStatus {
    /// Application in progress.
    Ready,
    /// Charge in progress.
    CostPaying,
    /// Charge completed.
    CostPaid,
    /// Failed to charge (end of application).
    CostPayFailed,
    /// Mobile card issued.
    DigitalIssued,
    /// Physical card issued.
    PhysicalIssued,
    /// Shipping in progress.
    Shipping,
    /// Cancelled (end of application).
    Cancel,
    /// Application failed (end of application).
    IssueFailed,
    /// Card returned (end of application).
    Returned,
    /// Physical card registered (end of application).
    Complete,
}

impl ApplicationStatus {
    /// The wire spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "READY",
            Self::CostPaying => "COST_PAYING",
            Self::CostPaid => "COST_PAID",
            Self::CostPayFailed => "COST_PAY_FAILED",
            Self::DigitalIssued => "DIGITAL_ISSUED",
            Self::PhysicalIssued => "PHYSICAL_ISSUED",
            Self::Shipping => "SHIPPING",
            Self::Cancel => "CANCEL",
            Self::IssueFailed => "ISSUE_FAILED",
            Self::Returned => "RETURNED",
            Self::Complete => "COMPLETE",
        }
    }

    /// Whether an application in this status may still be cancelled: only before a physical
    /// card exists and before the application has ended (the mock's reading of "not allowed to
    /// cancel the card application").
    pub(crate) fn is_cancellable(self) -> bool {
        matches!(
            self,
            Self::Ready | Self::CostPaying | Self::CostPaid | Self::DigitalIssued
        )
    }
}

/// A card application's delivery status (delivery inquiry `status`).
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "the vendor's full vocabulary; the seed uses part of it"
    )
)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DeliveryStatus {
    /// Waiting for reception.
    Ready,
    /// Received.
    Receipt,
    /// Preparing for shipping.
    PreShipping,
    /// Shipping.
    Shipping,
    /// Delivery completed.
    Arrival,
    /// Lost.
    Lost,
    /// Returned.
    Return,
    /// Delivery cancelled.
    Cancel,
    /// Others (system failure).
    Etc,
}

impl DeliveryStatus {
    /// The wire spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Ready => "READY",
            Self::Receipt => "RECEIPT",
            Self::PreShipping => "PRE_SHIPPING",
            Self::Shipping => "SHIPPING",
            Self::Arrival => "ARRIVAL",
            Self::Lost => "LOST",
            Self::Return => "RETURN",
            Self::Cancel => "CANCEL",
            Self::Etc => "ETC",
        }
    }
}

/// Card application type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IssueType {
    /// A new card.
    Issue,
    /// A reissued card.
    Reissue,
}

impl IssueType {
    /// The wire spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::Issue => "ISSUE",
            Self::Reissue => "REISSUE",
        }
    }
}

/// Inflow channel of a card application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Requester {
    /// Applied in the app.
    App,
    /// Applied through the customer center.
    Cc,
}

impl Requester {
    /// The wire spelling.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Self::App => "APP",
            Self::Cc => "CC",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_statuses_use_the_page_spelling() {
        use DeliveryStatus as D;
        let all = [
            D::Ready,
            D::Receipt,
            D::PreShipping,
            D::Shipping,
            D::Arrival,
            D::Lost,
            D::Return,
            D::Cancel,
            D::Etc,
        ]
        .map(D::as_str);
        assert_eq!(
            all,
            [
                "READY",
                "RECEIPT",
                "PRE_SHIPPING",
                "SHIPPING",
                "ARRIVAL",
                "LOST",
                "RETURN",
                "CANCEL",
                "ETC"
            ]
        );
        assert_eq!(
            [IssueType::Issue.as_str(), IssueType::Reissue.as_str()],
            ["ISSUE", "REISSUE"]
        );
        assert_eq!(
            [Requester::App.as_str(), Requester::Cc.as_str()],
            ["APP", "CC"]
        );
    }

    #[test]
    fn only_pre_physical_open_applications_are_cancellable() {
        use ApplicationStatus as S;
        let cancellable: Vec<_> = [
            S::Ready,
            S::CostPaying,
            S::CostPaid,
            S::CostPayFailed,
            S::DigitalIssued,
            S::PhysicalIssued,
            S::Shipping,
            S::Cancel,
            S::IssueFailed,
            S::Returned,
            S::Complete,
        ]
        .into_iter()
        .filter(|s| s.is_cancellable())
        .map(S::as_str)
        .collect();
        assert_eq!(
            cancellable,
            ["READY", "COST_PAYING", "COST_PAID", "DIGITAL_ISSUED"]
        );
    }
}
