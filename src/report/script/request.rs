//! One request of a script: cut into literal parts and values taken out (`cut`), then written
//! as the commands that rebuild it and send it with curl (`write`).

use std::fmt::Write as _;

use super::body::{self, Part};
use super::takeouts::{Taken, Takeouts};
use super::{Credentials, ScriptInput, Vars};
use crate::report::shell::{self, Name, Piece};
use crate::spec::protocol::header as names;

/// One request, cut into literal parts and values taken out.
pub(super) struct Request {
    url: Part,
    userinfo: Option<usize>,
    headers: Vec<(String, HeaderValue)>,
    body: Vec<Part>,
}

/// Where a header's value comes from.
enum HeaderValue {
    Part(Part),
    Var(Name),
    /// `Name:` alone: curl then sends no such header of its own.
    Blank,
}

/// Request `n` of `input`, its sensitive values taken out into `t`.
pub(super) fn cut(
    input: &ScriptInput,
    n: usize,
    c: &Credentials,
    v: &Vars,
    t: &mut Takeouts,
) -> Result<Request, String> {
    let m = input.masker;
    let (url, userinfo) = split_userinfo(input.url);
    let userinfo = userinfo.map(|value| {
        t.add(Taken {
            base: "USERINFO".into(),
            hint: format!("the `user:password` of the base URL of request {n}"),
            value,
        })
    });
    let url = taken_if_masked(
        &url,
        &m.text(&url),
        "URL",
        format!("the URL of request {n}"),
        t,
    );
    let mut headers = Vec::new();
    for (name, value) in input.headers {
        if [name, value].iter().any(|s| s.contains(['\r', '\n', '\0'])) || m.text(name) != *name {
            return Err(format!("request {n} has a header the script cannot carry"));
        }
        let fresh = |var: &Name| Ok(HeaderValue::Var(var.clone()));
        let literal = |t: &mut Takeouts| {
            let hint = format!("the value of header `{name}` of request {n}");
            let masked = m.header(name, value);
            HeaderValue::Part(taken_if_masked(
                value,
                &masked,
                &format!("HEADER_{name}"),
                hint,
                t,
            ))
        };
        let source = match name.as_str() {
            _ if overridden(input, name) => Ok(literal(t)),
            h if h.eq_ignore_ascii_case(names::CORRELATION_ID) => fresh(&v.correlation_id),
            h if h.eq_ignore_ascii_case(names::TRAN_TOKEN) => fresh(&v.tran_token),
            h if h.eq_ignore_ascii_case(names::TRAN_TIME) => fresh(&v.tran_time),
            h if h.eq_ignore_ascii_case(names::ACCESS_KEY) => fresh(&c.access_key),
            h if h.eq_ignore_ascii_case(names::CRYPTO_KEY_ID) => fresh(&c.crypto_key_id),
            _ => Ok::<_, String>(literal(t)),
        }?;
        headers.push((name.clone(), source));
    }
    // Without these, curl would add its own.
    for blank in ["Content-Type", "Accept"] {
        if !sends(input, blank) {
            headers.push((blank.to_string(), HeaderValue::Blank));
        }
    }
    if userinfo.is_some() && !sends(input, "Authorization") {
        headers.push(("Authorization".into(), HeaderValue::Var(v.basic.clone())));
    }
    let body = body::parts(input.body, input.sealed, n, m, t);
    Ok(Request {
        url,
        userinfo,
        headers,
        body,
    })
}

/// `text` as a literal part, or taken out when the masker changes it.
fn taken_if_masked(text: &str, masked: &str, base: &str, hint: String, t: &mut Takeouts) -> Part {
    if masked == text {
        return Part::Text(text.to_string());
    }
    Part::Out(t.add(Taken {
        base: base.to_string(),
        hint,
        value: text.to_string(),
    }))
}

/// The URL without its userinfo, and the userinfo as a client sends it in `Authorization:
/// Basic` (`user:password`, percent-decoded), if it has one.
fn split_userinfo(url: &str) -> (String, Option<String>) {
    let Ok(mut parsed) = reqwest::Url::parse(url) else {
        return (url.to_string(), None);
    };
    let (user, password) = (
        parsed.username().to_string(),
        parsed.password().map(str::to_string),
    );
    if user.is_empty() && password.is_none() {
        return (url.to_string(), None);
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let pair = format!(
        "{}:{}",
        decode(&user),
        decode(password.as_deref().unwrap_or_default())
    );
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    (parsed.to_string(), Some(pair))
}

/// One request: its URL, body, fresh times, correlation id and Tran-Token, headers, then curl.
pub(super) fn write(out: &mut String, r: &Request, c: &Credentials, t: &Takeouts, v: &Vars) {
    let _ = writeln!(out, "{}", shell::printf_into(&v.url, &[piece(&r.url, t)]));
    let body: Vec<Piece> = r.body.iter().map(|p| piece(p, t)).collect();
    let _ = writeln!(out, "{} > \"$KP_DIR/body\"", shell::printf(&body));
    out.push_str("KP_NOW=$(TZ=\"$KP_TZ\" date +%Y%m%d%H%M%S%3N)\n");
    out.push_str("KP_TRAN_TIME=${KP_NOW:0:14}\n");
    out.push_str("KP_CORRELATION_ID=\"${KP_NOW:2:12}-$(openssl rand -hex 4 | cut -c1-7)\"\n");
    let _ = writeln!(
        out,
        "KP_TRAN_TOKEN=\"KMV1:${{KP_NOW}}:$(kp_hmac {} \"$KP_DIR/body\")\"",
        c.secret_key
    );
    if let Some(i) = r.userinfo {
        let _ = writeln!(
            out,
            "KP_BASIC=\"Basic $(printf '%s' \"${{{}}}\" | openssl base64 -A)\"",
            t.name(i)
        );
    }
    out.push_str("{\n");
    for (name, value) in &r.headers {
        let head = match value {
            HeaderValue::Blank => format!("{name}:"),
            _ => format!("{name}: "),
        };
        let value = match value {
            HeaderValue::Part(p) => piece(p, t),
            HeaderValue::Var(var) => Piece::Var(var),
            HeaderValue::Blank => Piece::Data(b""),
        };
        let line = [Piece::Data(head.as_bytes()), value, Piece::Data(b"\n")];
        let _ = writeln!(out, "  {}", shell::printf(&line));
    }
    out.push_str("} > \"$KP_DIR/headers\"\n");
    out.push_str(
        "curl --silent --show-error --include --request POST --header @\"$KP_DIR/headers\" \\\n  --data-binary @\"$KP_DIR/body\" --url \"$KP_URL\"\necho\n",
    );
}

/// A part as what `printf` writes: its text, or the variable it was taken out into.
fn piece<'a>(part: &'a Part, t: &'a Takeouts) -> Piece<'a> {
    match part {
        Part::Text(s) => Piece::Data(s.as_bytes()),
        Part::Out(i) => Piece::Var(t.name(*i)),
    }
}

pub(super) fn sends(input: &ScriptInput, name: &str) -> bool {
    input
        .headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
}

pub(super) fn overridden(input: &ScriptInput, name: &str) -> bool {
    input
        .overrides
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_loses_its_userinfo_to_a_variable() {
        let (url, pair) = split_userinfo("http://bob:pa%40ss@127.0.0.1:9/api/v1/x");
        assert_eq!(url, "http://127.0.0.1:9/api/v1/x");
        assert_eq!(pair.as_deref(), Some("bob:pa@ss"));
        assert_eq!(split_userinfo("http://127.0.0.1:9/x").1, None);
    }
}
