//! The entry points: a row's call (arguments checked against their rules
//! and given their defaults, the verb, the URL, the fields) and
//! `WXAPI.request`'s own.

use super::fields::{data, own_fields};
use super::target::{expand, full_url, request_path_ok, upload_target};
use super::{opaque_error, param_name, Context, Descriptor};
use crate::config::Config;
use crate::endpoint::{Default, Endpoint, Kind, Verb};
use crate::error::Error;
use crate::form::Style;
use crate::rules::check;
use crate::text::among;
use crate::value::{take_item, Value};

/// Builds the descriptor of row `index` of the generated table called with
/// `args` (native builds and tests: the row is decoded for the call).
pub fn build<'c>(
    config: &'c Config,
    index: usize,
    args: &[Value],
    ctx: &Context,
) -> Result<Descriptor<'c>, Error> {
    let ep = Endpoint::get(index).ok_or_else(|| Error::internal("", "unknown endpoint"))?;
    build_endpoint(config, &ep, args.to_vec(), ctx.clone())
}

/// Builds the descriptor of the decoded row `ep` (decoded once, when it was
/// registered) called with `args` (taken: each argument moves into the
/// descriptor rather than being copied, and so does the storage value of
/// `ctx`). Every argument index of `ep` is below its parameter count
/// ([`Endpoint::parse`] checked it); only the caller's values can be refused.
pub fn build_endpoint<'c>(
    config: &'c Config,
    ep: &Endpoint,
    mut args: Vec<Value>,
    mut ctx: Context,
) -> Result<Descriptor<'c>, Error> {
    let params = &ep.params;
    let mut values: Vec<Value> = Vec::with_capacity(params.len());
    for (i, p) in params.iter().enumerate() {
        let given = take_item(&mut args, i);
        // Rules apply to what the caller gave; the reference's defaults are
        // sent as they are.
        if let Some(t) = given.opaque() {
            return Err(opaque_error(p.name, t));
        }
        check(p, &given)?;
        values.push(match (given, p.default) {
            (Value::Undefined, Default::Str(s)) => Value::Str(s.to_owned()),
            (Value::Undefined, Default::False) => Value::Bool(false),
            (Value::Undefined, Default::Random) => Value::Number(ctx.random.clone()),
            (v, _) => v,
        });
    }

    let method = match ep.verb {
        Verb::Get => "get".to_owned(),
        Verb::Post => "post".to_owned(),
        Verb::Arg(i) => match values.get(i) {
            Some(Value::Str(m)) if is_verb(m) => m.clone(),
            _ => return Err(verb_error(param_name(params, i))),
        },
    };

    let path = expand(ep, config, &values)?;
    let url = full_url(config, ep.sub, &path);

    // uploadFileV3 ({apiUrl}) sends to the caller's upload URL when given:
    // read before data() may take the object's fields, its error reported
    // after data()'s, as it always was.
    let upload = upload_target(ep.kind, values.first());
    let data = data(ep, config, &mut values, &mut ctx)?;
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
        headers: &config.headers,
        style: ctx.style,
    })
}

fn verb_error(param: &'static str) -> Error {
    Error::argument(param, "must be an HTTP verb (get, post, put, delete, …)")
}

fn is_verb(m: &str) -> bool {
    among(
        m,
        &["get", "post", "put", "delete", "patch", "head", "options"],
    )
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
        .iter()
        .enumerate()
    {
        if let Some(t) = get(i).opaque() {
            return Err(opaque_error(name, t));
        }
    }
    let Value::Str(path) = get(0) else {
        return Err(Error::argument("url", "must be a string"));
    };
    if !request_path_ok(path, config.allow_insecure_http) {
        return Err(Error::argument(
            "url",
            "must be an API path starting with / (no . or .. segments, also with \\ or %5C) or an https:// URL (http:// only for loopback or with allowInsecureHttp), without spaces or #",
        ));
    }
    let method = match get(2) {
        Value::Str(m) if is_verb(m) => m.clone(),
        Value::Undefined => "get".to_owned(),
        _ => return Err(verb_error("method")),
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
        headers: &config.headers,
        style,
    })
}
