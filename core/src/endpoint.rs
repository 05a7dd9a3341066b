//! One endpoint row of the generated table, decoded into typed parts.
//!
//! A row is one line of text, `|`-separated (the generator,
//! `tools/gen-table.js`, documents and checks the grammar):
//!
//! ```text
//! verb | sub | url template | params | data | kind
//! p    | 1   | /shop/goods/detail | id:i!,token='' | id,token |
//! ```
//!
//! [`Endpoint::parse`] reads all six columns once, when a row is registered:
//! the URL template into [`Segment`]s, the data column into [`Field`]s and
//! their [`Source`]s, every argument index checked against the number of
//! parameters. A malformed row is refused there (an [`ErrorKind::Internal`]
//! error, which the binding sends as `unsupported`: `docs/protocol.md`),
//! so building a call is a plain walk over the decoded parts that can only
//! refuse the caller's arguments.
//!
//! The wasm build gets each row from the shim (the rows live in JS, one per
//! method export, so a bundler drops the rows of methods an app never
//! imports); it decodes a row once, when the method is first called, and
//! keeps it (`src/lib.rs`). Native builds and tests read the same rows from
//! the generated `table` module.
//!
//! [`ErrorKind::Internal`]: crate::ErrorKind::Internal

use crate::error::Error;
use crate::table;
use crate::text::{cut, every, index, pieces, trim_end, trim_start};

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

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub name: &'static str,
    pub rule: Rule,
    pub required: bool,
    pub default: Default,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Request,
    /// `wx.uploadFile` (or `tt.uploadFile` when `tt` is set); `field` is
    /// the multipart field name of the file.
    Upload {
        tt: bool,
        file: FileArg,
        field: &'static str,
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

/// The verb column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    Get,
    Post,
    /// Argument N is the verb (`{N}`).
    Arg(usize),
}

/// A configured part of a URL template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    /// `{A}`: the API base.
    Api,
    /// `{C}`: the common service's base, then `/`.
    Common,
    /// `{M}`: the CMS base, then `/`.
    Cms,
    /// `{O}`: the file host's base, then `/`.
    Oss,
    /// `{s}`: the subDomain.
    SubDomain,
    /// `{m}`: the merchantId.
    Merchant,
}

/// One piece of a URL template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment {
    /// Text sent as it is.
    Text(&'static str),
    Host(Host),
    /// `{N}`: argument N, percent-encoded (or checked as a path, rule `p`).
    Arg(usize),
}

/// Where a form field's value comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// Argument N (a bare key: the parameter of that name).
    Arg(usize),
    /// `'text'`.
    Text(&'static str),
    /// `#number`: a number, as its text.
    Number(&'static str),
    /// `$s`: the subDomain.
    SubDomain,
    /// `$k:key`: the storage value the shim read (set only when truthy).
    Storage(&'static str),
    /// `jN`: argument N joined with commas (an array), or as given (a string).
    Join(usize),
    /// `JN`: `JSON.stringify` of argument N (left out when `undefined`).
    Json(usize),
    /// `KN`: `JSON.stringify` of argument N when it is non-empty, else `''`.
    JsonNonEmpty(usize),
}

/// One `key[=src]` entry of the data column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    pub key: &'static str,
    pub source: Source,
}

/// The data column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Data {
    /// No data at all (empty column).
    None,
    /// `@N[+field…]`: the fields of object argument N, plus (or replaced by) `merge`.
    Object { arg: usize, merge: Vec<Field> },
    /// `key[=src],…`: these fields, in order (`{}`: none, an empty object).
    Fields(Vec<Field>),
}

/// A decoded row: every text part borrows from the row text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub verb: Verb,
    pub sub: bool,
    pub url: Vec<Segment>,
    /// The positional parameters, in order.
    pub params: Vec<Param>,
    pub data: Data,
    pub kind: Kind,
}

/// The columns, by position: a refused row's error names the one at fault
/// (its `param`; `""` when the row does not have six).
const COLUMNS: [&str; 7] = ["verb", "sub", "url", "params", "data", "kind", ""];
const VERB: usize = 0;
const SUB: usize = 1;
const URL: usize = 2;
const PARAMS: usize = 3;
const DATA: usize = 4;
const KIND: usize = 5;
const ROW: usize = 6;

impl Endpoint {
    /// Decodes row `index` of the generated table; `None` when out of range
    /// (or malformed).
    pub fn get(index: usize) -> Option<Endpoint> {
        Endpoint::parse(table::row(index)?).ok()
    }

    /// Decodes one row; a malformed one is refused, naming its column.
    pub fn parse(row: &'static str) -> Result<Endpoint, Error> {
        let mut d = Decoder { column: ROW, n: 0 };
        d.endpoint(row).ok_or_else(|| {
            let column = COLUMNS.get(d.column).copied().unwrap_or_default();
            Error::internal(column, "malformed table row")
        })
    }
}

/// The state of decoding one row: the column being read (for the error)
/// and the number of parameters (every argument index is below it).
struct Decoder {
    column: usize,
    n: usize,
}

impl Decoder {
    fn endpoint(&mut self, row: &'static str) -> Option<Endpoint> {
        let mut cols = pieces(row, b'|');
        let mut c = [""; 6];
        for slot in &mut c {
            *slot = cols.next()?;
        }
        if cols.next().is_some() {
            return None;
        }
        let [verb, sub, url, params, data, kind] = c;
        // The parameters first: the other columns refer to them.
        self.column = PARAMS;
        let mut list = Vec::new();
        if !params.is_empty() {
            for text in pieces(params, b',') {
                list.push(parse_param(text)?);
            }
        }
        self.n = list.len();
        self.column = VERB;
        let verb = match verb {
            "g" => Verb::Get,
            "p" => Verb::Post,
            v => Verb::Arg(self.arg(v.strip_prefix("{")?.strip_suffix("}")?)?),
        };
        self.column = SUB;
        let sub = match sub.as_bytes() {
            [b'1'] => true,
            [b'0'] => false,
            _ => return None,
        };
        self.column = KIND;
        let kind = self.kind(kind)?;
        self.column = URL;
        let url = self.url(url)?;
        self.column = DATA;
        let data = self.data(data, &list)?;
        Some(Endpoint {
            verb,
            sub,
            url,
            params: list,
            data,
            kind,
        })
    }

    /// An argument index: below the number of parameters.
    fn arg(&self, text: &str) -> Option<usize> {
        index(text).filter(|&i| i < self.n)
    }

    fn url(&self, mut rest: &'static str) -> Option<Vec<Segment>> {
        let mut out = Vec::new();
        while !rest.is_empty() {
            let Some((text, tail)) = cut(rest, b'{') else {
                out.push(Segment::Text(rest));
                break;
            };
            if !text.is_empty() {
                out.push(Segment::Text(text));
            }
            let (token, after) = cut(tail, b'}')?;
            // The one-letter tokens matched as bytes: a `str` pattern calls
            // a comparison per arm.
            out.push(match token.as_bytes() {
                [b'A'] => Segment::Host(Host::Api),
                [b'C'] => Segment::Host(Host::Common),
                [b'M'] => Segment::Host(Host::Cms),
                [b'O'] => Segment::Host(Host::Oss),
                [b's'] => Segment::Host(Host::SubDomain),
                [b'm'] => Segment::Host(Host::Merchant),
                _ => Segment::Arg(self.arg(token)?),
            });
            rest = after;
        }
        Some(out)
    }

    fn data(&self, text: &'static str, params: &[Param]) -> Option<Data> {
        let (object, entries, sep) = match text.strip_prefix("@") {
            _ if text.is_empty() => return Some(Data::None),
            _ if text == "{}" => return Some(Data::Fields(Vec::new())),
            Some(obj) => match cut(obj, b'+') {
                Some((first, merge)) => (Some(self.arg(first)?), Some(merge), b'+'),
                None => (Some(self.arg(obj)?), None, b'+'),
            },
            None => (None, Some(text), b','),
        };
        let mut fields = Vec::new();
        if let Some(entries) = entries {
            for entry in pieces(entries, sep) {
                fields.push(self.field(entry, params)?);
            }
        }
        Some(match object {
            Some(arg) => Data::Object { arg, merge: fields },
            None => Data::Fields(fields),
        })
    }

    /// One `key[=src]` entry; a bare key names the parameter of the same name.
    fn field(&self, entry: &'static str, params: &[Param]) -> Option<Field> {
        let Some((key, src)) = cut(entry, b'=') else {
            let i = params.iter().position(|p| p.name == entry)?;
            return Some(Field {
                key: entry,
                source: Source::Arg(i),
            });
        };
        if key.is_empty() {
            return None;
        }
        let rest = src.get(1..).unwrap_or_default();
        let source = match src.bytes().next()? {
            b'\'' => Source::Text(rest.strip_suffix("'")?),
            b'#' if index(rest).is_some() => Source::Number(rest),
            b'$' if matches!(rest.as_bytes(), [b's']) => Source::SubDomain,
            b'$' => Source::Storage(rest.strip_prefix("k:").filter(|k| !k.is_empty())?),
            c @ (b'j' | b'J' | b'K') => {
                let i = self.arg(rest)?;
                match c {
                    b'j' => Source::Join(i),
                    b'J' => Source::Json(i),
                    _ => Source::JsonNonEmpty(i),
                }
            }
            _ => Source::Arg(self.arg(src)?),
        };
        Some(Field { key, source })
    }

    fn kind(&self, text: &'static str) -> Option<Kind> {
        Some(match text.bytes().next() {
            None => Kind::Request,
            Some(b'c') if text.len() == 1 => Kind::CompressImage,
            Some(b'r') if text.len() == 1 => Kind::Url,
            Some(c @ (b'u' | b't')) => {
                let (file, field) = cut(text.get(1..)?, b':')?;
                let file = if file == "o" {
                    FileArg::InObject
                } else {
                    FileArg::Positional(self.arg(file)?)
                };
                if field.is_empty() {
                    return None;
                }
                Kind::Upload {
                    tt: c == b't',
                    file,
                    field,
                }
            }
            Some(_) => return None,
        })
    }
}

/// A parameter name: letters, digits, `_` and `$`.
fn is_name(s: &str) -> bool {
    !s.is_empty() && every(s, |b| b.is_ascii_alphanumeric() || b == b'_' || b == b'$')
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
    if !is_name(name) {
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
    use crate::ErrorKind;

    #[test]
    fn every_row_decodes() {
        assert_eq!(table::COUNT, NAMES.len());
        for (i, name) in NAMES.iter().enumerate() {
            let row = table::row(i).unwrap();
            if let Err(e) = Endpoint::parse(row) {
                panic!("row {i} ({name}) refused: {}", e.message);
            }
        }
        for (surface, name, row) in table::SURFACE_ROWS {
            if let Err(e) = Endpoint::parse(row) {
                panic!("{surface} {name} refused: {}", e.message);
            }
        }
        assert!(Endpoint::get(table::COUNT).is_none());
    }

    #[test]
    fn decodes_every_column() {
        let e = Endpoint::parse(
            "{2}|0|{C}{s}/x/{0}?k={1}|id:i!,name:s='a b',verb:s=~|@1+id+n=#15+t='t'+s=$s+k=$k:shopIds+a=j0+b=J0+c=K0|uo:upfile",
        )
        .unwrap();
        assert_eq!(e.verb, Verb::Arg(2));
        assert!(!e.sub);
        assert_eq!(
            e.url,
            [
                Segment::Host(Host::Common),
                Segment::Host(Host::SubDomain),
                Segment::Text("/x/"),
                Segment::Arg(0),
                Segment::Text("?k="),
                Segment::Arg(1),
            ]
        );
        assert_eq!(e.params[1].default, Default::Str("a b"));
        assert_eq!(e.params[2].default, Default::Random);
        let f = |key, source| Field { key, source };
        assert_eq!(
            e.data,
            Data::Object {
                arg: 1,
                merge: vec![
                    f("id", Source::Arg(0)),
                    f("n", Source::Number("15")),
                    f("t", Source::Text("t")),
                    f("s", Source::SubDomain),
                    f("k", Source::Storage("shopIds")),
                    f("a", Source::Join(0)),
                    f("b", Source::Json(0)),
                    f("c", Source::JsonNonEmpty(0)),
                ]
            }
        );
        assert_eq!(
            e.kind,
            Kind::Upload {
                tt: false,
                file: FileArg::InObject,
                field: "upfile"
            }
        );
        assert_eq!(Endpoint::parse("p|1|/x|||").unwrap().data, Data::None);
        assert_eq!(
            Endpoint::parse("p|1|/x||{}|").unwrap().data,
            Data::Fields(vec![])
        );
        assert_eq!(
            Endpoint::parse("p|1|/x|a|@0|").unwrap().data,
            Data::Object {
                arg: 0,
                merge: vec![]
            }
        );
    }

    #[test]
    fn malformed_rows_are_refused_at_registration() {
        assert!(Endpoint::parse("g|1|/shop/goods/detail|id:i!|id|").is_ok());
        for (bad, column) in [
            ("", ""),
            ("g|1|/x|id|id", ""),             // a column missing
            ("g|1|/x|id|id||", ""),           // one too many
            ("x|1|/x|id|id|", "verb"),        // unknown verb
            ("{a}|1|/x|id|id|", "verb"),      // verb reference that is not a number
            ("{1}|1|/x|id|id|", "verb"),      // verb argument past the parameters
            ("g|2|/x|id|id|", "sub"),         // sub neither 0 nor 1
            ("g|1|/x|id:q|id|", "params"),    // unknown rule letter
            ("g|1|/x|:i|id|", "params"),      // parameter without a name
            ("g|1|/x|i d|id|", "params"),     // parameter name with a space
            ("g|1|/x|a,,b|a|", "params"),     // empty parameter
            ("g|1|/x|id|id|z", "kind"),       // unknown kind
            ("g|1|/x|id|id|u:file", "kind"),  // upload without its argument
            ("g|1|/x|id|id|u3:file", "kind"), // upload argument past the parameters
            ("g|1|/x|id|id|u0:", "kind"),     // upload without a field name
            ("g|1|/x|id|id|cc", "kind"),      // kind with trailing text
            ("g|1|/x/{9|id|id|", "url"),      // unclosed template
            ("g|1|/x/{9}|id|id|", "url"),     // template argument past the parameters
            ("g|1|/x/{Q}|id|id|", "url"),     // unknown template part
            ("g|1|/x|id|q=Z1|", "data"),      // unknown data source
            ("g|1|/x|id|q=5|", "data"),       // data argument past the parameters
            ("g|1|/x|id|other|", "data"),     // bare key naming no parameter
            ("g|1|/x|id|@5|", "data"),        // object argument past the parameters
            ("g|1|/x|id|@0+|", "data"),       // empty merged field
            ("g|1|/x|id|@0+k=j7|", "data"),   // joined argument past the parameters
            ("g|1|/x|id|k='open|", "data"),   // unclosed literal
            ("g|1|/x|id|k=#1a|", "data"),     // a number that is not one
            ("g|1|/x|id|k=$k:|", "data"),     // storage without a key
            ("g|1|/x|id|k=$x|", "data"),      // unknown configured source
            ("g|1|/x|id|=0|", "data"),        // field without a key
            ("g|1|/x|id|,|", "data"),         // empty fields
        ] {
            let e = Endpoint::parse(bad).expect_err(bad);
            assert_eq!((e.kind, e.param), (ErrorKind::Internal, column), "{bad:?}");
            assert_eq!(e.message, "malformed table row");
        }
    }
}
