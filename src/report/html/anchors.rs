//! Where a case lives on the page: its row in the table of all cases (`case-N`) and, when it
//! failed, its article among the failures (`fail-N`). N is its place in report order, so the
//! ids are plain ASCII whatever the case is called.

use std::collections::HashMap;

use crate::outcome::{Outcome, Status};

/// The anchors of the cases of a run, by trial name.
pub struct Anchors<'a> {
    by_name: HashMap<&'a str, (usize, bool)>,
}

impl<'a> Anchors<'a> {
    /// The anchors of `ordered` (report order).
    pub fn new(ordered: &[&'a Outcome]) -> Anchors<'a> {
        let by_name = ordered
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.as_str(), (i, Status::of(&o.verdict).is_failing())))
            .collect();
        Anchors { by_name }
    }

    /// `case-N`, the id of the case's row.
    pub fn row(&self, name: &str) -> String {
        self.by_name
            .get(name)
            .map_or_else(|| "cases".to_string(), |(i, _)| format!("case-{i}"))
    }

    /// `fail-N`, the id of a failing case's article.
    pub fn article(&self, name: &str) -> String {
        self.by_name
            .get(name)
            .map_or_else(|| "failures".to_string(), |(i, _)| format!("fail-{i}"))
    }

    /// `#fail-N` for a failing case, else `#case-N`: where a link to the case should land.
    pub fn href(&self, name: &str) -> String {
        match self.by_name.get(name) {
            Some((_, true)) => format!("#{}", self.article(name)),
            _ => format!("#{}", self.row(name)),
        }
    }
}
