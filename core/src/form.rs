//! How a surface puts form fields on the wire (its encoding style).
//!
//! `Wx` is apifm-wxapi's (WeChat's form encoding: `String(value)` per
//! field, written by [`crate::Descriptor::query`]). `Qs` is apifm-webapi's
//! (axios 0.24 with `qs`): a GET's fields become the query as axios'
//! own `buildURL` writes it (arrays as `key[]=v`, objects as JSON), a
//! POST's fields the body as `qs.stringify` writes it (nested values as
//! `sku[0][optionId]=1`, percent-encoded per RFC 3986), and any other verb
//! sends no fields at all (the reference hands axios `{}` there).

use crate::protocol;
use crate::text::pieces;
use crate::url::{encode_keeping, push_usize};
use crate::value::{write_json, JsonStyle, Value};

/// The encoding style of a surface; the shim passes it with the audience
/// (`audience | style << STYLE_SHIFT`, see [`crate::Audience::with_style`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Style {
    /// apifm-wxapi: one `String(value)` per field.
    #[default]
    Wx,
    /// apifm-webapi: axios `params` for GET, `qs.stringify` for POST.
    Qs,
}

impl Style {
    /// The style of a code the shim passes (`spec/protocol.json`): `Qs`'s
    /// code is `Qs`, anything else `Wx`.
    pub fn from_code(code: u32) -> Style {
        if code == protocol::STYLE_QS {
            Style::Qs
        } else {
            Style::Wx
        }
    }

    /// Whether fields may hold objects: `qs` writes them as nested keys.
    pub fn nests(self) -> bool {
        self == Style::Qs
    }
}

/// The `Qs` style's form text of `fields` sent with `verb` (exactly as the
/// reference compares it: `get`/`GET`, `post`/`POST`).
pub fn qs_query(verb: &str, fields: &[(String, Value)], out: &mut String) {
    match verb {
        "get" | "GET" => axios_params(fields, out),
        "post" | "POST" => {
            for (k, v) in fields {
                qs_value(k, v, out);
            }
        }
        _ => {}
    }
}

fn separate(out: &mut String) {
    if !out.is_empty() {
        out.push('&');
    }
}

/// `qs`'s encoder (RFC 3986): everything but `A-Z a-z 0-9 - . _ ~` is
/// percent-encoded, brackets of keys included.
fn qs_encode(s: &str, out: &mut String) {
    encode_keeping(s, out, b"");
}

/// One value of `qs.stringify` under `key`: `null` is `key=`, `undefined`
/// and empty arrays or objects are left out, nested values get `[i]`/`[k]`.
fn qs_value(key: &str, v: &Value, out: &mut String) {
    match v {
        Value::Undefined | Value::Opaque(_) => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let mut k = String::with_capacity(key.len() + 4);
                k.push_str(key);
                k.push('[');
                push_usize(i, &mut k);
                k.push(']');
                qs_value(&k, item, out);
            }
        }
        Value::Object(fields) => {
            for (name, item) in fields {
                let mut k = String::with_capacity(key.len() + name.len() + 2);
                k.push_str(key);
                k.push('[');
                k.push_str(name);
                k.push(']');
                qs_value(&k, item, out);
            }
        }
        Value::Null => {
            separate(out);
            qs_encode(key, out);
            out.push('=');
        }
        scalar => {
            separate(out);
            qs_encode(key, out);
            out.push('=');
            let mut text = String::new();
            scalar.to_js_string(&mut text);
            qs_encode(&text, out);
        }
    }
}

/// axios 0.24's `buildURL` serialisation of `params`: `null`/`undefined`
/// left out, an array as `key[]=item` per item, an object (or an array
/// item that is one) as its JSON.
fn axios_params(fields: &[(String, Value)], out: &mut String) {
    for (k, v) in fields {
        match v {
            Value::Undefined | Value::Null | Value::Opaque(_) => {}
            Value::Array(items) => {
                for item in items {
                    separate(out);
                    axios_encode(k, out);
                    out.push_str("[]=");
                    axios_item(item, out);
                }
            }
            item => {
                separate(out);
                axios_encode(k, out);
                out.push('=');
                axios_item(item, out);
            }
        }
    }
}

fn axios_item(v: &Value, out: &mut String) {
    let mut text = String::new();
    match v {
        Value::Array(_) | Value::Object(_) => write_json(v, JsonStyle::Stringify, &mut text),
        // `encodeURIComponent(undefined)`, `encodeURIComponent(null)`
        other => other.to_js_string(&mut text),
    }
    axios_encode(&text, out);
}

/// axios' `encode`: `encodeURIComponent`, then `: $ , [ ]` put back and
/// spaces written as `+`.
fn axios_encode(s: &str, out: &mut String) {
    for (i, part) in pieces(s, b' ').enumerate() {
        if i > 0 {
            out.push('+');
        }
        encode_keeping(part, out, b"!*'():$,[]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::parse_tagged;

    fn fields(tagged: &str) -> Vec<(String, Value)> {
        match parse_tagged(tagged).unwrap() {
            Value::Object(f) => f,
            _ => panic!("not an object"),
        }
    }

    fn q(verb: &str, tagged: &str) -> String {
        let mut out = String::new();
        qs_query(verb, &fields(tagged), &mut out);
        out
    }

    #[test]
    fn post_is_qs_stringify() {
        // qs.stringify({token:'t&1', sku:[{optionId:1,optionValueId:3}], n:null, u:undefined, e:[], o:{}, b:true})
        assert_eq!(
            q(
                "post",
                r#"{"token":"st&1","sku":[{"optionId":"n1","optionValueId":"n3"}],"n":null,"u":"u","e":[],"o":{},"b":"t"}"#
            ),
            "token=t%261&sku%5B0%5D%5BoptionId%5D=1&sku%5B0%5D%5BoptionValueId%5D=3&n=&b=true"
        );
        // RFC 3986: ! ' ( ) * are encoded too; UTF-8 bytes in upper-case hex
        assert_eq!(
            q("POST", r#"{"k (1)":"s!'*中 +"}"#),
            "k%20%281%29=%21%27%2A%E4%B8%AD%20%2B"
        );
        assert_eq!(
            q("post", r#"{"grid":[["n1","n2"],["n3"]]}"#),
            "grid%5B0%5D%5B0%5D=1&grid%5B0%5D%5B1%5D=2&grid%5B1%5D%5B0%5D=3"
        );
    }

    #[test]
    fn get_is_axios_build_url() {
        // axios 0.24 buildURL(url, {ids:[1,'a b'], o:{x:1}, list:[{id:1}], s:'a:b$c,d[e] f&g', n:null, u:undefined})
        assert_eq!(
            q(
                "get",
                r#"{"ids":["n1","sa b"],"o":{"x":"n1"},"list":[{"id":"n1"}],"s":"sa:b$c,d[e] f&g!*'()","n":null,"u":"u"}"#
            ),
            "ids[]=1&ids[]=a+b&o=%7B%22x%22:1%7D&list[]=%7B%22id%22:1%7D&s=a:b$c,d[e]+f%26g!*'()"
        );
        assert_eq!(q("GET", r#"{"a":["u",null]}"#), "a[]=undefined&a[]=null");
    }

    #[test]
    fn other_verbs_send_nothing() {
        assert_eq!(q("put", r#"{"a":"n1"}"#), "");
        assert_eq!(q("Get", r#"{"a":"n1"}"#), "");
        assert_eq!(Style::from_code(1), Style::Qs);
        assert_eq!(Style::from_code(0), Style::Wx);
    }
}
