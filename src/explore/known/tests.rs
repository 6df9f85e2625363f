use super::*;

fn profile(fixtures: &str) -> Profile {
    let text = format!(
        "environment: mock\nasp-id: \"000170000000000\"\ntime-zone: KST\ncredentials:\n  access-key: {{ env: A, test-default: a }}\n  secret-key: {{ env: S, test-default: s }}\nvars:\n  member:\n    active: {{ userId: 1 }}\n    noCards: {{ userId: 1 }}\n    other: {{ userId: 2 }}\n  card:\n    a: {{ cardNo: \"11\", par: \"P1\" }}\n    b: {{ cardNo: \"11\", par: \"P1\" }}\n    c: {{ cardNo: \"22\" }}\nfixtures:\n{fixtures}"
    );
    crate::profile::load_str(std::path::Path::new("t.yaml"), &text).unwrap()
}

fn key(kind: &str) -> Option<String> {
    Some(if kind == "member" { "userId" } else { "cardNo" }.to_string())
}

#[test]
fn one_value_under_two_names_is_one_fixture_and_an_owner_is_a_member_value() {
    let p = profile("  card.a: { owner: member.active }\n  card.b: { status: SUSPENDED }\n");
    let d = Declared::new(&p, &key);
    let card = d.id("card.b").unwrap().clone();
    assert_eq!(card, ("card".to_string(), "\"11\"".to_string()));
    assert_eq!(d.id("card.a"), Some(&card));
    assert_eq!(d.get(&card, Prop::Owner), Some(("1", "card.a")));
    assert_eq!(d.get(&card, Prop::Status), Some(("SUSPENDED", "card.b")));
    // member.noCards holds member.active's value: the same member owns card.a.
    assert_eq!(d.id("member.noCards").unwrap().1, "1");
    assert_eq!(d.names(&card).collect::<Vec<_>>(), ["card.a", "card.b"]);
    assert_eq!(d.disputed().count(), 0);
}

#[test]
fn two_names_of_one_fixture_that_disagree_are_relied_on_for_neither() {
    let p = profile(
        "  card.a: { status: ACTIVE, owner: member.active }\n  card.b: { status: TERMINATED }\n",
    );
    let d = Declared::new(&p, &key);
    let card = d.id("card.a").unwrap().clone();
    assert_eq!(d.get(&card, Prop::Status), None);
    assert_eq!(d.get(&card, Prop::Owner), Some(("1", "card.a")));
    assert_eq!(
        d.disputed().collect::<Vec<_>>(),
        [(Prop::Status, "card.a", "card.b")]
    );
}

#[test]
fn the_run_overrides_the_profile_and_an_undeclared_property_names_itself() {
    let p = profile("  card.a: { status: ACTIVE }\n");
    let d = Declared::new(&p, &key);
    let mut ledger = Ledger::new(&d);
    let card = d.id("card.a").unwrap().clone();
    let declared = Knowledge::Known("ACTIVE".into(), From::Declared("card.a".into()));
    assert_eq!(ledger.get(&card, Some("card.b"), Prop::Status), declared);
    ledger.set(
        &card,
        Prop::Status,
        Knowledge::Known("SUSPENDED".into(), From::Changed(2)),
    );
    let changed = ledger.get(&card, None, Prop::Status);
    assert_eq!(
        changed,
        Knowledge::Known("SUSPENDED".into(), From::Changed(2))
    );
    let Knowledge::Unknown(why) = ledger.get(&card, Some("card.b"), Prop::Expires) else {
        panic!("expiry is not declared");
    };
    assert_eq!(
        why.to_string(),
        "`card.b: expires`, which the profile does not declare"
    );
    let c = d.id("card.c").unwrap().clone();
    ledger.set(
        &c,
        Prop::Expires,
        Knowledge::Known("later".into(), From::Answered(0)),
    );
    assert_eq!(
        ledger.shown(),
        [("card.c".to_string(), Prop::Expires, "later".to_string())]
    );
}
