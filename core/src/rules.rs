//! Argument rules: each parameter of the table may carry a kind and a
//! "required" mark (`docs/errors.md`). Rules accept what the backend accepts
//! — numbers and numeric strings alike — and refuse what can only produce a
//! broken request.

use crate::endpoint::{Default, Param, Rule};
use crate::error::Error;
use crate::text::{digits_end, exponent_ends, trim};
use crate::value::{parse_json, Value};

fn digits(s: &str) -> bool {
    let s = s.strip_prefix("-").unwrap_or(s);
    !s.is_empty() && s.len() <= 20 && s.bytes().all(|b| b.is_ascii_digit())
}

/// `s` without one leading `-` or `+`.
fn sign(s: &str) -> &str {
    match s.bytes().next() {
        Some(b'-' | b'+') => s.get(1..).unwrap_or(""),
        _ => s,
    }
}

/// A decimal number as JavaScript's `Number(s)` would read it (finite only).
fn numeric(s: &str) -> bool {
    let b = sign(trim(s)).as_bytes();
    let int_end = digits_end(b, 0);
    let mut i = int_end;
    if matches!(b.get(i), Some(b'.')) {
        i = digits_end(b, i + 1);
    }
    // digits before or after the point (`i` past the point alone is not enough)
    if int_end == 0 && i <= 1 {
        return false;
    }
    exponent_ends(b, i)
}

/// Checks one resolved argument (after defaults) against its parameter.
pub fn check(p: &Param, v: &Value) -> Result<(), Error> {
    let missing = matches!(v, Value::Undefined | Value::Null);
    if missing {
        return if p.required {
            Err(Error::argument(p.name, "is required"))
        } else {
            Ok(())
        };
    }
    // What the reference sends without complaint and apps pass: its own
    // default given explicitly, and '' for any optional parameter.
    let reference_default = match (p.default, v) {
        (Default::Str(d), Value::Str(s)) => d == s,
        (Default::False, Value::Bool(false)) => true,
        _ => false,
    };
    if reference_default || (!p.required && matches!(v, Value::Str(s) if s.is_empty())) {
        return Ok(());
    }
    let ok = match (p.rule, v) {
        (Rule::Any, _) => true,
        (Rule::Id, Value::Number(n) | Value::Str(n)) => digits(n),
        (Rule::Number, Value::Number(n) | Value::Str(n)) => numeric(n),
        (Rule::Bool, Value::Bool(_)) => true,
        // 1/0 and "1"/"0" as well as "true"/"false": all go on the wire as given
        (Rule::Bool, Value::Str(s)) => matches!(s.as_str(), "true" | "false" | "1" | "0"),
        (Rule::Bool, Value::Number(n)) => n == "1" || n == "0",
        (Rule::Str, Value::Str(_) | Value::Number(_) | Value::Bool(_)) => true,
        (Rule::Json, Value::Str(s)) => parse_json(s).is_ok(),
        (Rule::Array, Value::Array(_) | Value::Str(_) | Value::Number(_)) => true,
        (Rule::Object, Value::Object(_)) => true,
        (Rule::File, Value::Str(s)) => !s.is_empty(),
        (Rule::File, Value::Object(_)) => true,
        (Rule::Path, Value::Str(s)) => s.starts_with("/"),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::argument(p.name, expected(p.rule)))
    }
}

fn expected(rule: Rule) -> &'static str {
    match rule {
        Rule::Any => "has an unsupported value",
        Rule::Id => "must be an integer id (a number or a string of digits)",
        Rule::Number => "must be a finite number or a numeric string",
        Rule::Bool => "must be true/false, 1/0 or \"true\"/\"false\"",
        Rule::Str => "must be a string",
        Rule::Json => "must be a JSON string (pass JSON.stringify(value))",
        Rule::Array => "must be an array",
        Rule::Object => "must be an object",
        Rule::File => "must be a file path (mini-programs) or a Blob/File/Buffer",
        Rule::Path => "must be an API path starting with /",
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

    #[test]
    fn table() {
        let cases: Vec<(Rule, Value, bool)> = vec![
            (Rule::Id, n("123"), true),
            (Rule::Id, s("123"), true),
            (Rule::Id, s("12a"), false),
            (Rule::Id, n("1.5"), false),
            (Rule::Id, n("NaN"), false),
            (Rule::Id, s("x"), false),
            (Rule::Number, n("1.5"), true),
            (Rule::Number, s(" 2e3 "), true),
            (Rule::Number, n("Infinity"), false),
            (Rule::Number, s("abc"), false),
            (Rule::Bool, Value::Bool(false), true),
            (Rule::Bool, s("true"), true),
            (Rule::Bool, s("yes"), false),
            (Rule::Bool, n("1"), true),
            (Rule::Bool, n("0"), true),
            (Rule::Bool, s("0"), true),
            (Rule::Bool, n("2"), false),
            (Rule::Str, n("5"), true),
            (Rule::Str, Value::Object(vec![]), false),
            (Rule::Json, s("{\"a\":1}"), true),
            (Rule::Json, s("{a:1}"), false),
            (Rule::Json, Value::Object(vec![]), false),
            (Rule::Array, Value::Array(vec![]), true),
            (Rule::Array, s("1,2"), true),
            (Rule::Array, Value::Object(vec![]), false),
            (Rule::Object, Value::Object(vec![]), true),
            (Rule::Object, s("a=1"), false),
            (Rule::Path, s("/pay/x"), true),
            (Rule::Path, s("https://evil"), false),
        ];
        for (rule, v, ok) in cases {
            assert_eq!(check(&p(rule, false), &v).is_ok(), ok, "{rule:?} {v:?}");
        }
    }

    #[test]
    fn reference_defaults_and_empty_optionals() {
        // '' for an optional parameter: accepted whatever its kind
        for rule in [Rule::Id, Rule::Number, Rule::Bool, Rule::Json, Rule::Path] {
            assert!(check(&p(rule, false), &s("")).is_ok(), "{rule:?}");
            assert!(check(&p(rule, true), &s("")).is_err(), "{rule:?} required");
        }
        // the reference's own default given explicitly (uploadFile's expireHours = '')
        let with_default = |default| Param {
            name: "x",
            rule: Rule::Number,
            required: true,
            default,
        };
        assert!(check(&with_default(Default::Str("")), &s("")).is_ok());
        assert!(check(&with_default(Default::Str("7")), &s("7")).is_ok());
        assert!(check(&with_default(Default::False), &Value::Bool(false)).is_ok());
        assert!(check(&with_default(Default::Str("")), &s("x")).is_err());
    }

    /// The check as it was written before (the oracle of the test below).
    fn numeric_before(s: &str) -> bool {
        let t = s.trim();
        let t = sign(t);
        let (mant, exp) = match t.bytes().position(|b| b == b'e' || b == b'E') {
            Some(i) => (t.get(..i).unwrap_or(""), Some(t.get(i + 1..).unwrap_or(""))),
            None => (t, None),
        };
        let (int, frac) = mant.split_once('.').unwrap_or((mant, ""));
        let all = |x: &str| x.bytes().all(|b| b.is_ascii_digit());
        let mant_ok = !(int.is_empty() && frac.is_empty()) && all(int) && all(frac);
        let exp_ok = match exp {
            None => true,
            Some(e) => {
                let e = sign(e);
                !e.is_empty() && all(e)
            }
        };
        mant_ok && exp_ok
    }

    #[test]
    fn numbers_as_before() {
        crate::text::each_short_string(b"01.eE+- ", 6, |t| {
            assert_eq!(numeric(t), numeric_before(t), "{t:?}");
        });
    }

    #[test]
    fn required() {
        assert_eq!(
            check(&p(Rule::Id, true), &Value::Undefined)
                .unwrap_err()
                .param,
            "x"
        );
        assert!(check(&p(Rule::Id, true), &Value::Null).is_err());
        assert!(check(&p(Rule::Id, false), &Value::Undefined).is_ok());
    }
}
