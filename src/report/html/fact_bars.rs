//! The documentation-coverage picture, ready for its data: one bar per row (a page, an
//! operation, a kind of fact), split into the facts the run held, broke and did not exercise,
//! each part a colour and a number, and the total. The documentation coverage section
//! (`facts`) gives it one row per operation.

use maud::{Markup, html};

use super::svg::{num, picture, text_width};

/// One bar: a label and how many of its facts the run held, broke and did not exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactRow {
    /// What the bar is of.
    pub label: String,
    /// Facts a check held.
    pub held: usize,
    /// Facts a check found broken.
    pub broken: usize,
    /// Facts no check exercised.
    pub not_exercised: usize,
}

const BAR: f64 = 360.0;
const ROW: f64 = 26.0;
const PAD: f64 = 8.0;

/// The three parts of a bar: class, word.
const PARTS: [(&str, &str); 3] = [
    ("pass", "held"),
    ("fail", "broken"),
    ("none", "not exercised"),
];

/// The picture of `rows`, each bar as long as the longest row's total (so bars compare);
/// nothing when there is no row.
pub fn picture_of(rows: &[FactRow]) -> Option<Markup> {
    let most = rows.iter().map(total).max().filter(|&n| n > 0)?;
    let left = rows
        .iter()
        .map(|r| text_width(&r.label))
        .fold(0.0, f64::max)
        + PAD * 2.0;
    let width = left + BAR + 260.0;
    let height = rows.len() as f64 * ROW + PAD * 2.0;
    let scale = BAR / most as f64;
    let body = html! {
        @for (i, r) in rows.iter().enumerate() {
            @let y = PAD + i as f64 * ROW;
            @let counts = [r.held, r.broken, r.not_exercised];
            g.fact-bar {
                text.op x=(num(PAD)) y=(num(y + ROW / 2.0 + 2.0)) { (r.label) }
                @for (p, (class, _)) in PARTS.iter().enumerate() {
                    @let start: usize = counts[..p].iter().sum();
                    @if counts[p] > 0 {
                        rect class={ "cell " (class) } x=(num(left + start as f64 * scale)) y=(num(y + 3.0))
                            width=(num(counts[p] as f64 * scale)) height=(num(ROW - 8.0)) {}
                    }
                }
                text.numbers x=(num(left + BAR + PAD)) y=(num(y + ROW / 2.0 + 2.0)) { (words(r)) }
            }
        }
    };
    let desc = rows
        .iter()
        .map(|r| format!("{}: {}", r.label, words(r)))
        .collect::<Vec<_>>()
        .join("; ");
    Some(picture(
        "fact-coverage",
        (width, height),
        (
            "Documentation coverage: the facts each row held, broke and left unexercised",
            &desc,
        ),
        body,
    ))
}

fn total(r: &FactRow) -> usize {
    r.held + r.broken + r.not_exercised
}

/// `12 held · 1 broken · 3 not exercised (of 16)`.
fn words(r: &FactRow) -> String {
    let counts = [r.held, r.broken, r.not_exercised];
    let parts: Vec<String> = PARTS
        .iter()
        .zip(counts)
        .map(|((_, w), n)| format!("{n} {w}"))
        .collect();
    format!("{} (of {})", parts.join(" · "), total(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(label: &str, held: usize, broken: usize, not_exercised: usize) -> FactRow {
        FactRow {
            label: label.into(),
            held,
            broken,
            not_exercised,
        }
    }

    #[test]
    fn each_bar_is_split_into_its_parts_on_one_scale() {
        let svg = picture_of(&[
            row("cardStatusChange", 6, 2, 2),
            row("cardDeliveryCancel", 5, 0, 0),
        ])
        .unwrap()
        .into_string();
        assert!(
            svg.contains("6 held · 2 broken · 2 not exercised (of 10)"),
            "{svg}"
        );
        // The longest bar spans the whole width; five facts, half of it.
        let widths: Vec<&str> = svg
            .match_indices("width=\"")
            .map(|(i, _)| &svg[i + 7..i + 7 + svg[i + 7..].find('"').unwrap()])
            .collect();
        assert!(
            widths.contains(&"216") && widths.contains(&"72") && widths.contains(&"180"),
            "{widths:?}"
        );
        // No zero-width part.
        assert_eq!(svg.matches(r#"class="cell fail""#).count(), 1);
        assert!(picture_of(&[]).is_none());
        assert!(picture_of(&[row("empty", 0, 0, 0)]).is_none());
    }
}
