//! Which documented facts a target profile turns the checks of off, and by which setting: what
//! the documentation coverage ([`super::fact_coverage`]) gives as the reason a fact was not
//! exercised, where no case reaching it is not the whole story.
//!
//! - `message-texts: any`: the Message of every Response Code row (the `message-text` check
//!   holds the target to no text);
//! - encryption off (`encryption.enabled`, or `KONAPLATE_ENCRYPTION`): the Encrypted flags and
//!   the `X-KM-Crypto-Key-Id` headers (nothing travels encrypted, so no key id is sent or
//!   answered);
//! - `stateful: false`: the lifecycle rules (the scenarios that show them are set aside).

use crate::facts::{Aspect, Fact, Kind};
use crate::profile::{MessageTexts, Profile};

/// The header that names the key of an encrypted body.
const KEY_ID: &str = "X-KM-Crypto-Key-Id";

/// What a profile turns off. The default turns nothing off: a run that knows no profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TurnedOff {
    /// `message-texts: any`.
    pub any_text: bool,
    /// Encryption is off.
    pub plain: bool,
    /// `stateful: false`.
    pub stateless: bool,
}

impl TurnedOff {
    /// Nothing turned off.
    pub fn none() -> TurnedOff {
        TurnedOff::default()
    }

    /// What `profile` turns off.
    pub fn of(profile: &Profile) -> TurnedOff {
        TurnedOff {
            any_text: profile.file.message_texts == MessageTexts::Any,
            plain: !profile.encrypts(),
            stateless: !profile.file.stateful,
        }
    }

    /// The setting that turns the checks of `fact` off, in the profile's words; `None` when
    /// none does.
    pub fn why(&self, fact: &Fact) -> Option<String> {
        let key_id = fact.kind == Kind::Header && fact.subject.ends_with(&format!(".{KEY_ID}"));
        if self.any_text && fact.kind == Kind::Code && fact.aspect == Some(Aspect::Message) {
            Some("message-texts: any".into())
        } else if self.plain && (fact.kind == Kind::Encryption || key_id) {
            Some("encryption off".into())
        } else if self.stateless && fact.kind == Kind::Lifecycle {
            Some("stateful: false".into())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::spec;

    #[test]
    fn each_setting_turns_off_its_facts_and_no_other() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let spec = spec::load(&root.join(spec::DEFAULT_SPEC_PATH)).unwrap();
        let ledger = spec.ledger();
        let fact = |id: &str| ledger.get(id).unwrap_or_else(|| panic!("{id}"));
        let message = fact("cardStatusChange.code.003_022.message");
        let key_id = fact("cardDeliveryCancel.responseHeader.X-KM-Crypto-Key-Id.length");
        let encrypted = fact("cardDeliveryCancel.encryption.response");
        let rule = fact("cardDeliveryCancel.lifecycle.same-day-only");
        let status = fact("cardStatusChange.code.003_022.status");
        let all = TurnedOff {
            any_text: true,
            plain: true,
            stateless: true,
        };
        assert_eq!(all.why(message).as_deref(), Some("message-texts: any"));
        assert_eq!(all.why(key_id).as_deref(), Some("encryption off"));
        assert_eq!(all.why(encrypted).as_deref(), Some("encryption off"));
        assert_eq!(all.why(rule).as_deref(), Some("stateful: false"));
        assert_eq!(all.why(status), None);
        for f in [message, key_id, encrypted, rule, status] {
            assert_eq!(TurnedOff::none().why(f), None, "{}", f.id);
        }
    }
}
