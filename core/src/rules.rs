//! Argument rules: each parameter of the table may carry a kind and a
//! "required" mark (`docs/errors.md`). The principle (`docs/compat.md`,
//! "What a call refuses"): a rule refuses only
//! (a) a required argument that is missing (`undefined` or `null`: `''`,
//! `0` and `false` are values),
//! (b) a value the reference would turn into garbage on the wire (an object
//! where a scalar goes → `[object Object]`, `NaN`, `±Infinity`; functions and
//! symbols are refused before the rules, [`Value::opaque`]),
//! (c) a value that changes where a request goes (checked where the value
//! meets the URL: `descriptor.rs`).
//! A string or a number is never refused for its content: `'101,102'`,
//! `''`, `'0'` or `'abc'` in an id go on the wire as the reference sends
//! them. The letters still say what a parameter means (types, docs).

use crate::endpoint::{Default, Param, Rule};
use crate::error::Error;
use crate::value::Value;

/// Whether `n` (JavaScript's text of a number) is `NaN` or `±Infinity`.
fn non_finite(n: &str) -> bool {
    n.ends_with("NaN") || n.ends_with("Infinity")
}

/// What makes `v` garbage in a scalar form field, if anything: an object at
/// any depth (`String(v)` would hold `[object Object]`), or a non-finite
/// number (an array of plain values goes as the reference sends it, `1,2`).
fn garbage(v: &Value) -> Option<&'static str> {
    match v {
        Value::Object(_) => Some(
            "holds an object, which would be sent as [object Object]: pass a string or a number (JSON.stringify it where the API takes JSON)",
        ),
        Value::Number(n) if non_finite(n) => {
            Some("is NaN or Infinity, which would be sent as that text: pass a finite number or a string")
        }
        Value::Array(items) => items.iter().find_map(garbage),
        _ => None,
    }
}

/// Checks one argument as the caller gave it (before defaults) against its
/// parameter.
pub fn check(p: &Param, v: &Value) -> Result<(), Error> {
    if matches!(v, Value::Undefined | Value::Null) {
        return if p.required {
            Err(Error::argument(p.name, "is required"))
        } else {
            Ok(())
        };
    }
    let why = match p.rule {
        // No rule: the value is sent (or JSON-encoded) as the reference would.
        Rule::Any => None,
        // A scalar form field: any string, boolean or finite number, or an
        // array of them (sent joined, as the reference's `String(value)`).
        Rule::Id | Rule::Number | Rule::Bool | Rule::Str | Rule::Json | Rule::Array => garbage(v),
        Rule::Object => match v {
            Value::Object(_) => None,
            // '' (or another falsy value) for an optional object: no fields
            _ if !p.required && !v.truthy() => None,
            _ => Some("must be an object"),
        },
        Rule::File => match v {
            Value::Str(s) if !s.is_empty() => None,
            Value::Object(_) => None,
            _ if !p.required && reference_default(p, v) => None,
            _ => Some("must be a file path (mini-programs) or a Blob/File/Buffer"),
        },
        // The URL itself is checked where it is expanded (with the configuration).
        Rule::Path => match v {
            Value::Str(_) => None,
            _ => Some("must be an API path starting with / or an https:// URL"),
        },
    };
    match why {
        None => Ok(()),
        Some(m) => Err(Error::argument(p.name, m)),
    }
}

/// The reference's own default given explicitly, or `''` (what apps pass
/// for "none").
fn reference_default(p: &Param, v: &Value) -> bool {
    match (p.default, v) {
        (Default::Str(d), Value::Str(s)) => d == s,
        (Default::False, Value::Bool(false)) => true,
        (_, Value::Str(s)) => s.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Default;

    fn p(rule: Rule, required: bool) -> Param {
        Param {
            name: "x",
            rule,
            required,
            default: Default::None,
        }
    }
    fn n(s: &str) -> Value {
        Value::Number(s.into())
    }
    fn s(x: &str) -> Value {
        Value::Str(x.into())
    }
    fn obj() -> Value {
        Value::Object(vec![("a".into(), n("1"))])
    }

    #[test]
    fn strings_and_numbers_are_never_refused_for_their_content() {
        let scalar = [
            Rule::Id,
            Rule::Number,
            Rule::Bool,
            Rule::Str,
            Rule::Json,
            Rule::Array,
        ];
        // What apps pass: joined id lists, '' for "none", codes, any text.
        let values = [
            s("101,102,103"),
            s(""),
            s("0"),
            s("abc"),
            s("HX20240101"),
            s("{a:1}"),
            s("yes"),
            n("1.5"),
            n("-3"),
            n("12345678901234567890123"),
            Value::Bool(true),
            Value::Array(vec![n("1"), s("2")]),
        ];
        for rule in scalar {
            for required in [false, true] {
                for v in &values {
                    assert!(check(&p(rule, required), v).is_ok(), "{rule:?} {v:?}");
                }
            }
        }
    }

    #[test]
    fn garbage_on_the_wire_is_refused() {
        for rule in [Rule::Id, Rule::Number, Rule::Bool, Rule::Str, Rule::Json] {
            for v in [
                obj(),
                Value::Array(vec![obj()]),
                n("NaN"),
                n("Infinity"),
                n("-Infinity"),
                Value::Array(vec![n("1"), n("NaN")]),
            ] {
                let e = check(&p(rule, false), &v).unwrap_err();
                assert_eq!((e.kind, e.param), (crate::ErrorKind::Argument, "x"));
            }
        }
        // no rule: the value goes as the reference sends it (or is JSON-encoded)
        assert!(check(&p(Rule::Any, false), &obj()).is_ok());
    }

    #[test]
    fn objects_files_and_paths() {
        assert!(check(&p(Rule::Object, true), &obj()).is_ok());
        assert!(check(&p(Rule::Object, false), &s("")).is_ok());
        assert!(check(&p(Rule::Object, false), &s("a=1")).is_err());
        assert!(check(&p(Rule::Object, true), &s("")).is_err());
        assert!(check(&p(Rule::File, true), &s("wxfile://tmp/a.png")).is_ok());
        assert!(check(&p(Rule::File, true), &obj()).is_ok());
        assert!(check(&p(Rule::File, true), &s("")).is_err());
        assert!(check(&p(Rule::File, false), &s("")).is_ok());
        // the URL's own checks run where it is expanded (descriptor.rs)
        assert!(check(&p(Rule::Path, true), &s("https://pay.example.com/x")).is_ok());
        assert!(check(&p(Rule::Path, true), &obj()).is_err());
    }

    #[test]
    fn required_means_present() {
        for rule in [Rule::Id, Rule::Str, Rule::Object, Rule::File, Rule::Path] {
            let e = check(&p(rule, true), &Value::Undefined).unwrap_err();
            assert_eq!(e.param, "x");
            assert!(check(&p(rule, true), &Value::Null).is_err());
            assert!(check(&p(rule, false), &Value::Undefined).is_ok());
        }
        // '', 0 and false are values
        for v in [s(""), n("0"), Value::Bool(false)] {
            assert!(check(&p(Rule::Id, true), &v).is_ok(), "{v:?}");
        }
    }

    #[test]
    fn reference_defaults() {
        // the reference's own default given explicitly (uploadFile's expireHours = '')
        let with_default = |default, rule| Param {
            name: "x",
            rule,
            required: true,
            default,
        };
        assert!(check(&with_default(Default::Str(""), Rule::Number), &s("")).is_ok());
        assert!(check(
            &with_default(Default::False, Rule::Bool),
            &Value::Bool(false)
        )
        .is_ok());
    }
}
