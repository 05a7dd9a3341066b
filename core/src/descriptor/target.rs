//! Where a call goes: the row's URL template expanded over the
//! configuration and the arguments, a caller-given path or URL checked, the
//! API host put in front of a path.

use super::param_name;
use crate::config::{origin, Config};
use crate::endpoint::{Endpoint, FileArg, Host, Kind, Rule, Segment};
use crate::error::Error;
use crate::text::{cut, pieces};
use crate::url::{
    climbs, encode_component, encode_query, has_unsafe_byte, is_dot_segment, is_http_url,
};
use crate::value::Value;

/// The URL of a request path: the path itself when it starts with `http`
/// (another host), else on the API host, after the subDomain when `sub`.
pub(super) fn full_url(config: &Config, sub: bool, path: &str) -> String {
    if path.starts_with("http") {
        return path.to_owned();
    }
    let mut u =
        String::with_capacity(config.api_base.len() + config.sub_domain.len() + path.len() + 1);
    u.push_str(&config.api_base);
    if sub {
        u.push('/');
        u.push_str(&config.sub_domain);
    }
    u.push_str(path);
    u
}

/// Expands the row's URL template: its text as it is, the configured parts,
/// each argument percent-encoded (or, for a path parameter, checked and
/// encoded as a path).
pub(super) fn expand(ep: &Endpoint, config: &Config, values: &[Value]) -> Result<String, Error> {
    let mut out = String::with_capacity(64);
    for segment in &ep.url {
        let i = match *segment {
            Segment::Text(text) => {
                out.push_str(text);
                continue;
            }
            Segment::Host(host) => {
                // A configured part, and whether a `/` follows it (the hosts of the other services).
                let (text, slash) = match host {
                    Host::Api => (&config.api_base, false),
                    Host::Common => (&config.common_base, true),
                    Host::Cms => (&config.cms_base, true),
                    Host::Oss => (&config.oss_base, true),
                    Host::SubDomain => (&config.sub_domain, false),
                    Host::Merchant => (&config.merchant_id, false),
                };
                out.push_str(text);
                if slash {
                    out.push('/');
                }
                continue;
            }
            Segment::Arg(i) => i,
        };
        let name = param_name(&ep.params, i);
        let mut text = String::new();
        values
            .get(i)
            .unwrap_or(&Value::Undefined)
            .to_js_string(&mut text);
        if ep.params.get(i).is_some_and(|p| p.rule == Rule::Path) {
            push_path(name, &text, config.allow_insecure_http, &mut out)?;
        } else if is_dot_segment(&text) && out.ends_with("/") {
            // URL parsers resolve `..`, `%2e%2e` and `.%2E` alike: no encoding keeps it a name
            return Err(Error::argument(
                name,
                "may not be . or .. (it would climb the URL path)",
            ));
        } else {
            encode_component(&text, &mut out);
        }
    }
    Ok(out)
}

/// A caller-given URL (`payVariableUrl`): an API path starting with `/`,
/// each segment percent-encoded and its query sent as the reference sends
/// it; or, as the reference takes it, an absolute `https://` URL (`http://`
/// for loopback hosts or with `allowInsecureHttp`) sent as given but for
/// what a URL parser would encode anyway (spaces, controls, non-ASCII) and
/// `#`. Neither may climb with dot segments.
fn push_path(
    param: &'static str,
    text: &str,
    allow_insecure: bool,
    out: &mut String,
) -> Result<(), Error> {
    if text.starts_with("http") {
        let rest = origin(text, allow_insecure).map_err(|why| Error::argument(param, why))?;
        if climbs(cut(rest, b'?').map_or(rest, |(p, _)| p)) {
            return Err(Error::argument(param, "may not contain . or .. segments"));
        }
        out.push_str(text.get(..text.len() - rest.len()).unwrap_or(""));
        encode_query(rest, out);
        return Ok(());
    }
    let (before_query, query) = match cut(text, b'?') {
        Some((p, q)) => (p, Some(q)),
        None => (text, None),
    };
    let Some(rel) = before_query.strip_prefix("/") else {
        return Err(Error::argument(
            param,
            "must be an API path starting with / or an https:// URL",
        ));
    };
    if climbs(rel) {
        return Err(Error::argument(param, "may not contain . or .. segments"));
    }
    for seg in pieces(rel, b'/') {
        out.push('/');
        encode_component(seg, out);
    }
    if let Some(q) = query {
        out.push('?');
        encode_query(q, out);
    }
    Ok(())
}

/// Whether `WXAPI.request`'s `url` may be sent: an API path starting with
/// `/` or an http(s) URL with a valid origin, neither climbing with dot
/// segments, without spaces, controls or `#`.
pub(super) fn request_path_ok(path: &str, allow_insecure: bool) -> bool {
    let before_query = cut(path, b'?').map_or(path, |(p, _)| p);
    let ok = if path.starts_with("http") {
        origin(path, allow_insecure).is_ok_and(|rest| !climbs(rest))
    } else {
        path.starts_with("/") && !climbs(before_query)
    };
    ok && !has_unsafe_byte(path, b"#")
}

/// The caller's upload URL of an upload whose file is in its object
/// argument (`uploadFileV3`'s `apiUrl`), when given: checked, or refused.
pub(super) fn upload_target(kind: Kind, first: Option<&Value>) -> Option<Result<String, Error>> {
    let (
        Kind::Upload {
            file: FileArg::InObject,
            ..
        },
        Some(Value::Object(f)),
    ) = (kind, first)
    else {
        return None;
    };
    match f.iter().find(|(k, _)| k.as_str() == "apiUrl") {
        Some((_, Value::Str(u))) if !u.is_empty() => Some(upload_url(u)),
        _ => None,
    }
}

fn upload_url(u: &str) -> Result<String, Error> {
    if is_http_url(u) && !has_unsafe_byte(u, b"\"<>\\") {
        Ok(u.to_owned())
    } else {
        Err(Error::argument(
            "data",
            "apiUrl must be an http(s) URL without spaces or control characters",
        ))
    }
}
