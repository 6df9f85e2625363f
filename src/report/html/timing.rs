//! How long each operation's answers took: per operation, every answer as a dot on one shared
//! time axis, with its minimum, median, 95th percentile and maximum marked and written out,
//! which is what a sandbox user holds against an SLA; then the same numbers as a table.
//!
//! A time is an exchange's `elapsed` (from sending the request to the end of the answer's
//! body), over the cases and every step of the scenarios; a request that got no answer is
//! counted apart, not as a time. Percentiles are nearest-rank: each is an answer that came.

use maud::{Markup, html};

use super::super::answer_times::AnswerTimes;
use super::svg::{millis, num, picture, text_width};
use crate::spec::Spec;

/// The plot's width, a row's height, the gaps.
const PLOT: f64 = 480.0;
const ROW: f64 = 46.0;
const PAD: f64 = 8.0;
const AXIS: f64 = 24.0;
const KEY: f64 = 24.0;
/// At most this many dots per operation: beyond, evenly spaced ones of the sorted times
/// (the marks and numbers still use them all).
const MAX_DOTS: usize = 400;

/// One operation's answer times.
#[derive(Debug, Clone, PartialEq)]
struct Times {
    operation: String,
    /// Milliseconds, sorted.
    ms: Vec<f64>,
    /// Requests that got no answer.
    unanswered: usize,
}

/// The four numbers of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Marks {
    min: f64,
    median: f64,
    p95: f64,
    max: f64,
}

impl Times {
    /// `None` when nothing was answered.
    fn marks(&self) -> Option<Marks> {
        let rank = |q: f64| {
            let n = self.ms.len() as f64;
            let i = (q * n).ceil().max(1.0) as usize - 1;
            self.ms[i.min(self.ms.len() - 1)]
        };
        Some(Marks {
            min: *self.ms.first()?,
            median: rank(0.5),
            p95: rank(0.95),
            max: *self.ms.last()?,
        })
    }
}

/// The answer times by operation, in the spec's order (operations with no request left out),
/// in milliseconds, sorted.
fn times(spec: &Spec, answer_times: &AnswerTimes) -> Vec<Times> {
    spec.operations
        .iter()
        .filter_map(|op| {
            let t = answer_times.get(&op.id)?;
            let mut ms: Vec<f64> = t
                .answered
                .iter()
                .map(|d| d.as_secs_f64() * 1000.0)
                .collect();
            ms.sort_by(f64::total_cmp);
            Some(Times {
                operation: op.id.clone(),
                ms,
                unanswered: t.unanswered,
            })
        })
        .collect()
}

/// The section: the picture and its table.
pub fn section(spec: &Spec, answer_times: &AnswerTimes) -> Markup {
    let times = times(spec, answer_times);
    html! {
        section id="timing" aria-labelledby="timing-h" {
            h2 id="timing-h" { "Answer times" }
            p { "How long each answer took, from sending the request to the end of its body, by operation: every answer is a dot; the marks are the minimum, the median, the 95th percentile and the maximum." }
            @if times.iter().all(|t| t.ms.is_empty()) {
                p.muted { "No request was answered." }
            } @else {
                (picture_of(&times))
                (table(&times))
            }
        }
    }
}

/// A round top for the axis: 1, 2 or 5 times a power of ten, at least `max`.
fn axis_end(max: f64) -> f64 {
    let max = max.max(0.001);
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&v| v >= max)
        .unwrap_or(10.0 * power)
}

fn picture_of(times: &[Times]) -> Markup {
    let left = times
        .iter()
        .map(|t| text_width(&t.operation))
        .fold(0.0, f64::max)
        + PAD * 2.0;
    let end = axis_end(
        times
            .iter()
            .filter_map(|t| t.ms.last().copied())
            .fold(0.0, f64::max),
    );
    let x = |ms: f64| left + ms / end * PLOT;
    let height = times.len() as f64 * ROW + AXIS + KEY;
    let width = left + PLOT + PAD * 4.0;
    let axis_y = times.len() as f64 * ROW + 4.0;
    let body = html! {
        @for i in 0..=5 {
            @let at = x(end * f64::from(i) / 5.0);
            line.grid x1=(num(at)) x2=(num(at)) y1="0" y2=(num(axis_y)) {}
            text.tick x=(num(at)) y=(num(axis_y + 14.0)) text-anchor="middle" { (tick(end * f64::from(i) / 5.0)) }
        }
        (key(left, axis_y + 34.0))
        @for (r, t) in times.iter().enumerate() {
            (row(t, r as f64 * ROW, left, &x))
        }
    };
    let desc = times.iter().map(describe).collect::<Vec<_>>().join("; ");
    picture(
        "timing",
        (width, height),
        (
            "Answer times by operation",
            &format!("{desc}. The table below has the same numbers."),
        ),
        body,
    )
}

/// An axis label: `0`, `10 ms`, `2.5 ms`, `1.5 s`.
fn tick(ms: f64) -> String {
    if ms == 0.0 {
        return "0".to_string();
    }
    let text = millis(ms);
    let (number, unit) = text.split_once(' ').unwrap_or((&text, ""));
    let number = if number.contains('.') {
        number.trim_end_matches('0').trim_end_matches('.')
    } else {
        number
    };
    format!("{number} {unit}")
}

/// What the marks mean.
fn key(x: f64, y: f64) -> Markup {
    html! {
        g.key {
            circle.dot cx=(num(x + 4.0)) cy=(num(y - 4.0)) r="3" {}
            text x=(num(x + 12.0)) y=(num(y)) { "an answer" }
            line.median x1=(num(x + 100.0)) x2=(num(x + 100.0)) y1=(num(y - 12.0)) y2=(num(y + 3.0)) {}
            text x=(num(x + 108.0)) y=(num(y)) { "median" }
            line.p95 x1=(num(x + 170.0)) x2=(num(x + 170.0)) y1=(num(y - 12.0)) y2=(num(y + 3.0)) {}
            text x=(num(x + 178.0)) y=(num(y)) { "95th percentile" }
            line.range x1=(num(x + 290.0)) x2=(num(x + 320.0)) y1=(num(y - 4.0)) y2=(num(y - 4.0)) {}
            text x=(num(x + 326.0)) y=(num(y)) { "min to max" }
        }
    }
}

/// One operation: its label, its dots, the min–max line, the median and p95 marks, the numbers.
fn row(t: &Times, y: f64, left: f64, x: &dyn Fn(f64) -> f64) -> Markup {
    let mid = y + 14.0;
    let step = t.ms.len().div_ceil(MAX_DOTS).max(1);
    html! {
        g.times {
            text.op x=(num(PAD)) y=(num(mid + 4.0)) { (t.operation) }
            @if let Some(m) = t.marks() {
                line.range x1=(num(x(m.min))) x2=(num(x(m.max))) y1=(num(mid)) y2=(num(mid)) {}
                @for ms in t.ms.iter().step_by(step) {
                    circle.dot cx=(num(x(*ms))) cy=(num(mid)) r="3" {}
                }
                line.median x1=(num(x(m.median))) x2=(num(x(m.median))) y1=(num(mid - 9.0)) y2=(num(mid + 9.0)) {}
                line.p95 x1=(num(x(m.p95))) x2=(num(x(m.p95))) y1=(num(mid - 9.0)) y2=(num(mid + 9.0)) {}
                text.numbers x=(num(left)) y=(num(mid + 24.0)) { (numbers(t, m)) }
            } @else {
                text.numbers x=(num(left)) y=(num(mid + 4.0)) { "no answer (" (t.unanswered) " request(s))" }
            }
        }
    }
}

/// `min 0.31 ms · median 0.52 ms · p95 1.10 ms · max 2.40 ms · 42 answers`.
fn numbers(t: &Times, m: Marks) -> String {
    let mut s = format!(
        "min {} · median {} · p95 {} · max {} · {} answer(s)",
        millis(m.min),
        millis(m.median),
        millis(m.p95),
        millis(m.max),
        t.ms.len()
    );
    if t.unanswered > 0 {
        s.push_str(&format!(", {} unanswered", t.unanswered));
    }
    s
}

fn describe(t: &Times) -> String {
    match t.marks() {
        Some(m) => format!("{}: {}", t.operation, numbers(t, m)),
        None => format!("{}: no answer", t.operation),
    }
}

fn table(times: &[Times]) -> Markup {
    html! {
        table.timing {
            caption { "Answer times by operation" }
            thead { tr {
                th scope="col" { "Operation" } th scope="col" { "Answers" } th scope="col" { "Min" }
                th scope="col" { "Median" } th scope="col" { "p95" } th scope="col" { "Max" }
                th scope="col" { "No answer" }
            } }
            tbody {
                @for t in times {
                    tr {
                        th scope="row" { code { (t.operation) } }
                        td.num { (t.ms.len()) }
                        @if let Some(m) = t.marks() {
                            td.num { (millis(m.min)) } td.num { (millis(m.median)) }
                            td.num { (millis(m.p95)) } td.num { (millis(m.max)) }
                        } @else {
                            td.muted { "—" } td.muted { "—" } td.muted { "—" } td.muted { "—" }
                        }
                        td.num { (t.unanswered) }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(ms: &[f64]) -> Times {
        Times {
            operation: "op".into(),
            ms: ms.to_vec(),
            unanswered: 0,
        }
    }

    #[test]
    fn percentiles_are_answers_that_came_by_nearest_rank() {
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        let m = times(&twenty).marks().unwrap();
        assert_eq!((m.min, m.median, m.p95, m.max), (1.0, 10.0, 19.0, 20.0));
        let one = times(&[7.5]).marks().unwrap();
        assert_eq!(
            (one.min, one.median, one.p95, one.max),
            (7.5, 7.5, 7.5, 7.5)
        );
        assert_eq!(times(&[]).marks(), None);
    }

    #[test]
    fn axis_labels_are_short() {
        assert_eq!(tick(0.0), "0");
        assert_eq!(tick(10.0), "10 ms");
        assert_eq!(tick(2.5), "2.5 ms");
        assert_eq!(tick(1500.0), "1.5 s");
        assert_eq!(tick(400.0), "400 ms");
    }

    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!(axis_end(3.2), 5.0);
        assert_eq!(axis_end(0.42), 0.5);
        assert_eq!(axis_end(1200.0), 2000.0);
        assert_eq!(axis_end(10.0), 10.0);
    }

    #[test]
    fn a_row_draws_every_answer_and_writes_its_numbers() {
        let t = times(&[1.0, 2.0, 3.0, 4.0]);
        let svg = picture_of(&[t]).into_string();
        assert_eq!(
            svg.matches("<circle").count(),
            4 + 1,
            "four answers and the key's"
        );
        assert!(
            svg.contains("min 1.00 ms · median 2.00 ms · p95 4.00 ms · max 4.00 ms · 4 answer(s)"),
            "{svg}"
        );
        let many = times(&(0..1000).map(f64::from).collect::<Vec<_>>());
        let svg = picture_of(&[many]).into_string();
        assert!(svg.matches("<circle").count() <= MAX_DOTS + 1, "capped");
    }
}
