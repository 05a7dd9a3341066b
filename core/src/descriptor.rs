//! Builds the request descriptor of one call: a pure function of the
//! endpoint row, the arguments and the configuration.

use crate::config::{headers, origin, unreserved, Config};
use crate::endpoint::{Default, Endpoint, FileArg, Kind, Param, Rule};
use crate::error::{Error, ErrorKind};
use crate::form::{qs_query, Style};
use crate::rules::check;
use crate::text::{cut, index, one_of, pieces, trim_end};
use crate::value::{
    take, take_item, write_json, write_json_fields, write_json_str, JsonStyle, Value,
};

/// What the binding supplies besides the arguments.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// `String(Math.random())`, for parameters whose default is random.
    pub random: String,
    /// The storage value the endpoint reads (`shopIds` for `goods`), if any.
    pub storage: Option<Value>,
    /// Object fields stay objects: the descriptor goes to an `init3({request})`
    /// function, as the reference hands it the caller's data (not a form).
    pub keep_objects: bool,
    /// The surface's encoding style (objects in fields are kept for `Qs`).
    pub style: Style,
}

/// Everything a transport needs to send the call, and what a custom
/// `request` function is called with.
#[derive(Clone, Debug, PartialEq)]
pub struct Descriptor<'c> {
    pub kind: Kind,
    /// The verb exactly as the reference passes it (`"get"`, `"post"`).
    pub method: String,
    /// The `url` argument the reference passes to `request()`: a path, or an
    /// absolute URL for the other hosts.
    pub path: String,
    /// The `needSubDomain` argument the reference passes to `request()`.
    pub sub: bool,
    /// The full URL (API base and subDomain applied).
    pub url: String,
    /// Form fields; `None` where the reference passes no data at all.
    pub data: Option<Vec<(String, Value)>>,
    /// For uploads: the multipart field name of the file.
    pub file_field: &'static str,
    /// Extra request headers from the configuration (`init3({header})`),
    /// borrowed from it: a call does not copy them.
    pub headers: &'c [(String, String)],
    /// How `q` encodes the fields (the surface's encoding style).
    pub style: Style,
}

pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// Who reads a descriptor, and so which of its fields are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every field (tests, Rust callers).
    All,
    /// A caller's `init3({request})`: `p`, `s`, `m`, `d`.
    RequestFunction,
    /// `wx.request` and its kin: `u`, `m`, `d`.
    Platform,
    /// `fetch`: `u`, `m`, `q` (and `d` for multipart uploads).
    Fetch,
}

impl Audience {
    /// The number the shim passes for it (`AUDIENCE` in js-shim/sdk.js):
    /// 1 a request function, 2 a platform, 3 fetch; anything else: every field.
    pub fn from_code(code: u32) -> Audience {
        match code {
            1 => Audience::RequestFunction,
            2 => Audience::Platform,
            3 => Audience::Fetch,
            _ => Audience::All,
        }
    }
}

/// Builds the descriptor of row `index` of the generated table called with `args`.
pub fn build<'c>(
    config: &'c Config,
    index: usize,
    args: &[Value],
    ctx: &Context,
) -> Result<Descriptor<'c>, Error> {
    let ep = Endpoint::get(index).ok_or_else(|| Error::internal("", "unknown endpoint"))?;
    build_with_params(config, &ep, &ep.params(), args.to_vec(), ctx.clone())
}

/// What a request hook (`WXAPI.use({onRequest})`) returns, checked as a
/// caller's values are: `data` an object of form fields (no prototype keys;
/// objects only where `keep_objects`, as for a call), `header` an object of
/// header names to strings with the rules of `init3({header})`. Written as
/// `{"d":…,"q":…,"h":…}` for `audience` (the fields a descriptor has).
pub fn reform(
    data: Value,
    header: &Value,
    keep_objects: bool,
    audience: Audience,
    style: Style,
    verb: &str,
) -> Result<String, Error> {
    let mut fields: Option<Vec<(String, Value)>> = match data {
        Value::Undefined | Value::Null => None,
        Value::Object(f) => Some(own_fields(f)),
        _ => return Err(Error::argument("data", "must be an object")),
    };
    if let Some(f) = &mut fields {
        for (_, v) in f.iter() {
            if let Some(t) = v.opaque() {
                return Err(opaque_error("data", t));
            }
        }
        if !keep_objects && !style.nests() {
            flatten_objects(f, "data")?;
        }
    }
    let headers = match header {
        Value::Undefined | Value::Null => Vec::new(),
        h => headers(h).map_err(|e| Error {
            kind: ErrorKind::Argument,
            param: "header",
            ..e
        })?,
    };
    let d = Descriptor {
        kind: Kind::Request,
        method: verb.to_owned(),
        path: String::new(),
        sub: false,
        url: String::new(),
        data: fields,
        file_field: "",
        headers: &headers,
        style,
    };
    // `k` first, so that every other member starts with a comma.
    let mut out = "{\"k\":\"request\"".to_owned();
    d.write_payload(audience, &mut out);
    out.push('}');
    Ok(out)
}

/// Builds the descriptor of endpoint `ep`, whose parameters are `params`
/// (`ep.params()`: the binding reads them once per row, not per call),
/// called with `args` (taken: each argument moves into the descriptor
/// rather than being copied, and so does the storage value of `ctx`).
pub fn build_with_params<'c>(
    config: &'c Config,
    ep: &Endpoint,
    params: &[Param],
    mut args: Vec<Value>,
    mut ctx: Context,
) -> Result<Descriptor<'c>, Error> {
    let mut resolved: Vec<(Param, Value)> = Vec::with_capacity(params.len());
    for (i, &p) in params.iter().enumerate() {
        let given = take_item(&mut args, i);
        // Rules apply to what the caller gave; the reference's defaults are
        // sent as they are.
        if let Some(t) = given.opaque() {
            return Err(opaque_error(p.name, t));
        }
        check(&p, &given)?;
        let v = match (given, p.default) {
            (Value::Undefined, Default::Str(s)) => Value::Str(s.to_owned()),
            (Value::Undefined, Default::False) => Value::Bool(false),
            (Value::Undefined, Default::Random) => Value::Number(ctx.random.clone()),
            (v, _) => v,
        };
        resolved.push((p, v));
    }
    let arg = |i: usize| resolved.get(i).map(|(_, v)| v).unwrap_or(&Value::Undefined);

    let method = match ep.verb.strip_prefix("{").and_then(|r| r.strip_suffix("}")) {
        Some(n) => {
            let i = index(n).ok_or_else(|| Error::internal("", "bad verb column"))?;
            let p = resolved.get(i).map(|(p, _)| p.name).unwrap_or("");
            match arg(i) {
                Value::Str(m) if is_verb(m) => m.clone(),
                _ => {
                    return Err(Error::argument(
                        p,
                        "must be an HTTP verb (get, post, put, delete, …)",
                    ))
                }
            }
        }
        None => ep.verb.to_owned(),
    };

    let path = expand(ep, config, &resolved)?;
    let url = full_url(config, ep.sub, &path);

    // uploadFileV3 ({apiUrl}) sends to the caller's upload URL when given:
    // read before data() may take the object's fields, its error reported
    // after data()'s, as it always was.
    let upload = match (ep.kind, arg(0)) {
        (
            Kind::Upload {
                file: FileArg::InObject,
                ..
            },
            Value::Object(f),
        ) => match f.iter().find(|(k, _)| k == "apiUrl") {
            Some((_, Value::Str(u))) if !u.is_empty() => Some(upload_url(u)),
            _ => None,
        },
        _ => None,
    };
    let data = data(ep, config, &mut resolved, &mut ctx)?;
    let url = match upload {
        Some(u) => u?,
        None => url,
    };
    Ok(Descriptor {
        kind: ep.kind,
        method,
        path,
        sub: ep.sub,
        url,
        data,
        file_field: ep.file_field,
        headers: &config.headers,
        style: ctx.style,
    })
}

/// The URL of a request path: the path itself when it starts with `http`
/// (another host), else on the API host, after the subDomain when `sub`.
fn full_url(config: &Config, sub: bool, path: &str) -> String {
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

/// The error of an argument holding an unsendable value (`t`: its JS type
/// name, from [`Value::opaque`]), given for `param`.
fn opaque_error(param: &'static str, t: &str) -> Error {
    let mut m = "contains a ".to_owned();
    m.push_str(t);
    m.push_str(", which cannot be sent");
    Error::owned(ErrorKind::Argument, param, m)
}

/// The descriptor of `WXAPI.request(url, needSubDomain, method, data)`: the
/// reference's low-level call, with its URL rule (a value starting with
/// `http` is absolute, anything else is a path on the API host).
/// `style` is the calling surface's encoding style.
pub fn build_raw<'c>(
    config: &'c Config,
    mut args: Vec<Value>,
    style: Style,
) -> Result<Descriptor<'c>, Error> {
    let get = |i: usize| args.get(i).unwrap_or(&Value::Undefined);
    for (i, name) in ["url", "needSubDomain", "method", "data"]
        .into_iter()
        .enumerate()
    {
        if let Some(t) = get(i).opaque() {
            return Err(opaque_error(name, t));
        }
    }
    let Value::Str(path) = get(0) else {
        return Err(Error::argument("url", "must be a string"));
    };
    let absolute = path.starts_with("http");
    let before_query = cut(path, b'?').map_or(path.as_str(), |(p, _)| p);
    let path_ok = if absolute {
        origin(path, config.allow_insecure_http).is_ok_and(|rest| !climbs(rest))
    } else {
        path.starts_with("/") && !climbs(before_query)
    };
    if !path_ok || has_unsafe_byte(path, b"#") {
        return Err(Error::argument(
            "url",
            "must be an API path starting with / (no . or .. segments, also with \\ or %5C) or an https:// URL (http:// only for loopback or with allowInsecureHttp), without spaces or #",
        ));
    }
    let method = match get(2) {
        Value::Str(m) if is_verb(m) => m.clone(),
        Value::Undefined => "get".to_owned(),
        _ => {
            return Err(Error::argument(
                "method",
                "must be an HTTP verb (get, post, put, delete, …)",
            ))
        }
    };
    let sub = get(1).truthy();
    let path = path.clone();
    let data = match take_item(&mut args, 3) {
        Value::Object(f) => Some(own_fields(f)),
        Value::Undefined | Value::Null => None,
        _ => return Err(Error::argument("data", "must be an object")),
    };
    let url = full_url(config, sub, &path);
    Ok(Descriptor {
        kind: Kind::Request,
        method,
        path,
        sub,
        url,
        data,
        file_field: "",
        headers: &config.headers,
        style,
    })
}

fn is_http_url(u: &str) -> bool {
    u.starts_with("https://") || u.starts_with("http://")
}

/// Whether `s` has a space, a control character or one of `also` (one loop
/// for the URL checks, with the set as data).
fn has_unsafe_byte(s: &str, also: &[u8]) -> bool {
    s.bytes().any(|b| b <= b' ' || b == 0x7f || one_of(also, b))
}

fn upload_url(u: &str) -> Result<String, Error> {
    let ok = is_http_url(u) && !has_unsafe_byte(u, b"\"<>\\");
    if ok {
        Ok(u.to_owned())
    } else {
        Err(Error::argument(
            "data",
            "apiUrl must be an http(s) URL without spaces or control characters",
        ))
    }
}

fn is_verb(m: &str) -> bool {
    ["get", "post", "put", "delete", "patch", "head", "options"]
        .iter()
        .any(|v| m.eq_ignore_ascii_case(v))
}

/// Percent-encodes like `encodeURIComponent`.
pub fn encode_component(s: &str, out: &mut String) {
    encode_keeping(s, out, b"!*'()");
}

/// The query of a caller-given API path, as the reference sends it: its
/// `?`, `=`, `&` and the other query characters stay; what a URL parser
/// would encode anyway (spaces, non-ASCII, quotes, `<>`) is encoded, and so
/// is `#`, which would cut the query short.
fn encode_query(s: &str, out: &mut String) {
    encode_keeping(s, out, b"!$&'()*+,;=:@/?%");
}

/// Percent-encodes every byte of `s` but RFC 3986's unreserved characters
/// and those of `also` (one function for the four encoders: the set is data,
/// not a closure compiled into a copy of the loop each).
pub(crate) fn encode_keeping(s: &str, out: &mut String, also: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of characters that stay as they are are copied whole.
    let mut run = 0;
    let bytes = s.as_bytes();
    for i in 0..bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if unreserved(b) || one_of(also, b) {
            continue;
        }
        out.push_str(s.get(run..i).unwrap_or(""));
        out.push('%');
        out.push(char::from(*HEX.get(usize::from(b >> 4)).unwrap_or(&b'0')));
        out.push(char::from(*HEX.get(usize::from(b & 15)).unwrap_or(&b'0')));
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or(""));
}

/// Expands the URL template of the row.
fn expand(ep: &Endpoint, config: &Config, resolved: &[(Param, Value)]) -> Result<String, Error> {
    let mut out = String::with_capacity(ep.url.len() + 32);
    let mut rest = ep.url;
    while let Some((lit, tail)) = cut(rest, b'{') {
        out.push_str(lit);
        let (token, after) =
            cut(tail, b'}').ok_or_else(|| Error::internal("", "bad url column"))?;
        rest = after;
        // A configured part, and whether a `/` follows it (the hosts of the other services).
        let part = match token {
            "A" => Some((&config.api_base, false)),
            "C" => Some((&config.common_base, true)),
            "M" => Some((&config.cms_base, true)),
            "O" => Some((&config.oss_base, true)),
            "s" => Some((&config.sub_domain, false)),
            "m" => Some((&config.merchant_id, false)),
            _ => None,
        };
        if let Some((text, slash)) = part {
            out.push_str(text);
            if slash {
                out.push('/');
            }
            continue;
        }
        let i = index(token).ok_or_else(|| Error::internal("", "bad url column"))?;
        let (p, v) = resolved
            .get(i)
            .ok_or_else(|| Error::internal("", "bad url column"))?;
        let mut text = String::new();
        v.to_js_string(&mut text);
        if p.rule == Rule::Path {
            push_path(p.name, &text, config.allow_insecure_http, &mut out)?;
        } else if is_dot_segment(&text) && out.ends_with("/") {
            // URL parsers resolve `..`, `%2e%2e` and `.%2E` alike: no encoding keeps it a name
            return Err(Error::argument(
                p.name,
                "may not be . or .. (it would climb the URL path)",
            ));
        } else {
            encode_component(&text, &mut out);
        }
    }
    out.push_str(rest);
    Ok(out)
}

/// `.` or `..` as a URL parser sees them: any case of `%2e` counts as a dot.
pub fn is_dot_segment(seg: &str) -> bool {
    // Counts the dots, in either spelling, that make up the whole segment.
    let mut rest = seg.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', after @ ..] | [b'%', b'2', b'e' | b'E', after @ ..] => after,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// Whether a path climbs with a dot segment (`.`, `..` in any spelling a
/// URL parser resolves), `\\` and `%5C` counted as `/` (fetch and browsers
/// read `\\` as `/`; servers may decode `%5C`).
pub fn climbs(path: &str) -> bool {
    let mut rest = path;
    loop {
        let b = rest.as_bytes();
        let end = (0..b.len())
            .find(|&i| {
                matches!(b.get(i), Some(b'/' | b'\\'))
                    || matches!(b.get(i..i + 3), Some([b'%', b'5', b'c' | b'C']))
            })
            .unwrap_or(b.len());
        if is_dot_segment(rest.get(..end).unwrap_or("")) {
            return true;
        }
        let step = if matches!(b.get(end), Some(b'%')) {
            3
        } else {
            1
        };
        match rest.get(end + step..) {
            Some(r) if end < b.len() => rest = r,
            _ => return false,
        }
    }
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
    let before_query = cut(text, b'?').map_or(text, |(p, _)| p);
    if text.starts_with("http") {
        let rest = origin(text, allow_insecure).map_err(|why| Error::argument(param, why))?;
        if climbs(cut(rest, b'?').map_or(rest, |(p, _)| p)) {
            return Err(Error::argument(param, "may not contain . or .. segments"));
        }
        out.push_str(text.get(..text.len() - rest.len()).unwrap_or(""));
        encode_query(rest, out);
        return Ok(());
    }
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
    if let Some((_, q)) = cut(text, b'?') {
        out.push('?');
        encode_query(q, out);
    }
    Ok(())
}

/// Builds the form fields of the row. The last reader of the arguments: an
/// object argument's fields may move out of `resolved` into the form.
fn data(
    ep: &Endpoint,
    config: &Config,
    resolved: &mut [(Param, Value)],
    ctx: &mut Context,
) -> Result<Option<Vec<(String, Value)>>, Error> {
    let spec = ep.data;
    if spec.is_empty() {
        return Ok(None);
    }
    let mut fields: Vec<(String, Value)> = Vec::new();
    if spec == "{}" {
        return Ok(Some(fields));
    }
    if let Some(obj) = spec.strip_prefix("@") {
        // One object argument passed through (the call's own decoded copy:
        // the caller's object is never changed), plus merged fields.
        let mut parts = pieces(obj, b'+');
        let i = parts
            .next()
            .and_then(index)
            .ok_or_else(|| Error::internal("", "bad data column"))?;
        let has_merge = one_of(obj.as_bytes(), b'+');
        let name = resolved.get(i).map(|(p, _)| p.name).unwrap_or("");
        // No field reads an argument twice (tools/gen-table.js checks it):
        // the object's fields move into the form, uncopied.
        match take_arg(resolved, i) {
            Value::Object(f) => fields = own_fields(f),
            v if !v.truthy() && !has_merge => return Ok(None),
            v if !v.truthy() => {}
            _ => return Err(Error::argument(name, "must be an object")),
        }
        if let Some(FileArg::InObject) = match ep.kind {
            Kind::Upload { file, .. } => Some(file),
            _ => None,
        } {
            remove_keys(&mut fields, |k| k == "apiUrl" || k == "tempFilePath");
        }
        for m in parts {
            if let Some((key, v)) = entry_value(m, config, resolved, ctx)? {
                set(&mut fields, key, v);
            }
        }
        if !ctx.keep_objects && !ctx.style.nests() {
            flatten_objects(&mut fields, name)?;
        }
        return Ok(Some(fields));
    }
    for entry in pieces(spec, b',') {
        if let Some((key, v)) = entry_value(entry, config, resolved, ctx)? {
            if !v.is_undefined() {
                fields.push((key.to_owned(), v));
            }
        }
    }
    Ok(Some(fields))
}

/// One `key[=src]` entry of the data column; a bare key names the parameter
/// of the same name.
fn entry_value<'e>(
    entry: &'e str,
    config: &Config,
    resolved: &mut [(Param, Value)],
    ctx: &mut Context,
) -> Result<Option<(&'e str, Value)>, Error> {
    match cut(entry, b'=') {
        Some((key, src)) => Ok(source(src, config, resolved, ctx)?.map(|v| (key, v))),
        None => {
            let (_, v) = resolved
                .iter_mut()
                .find(|(p, _)| p.name == entry)
                .ok_or_else(|| Error::internal("", "bad data column"))?;
            Ok(Some((entry, take(Some(v)))))
        }
    }
}

/// Whether `v` holds an object at any depth (`String(v)` would contain `[object Object]`).
fn holds_object(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Array(a) => a.iter().any(holds_object),
        _ => false,
    }
}

/// Form fields go on the wire as `String(value)`, so an object (or an array
/// holding one) would be sent as `[object Object]`. A `…JsonStr` field
/// given one is JSON-encoded (what the API reads there); any other is
/// refused, naming the field (`docs/compat.md`).
fn flatten_objects(fields: &mut [(String, Value)], param: &'static str) -> Result<(), Error> {
    for (k, v) in fields.iter_mut() {
        if !holds_object(v) {
            continue;
        }
        if k.ends_with("JsonStr") {
            if let Some(text) = js_stringify(v) {
                *v = Value::Str(text);
            }
            continue;
        }
        let mut m = "field ".to_owned();
        m.push_str(k);
        m.push_str(" holds an object, which a form would send as [object Object]: pass a string (JSON.stringify it where the API takes JSON)");
        return Err(Error::owned(ErrorKind::Argument, param, m));
    }
    Ok(())
}

/// Keys that could reach an object's prototype when the shim rebuilds the
/// fields as a JS object: never copied from a caller's object.
fn is_proto_key(k: &str) -> bool {
    k == "__proto__" || k == "constructor" || k == "prototype"
}

/// The members of `f` that are not prototype keys (the call's own decoded
/// object: the caller's is never changed).
fn own_fields(mut f: Vec<(String, Value)>) -> Vec<(String, Value)> {
    remove_keys(&mut f, is_proto_key);
    f
}

/// Removes the members whose key `drop` names (a plain loop with a function
/// pointer: one copy of the code for both callers, where `retain` is one per
/// closure; such keys are rare, so removing one by one costs nothing).
fn remove_keys(f: &mut Vec<(String, Value)>, drop: fn(&str) -> bool) {
    let mut i = 0;
    while let Some((k, _)) = f.get(i) {
        if drop(k) {
            f.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Argument `i`, moved out of `resolved` (the data column reads each
/// argument once: tools/gen-table.js checks it).
fn take_arg(resolved: &mut [(Param, Value)], i: usize) -> Value {
    take(resolved.get_mut(i).map(|(_, v)| v))
}

fn set(fields: &mut Vec<(String, Value)>, key: &str, v: Value) {
    match fields.iter_mut().find(|(k, _)| k == key) {
        Some(slot) => slot.1 = v,
        None => fields.push((key.to_owned(), v)),
    }
}

/// The value of one field source (see the row grammar in `tools/gen-table.js`).
fn source(
    src: &str,
    config: &Config,
    resolved: &mut [(Param, Value)],
    ctx: &mut Context,
) -> Result<Option<Value>, Error> {
    let index = |t: &str| index(t).ok_or_else(|| Error::internal("", "bad data column"));
    let name =
        |resolved: &[(Param, Value)], i: usize| resolved.get(i).map(|(p, _)| p.name).unwrap_or("");
    let first = src.bytes().next().unwrap_or(b' ');
    let rest = src.get(1..).unwrap_or("");
    Ok(Some(match first {
        b'\'' => Value::Str(trim_end(rest, "'").to_owned()),
        b'#' => Value::Number(rest.to_owned()),
        b'$' if rest == "s" => Value::Str(config.sub_domain.clone()),
        // Storage is read by one field of a row at most (tools/gen-table.js).
        b'$' => match ctx.storage.take() {
            // `$k:shopIds`: set only when storage holds a truthy value.
            Some(v) if v.truthy() => v,
            _ => return Ok(None),
        },
        b'j' => {
            let i = index(rest)?;
            match take_arg(resolved, i) {
                v @ Value::Array(_) => {
                    let mut s = String::new();
                    v.to_js_string(&mut s);
                    Value::Str(s)
                }
                // Already joined by the caller.
                v @ (Value::Str(_) | Value::Number(_)) => v,
                _ => return Err(Error::argument(name(resolved, i), "must be an array")),
            }
        }
        b'J' => match js_stringify(&take_arg(resolved, index(rest)?)) {
            Some(s) => Value::Str(s),
            None => return Ok(None),
        },
        b'K' => {
            // `x && x.length > 0 ? JSON.stringify(x) : ''`
            let v = take_arg(resolved, index(rest)?);
            let non_empty = match &v {
                Value::Array(a) => !a.is_empty(),
                Value::Str(s) => !s.is_empty(),
                _ => false,
            };
            Value::Str(if non_empty {
                js_stringify(&v).unwrap_or_default()
            } else {
                String::new()
            })
        }
        c if c.is_ascii_digit() => take_arg(resolved, index(src)?),
        _ => return Err(Error::internal("", "bad data column")),
    }))
}

/// `JSON.stringify(v)`: nothing for `undefined` (the field is left out).
pub fn js_stringify(v: &Value) -> Option<String> {
    if v.is_undefined() {
        return None;
    }
    let mut s = String::new();
    write_json(v, JsonStyle::Stringify, &mut s);
    Some(s)
}

pub(crate) fn push_usize(n: usize, out: &mut String) {
    if n >= 10 {
        push_usize(n / 10, out);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

impl Descriptor<'_> {
    /// The form-encoded fields, as WeChat puts them on the wire:
    /// `encodeURIComponent(key)=encodeURIComponent(String(value))`, joined
    /// by `&`; `undefined` members are left out.
    pub fn query(&self) -> String {
        let mut out = String::new();
        if self.style == Style::Qs {
            qs_query(
                &self.method,
                self.data.as_deref().unwrap_or_default(),
                &mut out,
            );
            return out;
        }
        for (k, v) in self.data.as_deref().unwrap_or_default() {
            if v.is_undefined() {
                continue;
            }
            if !out.is_empty() {
                out.push('&');
            }
            encode_component(k, &mut out);
            out.push('=');
            match v {
                Value::Str(text) | Value::Number(text) => encode_component(text, &mut out),
                other => {
                    let mut text = String::new();
                    other.to_js_string(&mut text);
                    encode_component(&text, &mut out);
                }
            }
        }
        out
    }

    /// The descriptor as JSON for the binding (`docs/architecture.md`), with
    /// every field.
    pub fn to_json(&self) -> String {
        self.to_json_for(Audience::All)
    }

    /// The descriptor as JSON, with only the fields `audience` reads: work
    /// and bytes the transport would throw away are not produced.
    /// The form fields (`d` object, `q` form-encoded, as `audience` reads
    /// them) and the extra headers (`h`), each as `,"key":value`.
    fn write_payload(&self, audience: Audience, out: &mut String) {
        let all = audience == Audience::All;
        let request = self.kind == Kind::Request;
        if let Some(fields) = &self.data {
            if all || audience != Audience::Fetch || !request {
                out.push_str(",\"d\":");
                write_json_fields(fields, JsonStyle::Binding, out);
            }
            if all || audience == Audience::Fetch {
                out.push_str(",\"q\":");
                write_json_str(&self.query(), out);
            }
        }
        if !self.headers.is_empty() {
            out.push_str(",\"h\":{");
            for (i, (name, value)) in self.headers.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(name, out);
                out.push(':');
                write_json_str(value, out);
            }
            out.push('}');
        }
    }

    pub fn to_json_for(&self, audience: Audience) -> String {
        let all = audience == Audience::All;
        let request = self.kind == Kind::Request;
        let mut out = String::with_capacity(256);
        out.push_str("{\"k\":\"");
        out.push_str(match self.kind {
            Kind::Request => "request",
            Kind::Upload { tt: false, .. } => "wx.uploadFile",
            Kind::Upload { tt: true, .. } => "tt.uploadFile",
            Kind::CompressImage => "wx.compressImage",
            Kind::Url => "url",
        });
        out.push_str("\",\"m\":");
        write_json_str(&self.method, &mut out);
        if all || audience == Audience::RequestFunction {
            out.push_str(",\"p\":");
            write_json_str(&self.path, &mut out);
            out.push_str(if self.sub {
                ",\"s\":true"
            } else {
                ",\"s\":false"
            });
        }
        if all || audience != Audience::RequestFunction || !request {
            out.push_str(",\"u\":");
            write_json_str(&self.url, &mut out);
        }
        self.write_payload(audience, &mut out);
        if let Kind::Upload { file, .. } = self.kind {
            out.push_str(",\"f\":");
            match file {
                FileArg::Positional(i) => push_usize(i, &mut out),
                FileArg::InObject => out.push_str("\"tempFilePath\""),
            }
            out.push_str(",\"n\":");
            write_json_str(self.file_field, &mut out);
        }
        out.push('}');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::is_dot_segment;

    #[test]
    fn dot_segments_in_every_spelling() {
        for seg in [".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(is_dot_segment(seg), "{seg}");
        }
        for seg in [
            "",
            "...",
            "a",
            ".a",
            "a.",
            "%2",
            "%2f",
            "%2e%2e%2e",
            "..%2e",
            ".%2",
            "%3e",
        ] {
            assert!(!is_dot_segment(seg), "{seg}");
        }
    }
}
