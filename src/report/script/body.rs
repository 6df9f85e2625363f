//! A request's body as the script writes it: literal bytes, with every value the masker would
//! hide taken out into an environment variable the user exports.
//!
//! A JSON body as serde_json writes it (every body the harness builds) is cut at its leaves:
//! each string or number that [`Masker::json_leaf`] changes where it sits is taken out, its
//! quotes left in the literal text. Any other body (a case's raw body, JSON written another
//! way) is literal when the masker leaves it alone, and taken out whole when it does not. The
//! pieces are checked against the body before they are used: put together with the values, they
//! give back the exact bytes, or the body is taken out whole.

use serde_json::Value;

use super::takeouts::{Taken, Takeouts};
use crate::mask::Masker;

/// A piece of a body: literal text, or the value taken out (an index into the takeouts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Part {
    Text(String),
    Out(usize),
}

/// The body of request `n` (from 1) as parts, taking its sensitive values out into `takeouts`.
pub(super) fn parts(body: &str, sealed: bool, n: usize, m: &Masker, t: &mut Takeouts) -> Vec<Part> {
    // A sealed body is the `{"encData":"<JWE>"}` the run sent: only the server's key opens it.
    if sealed {
        return vec![Part::Text(body.to_string())];
    }
    let json = serde_json::from_str::<Value>(body)
        .ok()
        .filter(|v| serde_json::to_string(v).ok().as_deref() == Some(body));
    if let Some(value) = json {
        let mut cut = Cut {
            masker: m,
            n,
            parts: Vec::new(),
            taken: Vec::new(),
            keys: Vec::new(),
            pointer: String::new(),
        };
        if cut.value(&value).is_some() && joined(&cut.parts, &cut.taken) == body {
            let ids: Vec<usize> = cut.taken.into_iter().map(|taken| t.add(taken)).collect();
            return cut
                .parts
                .into_iter()
                .map(|p| match p {
                    Part::Out(i) => Part::Out(ids[i]),
                    text => text,
                })
                .collect();
        }
    }
    if m.body(body) == body {
        return vec![Part::Text(body.to_string())];
    }
    let i = t.add(Taken {
        base: "BODY".into(),
        hint: format!(
            "the whole body of request {n}, masked: {}",
            m.excerpt(&m.body(body), 200)
        ),
        value: body.to_string(),
    });
    vec![Part::Out(i)]
}

/// The parts with the values put back in.
fn joined(parts: &[Part], taken: &[Taken]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(s) => s.as_str(),
            Part::Out(i) => taken[*i].value.as_str(),
        })
        .collect()
}

/// A JSON value written as serde_json writes it, cut at its sensitive leaves.
struct Cut<'a> {
    masker: &'a Masker,
    n: usize,
    parts: Vec<Part>,
    taken: Vec<Taken>,
    /// The object keys around the current value, outermost first.
    keys: Vec<String>,
    /// Its JSON pointer, for the hint.
    pointer: String,
}

impl Cut<'_> {
    fn text(&mut self, s: &str) {
        match self.parts.last_mut() {
            Some(Part::Text(t)) => t.push_str(s),
            _ => self.parts.push(Part::Text(s.to_string())),
        }
    }

    /// Writes `v`; `None` when a key is itself sensitive (the body is then taken out whole).
    fn value(&mut self, v: &Value) -> Option<()> {
        match v {
            Value::Object(map) => {
                self.text("{");
                for (i, (k, v)) in map.iter().enumerate() {
                    if self.masker.text(k) != *k {
                        return None;
                    }
                    if i > 0 {
                        self.text(",");
                    }
                    self.text(&serde_json::to_string(k).ok()?);
                    self.text(":");
                    let depth = self.pointer.len();
                    self.pointer
                        .push_str(&format!("/{}", k.replace('~', "~0").replace('/', "~1")));
                    self.keys.push(k.clone());
                    self.value(v)?;
                    self.keys.pop();
                    self.pointer.truncate(depth);
                }
                self.text("}");
            }
            Value::Array(items) => {
                self.text("[");
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        self.text(",");
                    }
                    let depth = self.pointer.len();
                    self.pointer.push_str(&format!("/{i}"));
                    self.value(v)?;
                    self.pointer.truncate(depth);
                }
                self.text("]");
            }
            leaf => self.leaf(leaf)?,
        }
        Some(())
    }

    fn leaf(&mut self, v: &Value) -> Option<()> {
        let keys: Vec<&str> = self.keys.iter().map(String::as_str).collect();
        let masked = self.masker.json_leaf(&keys, v);
        let written = serde_json::to_string(v).ok()?;
        if masked == *v {
            self.text(&written);
            return Some(());
        }
        // A string keeps its quotes in the text; the variable holds what is between them.
        let value = match v {
            Value::String(_) => {
                self.text("\"");
                written[1..written.len() - 1].to_string()
            }
            _ => written,
        };
        let shown = masked
            .as_str()
            .map_or_else(|| masked.to_string(), str::to_string);
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        self.taken.push(Taken {
            base: self.keys.last().map_or("VALUE", String::as_str).to_string(),
            hint: format!(
                "the value at {} of request {}, masked: {}",
                self.masker.text(pointer),
                self.n,
                self.masker.excerpt(&shown, 80)
            ),
            value,
        });
        self.parts.push(Part::Out(self.taken.len() - 1));
        if v.is_string() {
            self.text("\"");
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(body: &str, m: &Masker) -> (Vec<Part>, Takeouts) {
        let mut t = Takeouts::default();
        (parts(body, false, 1, m, &mut t), t)
    }

    #[test]
    fn card_values_leave_the_body_with_their_quotes_kept() {
        let m = Masker::default();
        let body = r#"{"cardNo":"9410000000000003","list":[4111111111111111],"userId":5}"#;
        let (parts, t) = cut(body, &m);
        assert_eq!(
            parts,
            [
                Part::Text(r#"{"cardNo":""#.into()),
                Part::Out(0),
                Part::Text(r#"","list":["#.into()),
                Part::Out(1),
                Part::Text(r#"],"userId":5}"#.into()),
            ]
        );
        let names: Vec<&str> = t.all().iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["KONAPLATE_REPLAY_CARDNO", "KONAPLATE_REPLAY_LIST"]);
        assert!(
            t.all()[0]
                .1
                .hint
                .contains("/cardNo of request 1, masked: 941000******0003")
        );
    }

    #[test]
    fn other_bodies_are_literal_or_taken_out_whole() {
        let m = Masker::default();
        let (parts, t) = cut("plain words", &m);
        assert_eq!(parts, [Part::Text("plain words".into())]);
        assert!(t.all().is_empty());
        let raw = "cardNo=4111111111111111";
        let (parts, t) = cut(raw, &m);
        assert_eq!(parts, [Part::Out(0)]);
        assert_eq!(t.all()[0].1.value, raw);
        assert_eq!(t.all()[0].0.as_str(), "KONAPLATE_REPLAY_BODY");
    }
}
