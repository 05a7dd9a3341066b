//! The argument value model, and the small JSON reader/writer the core needs.
//!
//! The binding hands arguments over as *tagged JSON*: the JS side turns every
//! primitive into a string with a one-letter type prefix (`s` string, `n`
//! number in JavaScript's own text form, `t`/`f` booleans, `u` undefined),
//! and keeps `null`, arrays and objects as JSON. That keeps JavaScript's
//! number formatting on the JS side (no float formatting here) and lets
//! `undefined` survive the trip.

/// Deepest nesting accepted in arguments; deeper input is refused, never
/// recursed into (no stack overflow can be reached from JS).
pub use crate::limits::MAX_DEPTH;
/// Most array items and object members one text may hold, however small
/// (`[{},{},…]`): each takes a few dozen bytes of wasm memory, which never
/// shrinks, so the count is bounded as well as the bytes.
pub use crate::limits::MAX_ITEMS;

use crate::text::{digits_end, exponent_ends};

/// A JavaScript value as the SDK sees it.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Undefined,
    Null,
    Bool(bool),
    /// A number, kept as JavaScript's `String(n)` text (`"1"`, `"1.5"`, `"NaN"`).
    Number(String),
    Str(String),
    Array(Vec<Value>),
    /// Keys in insertion order, as JavaScript objects keep them.
    Object(Vec<(String, Value)>),
    /// A value that cannot be sent (function, symbol); holds its JS type.
    Opaque(String),
}

impl Value {
    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    /// The JS type name of the first unsendable value inside, if any.
    pub fn opaque(&self) -> Option<&str> {
        match self {
            Value::Opaque(t) => Some(t),
            Value::Array(items) => items.iter().find_map(Value::opaque),
            Value::Object(fields) => fields.iter().find_map(|(_, v)| v.opaque()),
            _ => None,
        }
    }

    /// JavaScript truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Opaque(_) => true,
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => !matches!(n.as_str(), "0" | "NaN" | "-0"),
            Value::Str(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// JavaScript `String(value)` for the values a form field can carry.
    /// Objects become `[object Object]`, as they do on the reference's wire.
    pub fn to_js_string(&self, out: &mut String) {
        match self {
            Value::Undefined => out.push_str("undefined"),
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::Str(s) => out.push_str(s),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    if !matches!(item, Value::Undefined | Value::Null) {
                        item.to_js_string(out);
                    }
                }
            }
            Value::Object(_) => out.push_str("[object Object]"),
            Value::Opaque(t) => out.push_str(t),
        }
    }
}

/// Item `i` of `items`, moved out (`undefined` left in its place, and
/// returned past the end): arguments are read this way, without an
/// iterator that owns the rest.
pub fn take_item(items: &mut [Value], i: usize) -> Value {
    take(items.get_mut(i))
}

/// The value in `slot`, moved out (`undefined` left in its place), or
/// `undefined` for no slot: the one place a value is taken.
pub fn take(slot: Option<&mut Value>) -> Value {
    slot.map_or(Value::Undefined, |v| std::mem::replace(v, Value::Undefined))
}

/// Why a JSON text was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JsonError {
    Syntax,
    TooDeep,
    /// More than [`MAX_ITEMS`] array items and object members.
    TooMany,
    BadTag,
    LoneSurrogate,
}

/// Parses standard JSON (native builds and tests: the binding sends tagged
/// JSON only, so the wasm has no caller and no copy of it).
pub fn parse_json(text: &str) -> Result<Value, JsonError> {
    parse::<false>(text, 0)
}

/// Parses the binding's tagged-JSON argument encoding (see the module docs).
pub fn parse_tagged(text: &str) -> Result<Value, JsonError> {
    parse::<true>(text, 0)
}

/// Parses a tagged-JSON call `[arguments, …]`: the wrapping array does not
/// count against [`MAX_DEPTH`].
pub fn parse_tagged_call(text: &str) -> Result<Value, JsonError> {
    parse::<true>(text, 1)
}

/// `TAGGED` is a constant, so each reader is its own copy: the wasm reads
/// tagged JSON only and carries no reader of plain JSON's literals and
/// numbers.
fn parse<const TAGGED: bool>(text: &str, extra_depth: usize) -> Result<Value, JsonError> {
    let mut p = Parser::<TAGGED> {
        src: text,
        s: text.as_bytes(),
        i: 0,
        max_depth: MAX_DEPTH + extra_depth,
        items: 0,
    };
    let v = p.value(0)?;
    p.ws();
    if p.i != p.s.len() {
        return Err(JsonError::Syntax);
    }
    Ok(v)
}

struct Parser<'a, const TAGGED: bool> {
    src: &'a str,
    s: &'a [u8],
    i: usize,
    max_depth: usize,
    /// Array items and object members read so far.
    items: usize,
}

impl<const TAGGED: bool> Parser<'_, TAGGED> {
    // Called for every byte of a call: a call, not inlined at opt-level z, cost ≈2 % of a call.
    #[inline(always)]
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Result<(), JsonError> {
        self.ws();
        if self.peek() == Some(c) {
            self.i += 1;
            Ok(())
        } else {
            Err(JsonError::Syntax)
        }
    }

    fn lit(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if self
            .s
            .get(self.i..)
            .is_some_and(|s| s.starts_with(word.as_bytes()))
        {
            self.i += word.len();
            Ok(v)
        } else {
            Err(JsonError::Syntax)
        }
    }

    /// Counts one more array item or object member: refused past [`MAX_ITEMS`].
    fn count(&mut self) -> Result<(), JsonError> {
        self.items += 1;
        if self.items > MAX_ITEMS {
            return Err(JsonError::TooMany);
        }
        Ok(())
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > self.max_depth {
            return Err(JsonError::TooDeep);
        }
        self.ws();
        match self.peek() {
            Some(b'n') => self.lit("null", Value::Null),
            Some(b't') if !TAGGED => self.lit("true", Value::Bool(true)),
            Some(b'f') if !TAGGED => self.lit("false", Value::Bool(false)),
            Some(b'"') if TAGGED => self.tagged_string(),
            Some(b'"') => Ok(Value::Str(self.string()?)),
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Value::Array(items));
                }
                loop {
                    self.count()?;
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Value::Array(items));
                        }
                        _ => return Err(JsonError::Syntax),
                    }
                }
            }
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Value::Object(fields));
                }
                loop {
                    self.count()?;
                    self.ws();
                    if self.peek() != Some(b'"') {
                        return Err(JsonError::Syntax);
                    }
                    let key = self.string()?;
                    self.eat(b':')?;
                    let v = self.value(depth + 1)?;
                    fields.push((key, v));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Value::Object(fields));
                        }
                        _ => return Err(JsonError::Syntax),
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') if !TAGGED => {
                let start = self.i;
                while matches!(
                    self.peek(),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.i += 1;
                }
                let text = self.src.get(start..self.i).ok_or(JsonError::Syntax)?;
                if !valid_json_number(text) {
                    return Err(JsonError::Syntax);
                }
                Ok(Value::Number(text.to_owned()))
            }
            _ => Err(JsonError::Syntax),
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0u32;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|c| char::from(c).to_digit(16))
                .ok_or(JsonError::Syntax)?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    /// A tagged value (`"n123"`, `"u"`, `"s…"`): the tag is read first, so
    /// that the text after it is copied once and `"u"`/`"t"`/`"f"` copy
    /// nothing. A tag that is itself escaped takes the general path.
    fn tagged_string(&mut self) -> Result<Value, JsonError> {
        let tag = self.s.get(self.i + 1).copied();
        let closes = matches!(self.s.get(self.i + 2), Some(b'"'));
        let alone = match tag {
            Some(b't') if closes => Some(Value::Bool(true)),
            Some(b'f') if closes => Some(Value::Bool(false)),
            Some(b'u') if closes => Some(Value::Undefined),
            _ => None,
        };
        if let Some(v) = alone {
            self.i += 3;
            return Ok(v);
        }
        match tag {
            Some(t @ (b's' | b'n' | b'x')) => {
                self.i += 1; // the tag is read as if it were the opening quote
                let text = self.string()?;
                Ok(match t {
                    b's' => Value::Str(text),
                    b'n' => Value::Number(text),
                    _ => Value::Opaque(text),
                })
            }
            _ => untag(self.string()?),
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1; // opening quote
        let mut out = String::new();
        // Unescaped runs are copied as &str slices: they start and end at
        // ASCII bytes (quote, backslash), which are always char boundaries.
        let mut run = self.i;
        loop {
            let c = self.peek().ok_or(JsonError::Syntax)?;
            match c {
                b'"' | b'\\' => {
                    out.push_str(self.src.get(run..self.i).ok_or(JsonError::Syntax)?);
                    self.i += 1;
                    if c == b'"' {
                        return Ok(out);
                    }
                    let e = self.peek().ok_or(JsonError::Syntax)?;
                    self.i += 1;
                    out.push(match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        _ => return Err(JsonError::Syntax),
                    });
                    run = self.i;
                }
                0..=0x1f => return Err(JsonError::Syntax),
                _ => self.i += 1,
            }
        }
    }

    /// The character of a `\u` escape of four hex digits (a surrogate pair takes two).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            if self.s.get(self.i..self.i + 2) != Some(b"\\u") {
                return Err(JsonError::LoneSurrogate);
            }
            self.i += 2;
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(JsonError::LoneSurrogate);
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else if (0xDC00..0xE000).contains(&hi) {
            return Err(JsonError::LoneSurrogate);
        } else {
            hi
        };
        char::from_u32(code).ok_or(JsonError::LoneSurrogate)
    }
}

fn untag(s: String) -> Result<Value, JsonError> {
    // Only a tag written as an escape comes here (`tagged_string` reads the
    // others first): the text after it is copied, which `replace_range`
    // would do in place with ≈0.4 KB more code.
    let tag = s.bytes().next().ok_or(JsonError::BadTag)?;
    if !tag.is_ascii() {
        return Err(JsonError::BadTag);
    }
    let s = s.get(1..).unwrap_or_default().to_owned();
    Ok(match tag {
        b's' => Value::Str(s),
        b'n' => Value::Number(s),
        b't' if s.is_empty() => Value::Bool(true),
        b'f' if s.is_empty() => Value::Bool(false),
        b'u' if s.is_empty() => Value::Undefined,
        b'x' => Value::Opaque(s),
        _ => return Err(JsonError::BadTag),
    })
}

fn valid_json_number(t: &str) -> bool {
    let b = t.as_bytes();
    let start = usize::from(matches!(b.first(), Some(b'-')));
    let mut i = digits_end(b, start);
    // an integer part, with no leading zero unless it is `0`
    if i == start || (i - start > 1 && matches!(b.get(start), Some(b'0'))) {
        return false;
    }
    if matches!(b.get(i), Some(b'.')) {
        let s = i + 1;
        i = digits_end(b, s);
        if i == s {
            return false;
        }
    }
    exponent_ends(b, i)
}

/// Writes `s` as an ASCII-only JSON string literal (non-ASCII characters as
/// `\\u` + four-hex-digit escapes, astral ones as surrogate pairs), so that the binding's
/// output can be decoded byte for byte.
pub fn write_json_str(s: &str, out: &mut String) {
    write_str(s, true, out);
}

fn write_str(s: &str, ascii: bool, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let hex4 = |u: u32, out: &mut String| {
        out.push_str("\\u");
        let mut shift = 16;
        while shift > 0 {
            shift -= 4;
            out.push(char::from(
                *HEX.get(((u >> shift) & 15) as usize).unwrap_or(&b'0'),
            ));
        }
    };
    out.reserve(s.len() + 2);
    out.push('"');
    // Plain runs are copied whole; only escapes are handled one by one.
    let bytes = s.as_bytes();
    let mut run = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let esc = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            0x80.. if ascii => "",
            _ => {
                i += 1;
                continue;
            }
        };
        out.push_str(s.get(run..i).unwrap_or(""));
        let width = if esc.is_empty() {
            // A control character, or (ASCII output) a whole non-ASCII char,
            // decoded from its UTF-8 (`i` is at the start of a char).
            let (mut code, width) = match b {
                0..=0x7f => (u32::from(b), 1),
                0xc0..=0xdf => (u32::from(b & 0x1f), 2),
                0xe0..=0xef => (u32::from(b & 0x0f), 3),
                _ => (u32::from(b & 0x07), 4),
            };
            for k in 1..width {
                let next = bytes.get(i + k).copied().unwrap_or(0);
                code = (code << 6) | u32::from(next & 0x3f);
            }
            if code >= 0x10000 {
                // a surrogate pair, as JSON.stringify and encode_utf16 write it
                hex4(0xd800 + ((code - 0x10000) >> 10), out);
                hex4(0xdc00 + (code & 0x3ff), out);
            } else {
                hex4(code, out);
            }
            width
        } else {
            out.push_str(esc);
            1
        };
        i += width;
        run = i;
    }
    out.push_str(s.get(run..).unwrap_or(""));
    out.push('"');
}

/// How [`write_json`] writes what JSON cannot say the same way everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonStyle {
    /// For the binding: ASCII-only strings; `NaN`/`Infinity` travel as their
    /// text (which is what `String()` of them gives on the wire anyway).
    Binding,
    /// `JSON.stringify`: strings as they are; non-finite numbers are `null`.
    Stringify,
}

/// Writes a value as JSON. `undefined` (and unsendable values) are `null`
/// inside arrays; object members that are `undefined` are left out.
pub fn write_json(v: &Value, style: JsonStyle, out: &mut String) {
    match v {
        Value::Undefined | Value::Null | Value::Opaque(_) => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) if valid_json_number(n) => out.push_str(n),
        Value::Number(_) if style == JsonStyle::Stringify => out.push_str("null"),
        Value::Number(n) | Value::Str(n) => write_str(n, style == JsonStyle::Binding, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, style, out);
            }
            out.push(']');
        }
        Value::Object(fields) => write_json_fields(fields, style, out),
    }
}

/// Writes object members as a JSON object, leaving `undefined` ones out.
pub fn write_json_fields(fields: &[(String, Value)], style: JsonStyle, out: &mut String) {
    out.push('{');
    let mut first = true;
    for (k, item) in fields.iter().filter(|(_, v)| !v.is_undefined()) {
        if !first {
            out.push(',');
        }
        first = false;
        write_str(k, style == JsonStyle::Binding, out);
        out.push(':');
        write_json(item, style, out);
    }
    out.push('}');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tagged_round_trip() {
        let v = parse_tagged(r#"["s\u4e2d\ud83d\ude00","n1.5","t","u",null,{"k":["f"]}]"#).unwrap();
        assert_eq!(
            v,
            Value::Array(vec![
                Value::Str("中😀".into()),
                Value::Number("1.5".into()),
                Value::Bool(true),
                Value::Undefined,
                Value::Null,
                Value::Object(vec![("k".into(), Value::Array(vec![Value::Bool(false)]))]),
            ])
        );
    }

    #[test]
    fn tags_read_before_the_text() {
        // An escaped tag, an empty text, an escape right after the tag, unsendable values.
        let v = parse_tagged(r#"["\u0073x","n","s\"q","xfunction","s","x"]"#).unwrap();
        assert_eq!(
            v,
            Value::Array(vec![
                Value::Str("x".into()),
                Value::Number(String::new()),
                Value::Str("\"q".into()),
                Value::Opaque("function".into()),
                Value::Str(String::new()),
                Value::Opaque(String::new()),
            ])
        );
        for bad in [
            r#"["tx"]"#,
            r#"["u "]"#,
            r#"["f\u0066"]"#,
            r#"["é"]"#,
            r#"[""]"#,
        ] {
            assert_eq!(parse_tagged(bad), Err(JsonError::BadTag), "{bad}");
        }
        assert!(matches!(parse_tagged(r#"["s"#), Err(JsonError::Syntax)));
        assert!(matches!(parse_tagged(r#"["u"#), Err(JsonError::Syntax)));
    }

    #[test]
    fn refuses_more_items_than_the_limit() {
        let at = |n: usize| {
            let mut t = "[".to_owned();
            t.push_str(&vec!["{}"; n].join(","));
            t.push(']');
            t
        };
        assert!(parse_tagged(&at(MAX_ITEMS)).is_ok());
        assert_eq!(parse_tagged(&at(MAX_ITEMS + 1)), Err(JsonError::TooMany));
        // Members count as items, wherever they are nested.
        let mut members = "[{".to_owned();
        for i in 0..MAX_ITEMS {
            if i > 0 {
                members.push(',');
            }
            members.push_str("\"k");
            members.push_str(&i.to_string());
            members.push_str("\":\"u\"");
        }
        members.push_str("}]");
        assert_eq!(parse_tagged(&members), Err(JsonError::TooMany));
        assert_eq!(parse_json(&at(MAX_ITEMS + 1)), Err(JsonError::TooMany));
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(parse_tagged(r#"["q"]"#), Err(JsonError::BadTag));
        assert_eq!(
            parse_tagged(r#"["s\ud800"]"#),
            Err(JsonError::LoneSurrogate)
        );
        assert_eq!(
            parse_tagged(r#"["s\udc00x"]"#),
            Err(JsonError::LoneSurrogate)
        );
        assert!(matches!(parse_tagged("[1]"), Err(JsonError::Syntax)));
        assert!(matches!(parse_json("[1,]"), Err(JsonError::Syntax)));
        assert!(matches!(parse_json("01"), Err(JsonError::Syntax)));
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        assert_eq!(parse_json(&deep), Err(JsonError::TooDeep));
    }

    #[test]
    fn plain_json() {
        assert!(parse_json(r#"{"a":[1,-2.5e3,true,false,null,"x"]}"#).is_ok());
        assert!(parse_json(" 12 ").is_ok());
        assert!(parse_json("").is_err());
    }

    #[test]
    fn js_string_forms() {
        let mut s = String::new();
        Value::Array(vec![
            Value::Number("1".into()),
            Value::Null,
            Value::Str("a".into()),
        ])
        .to_js_string(&mut s);
        assert_eq!(s, "1,,a");
        s.clear();
        Value::Object(vec![]).to_js_string(&mut s);
        assert_eq!(s, "[object Object]");
    }

    #[test]
    #[allow(clippy::disallowed_macros)]
    fn escapes_every_character_as_its_utf16() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let mut s = String::new();
            write_json_str(&text, &mut s);
            let mid = match c {
                '"' => "\\\"".to_string(),
                '\\' => "\\\\".to_string(),
                '\n' => "\\n".to_string(),
                '\r' => "\\r".to_string(),
                '\t' => "\\t".to_string(),
                c if (c as u32) < 0x20 || !c.is_ascii() => {
                    let mut units = [0u16; 2];
                    c.encode_utf16(&mut units)
                        .iter()
                        .map(|u| format!("\\u{u:04x}"))
                        .collect()
                }
                c => c.to_string(),
            };
            assert_eq!(s, format!("\"a{mid}b\""), "{:x}", c as u32);
        }
    }

    /// JSON's number grammar read off the spec, part by part (the oracle
    /// of the test below).
    fn json_number_by_parts(t: &str) -> bool {
        let t = t.strip_prefix('-').unwrap_or(t);
        let (mant, exp) = match t.find(['e', 'E']) {
            Some(i) => (&t[..i], Some(&t[i + 1..])),
            None => (t, None),
        };
        let (int, frac) = match mant.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (mant, None),
        };
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        digits(int)
            && (int == "0" || !int.starts_with('0'))
            && frac.is_none_or(digits)
            && exp.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)))
    }

    #[test]
    fn json_numbers_as_the_spec_says() {
        crate::text::each_short_string(b"01.eE+-x", 6, |t| {
            assert_eq!(valid_json_number(t), json_number_by_parts(t), "{t:?}");
        });
    }

    #[test]
    fn writes_json() {
        let mut s = String::new();
        let v = Value::Object(vec![
            ("a".into(), Value::Str("q\"\n\u{1}".into())),
            ("u".into(), Value::Undefined),
            ("n".into(), Value::Number("NaN".into())),
            ("m".into(), Value::Number("-1e+21".into())),
        ]);
        write_json(&v, JsonStyle::Binding, &mut s);
        assert_eq!(s, r#"{"a":"q\"\n\u0001","n":"NaN","m":-1e+21}"#);
        s.clear();
        write_json_str("中😀é", &mut s);
        assert_eq!(s, r#""\u4e2d\ud83d\ude00\u00e9""#);
        assert!(parse_json(&s).is_ok());
    }
}
