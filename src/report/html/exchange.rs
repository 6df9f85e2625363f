//! A case's exchange, masked: the request as sent and the answer as received, headers in
//! tables and bodies pretty-printed when they are JSON.

use maud::{Markup, html};

use super::super::code_matrix::human_duration;
use crate::outcome::Exchange;

/// The request and the answer.
pub fn render(x: &Exchange) -> Markup {
    let encrypted = |yes: bool| {
        if yes {
            " (travelled as JWE; shown decrypted)"
        } else {
            ""
        }
    };
    html! {
        h4 { "Request" (encrypted(x.encryption.request)) }
        p { code { (x.request.method) " " (x.request.url) } }
        (headers("Request headers", &x.request.headers))
        (body(&x.request.body))
        @match &x.response {
            Some(r) => {
                h4 { "Answer: HTTP " (r.status) (encrypted(x.encryption.response)) " after " (human_duration(x.elapsed)) }
                (headers("Answer headers", &r.headers))
                (body(&r.body))
            }
            None => { p { "No answer." } }
        }
    }
}

fn headers(title: &str, hs: &[(String, String)]) -> Markup {
    html! {
        @if !hs.is_empty() {
            table.headers {
                caption { (title) }
                thead { tr { th scope="col" { "Name" } th scope="col" { "Value" } } }
                tbody { @for (n, v) in hs { tr { th scope="row" { code { (n) } } td { code { (v) } } } } }
            }
        }
    }
}

/// A body, pretty-printed when it is JSON (it is masked already, so re-printing it changes
/// only the layout).
fn body(text: &str) -> Markup {
    let pretty = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok());
    html! {
        @if !text.is_empty() { pre.body { (pretty.as_deref().unwrap_or(text)) } }
    }
}
