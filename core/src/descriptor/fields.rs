//! The form fields of a call, from the row's decoded data column, and
//! `reform`: what a request hook made of a call's fields and headers,
//! checked again.

use super::{opaque_error, param_name, Audience, Descriptor};
use crate::config::{headers, Config};
use crate::endpoint::{Data, Endpoint, FileArg, Kind, Param, Source};
use crate::error::{Error, ErrorKind};
use crate::form::Style;
use crate::protocol;
use crate::value::{take_item, write_json, JsonStyle, Value};

type Fields = Vec<(String, Value)>;

/// Builds the form fields of the row. The last reader of the arguments: an
/// object argument's fields may move out of `values` into the form (the
/// data column reads each argument once: tools/gen-table.js checks it).
pub(super) fn data(
    ep: &Endpoint,
    config: &Config,
    values: &mut [Value],
    ctx: &mut super::Context,
) -> Result<Option<Fields>, Error> {
    let (object, entries) = match &ep.data {
        Data::None => return Ok(None),
        Data::Object { arg, merge } => (Some(*arg), merge),
        Data::Fields(list) => (None, list),
    };
    // One object argument passed through (the call's own decoded copy: the
    // caller's object is never changed), plus merged fields; or the fields
    // alone. An `undefined` field is kept here and left out where the
    // fields are written (the JSON of `d`, the form text `q`).
    let name = object.map_or("", |i| param_name(&ep.params, i));
    let mut fields = match object.map(|i| take_item(values, i)) {
        None => Vec::with_capacity(entries.len()),
        Some(Value::Object(f)) => own_fields(f),
        Some(v) if !v.truthy() && entries.is_empty() => return Ok(None),
        Some(v) if !v.truthy() => Vec::new(),
        Some(_) => return Err(Error::argument(name, "must be an object")),
    };
    // The keys that name the file and its target are not form fields.
    let file_in_object = matches!(
        ep.kind,
        Kind::Upload {
            file: FileArg::InObject,
            ..
        }
    );
    if object.is_some() && file_in_object {
        remove_keys(&mut fields, &["apiUrl", "tempFilePath"]);
    }
    for f in entries {
        if let Some(v) = source(f.source, &ep.params, config, values, ctx)? {
            set(&mut fields, f.key, v);
        }
    }
    if object.is_some() && !ctx.keep_objects && !ctx.style.nests() {
        flatten_objects(&mut fields, name)?;
    }
    Ok(Some(fields))
}

/// The value of one field source; `None` leaves the field out.
fn source(
    src: Source,
    params: &[Param],
    config: &Config,
    values: &mut [Value],
    ctx: &mut super::Context,
) -> Result<Option<Value>, Error> {
    Ok(Some(match src {
        Source::Arg(i) => take_item(values, i),
        Source::Text(text) => Value::Str(text.to_owned()),
        Source::Number(n) => Value::Number(n.to_owned()),
        Source::SubDomain => Value::Str(config.sub_domain.clone()),
        // Storage is read by one field of a row at most (tools/gen-table.js);
        // set only when storage holds a truthy value.
        Source::Storage(_) => match ctx.storage.take() {
            Some(v) if v.truthy() => v,
            _ => return Ok(None),
        },
        Source::Join(i) => match take_item(values, i) {
            v @ Value::Array(_) => {
                let mut s = String::new();
                v.to_js_string(&mut s);
                Value::Str(s)
            }
            // Already joined by the caller.
            v @ (Value::Str(_) | Value::Number(_)) => v,
            _ => return Err(Error::argument(param_name(params, i), "must be an array")),
        },
        Source::Json(i) => match js_stringify(&take_item(values, i)) {
            Some(s) => Value::Str(s),
            None => return Ok(None),
        },
        Source::JsonNonEmpty(i) => {
            // `x && x.length > 0 ? JSON.stringify(x) : ''`
            let v = take_item(values, i);
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
        return Err(Error::naming(
            ErrorKind::Argument,
            param,
            "field ",
            k,
            " holds an object, which a form would send as [object Object]: pass a string (JSON.stringify it where the API takes JSON)",
        ));
    }
    Ok(())
}

/// Keys that could reach an object's prototype when the shim rebuilds the
/// fields as a JS object: never copied from a caller's object.
const PROTO_KEYS: &[&str] = &["__proto__", "constructor", "prototype"];

/// The members of `f` that are not prototype keys (the call's own decoded
/// object: the caller's is never changed).
pub(super) fn own_fields(mut f: Fields) -> Fields {
    remove_keys(&mut f, PROTO_KEYS);
    f
}

/// Removes the members whose key is one of `keys` (a plain loop over the
/// names as data: one copy of the code for both callers, where `retain` is
/// one per closure, and no function pointer; such keys are rare, so
/// removing one by one costs nothing).
fn remove_keys(f: &mut Fields, keys: &[&str]) {
    let mut i = 0;
    while let Some((k, _)) = f.get(i) {
        if keys.contains(&k.as_str()) {
            f.remove(i);
        } else {
            i += 1;
        }
    }
}

fn set(fields: &mut Fields, key: &str, v: Value) {
    match fields.iter_mut().find(|(k, _)| k.as_str() == key) {
        Some(slot) => slot.1 = v,
        None => fields.push((key.to_owned(), v)),
    }
}

/// What a request hook (`WXAPI.use({onRequest})`) returns, checked as a
/// caller's values are: `data` an object of form fields (no prototype keys;
/// objects only for a request function or a nesting style, as for a call), `header` an object of
/// header names to strings with the rules of `init3({header})`. Written as
/// `{"k":"request","d":…,"q":…,"h":…}` for `audience` (the members a
/// descriptor has for it).
pub fn reform(
    data: Value,
    header: &Value,
    audience: Audience,
    style: Style,
    verb: &str,
) -> Result<String, Error> {
    let mut fields: Option<Fields> = match data {
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
        // A request function gets the objects as they are (as from the reference).
        if audience != Audience::RequestFunction && !style.nests() {
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
        headers: &headers,
        style,
    };
    // `k` first, so that every other member starts with a comma.
    let mut out = protocol::member::OPEN.to_owned();
    out.push_str(protocol::KIND_REQUEST);
    d.write_payload(audience, &mut out);
    out.push('}');
    Ok(out)
}
