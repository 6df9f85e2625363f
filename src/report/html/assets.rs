//! The page's one stylesheet and one script, inlined, and the Content-Security-Policy that lets
//! exactly these two in and nothing else.
//!
//! `default-src 'none'` forbids every fetch (images, fonts, frames, connections); the inline
//! `<style>` and `<script>` are allowed by their SHA-256, not by `'unsafe-inline'`, so even
//! markup that slipped past escaping could not run a script or restyle the page. The page uses
//! no `style` attributes (a hash does not cover those).

use base64::Engine as _;

/// The stylesheet, inlined in `<style>`.
pub const CSS: &str = include_str!("report.css");

/// The filter script, inlined in `<script>` at the end of `<body>`.
pub const JS: &str = include_str!("report.js");

/// The policy, for `<meta http-equiv="Content-Security-Policy">`.
pub fn csp() -> String {
    format!(
        "default-src 'none'; style-src '{}'; script-src '{}'; base-uri 'none'; form-action 'none'",
        source_hash(CSS),
        source_hash(JS)
    )
}

/// `sha256-<base64>` of an inline element's text, as CSP hash sources are written.
fn source_hash(text: &str) -> String {
    let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest.as_ref())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_both_inline_assets_and_forbids_the_rest() {
        let csp = csp();
        assert!(csp.starts_with("default-src 'none';"), "{csp}");
        assert!(csp.contains(&format!("style-src '{}'", source_hash(CSS))));
        assert!(csp.contains(&format!("script-src '{}'", source_hash(JS))));
        assert!(!csp.contains("unsafe"), "{csp}");
        // The known CSP example: sha256 of `alert('Hello, world.');`.
        assert_eq!(
            source_hash("alert('Hello, world.');"),
            "sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng="
        );
        assert!(!CSS.contains("</style") && !JS.contains("</script"));
    }
}
