//! One endpoint row of the generated table, read into its parts.
//!
//! A row is one line of text, `|`-separated (the generator,
//! `tools/gen-table.js`, documents and checks the grammar):
//!
//! ```text
//! verb | sub | url template | params | data | kind
//! p    | 1   | /shop/goods/detail | id:i!,token='' | id,token |
//! ```
//!
//! The wasm build gets each row from the shim (the rows live in JS, one per
//! method export, so a bundler drops the rows of methods an app never
//! imports); it reads a row once, when the method is first called, and keeps
//! it (`src/lib.rs`). Native builds and tests read the same rows from the
//! generated `table` module.

use crate::table;
use crate::text::{cut, index, pieces, trim_end, trim_start};

/// How a parameter's value is checked (see `docs/errors.md`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// No check beyond "is a plain value".
    Any,
    /// Integer id: a safe integer, or a string of digits.
    Id,
    /// A finite number, or a numeric string.
    Number,
    /// `true`/`false`, or the strings `"true"`/`"false"`.
    Bool,
    /// A string (numbers are accepted and sent as their text).
    Str,
    /// A string holding valid JSON.
    Json,
    /// An array (or, as callers do, a comma-separated string).
    Array,
    /// An object of form fields.
    Object,
    /// A file: a temp-file path on mini-programs, a Blob/File/Buffer elsewhere.
    File,
    /// An API path starting with `/` (`payVariableUrl`).
    Path,
}

impl Rule {
    fn from_letter(c: u8) -> Option<Rule> {
        Some(match c {
            b'i' => Rule::Id,
            b'n' => Rule::Number,
            b'b' => Rule::Bool,
            b's' => Rule::Str,
            b'j' => Rule::Json,
            b'a' => Rule::Array,
            b'o' => Rule::Object,
            b'f' => Rule::File,
            b'p' => Rule::Path,
            _ => return None,
        })
    }
}

/// The default of a positional parameter in the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Default {
    None,
    Str(&'static str),
    False,
    /// `Math.random()`; the binding supplies the random number.
    Random,
}

#[derive(Clone, Copy, Debug)]
pub struct Param {
    pub name: &'static str,
    pub rule: Rule,
    pub required: bool,
    pub default: Default,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Request,
    /// `wx.uploadFile` (or `tt.uploadFile` when `tt` is set).
    Upload {
        tt: bool,
        file: FileArg,
    },
    CompressImage,
    /// Returns the URL synchronously (`graphValidateCodeUrl`).
    Url,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileArg {
    /// The positional argument holding the file.
    Positional(usize),
    /// Keys `tempFilePath` (file) and `apiUrl` (target) of the object argument.
    InObject,
}

/// A parsed row: every part borrows from the row text.
#[derive(Clone, Copy, Debug)]
pub struct Endpoint {
    /// `"get"`, `"post"`, or the text `"{N}"` when argument N is the verb.
    pub verb: &'static str,
    pub sub: bool,
    pub url: &'static str,
    params: &'static str,
    pub data: &'static str,
    pub kind: Kind,
    pub file_field: &'static str,
}

impl Endpoint {
    /// Reads row `index` of the generated table; `None` when out of range.
    pub fn get(index: usize) -> Option<Endpoint> {
        Endpoint::parse(table::row(index)?)
    }

    /// Reads one row; `None` when it is malformed.
    pub fn parse(row: &'static str) -> Option<Endpoint> {
        let mut parts = pieces(row, b'|');
        let verb = match parts.next()? {
            "g" => "get",
            "p" => "post",
            other if is_arg_ref(other) => other,
            _ => return None,
        };
        let sub = parts.next()? == "1";
        let url = parts.next()?;
        let params = parts.next()?;
        let data = parts.next()?;
        let kind_text = parts.next()?;
        let (kind, file_field) = parse_kind(kind_text)?;
        if parts.next().is_some()
            || !pieces(params, b',').all(|p| p.is_empty() || parse_param(p).is_some())
        {
            return None;
        }
        Some(Endpoint {
            verb,
            sub,
            url,
            params,
            data,
            kind,
            file_field,
        })
    }

    /// The positional parameters, in order (one plain loop: `parse`
    /// checked every entry, only the empty ones are left out here).
    pub fn params(&self) -> Vec<Param> {
        let mut out = Vec::new();
        for text in pieces(self.params, b',') {
            if let Some(p) = parse_param(text) {
                out.push(p);
            }
        }
        out
    }
}

/// `{N}`: argument N.
fn is_arg_ref(text: &str) -> bool {
    text.strip_prefix("{")
        .and_then(|r| r.strip_suffix("}"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

fn parse_kind(text: &'static str) -> Option<(Kind, &'static str)> {
    Some(match text.bytes().next() {
        None => (Kind::Request, ""),
        Some(b'c') => (Kind::CompressImage, ""),
        Some(b'r') => (Kind::Url, ""),
        Some(c @ (b'u' | b't')) => {
            let (file, field) = cut(text.get(1..)?, b':')?;
            let file = if file == "o" {
                FileArg::InObject
            } else {
                FileArg::Positional(index(file)?)
            };
            (
                Kind::Upload {
                    tt: c == b't',
                    file,
                },
                field,
            )
        }
        Some(_) => return None,
    })
}

/// One entry of the params column, `name[:rule][=default]`; `None` when
/// it is malformed (or empty).
fn parse_param(text: &'static str) -> Option<Param> {
    let (head, default) = match cut(text, b'=') {
        Some((h, d)) => (
            h,
            match d {
                "~" => Default::Random,
                "false" => Default::False,
                d => Default::Str(trim_end(trim_start(d, "'"), "'")),
            },
        ),
        None => (text, Default::None),
    };
    let (name, rule_text) = cut(head, b':').unwrap_or((head, ""));
    let name_ok = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    if name.is_empty() || !name.bytes().all(name_ok) {
        return None;
    }
    let mut rule = Rule::Any;
    let mut required = false;
    for c in rule_text.bytes() {
        if c == b'!' {
            required = true;
        } else {
            rule = Rule::from_letter(c)?;
        }
    }
    Some(Param {
        name,
        rule,
        required,
        default,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::NAMES;

    #[test]
    fn every_row_parses() {
        assert_eq!(table::COUNT, NAMES.len());
        for (i, name) in NAMES.iter().enumerate() {
            let e = Endpoint::get(i).unwrap_or_else(|| panic!("row {i} ({name}) malformed"));
            assert!(
                e.verb == "get"
                    || e.verb == "post"
                    || e.verb.starts_with('{')
                    || e.kind != Kind::Request
            );
            for p in e.params() {
                assert!(!p.name.is_empty(), "{name}");
            }
        }
        assert!(Endpoint::get(table::COUNT).is_none());
    }

    #[test]
    fn malformed_rows_are_refused() {
        assert!(Endpoint::parse("g|1|/shop/goods/detail|id:i!|id|").is_some());
        for bad in [
            "",
            "g|1|/x|id|id",        // a column missing
            "g|1|/x|id|id||",      // one too many
            "x|1|/x|id|id|",       // unknown verb
            "{a}|1|/x|id|id|",     // verb reference that is not a number
            "g|1|/x|id:q|id|",     // unknown rule letter
            "g|1|/x|:i|id|",       // parameter without a name
            "g|1|/x|i d|id|",      // parameter name with a space
            "g|1|/x|id|id|z",      // unknown kind
            "g|1|/x|id|id|u:file", // upload without its argument
        ] {
            assert!(Endpoint::parse(bad).is_none(), "{bad:?} was accepted");
        }
    }
}
