//! The SDK configuration (`init`, `init2`, `init3`, `setMerchantId`) and its
//! checks. Every update is validated whole before anything changes, so a
//! refused call leaves the previous configuration in force.

use crate::error::{Error, ErrorKind};
use crate::text::{among, cut_last, every, index, one_of, pieces, trim_end};
use crate::url::{is_dot_segment, unreserved};
use crate::value::Value;

pub const DEFAULT_API_BASE: &str = "https://api.it120.cc";
pub const DEFAULT_COMMON_BASE: &str = "https://common.apifm.com";
pub const DEFAULT_CMS_BASE: &str = "https://cms.apifm.com";
pub const DEFAULT_OSS_BASE: &str = "https://oss.apifm.com";

const MAX_SEGMENT: usize = 128; // keep in step with the message in `segment`
const MAX_URL: usize = 2048;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// API host, no trailing slash (`API_BASE_URL` of the reference).
    pub api_base: String,
    /// Host of the "common" service, no trailing slash.
    pub common_base: String,
    /// Host of the CMS service, no trailing slash.
    pub cms_base: String,
    /// Host of files and QR codes (uploads, `wxaQrcode`), no trailing slash.
    pub oss_base: String,
    pub sub_domain: String,
    pub merchant_id: String,
    /// Extra request headers (`init3({header})`), checked: no CR/LF can reach
    /// the wire.
    pub headers: Vec<(String, String)>,
    /// `init3({allowInsecureHttp: true})` was given: `http://` to any host is
    /// accepted for base URLs and for absolute URLs a call sends to.
    pub allow_insecure_http: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            api_base: DEFAULT_API_BASE.to_owned(),
            common_base: DEFAULT_COMMON_BASE.to_owned(),
            cms_base: DEFAULT_CMS_BASE.to_owned(),
            oss_base: DEFAULT_OSS_BASE.to_owned(),
            sub_domain: "-".to_owned(),
            merchant_id: "0".to_owned(),
            headers: Vec::new(),
            allow_insecure_http: false,
        }
    }
}

/// A configuration change, borrowing the options it was read from; `None`
/// leaves a setting as it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update<'a> {
    pub api_base: Option<&'a Value>,
    pub common_base: Option<&'a Value>,
    pub cms_base: Option<&'a Value>,
    pub oss_base: Option<&'a Value>,
    pub sub_domain: Option<&'a Value>,
    pub merchant_id: Option<&'a Value>,
    /// Replaces the extra request headers (an object of strings).
    pub headers: Option<&'a Value>,
    /// Allows `http://` to hosts other than loopback.
    pub allow_insecure_http: bool,
}

impl<'a> Update<'a> {
    /// Reads an `init3`-style options object (`apiBaseUrl`, `subDomain`,
    /// `commonBaseUrl`, `cmsBaseUrl`, `ossBaseUrl`, `merchantId`, `allowInsecureHttp`);
    /// other keys (`request`, `timeout`, …) belong to the binding.
    pub fn from_options(options: &'a Value) -> Result<Update<'a>, Error> {
        let Value::Object(fields) = options else {
            return Err(Error::config("options", "init3 expects an options object"));
        };
        let mut u = Update::default();
        for (key, v) in fields {
            if v.is_undefined() {
                continue;
            }
            let slot = match key.as_str() {
                "apiBaseUrl" => &mut u.api_base,
                "commonBaseUrl" => &mut u.common_base,
                "cmsBaseUrl" => &mut u.cms_base,
                "ossBaseUrl" => &mut u.oss_base,
                "subDomain" => &mut u.sub_domain,
                "merchantId" => &mut u.merchant_id,
                "header" => &mut u.headers,
                "allowInsecureHttp" => {
                    u.allow_insecure_http = v.truthy();
                    continue;
                }
                _ => continue,
            };
            *slot = Some(v);
        }
        Ok(u)
    }
}

impl Config {
    /// Applies `update` if every part of it is valid; otherwise changes nothing.
    pub fn apply(&mut self, update: &Update) -> Result<(), Error> {
        let mut next = self.clone();
        let insecure = update.allow_insecure_http || self.allow_insecure_http;
        next.allow_insecure_http = insecure;
        if let Some(v) = update.api_base {
            next.api_base = base_url("apiBaseUrl", v, insecure)?;
        }
        if let Some(v) = update.common_base {
            next.common_base = base_url("commonBaseUrl", v, insecure)?;
        }
        if let Some(v) = update.cms_base {
            next.cms_base = base_url("cmsBaseUrl", v, insecure)?;
        }
        if let Some(v) = update.oss_base {
            next.oss_base = base_url("ossBaseUrl", v, insecure)?;
        }
        if let Some(v) = update.sub_domain {
            next.sub_domain = segment("subDomain", v)?;
        }
        if let Some(v) = update.merchant_id {
            next.merchant_id = segment("merchantId", v)?;
        }
        if let Some(v) = update.headers {
            next.headers = headers(v)?;
        }
        *self = next;
        Ok(())
    }
}

fn text<'a>(param: &'static str, v: &'a Value) -> Result<&'a str, Error> {
    match v {
        Value::Str(s) | Value::Number(s) => Ok(s),
        _ => Err(Error::config(param, "must be a string")),
    }
}

/// A subDomain or merchantId: one plain path segment.
fn segment(param: &'static str, v: &Value) -> Result<String, Error> {
    let s = text(param, v)?;
    // With every byte unreserved, the only dot segments are `.` and `..`.
    if s.is_empty() || s.len() > MAX_SEGMENT || !every(s, unreserved) || is_dot_segment(s) {
        return Err(Error::config(
            param,
            "must be a plain path segment (letters, digits, - . _ ~; at most 128)",
        ));
    }
    Ok(s.to_owned())
}

/// Headers a caller may not set: the ones the SDK owns (`Content-Type`), the
/// ones that frame the message or the connection (a value there would break
/// every later request, or smuggle one), and those the platforms refuse
/// (fetch's forbidden names, `Referer` on WeChat). `Proxy-*` and `Sec-*` too.
const FORBIDDEN_HEADERS: [&str; 13] = [
    "content-type",
    "content-length",
    "host",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "expect",
    "via",
    "referer",
    "origin",
];

/// Extra headers: names are HTTP tokens and not among [`FORBIDDEN_HEADERS`],
/// values are Latin-1 text without control characters (so no value can add
/// a header or a request, and every platform can send it).
pub(crate) fn headers(v: &Value) -> Result<Vec<(String, String)>, Error> {
    let Value::Object(fields) = v else {
        return Err(Error::config(
            "header",
            "must be an object of header names to string values",
        ));
    };
    let token = |b: u8| b.is_ascii_alphanumeric() || one_of(b"!#$%&'*+-.^_`|~", b);
    let mut out = Vec::new();
    for (name, value) in fields {
        if name.is_empty() || name.len() > 256 || !every(name, token) {
            return Err(Error::config(
                "header",
                "has a name that is not an HTTP header name",
            ));
        }
        let prefixed = |p: &str| {
            name.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p))
        };
        if among(name, &FORBIDDEN_HEADERS) || prefixed("proxy-") || prefixed("sec-") {
            return Err(Error::naming(
                ErrorKind::Config,
                "header",
                "may not set ",
                name,
                " (the SDK or the platform owns it: Content-Type, Content-Length, Host, Connection, Keep-Alive, Transfer-Encoding, TE, Trailer, Upgrade, Expect, Via, Referer, Origin, Proxy-*, Sec-*)",
            ));
        }
        let text = match value {
            Value::Undefined => continue,
            Value::Str(s) | Value::Number(s) => s,
            _ => return Err(Error::config("header", "values must be strings")),
        };
        // Per byte of the UTF-8: ASCII text or tab, or a byte of a character
        // up to U+00FF (lead byte 0xC2 or 0xC3, continuation bytes 0x80…0xBF).
        let plain = |b: u8| b == b'\t' || ((b' '..=0xc3).contains(&b) && b != 0x7f);
        if text.len() > 8192 || !every(text, plain) {
            return Err(Error::config(
                "header",
                "has a value with a control character or a character past U+00FF (or longer than 8 KB)",
            ));
        }
        out.push((name.clone(), text.clone()));
    }
    Ok(out)
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host == "[::1]"
        || host.starts_with("127.") && every(host, |b| b.is_ascii_digit() || b == b'.')
}

/// Checks the scheme and `host[:port]` of an http(s) URL: `https://`, or
/// `http://` for loopback hosts or when explicitly allowed; no credentials.
/// Returns what follows the host (`""`, or from the first `/`, `\\`, `?` or
/// `#`: a URL parser ends the host at each of them).
pub(crate) fn origin(s: &str, allow_insecure: bool) -> Result<&str, &'static str> {
    let (secure, rest) = if let Some(r) = s.strip_prefix("https://") {
        (true, r)
    } else if let Some(r) = s.strip_prefix("http://") {
        (false, r)
    } else {
        return Err("must start with https:// (http:// only for 127.0.0.1/localhost, or with allowInsecureHttp)");
    };
    let mut end = 0;
    while matches!(rest.as_bytes().get(end), Some(&b) if !one_of(b"/\\?#", b)) {
        end += 1;
    }
    let authority = rest.get(..end).unwrap_or("");
    let after = rest.get(end..).unwrap_or("");
    let host = match cut_last(authority, b':') {
        Some((h, port)) if !h.ends_with(":") && !one_of(port.as_bytes(), b']') => {
            // Digits only (`index` would take a leading `+`), five at most.
            if port.len() > 5
                || one_of(port.as_bytes(), b'+')
                || !matches!(index(port), Some(1..=65535))
            {
                return Err("has an invalid port (1 … 65535)");
            }
            h
        }
        _ => authority,
    };
    let host_ok = if let Some(inner) = host.strip_prefix("[").and_then(|h| h.strip_suffix("]")) {
        // an IPv6 literal: hex groups and colons (an IPv4 tail after the last colon)
        one_of(inner.as_bytes(), b':')
            && every(inner, |b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
    } else {
        !host.is_empty()
            && !host.starts_with(".")
            && !host.as_bytes().windows(2).any(|w| w == b"..")
            && every(host, |b| {
                b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
            })
    };
    if !host_ok {
        return Err("has an invalid host");
    }
    if !secure && !allow_insecure && !is_loopback(host) {
        return Err(
            "must use https:// (http:// is allowed for loopback hosts, or with allowInsecureHttp)",
        );
    }
    Ok(after)
}

/// A base URL: `https://host[:port][/path]`, or `http://` for loopback hosts
/// (or when explicitly allowed). No query, fragment, credentials or spaces.
fn base_url(param: &'static str, v: &Value, allow_insecure: bool) -> Result<String, Error> {
    let s = text(param, v)?;
    let bad = |why: &'static str| Err(Error::config(param, why));
    if s.len() > MAX_URL {
        return bad("is too long");
    }
    let path = match origin(s, allow_insecure) {
        Ok(p) => p,
        Err(why) => return bad(why),
    };
    let path_ok = pieces(path, b'/')
        .all(|seg| !is_dot_segment(seg) && every(seg, |b| unreserved(b) || b == b'%'));
    if !path_ok {
        return bad("may only have a plain path (no query, fragment, spaces or dot segments)");
    }
    Ok(trim_end(s, "/").to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &str) -> Value {
        Value::Str(v.into())
    }

    #[test]
    fn refuses_and_keeps_previous() {
        let mut c = Config::default();
        for bad in ["a/b", "", "..", "a b", "a?b", "a#", "a\r\nb", "中文"] {
            let e = c
                .apply(&Update {
                    sub_domain: Some(&s(bad)),
                    ..Update::default()
                })
                .unwrap_err();
            assert_eq!(
                (e.kind, e.param),
                (crate::ErrorKind::Config, "subDomain"),
                "{bad}"
            );
        }
        assert_eq!(c, Config::default());
        // A half-bad update changes nothing.
        let e = c.apply(&Update {
            sub_domain: Some(&s("ok")),
            api_base: Some(&s("http://example.com")),
            ..Update::default()
        });
        assert!(e.is_err());
        assert_eq!(c.sub_domain, "-");
    }

    #[test]
    fn every_core_option_is_read() {
        // spec/limits.json names them for the shim too: each must change the update.
        for key in crate::limits::CORE_OPTIONS {
            let v = match key {
                "header" => Value::Object(vec![("X-A".into(), Value::Str("1".into()))]),
                "allowInsecureHttp" => Value::Bool(true),
                _ => Value::Str("x".into()),
            };
            let options = Value::Object(vec![(key.into(), v)]);
            let u = Update::from_options(&options).unwrap();
            assert_ne!(
                u,
                Update::default(),
                "{key} is not read by Update::from_options"
            );
        }
    }

    #[test]
    fn base_urls() {
        let ok = [
            "https://api.it120.cc",
            "https://x.y:8443/base/",
            "http://127.0.0.1:9000",
            "http://localhost",
            "http://[::1]:80",
            "https://a.com:65535/...x/",
            "https://[2001:db8::1]",
        ];
        for u in ok {
            assert!(
                base_url("apiBaseUrl", &Value::Str(u.into()), false).is_ok(),
                "{u}"
            );
        }
        let bad = [
            "http://example.com",
            "ftp://x",
            "https://",
            "https://a.com?x=1",
            "https://a.com/#f",
            "https://user@a.com",
            "https://a.com/../x",
            "https://a .com",
            "https://a.com\r\n",
            "https://a.com:99999999",
            "https://a.com:65536",
            "https://a.com:99999",
            "https://a.com:0",
            "https://a.com:+80",
            "https://a.com:8a",
            "https://a.com:",
            "https://a.com/.%2e/x",
            "https://a.com/%2E%2E",
            "https://a.com/%2e",
            "https://[1.2.3.4]",
            "https://[]",
            "http://127.0.0.1.evil.com",
        ];
        for u in bad {
            assert!(
                base_url("apiBaseUrl", &Value::Str(u.into()), false).is_err(),
                "{u}"
            );
        }
        assert!(base_url("apiBaseUrl", &Value::Str("http://example.com".into()), true).is_ok());
        assert_eq!(
            base_url("apiBaseUrl", &Value::Str("https://x.y/".into()), false).unwrap(),
            "https://x.y"
        );
    }

    #[test]
    fn headers_are_checked() {
        let mut c = Config::default();
        let obj = |k: &str, v: &str| Value::Object(vec![(k.into(), Value::Str(v.into()))]);
        for (k, v) in [
            ("X-A", "a\r\nX-Evil: 1"),
            ("X-A", "a\nb"),
            ("X A", "v"),
            ("Content-Type", "text/plain"),
            ("", "v"),
            ("X-A", "\0"),
            ("X-A", "a\u{1}b"),
            ("X-A", "a\u{7f}"),
            ("X-A", "中文"),
            ("X-A", "emoji😀"),
            ("X-A", "\u{100}"),
            ("Transfer-Encoding", "chunked"),
            ("upgrade", "websocket"),
            ("Connection", "close"),
            ("Host", "evil"),
            ("content-length", "5"),
            ("Proxy-Authorization", "x"),
            ("Sec-Fetch-Mode", "x"),
            ("Referer", "x"),
            ("TE", "trailers"),
        ] {
            let e = c
                .apply(&Update {
                    headers: Some(&obj(k, v)),
                    ..Update::default()
                })
                .unwrap_err();
            assert_eq!(
                (e.kind, e.param),
                (crate::ErrorKind::Config, "header"),
                "{k:?} {v:?}"
            );
        }
        assert!(c.headers.is_empty());
        for (k, v) in [
            ("X-Latin", "café\tok"),
            ("X-Edges", "\u{80}\u{ff} ~"),
            ("Cookie", "s=1"),
            ("Authorization", "Bearer x"),
        ] {
            assert!(
                c.apply(&Update {
                    headers: Some(&obj(k, v)),
                    ..Update::default()
                })
                .is_ok(),
                "{k}"
            );
        }
        c.apply(&Update {
            headers: Some(&obj("X-Token", "abc")),
            ..Update::default()
        })
        .unwrap();
        assert_eq!(c.headers, vec![("X-Token".to_string(), "abc".to_string())]);
    }

    #[test]
    fn numbers_are_segments() {
        let mut c = Config::default();
        c.apply(&Update {
            merchant_id: Some(&Value::Number("42".into())),
            ..Update::default()
        })
        .unwrap();
        assert_eq!(c.merchant_id, "42");
    }
}
