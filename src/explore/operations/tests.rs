use serde_json::json;

use super::*;
use crate::explore::testing::project;

#[test]
fn the_documented_cases_say_which_fixture_fills_each_field() {
    let (spec, ops, _) = project();
    let ids: Vec<&str> = ops.list.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, spec.operation_ids().collect::<Vec<_>>());
    let pre = ops.get("preIssueWaitingPhysical").unwrap();
    let physical = pre.object_slot().unwrap();
    assert_eq!(physical.kind, "physical");
    assert_eq!(
        physical.fields,
        [
            ("physicalCardNo".to_string(), "cardNo".to_string()),
            ("physicalCardExpDate".into(), "expDate".into()),
            ("physicalCardCVC".into(), "cvc".into()),
        ]
    );
    assert!(
        pre.alternatives
            .contains(&("physicalCardCVC".into(), Arg::var("physical.wrongCvc")))
    );
    assert!(
        pre.alternatives
            .contains(&("physicalCardCVC".into(), Arg::Literal(json!("12"))))
    );
    assert!(
        pre.pairs
            .contains(&("member.noCards".into(), "physical.noCards".into()))
    );
    let status = ops.get("cardStatusChange").unwrap();
    assert_eq!(
        status.choices,
        [(
            "status".to_string(),
            vec![json!("SUSPEND"), json!("RESUME")]
        )]
    );
    assert!(
        status
            .alternatives
            .contains(&("status".into(), Arg::Literal(json!("STOP"))))
    );
    // No case breaks cardNo: the schema's exact length gives a too-short value.
    assert!(
        status
            .alternatives
            .contains(&("cardNo".into(), Arg::Literal(json!("0".repeat(15)))))
    );
    let reissue = ops.get("expiredCardReissue").unwrap();
    assert_eq!(reissue.object_slot().unwrap().key(), "cardInfo.oldCardNo");
    assert!(
        reissue
            .fixed
            .contains(&("addressInfo.zipCode".into(), Arg::var("address.zipCode")))
    );
    assert!(reissue.field("cardInfo.oldCardNo").unwrap().inferred);
}

#[test]
fn the_specs_links_say_which_answers_feed_which_requests() {
    let (_, ops, _) = project();
    let cancel = ops.get("cardDeliveryCancel").unwrap();
    let from_reissue = cancel
        .links
        .iter()
        .find(|l| l.from == "expiredCardReissue")
        .unwrap();
    assert!(from_reissue.fields.contains(&(
        "cardApplyNo".to_string(),
        Source::Response("/cardApplyNo".into())
    )));
    assert!(from_reissue.fields.contains(&(
        "userId".to_string(),
        Source::Request("userInfo.userId".into())
    )));
    let status = ops.get("cardStatusChange").unwrap();
    assert!(status.links.iter().any(|l| l.from == "cardDeliveryCancel"
        && l.fields.contains(&(
            "cardNo".to_string(),
            Source::Response("/mobileCardNo".into())
        ))));
}

#[test]
fn an_operation_without_a_documented_success_case_is_unusable_with_the_reason() {
    let (spec, _, _) = project();
    let ops = Operations::from_cases(spec, &[]);
    assert_eq!(ops.list.len(), spec.operations.len());
    assert!(ops.list.iter().all(|s| s.unusable.is_some()));
}
