//! Loading profiles: defaults, checks, encryption settings and keys, the committed profiles.

use std::path::Path;

use super::*;

fn load(text: &str) -> Result<Profile, InputError> {
    load_str(Path::new("p.yaml"), text)
}

const OK: &str = "environment: sandbox\nasp-id: \"000170000000000\"\ntime-zone: KST\ncredentials:\n  access-key: { env: A }\n  secret-key: { env: S }\nvars:\n  member: { active: { userId: 9999999999999999999 } }\n";

#[test]
fn reads_a_profile_and_keeps_integer_vars_exact() {
    let p = load(OK).unwrap();
    assert_eq!(p.zone.offset_secs, 9 * 3600);
    assert_eq!(
        p.var("member.active.userId").and_then(Value::as_u64),
        Some(9_999_999_999_999_999_999)
    );
    assert_eq!(p.var_names(), vec!["member.active.userId".to_string()]);
}

#[test]
fn test_defaults_are_refused_outside_mock_profiles() {
    let text = OK.replace("{ env: S }", "{ env: S, test-default: x }");
    let e = load(&text).unwrap_err();
    assert!(e.message.contains("only in a `mock` profile"), "{e}");
    assert_eq!(e.pos.map(|p| p.line), Some(6));
}

#[test]
fn environment_variable_names_must_be_plain_names() {
    // A name is pasted into `${...}` by whoever reads it: a generated script, a shell.
    for (from, to, line) in [
        ("{ env: S }", "{ env: \"S}$(id)${A\" }", 6),
        ("{ env: A }", "{ env: \"X[$(id)]\" }", 5),
        ("{ env: A }", "{ env: \"\" }", 5),
    ] {
        let e = load(&OK.replace(from, to)).unwrap_err();
        assert!(
            e.message.contains("not an environment variable name"),
            "{e}"
        );
        assert_eq!(e.pos.map(|p| p.line), Some(line), "{to}");
    }
    let enc = "encryption:\n  server-public-key: { path: x.pem }\n  client-private-key: { env: \"A B\" }\n";
    let e = load(&format!("{OK}{enc}")).unwrap_err();
    assert!(
        e.message.contains("not an environment variable name"),
        "{e}"
    );
}

#[test]
fn unknown_zone_gets_a_suggestion() {
    let e = load(&OK.replace("KST", "KTS")).unwrap_err();
    assert_eq!(e.help.as_deref(), Some("did you mean `KST`?"));
    assert_eq!(e.pos.map(|p| p.line), Some(3));
}

#[test]
fn bad_base_url_is_an_input_error() {
    let e = load(&format!("base-url: \"not a url\"\n{OK}")).unwrap_err();
    assert!(e.message.contains("invalid base URL"), "{e}");
}

const ENC: &str = "encryption:\n  server-public-key: { path: ../../tests/keys/server-public-TEST-ONLY.pem }\n  client-private-key: { env: KP_TEST_SURELY_UNSET_CLIENT_KEY }\n";

fn at_targets(text: &str) -> Profile {
    load_str(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("cases/targets/p.yaml"),
        text,
    )
    .unwrap()
}

#[test]
fn encryption_settings_default_to_on_and_a128gcm() {
    let p = at_targets(&format!("{OK}{ENC}"));
    assert!(p.encrypts());
    assert_eq!(p.request_enc(), Enc::A128Gcm);
    let p = at_targets(&format!(
        "{OK}{}",
        ENC.replace(
            "encryption:\n",
            "encryption:\n  enc: A256GCM\n  enabled: false\n"
        )
    ));
    assert!(!p.encrypts());
    assert_eq!(p.request_enc(), Enc::A256Gcm);
    assert!(!load(OK).unwrap().encrypts());
}

#[test]
fn encryption_settings_are_checked() {
    let e = load(&format!("{OK}{}", ENC.replace("enc", "ecn"))).unwrap_err();
    assert!(e.to_string().contains("ecn"), "{e}");
    let e = load(&format!(
        "{OK}{}",
        ENC.replace("encryption:\n", "encryption:\n  enc: A192GCM\n")
    ))
    .unwrap_err();
    assert!(e.to_string().contains("A192GCM"), "{e}");
    let e = load(&format!(
        "{OK}encryption:\n  server-public-key: {{}}\n  client-private-key: {{ env: X }}\n"
    ))
    .unwrap_err();
    assert!(e.message.contains("needs `env`, `path` or both"), "{e}");
    assert_eq!(e.pos.map(|p| p.line), Some(10));
    let e = load(&format!(
        "{OK}encryption:\n  server-public-key: {{ file: x }}\n  client-private-key: {{ env: X }}\n"
    ))
    .unwrap_err();
    assert!(e.to_string().contains("file"), "{e}");
}

#[test]
fn keys_resolve_relative_to_the_profile_and_missing_ones_say_what_to_set() {
    let p = at_targets(&format!("{OK}{ENC}"));
    assert_eq!(p.server_public_key().unwrap().bits(), 2048);
    let e = p.client_private_key().unwrap_err();
    assert!(
        e.contains("`KP_TEST_SURELY_UNSET_CLIENT_KEY` is not set")
            && e.contains("export KP_TEST_SURELY_UNSET_CLIENT_KEY="),
        "{e}"
    );
    assert!(p.check_keys().is_err());
    let p = at_targets(&format!(
        "{OK}{}",
        ENC.replace("server-public-TEST-ONLY", "nowhere")
    ));
    let e = p.server_public_key().unwrap_err();
    assert!(
        e.contains("cannot read the server public key file") && e.contains("nowhere.pem"),
        "{e}"
    );
    let p = at_targets(&format!(
        "{OK}{}",
        ENC.replace("server-public-TEST-ONLY", "client-private-TEST-ONLY")
    ));
    let e = p.server_public_key().unwrap_err();
    assert!(e.contains("is not usable: no PUBLIC KEY"), "{e}");
    let no_enc = at_targets(OK);
    assert!(
        no_enc
            .client_private_key()
            .unwrap_err()
            .contains("no `encryption` settings")
    );
    assert!(no_enc.check_keys().is_ok());
}

#[test]
fn encryption_can_be_switched() {
    let mut p = at_targets(&format!("{OK}{ENC}"));
    p.set_encryption("off").unwrap();
    assert!(!p.encrypts());
    p.set_encryption("ON").unwrap();
    assert!(p.encrypts());
    assert!(
        p.set_encryption("maybe")
            .unwrap_err()
            .message
            .contains("`on` or `off`")
    );
    let mut plain = at_targets(OK);
    plain.set_encryption("0").unwrap();
    assert!(
        plain
            .set_encryption("1")
            .unwrap_err()
            .message
            .contains("no `encryption` settings")
    );
}

#[test]
fn the_profile_schema_describes_encryption() {
    let schema = serde_json::to_string(&schemars::schema_for!(ProfileFile)).unwrap();
    for needle in ["server-public-key", "client-private-key", "A256GCM"] {
        assert!(schema.contains(needle), "{needle}");
    }
}

#[test]
fn the_committed_profiles_load_and_the_mock_keys_are_there() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mock = load_str(
        &root.join(DEFAULT_TARGET_PATH),
        &std::fs::read_to_string(root.join(DEFAULT_TARGET_PATH)).unwrap(),
    )
    .unwrap();
    assert!(mock.encrypts());
    mock.check_keys().unwrap();
    let sandbox_path = root.join("cases/targets/sandbox.yaml");
    let sandbox = load_str(
        &sandbox_path,
        &std::fs::read_to_string(&sandbox_path).unwrap(),
    )
    .unwrap();
    assert!(sandbox.encrypts());
}

#[test]
fn secrets_never_show_in_debug() {
    assert_eq!(format!("{:?}", Secret::new("hunter2")), "[REDACTED]");
}

#[test]
fn message_texts_are_documented_unless_the_profile_says_any_or_gives_its_own() {
    let p = load(OK).unwrap();
    assert_eq!(p.texts(), Texts::documented());
    let any = load(&format!("{OK}message-texts: any\n")).unwrap();
    assert_eq!(
        any.texts().expected("003_022", "Card already terminated"),
        None
    );
    let own = format!("{OK}localised-texts: {{ \"003_022\": \"해지된 카드\" }}\n");
    let own = load(&own).unwrap();
    let texts = own.texts();
    assert_eq!(
        texts.expected("003_022", "Card already terminated"),
        Some("해지된 카드")
    );
    assert_eq!(texts.expected("000_000", "Success."), Some("Success."));
    let e = load(&format!("{OK}message-texts: korean\n")).unwrap_err();
    assert!(e.message.contains("unknown variant `korean`"), "{e}");
}
