//! The wasm-bindgen layer over `apifm-core`: one string in, one string out.
//!
//! The JS shim (`js-shim/`) encodes a call as tagged JSON (see
//! `apifm_core::value`), calls [`build`], and reads the answer — a
//! descriptor or an error, ASCII-only JSON — from the output buffer at
//! [`output_ptr`]. ASCII output lets the shim decode it without a
//! `TextDecoder`, which is the slow part of a short string's trip out of
//! wasm; numbers and strings stay exactly what the caller passed.

use std::cell::RefCell;

use apifm_core::value::{parse_tagged, parse_tagged_call, write_json_str, JsonError};
use apifm_core::{Audience, Config, Context, Error, Update, Value};
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Longest call text accepted (bytes of tagged JSON): building a call takes a
/// few times its size in wasm memory, which never shrinks, so the cap also
/// bounds the memory a mini-program can be made to hold. The shim checks the
/// same limit before copying anything in (`js-shim/sdk.js`).
const MAX_CALL: usize = 8 << 20;

fn error_json(e: &Error) -> String {
    let mut out = String::from("E{\"e\":\"");
    out.push_str(e.kind.as_str());
    out.push_str("\",\"p\":");
    write_json_str(e.param, &mut out);
    out.push_str(",\"m\":");
    write_json_str(&e.message, &mut out);
    out.push('}');
    out
}

fn decode(text: &str, what: &'static str, call: bool) -> Result<Value, Error> {
    if text.len() > MAX_CALL {
        return Err(Error::argument(what, "is too large"));
    }
    let parsed = if call {
        parse_tagged_call(text)
    } else {
        parse_tagged(text)
    };
    parsed.map_err(|e| {
        Error::argument(
            what,
            match e {
                JsonError::TooDeep => "nests too deeply",
                JsonError::LoneSurrogate => "contains a lone UTF-16 surrogate (not valid Unicode)",
                JsonError::Syntax(_) | JsonError::BadTag => "could not be read",
            },
        )
    })
}

/// Stores `text` as the output and returns its length in bytes.
fn emit(text: String) -> u32 {
    let len = u32::try_from(text.len()).unwrap_or(0);
    OUTPUT.with(|o| match o.try_borrow_mut() {
        Ok(mut slot) => {
            *slot = text;
            len
        }
        Err(_) => 0,
    })
}

/// Address of the last output in wasm memory (valid until the next call).
#[wasm_bindgen]
pub fn output_ptr() -> u32 {
    OUTPUT.with(|o| o.try_borrow().map(|s| s.as_ptr() as u32).unwrap_or(0))
}

/// A copy of the last output (for Rust callers and tests).
pub fn output() -> String {
    OUTPUT.with(|o| o.try_borrow().map(|s| s.clone()).unwrap_or_default())
}

fn build_text(index: u32, call: &str) -> Result<String, Error> {
    // The call is `[arguments, storage, random, audience]`, all tagged.
    let mut parts = match decode(call, "", true)? {
        Value::Array(items) => items.into_iter(),
        _ => return Err(Error::argument("", "the call must be an array")),
    };
    let args = match parts.next() {
        Some(Value::Array(items)) => items,
        _ => return Err(Error::argument("", "arguments must be an array")),
    };
    let storage = match parts.next() {
        None | Some(Value::Undefined) => None,
        Some(v) => Some(v),
    };
    let random = match parts.next() {
        Some(Value::Number(n)) => n,
        _ => String::new(),
    };
    // Who reads the answer: the shim asks for only what its transport uses.
    let audience = match parts.next() {
        Some(Value::Str(a)) if a == "c" => Audience::RequestFunction,
        Some(Value::Str(a)) if a == "p" => Audience::Platform,
        Some(Value::Str(a)) if a == "f" => Audience::Fetch,
        _ => Audience::All,
    };
    let ctx = Context { random, storage };
    CONFIG.with(|c| {
        let config = c
            .try_borrow()
            .map_err(|_| Error::config("", "configuration is busy"))?;
        // Row indexes past the table address WXAPI.request itself.
        match usize::try_from(index) {
            Ok(i) if i < apifm_core::table::COUNT => apifm_core::build(&config, i, &args, &ctx),
            _ => apifm_core::build_raw(&config, &args),
        }
        .map(|d| d.to_json_for(audience))
    })
}

/// Builds the request descriptor of table row `index` (an index past the
/// table builds `WXAPI.request(url, needSubDomain, method, data)`).
///
/// `call` is the tagged JSON `[arguments, storage, random, audience]`: the
/// call's arguments, the storage value the row reads (`"u"` for none),
/// `String(Math.random())` for parameters whose default is random, and who
/// reads the answer (`"sc"` a request function, `"sp"` a platform, `"sf"`
/// fetch; anything else: every field). The
/// descriptor JSON, or `E` followed by an error JSON, goes to the output
/// buffer; the return value is its length.
#[wasm_bindgen]
pub fn build(index: u32, call: &str) -> u32 {
    emit(build_text(index, call).unwrap_or_else(|e| error_json(&e)))
}

/// Applies an `init3`-style options object (tagged JSON). The output is
/// empty, or `E` followed by an error JSON; a refused update changes nothing.
#[wasm_bindgen]
pub fn configure(options: &str) -> u32 {
    let run = || -> Result<(), Error> {
        let v =
            decode(options, "options", false).map_err(|e| Error::config("options", e.message))?;
        let update = Update::from_options(&v)?;
        CONFIG.with(|c| {
            let mut config = c
                .try_borrow_mut()
                .map_err(|_| Error::config("", "configuration is busy"))?;
            config.apply(&update)
        })
    };
    emit(match run() {
        Ok(()) => String::new(),
        Err(e) => error_json(&e),
    })
}
