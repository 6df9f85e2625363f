use serde_json::Value;

use super::*;
use crate::case::file::CaseFile;
use crate::explore::testing::{menu, project};

fn literal(v: &Arg) -> Option<&Value> {
    match v {
        Arg::Literal(l) => Some(l),
        _ => None,
    }
}

#[test]
fn a_seed_gives_one_sequence_and_the_guard_keeps_state_changes_out() {
    let menu = menu(true);
    assert_eq!(menu.sequence(9, 40), menu.sequence(9, 40));
    assert_ne!(menu.sequence(9, 40), menu.sequence(10, 40));
    let all = menu.sequence(9, 400);
    let (_, ops, _) = project();
    let changes = |s: &Step| ops.get(&s.operation).unwrap().state_changing;
    assert!(all.iter().any(changes));
    assert!(all.iter().any(|s| s.operation == "cardDeliveryCancel"
        && matches!(s.arg("cardApplyNo"), Some(Arg::Captured { .. }))));
    assert!(all.iter().any(|s| {
        s.args
            .iter()
            .any(|(f, a)| f != "status" && literal(a).is_some())
    }));
    let reads = super::super::testing::menu(false).sequence(9, 400);
    assert!(!reads.iter().any(changes));
}

#[test]
fn every_operation_of_the_spec_is_on_the_menu_and_drawn() {
    let (spec, _, _) = project();
    let menu = menu(true);
    let on_menu: Vec<&str> = menu.operations().collect();
    assert_eq!(on_menu, spec.operation_ids().collect::<Vec<_>>());
    let drawn: BTreeSet<String> = menu
        .sequence(1, 200)
        .into_iter()
        .map(|s| s.operation)
        .collect();
    assert_eq!(drawn.len(), spec.operations.len(), "{drawn:?}");
}

#[test]
fn fixtures_a_profile_lacks_are_never_chosen() {
    let (_, ops, profile) = project();
    let known = |v: &str| profile.var(v).is_some() && !v.starts_with("card.");
    let menu = Menu::new(ops, &known, &profile.var_names(), &|_| None, true);
    let text = menu
        .sequence(3, 400)
        .iter()
        .map(|a| a.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!text.contains("card."), "{text}");
    assert!(text.contains("application.cancellable"), "{text}");
    let ops_left: Vec<&str> = menu.operations().collect();
    assert!(!ops_left.contains(&"cardStatusChange"), "{ops_left:?}");
}

#[test]
fn declared_owners_pair_each_fixture_with_its_member() {
    let (_, ops, profile) = project();
    let owner = |f: &str| (f == "card.foreign").then(|| "member.other".to_string());
    let menu = Menu::new(
        ops,
        &|v| profile.var(v).is_some(),
        &profile.var_names(),
        &owner,
        true,
    );
    let steps = menu.sequence(5, 400);
    let owned_foreign = steps.iter().filter(|s| {
        s.operation == "cardStatusChange"
            && s.arg("cardNo") == Some(&Arg::var("card.foreign.cardNo"))
            && s.arg("userId") == Some(&Arg::var("member.other.userId"))
    });
    assert!(owned_foreign.count() > 0);
}

/// A throwaway sixth operation: a spec path and a case file, no code. It is on the menu,
/// drawn, and its request is filled from the profile's variables as its case says.
#[test]
fn a_sixth_operation_is_its_spec_entry_and_its_case_file() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join(crate::spec::DEFAULT_SPEC_PATH)).unwrap();
    let sixth = r##"paths:
  /api/v1/card/delivery/address:
    post:
      operationId: cardDeliveryAddress
      summary: A throwaway operation of this test
      x-seed: none.txt
      x-state-changing: true
      x-encryption: { request: false, response: false }
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                userId: { $ref: '#/components/schemas/UserId' }
                cardApplyNo: { type: string, minLength: 22, maxLength: 22 }
                zipCode: { type: string, minLength: 5, maxLength: 5 }
      responses:
        '200':
          description: Success.
          content:
            application/json:
              schema: { $ref: '#/components/schemas/CardStatusChangeResponse' }
      x-error-codes:
        - { code: "000_000", http: 200, message: "Success.", description: "Success" }
      x-test-data:
        - { label: "200 - Test succeeded", code: "000_000", http: 200 }
"##;
    let spec = crate::spec::load_str(
        &root.join(crate::spec::DEFAULT_SPEC_PATH),
        &text.replacen("paths:\n", sixth, 1),
    )
    .unwrap();
    let case = r#"
operation: cardDeliveryAddress
cases:
  - id: success
    request:
      body:
        userId: "{{member.active.userId}}"
        cardApplyNo: "{{application.shipping.cardApplyNo}}"
        zipCode: "{{address.zipCode}}"
    expect: { status: 200, code: "000_000" }
"#;
    let mut files: Vec<CaseFile> = crate::yaml::files_in(&root.join("cases"))
        .unwrap()
        .iter()
        .map(|p| crate::yaml::parse(p, &std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    files.push(crate::yaml::parse(std::path::Path::new("sixth.yaml"), case).unwrap());
    let ops = Operations::from_cases(&spec, &files);
    let (_, _, profile) = project();
    let menu = Menu::new(
        &ops,
        &|v| profile.var(v).is_some(),
        &profile.var_names(),
        &|_| None,
        true,
    );
    assert_eq!(menu.operations().count(), 6);
    let sixth: Vec<Step> = menu
        .sequence(1, 300)
        .into_iter()
        .filter(|s| s.operation == "cardDeliveryAddress")
        .collect();
    assert!(!sixth.is_empty());
    let body = sixth[0].body(&|a| match a {
        Arg::Var(v) => profile.var(v).cloned(),
        Arg::Literal(l) => Some(l.clone()),
        Arg::Captured { .. } => None,
    });
    let body = body.unwrap();
    assert!(
        body["userId"].is_u64() && body["zipCode"] == "06236",
        "{body}"
    );
    assert!(sixth.iter().all(|s| s.arg("cardApplyNo").is_some()));
    // Without its case file, the operation cannot be filled, and is left off the menu.
    let without = Operations::from_cases(&spec, &files[..files.len() - 1]);
    let menu = Menu::new(
        &without,
        &|v| profile.var(v).is_some(),
        &profile.var_names(),
        &|_| None,
        true,
    );
    assert_eq!(menu.operations().count(), 5);
}
