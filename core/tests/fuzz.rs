//! Property test: the builder returns (Ok or Err) for any endpoint and any
//! arguments — never panics, never loops. `PROPTEST_CASES` scales the run.

#![allow(clippy::disallowed_macros)]

use apifm_core::table::COUNT;
use apifm_core::{build, Config, Context, Update, Value};
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
        let _ = build(&Config::default(), index, &args, &ctx).map(|d| (d.to_json(), d.query()));
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
