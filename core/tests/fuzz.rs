//! Property test: the builder returns (Ok or Err) for any endpoint and any
//! arguments — never panics, never loops, and a row of the table is never
//! refused at a call as a defect (rows are checked when decoded). The row
//! decoder returns for any text. `PROPTEST_CASES` scales the run.

#![allow(clippy::disallowed_macros)]

use apifm_core::table::COUNT;
use apifm_core::{build, Config, Context, Endpoint, ErrorKind, Update, Value};
use proptest::prelude::*;

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Undefined),
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        prop_oneof![
            Just("NaN".to_string()),
            Just("-Infinity".into()),
            Just("1e+21".into()),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>().prop_map(|f| f.to_string())
        ]
        .prop_map(Value::Number),
        ".{0,40}".prop_map(Value::Str),
        prop_oneof![Just("function".to_string()), Just("symbol".into())].prop_map(Value::Opaque),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((".{0,8}", inner), 0..6).prop_map(Value::Object),
        ]
    })
}

proptest! {
    #[test]
    fn build_never_panics(index in 0..COUNT + 2, args in prop::collection::vec(value(), 0..7), storage in prop::option::of(value())) {
        let ctx = Context { random: "0.25".into(), storage, ..Context::default() };
        let r = build(&Config::default(), index, &args, &ctx).map(|d| (d.to_json(), d.query()));
        if let (Err(e), true) = (r, index < COUNT) {
            prop_assert_ne!(e.kind, ErrorKind::Internal, "{:?}", e);
        }
    }

    #[test]
    fn row_decoder_never_panics(row in prop_oneof![
        "[gp{}0-9|,:=@+'#$kjJKsuotcrACMOm!~a-z]{0,48}",
        // Rows of six columns, mostly well-formed: what is accepted must build.
        (
            "g|p|\\{[0-3]\\}",
            "[01]",
            "(/[a-z]{1,3}|\\{[ACMOsm0-3]\\}){0,4}",
            "(a(:[insbjaofp])?!?(=~|=false|='x')?(,b(:[io])?(,c:f)?)?)?",
            "|\\{\\}|@[0-2](\\+[a-c](=([0-3]|'x'|#2|\\$s|\\$k:k|[jJK][0-3]))?){0,2}|[a-c](=([0-3]|'x'|#2|\\$s|\\$k:k|[jJK][0-3]))?(,[a-c](=[0-3])?){0,2}",
            "|c|r|[ut]([0-3]|o):f",
        )
            .prop_map(|(v, s, u, p, d, k)| [v, s, u, p, d, k].join("|")),
    ]) {
        if let Ok(e) = Endpoint::parse(Box::leak(row.into_boxed_str())) {
            // What it accepted builds (or refuses the arguments) without a defect.
            let config = Config::default();
            if let Err(err) = apifm_core::build_endpoint(&config, &e, vec![], Context::default()) {
                prop_assert_ne!(err.kind, ErrorKind::Internal, "{:?}", err);
            }
        }
    }

    #[test]
    fn config_never_panics(v in value(), w in value()) {
        let mut c = Config::default();
        let before = c.clone();
        let r = c.apply(&Update { sub_domain: Some(&v), api_base: Some(&w), ..Update::default() });
        if r.is_err() {
            prop_assert_eq!(c, before);
        }
    }

    #[test]
    fn tagged_parser_never_panics(s in ".{0,200}") {
        let _ = apifm_core::value::parse_tagged(&s);
        let _ = apifm_core::value::parse_json(&s);
    }
}
