//! The values a script takes out of its requests, each under its own `KONAPLATE_REPLAY_*`
//! variable: an equal value is taken once, and no two values share a name.

use crate::report::shell::Name;

/// A value taken out: the stem of its variable's name, its hint and its value.
#[derive(Debug, Clone)]
pub(super) struct Taken {
    pub(super) base: String,
    pub(super) hint: String,
    pub(super) value: String,
}

/// The values taken out so far, each under its own variable; an equal value is taken once.
#[derive(Debug, Default)]
pub(super) struct Takeouts {
    named: Vec<(Name, Taken)>,
}

impl Takeouts {
    /// The index of `taken`'s variable, a new one unless the same value was taken before.
    pub(super) fn add(&mut self, taken: Taken) -> usize {
        if let Some(i) = self.named.iter().position(|(_, t)| t.value == taken.value) {
            return i;
        }
        let stem: String = taken
            .base
            .chars()
            .map(|c| match c {
                c if c.is_ascii_alphanumeric() => c.to_ascii_uppercase(),
                _ => '_',
            })
            .collect();
        let stem = format!("KONAPLATE_REPLAY_{stem}");
        let mut name = stem.clone();
        for k in 2.. {
            if !self.named.iter().any(|(n, _)| n.as_str() == name) {
                break;
            }
            name = format!("{stem}_{k}");
        }
        let name = Name::new(&name).expect("letters, digits and underscores");
        self.named.push((name, taken));
        self.named.len() - 1
    }

    pub(super) fn all(&self) -> &[(Name, Taken)] {
        &self.named
    }

    pub(super) fn name(&self, i: usize) -> &Name {
        &self.named[i].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_values_share_a_variable_and_names_never_collide() {
        let mut t = Takeouts::default();
        let taken = |base: &str, value: &str| Taken {
            base: base.into(),
            hint: String::new(),
            value: value.into(),
        };
        assert_eq!(t.add(taken("cardNo", "1")), 0);
        assert_eq!(t.add(taken("oldCardNo", "1")), 0);
        assert_eq!(t.add(taken("cardNo", "2")), 1);
        assert_eq!(t.add(taken("card-no\n$(x)", "3")), 2);
        let names: Vec<&str> = t.all().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "KONAPLATE_REPLAY_CARDNO",
                "KONAPLATE_REPLAY_CARDNO_2",
                "KONAPLATE_REPLAY_CARD_NO___X_"
            ]
        );
    }
}
