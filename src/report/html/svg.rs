//! What the page's pictures share: the `<svg>` frame with its text alternative, and numbers
//! written short.
//!
//! A picture is inline SVG written with [`maud`] like the rest of the page (every label is
//! escaped), so it loads nothing and the page's Content-Security-Policy needs no change. It is
//! coloured by the page's stylesheet through classes, never `style` attributes (the policy's
//! hash does not cover those), so the dark theme and print rules recolour it with the page.
//! Each one is `role="img"` with a `<title>` and a `<desc>` that say in words what it shows,
//! and the table it draws stays on the page.

use maud::{Markup, html};

/// An `<svg>` of `width` × `height` user units (also its size in CSS pixels, scaled down on a
/// narrow page), named by `title` and described by `desc` for a screen reader, with `body`
/// drawn inside.
pub fn picture(
    id: &str,
    (width, height): (f64, f64),
    (title, desc): (&str, &str),
    body: Markup,
) -> Markup {
    let (t, d) = (format!("{id}-title"), format!("{id}-desc"));
    html! {
        svg.picture id=(id) xmlns="http://www.w3.org/2000/svg" role="img"
            width=(num(width)) height=(num(height))
            viewBox={ "0 0 " (num(width)) " " (num(height)) }
            aria-labelledby={ (t) " " (d) } {
            title id=(t) { (title) }
            desc id=(d) { (desc) }
            (body)
        }
    }
}

/// A coordinate or length to one decimal, without a trailing `.0`: short numbers keep the
/// page small and far from the masking guard's card-number lengths.
pub fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// About how wide `text` is in the pictures' 11px monospace font.
pub fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * 6.7
}

/// A duration in milliseconds as a person reads it, to three significant digits at most:
/// `0.42 ms`, `12.3 ms`, `845 ms`, `1.25 s`. Finer than
/// [`human_duration`](super::super::code_matrix::human_duration)'s whole milliseconds, which
/// would show every answer of a local mock as `1 ms`.
pub fn millis(ms: f64) -> String {
    if ms >= 1000.0 {
        let s = ms / 1000.0;
        if s >= 100.0 {
            format!("{s:.0} s")
        } else if s >= 10.0 {
            format!("{s:.1} s")
        } else {
            format!("{s:.2} s")
        }
    } else if ms >= 100.0 {
        format!("{ms:.0} ms")
    } else if ms >= 10.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.2} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(0.04), "0");
        assert_eq!(millis(0.4166), "0.42 ms");
        assert_eq!(millis(12.34), "12.3 ms");
        assert_eq!(millis(845.4), "845 ms");
        assert_eq!(millis(1254.0), "1.25 s");
        assert_eq!(millis(123_456.0), "123 s");
    }

    #[test]
    fn a_picture_is_an_image_named_and_described() {
        let svg = picture(
            "p",
            (100.0, 20.5),
            ("A <b>", "what it shows"),
            html! { rect; },
        )
        .into_string();
        assert!(svg.starts_with(r#"<svg class="picture" id="p" xmlns="http://www.w3.org/2000/svg" role="img" width="100" height="20.5" viewBox="0 0 100 20.5" aria-labelledby="p-title p-desc">"#), "{svg}");
        assert!(
            svg.contains(
                r#"<title id="p-title">A &lt;b&gt;</title><desc id="p-desc">what it shows</desc>"#
            ),
            "{svg}"
        );
    }
}
