//! The request descriptor of one call: a pure function of the decoded
//! endpoint row, the arguments and the configuration. Split by job:
//!
//! - `build`: the entry points — arguments checked against
//!   their rules and given their defaults, the verb, then the URL and the
//!   fields; `WXAPI.request`'s own descriptor;
//! - `target`: the URL — the row's template expanded, a caller-given path
//!   checked, the host put in front;
//! - `fields`: the form fields from the row's data sources, and `reform`
//!   (what a request hook made of them, checked again);
//! - `encode`: the descriptor as the JSON the shim reads (the members its
//!   audience reads: `docs/protocol.md`) and the form text `q`.

mod build;
mod encode;
mod fields;
mod target;

pub use build::{build, build_endpoint, build_raw};
pub use fields::{js_stringify, reform};

use crate::endpoint::{Kind, Param};
use crate::error::{Error, ErrorKind};
use crate::form::Style;
use crate::protocol;
use crate::value::Value;

/// What the binding supplies besides the arguments.
#[derive(Clone, Debug, Default)]
pub struct Context {
    /// `String(Math.random())`, for parameters whose default is random.
    pub random: String,
    /// The storage value the endpoint reads (`shopIds` for `goods`), if any.
    pub storage: Option<Value>,
    /// Object fields stay objects: the descriptor goes to an `init3({request})`
    /// function, as the reference hands it the caller's data (not a form).
    pub keep_objects: bool,
    /// The surface's encoding style (objects in fields are kept for `Qs`).
    pub style: Style,
}

/// Everything a transport needs to send the call, and what a custom
/// `request` function is called with.
#[derive(Clone, Debug, PartialEq)]
pub struct Descriptor<'c> {
    /// What to do; an upload's kind carries its file argument and field name.
    pub kind: Kind,
    /// The verb exactly as the reference passes it (`"get"`, `"post"`).
    pub method: String,
    /// The `url` argument the reference passes to `request()`: a path, or an
    /// absolute URL for the other hosts.
    pub path: String,
    /// The `needSubDomain` argument the reference passes to `request()`.
    pub sub: bool,
    /// The full URL (API base and subDomain applied).
    pub url: String,
    /// Form fields; `None` where the reference passes no data at all.
    pub data: Option<Vec<(String, Value)>>,
    /// Extra request headers from the configuration (`init3({header})`),
    /// borrowed from it: a call does not copy them.
    pub headers: &'c [(String, String)],
    /// How `q` encodes the fields (the surface's encoding style).
    pub style: Style,
}

/// The name of parameter `i` (`""` past the end).
fn param_name(params: &[Param], i: usize) -> &'static str {
    params.get(i).map_or("", |p| p.name)
}

/// The error of an argument holding an unsendable value (`t`: its JS type
/// name, from [`Value::opaque`]), given for `param`.
fn opaque_error(param: &'static str, t: &str) -> Error {
    Error::naming(
        ErrorKind::Argument,
        param,
        "contains a ",
        t,
        ", which cannot be sent",
    )
}

/// Who reads a descriptor, and so which of its fields are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Every field (tests, Rust callers).
    All,
    /// A caller's `init3({request})`: `p`, `s`, `m`, `d`.
    RequestFunction,
    /// `wx.request` and its kin: `u`, `m`, `d`.
    Platform,
    /// `fetch`: `u`, `m`, `q` (and `d` for multipart uploads).
    Fetch,
}

impl Audience {
    /// The audience of a code the shim passes (`spec/protocol.json`);
    /// anything unknown: every field.
    pub fn from_code(code: u32) -> Audience {
        match code {
            protocol::AUDIENCE_REQUEST_FUNCTION => Audience::RequestFunction,
            protocol::AUDIENCE_PLATFORM => Audience::Platform,
            protocol::AUDIENCE_FETCH => Audience::Fetch,
            _ => Audience::All,
        }
    }

    /// The audience and the surface's encoding style of the number `build`
    /// and `reform` take: `audience | style << STYLE_SHIFT`.
    pub fn with_style(code: u32) -> (Audience, Style) {
        (
            Audience::from_code(code & protocol::AUDIENCE_MASK),
            Style::from_code(code >> protocol::STYLE_SHIFT),
        )
    }
}
