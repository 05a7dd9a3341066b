//! The core keeps the protocol that `spec/protocol.json` states (and
//! `js-shim/protocol.js` states to the shim): the members each audience
//! gets, the codes of audiences and styles, the value tags, the error
//! answer. A value changed in the spec without the code that reads it (or
//! the other way round) fails here.
#![allow(clippy::unwrap_used, clippy::panic, clippy::disallowed_macros)]

use apifm_core::form::Style;
use apifm_core::protocol::{self, AUDIENCE_FIELDS};
use apifm_core::value::{parse_json, parse_tagged, Value};
use apifm_core::{build_endpoint, Audience, Config, Context, Endpoint, Error, Update};

fn config() -> Config {
    let mut c = Config::default();
    let header = Value::Object(vec![("X-Shop".into(), Value::Str("1".into()))]);
    c.apply(&Update {
        headers: Some(&header),
        ..Update::default()
    })
    .unwrap();
    c
}

/// The member letters of a descriptor's JSON, in order.
fn members(json: &str) -> String {
    match parse_json(json).unwrap() {
        Value::Object(f) => f.into_iter().map(|(k, _)| k).collect(),
        other => panic!("not an object: {other:?}"),
    }
}

fn describe(row: &'static str, args: Vec<Value>, code: u32) -> String {
    let c = config();
    let (audience, style) = Audience::with_style(code);
    let ctx = Context {
        keep_objects: audience == Audience::RequestFunction,
        style,
        ..Context::default()
    };
    let ep = Endpoint::parse(row).unwrap();
    build_endpoint(&c, &ep, args, ctx)
        .unwrap()
        .to_json_for(audience)
}

#[test]
fn each_audience_gets_the_members_the_spec_lists() {
    let s = |t: &str| Value::Str(t.into());
    for (code, request, other) in AUDIENCE_FIELDS {
        // A request with data and headers.
        let got = members(&describe("p|1|/x|a|a|", vec![s("1")], code));
        assert_eq!(got, request, "audience {code}, request");
        // An upload with data and headers (the other kinds carry the same but f and n).
        let got = members(&describe(
            "p|1|/x|a,file:f|a|u1:upfile",
            vec![s("1"), s("wxfile://x")],
            code,
        ));
        assert_eq!(got, other, "audience {code}, upload");
    }
    // Codes past the spec's read as every member.
    assert_eq!(Audience::from_code(9), Audience::All);
}

#[test]
fn audience_and_style_share_one_number() {
    for (code, audience) in [
        (protocol::AUDIENCE_ALL, Audience::All),
        (
            protocol::AUDIENCE_REQUEST_FUNCTION,
            Audience::RequestFunction,
        ),
        (protocol::AUDIENCE_PLATFORM, Audience::Platform),
        (protocol::AUDIENCE_FETCH, Audience::Fetch),
    ] {
        for (style_code, style) in [
            (protocol::STYLE_WX, Style::Wx),
            (protocol::STYLE_QS, Style::Qs),
        ] {
            assert_eq!(
                Audience::with_style(code | style_code << protocol::STYLE_SHIFT),
                (audience, style)
            );
        }
    }
}

#[test]
fn value_tags_read_as_the_spec_says() {
    let tagged = |tag: u8, rest: &str| {
        let mut t = String::from("\"");
        t.push(char::from(tag));
        t.push_str(rest);
        t.push('"');
        parse_tagged(&t).unwrap()
    };
    assert_eq!(
        tagged(protocol::TAG_STRING, "a b"),
        Value::Str("a b".into())
    );
    assert_eq!(
        tagged(protocol::TAG_NUMBER, "1e+21"),
        Value::Number("1e+21".into())
    );
    assert_eq!(tagged(protocol::TAG_TRUE, ""), Value::Bool(true));
    assert_eq!(tagged(protocol::TAG_FALSE, ""), Value::Bool(false));
    assert_eq!(tagged(protocol::TAG_UNDEFINED, ""), Value::Undefined);
    assert_eq!(
        tagged(protocol::TAG_OPAQUE, "symbol"),
        Value::Opaque("symbol".into())
    );
}

#[test]
fn error_answers_start_with_the_marker() {
    let mut out = String::new();
    Error::argument("id", "is required").write_wire(&mut out);
    assert_eq!(out.as_bytes()[0], protocol::ERROR_MARKER);
    let Value::Object(f) = parse_json(&out[1..]).unwrap() else {
        panic!("{out}")
    };
    let keys: Vec<&str> = f.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["e", "p", "m"]);
    assert_eq!(f[0].1, Value::Str(protocol::ERROR_ARGUMENT.into()));
}
