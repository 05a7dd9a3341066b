//! The wasm-bindgen layer over `apifm-core`: bytes in, bytes out, numbers
//! across the boundary.
//!
//! The JS shim (`js-shim/`) encodes a call as tagged JSON (see
//! `apifm_core::value`), writes its UTF-8 into the input buffer that
//! [`input`] reserves, calls [`build`] with its length, and reads the answer
//! — a descriptor or an error, ASCII-only JSON — from the output buffer at
//! [`output_ptr`]. Only numbers cross the wasm-bindgen boundary, so the
//! generated glue needs no `TextEncoder`/`TextDecoder` (mini-programs have
//! neither) and touches no platform global; ASCII output lets the shim
//! decode it byte for byte. Numbers and strings stay exactly what the
//! caller passed.

use std::cell::RefCell;

#[cfg(target_arch = "wasm32")]
mod alloc;
#[cfg(target_arch = "wasm32")]
mod mem;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: alloc::Heap = alloc::Heap::new();

use apifm_core::text::is_utf8;
use apifm_core::value::{parse_tagged, parse_tagged_call, take_item, write_json_str, JsonError};
use apifm_core::{Audience, Config, Context, Endpoint, Error, Param, Style, Update, Value};
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
    static OUTPUT: RefCell<String> = const { RefCell::new(String::new()) };
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    /// The rows registered by [`row`], read once each (the row, its
    /// endpoint and its parameters); slot `n` is `ROWS[n - 1]`.
    static ROWS: RefCell<Vec<Row>> = const { RefCell::new(Vec::new()) };
}

type Row = (&'static str, Endpoint, &'static [Param]);

/// Most rows one instance keeps: the table has under a thousand; the cap
/// bounds the memory a caller of the raw export could make it hold.
const MAX_ROWS: usize = 4096;

/// Longest call text accepted (bytes of UTF-8): building a call takes a
/// few times its size in wasm memory, which never shrinks, so the cap also
/// bounds the memory a mini-program can be made to hold. The shim checks the
/// same limit (both from spec/limits.json) before copying anything in.
use apifm_core::limits::MAX_CALL;

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

/// Makes the input buffer at least `len` bytes long and returns its address
/// (0 if `len` is past [`MAX_CALL`]: such a call is refused as too large).
/// The buffer only grows, keeping what it
/// holds: the shim may ask again with a larger `len` after writing part of a
/// call. The address is valid until the next `input`.
#[wasm_bindgen]
pub fn input(len: u32) -> u32 {
    let Ok(len) = usize::try_from(len) else {
        return 0;
    };
    if len > MAX_CALL {
        return 0;
    }
    INPUT.with(|b| match b.try_borrow_mut() {
        Ok(mut buf) => {
            if buf.len() < len {
                buf.resize(len, 0);
            }
            buf.as_mut_ptr() as u32
        }
        Err(_) => 0,
    })
}

/// Copies `text` into the input buffer (for Rust callers and tests; the
/// shim writes the bytes itself) and returns its length for [`build`] or
/// [`configure`].
pub fn set_input(text: &str) -> u32 {
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    INPUT.with(|b| {
        if let Ok(mut buf) = b.try_borrow_mut() {
            buf.clear();
            buf.extend_from_slice(text.as_bytes());
        }
    });
    len
}

/// Runs `f` on the first `len` bytes of the input buffer as text. The
/// buffer is taken out for the call and put back after it, so that reading
/// and checking it is one function for every export (not one copy each).
fn with_input<T>(
    len: u32,
    what: &'static str,
    f: impl FnOnce(&str) -> Result<T, Error>,
) -> Result<T, Error> {
    let buf = INPUT
        .with(|b| b.try_borrow_mut().map(|mut v| std::mem::take(&mut *v)))
        .map_err(|_| Error::argument(what, "could not be read"))?;
    let result = input_text(&buf, len, what).and_then(f);
    INPUT.with(|b| {
        if let Ok(mut slot) = b.try_borrow_mut() {
            *slot = buf;
        }
    });
    result
}

/// The first `len` bytes of `buf`, checked as UTF-8.
fn input_text<'a>(buf: &'a [u8], len: u32, what: &'static str) -> Result<&'a str, Error> {
    let bytes = usize::try_from(len)
        .ok()
        .and_then(|n| buf.get(..n))
        .ok_or_else(|| Error::argument(what, "is larger than the input buffer"))?;
    if !is_utf8(bytes) {
        return Err(Error::argument(what, "could not be read (not UTF-8)"));
    }
    // SAFETY: `is_utf8` accepts exactly what `str::from_utf8` accepts
    // (its test compares the two on every sequence of up to three bytes).
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
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

/// Registers the endpoint row in the first `len` bytes of the input buffer
/// (the text of one row of `tools/gen-table.js`'s grammar, which the shim
/// keeps next to each method) and returns its slot for [`build`], 1 or more.
/// The row is read once here; the same text again answers the slot it got
/// before. 0: refused (a malformed row, or too many), with `E` and an error
/// JSON of kind `internal` in the output.
#[wasm_bindgen]
pub fn row(len: u32) -> u32 {
    let run = || -> Result<u32, Error> {
        let text = with_input(len, "", |t| Ok(String::from(t)))?;
        ROWS.with(|rows| {
            let mut rows = rows
                .try_borrow_mut()
                .map_err(|_| Error::internal("", "the row table is busy"))?;
            let slot = match rows.iter().position(|(t, _, _)| *t == text) {
                Some(i) => i,
                None => {
                    if rows.len() >= MAX_ROWS {
                        return Err(Error::internal("", "too many rows"));
                    }
                    // Kept for the life of the instance: at most MAX_ROWS,
                    // once each, so the endpoint can borrow it.
                    let text: &'static str = text.leak();
                    let ep = Endpoint::parse(text)
                        .ok_or_else(|| Error::internal("", "malformed endpoint row"))?;
                    let params: &'static [Param] = ep.params().leak();
                    rows.push((text, ep, params));
                    rows.len() - 1
                }
            };
            u32::try_from(slot + 1).map_err(|_| Error::internal("", "too many rows"))
        })
    };
    match run() {
        Ok(slot) => {
            emit(String::new());
            slot
        }
        Err(e) => {
            emit(error_json(&e));
            0
        }
    }
}

fn build_text(slot: u32, audience: Audience, style: Style, call: &str) -> Result<String, Error> {
    // The call is `[arguments, storage, random]`, all tagged.
    let mut parts = match decode(call, "", true)? {
        Value::Array(items) => items,
        _ => return Err(Error::argument("", "the call must be an array")),
    };
    let args = match take_item(&mut parts, 0) {
        Value::Array(items) => items,
        _ => return Err(Error::argument("", "arguments must be an array")),
    };
    let storage = match take_item(&mut parts, 1) {
        Value::Undefined => None,
        v => Some(v),
    };
    let random = match take_item(&mut parts, 2) {
        Value::Number(n) => n,
        _ => String::new(),
    };
    let keep_objects = audience == Audience::RequestFunction;
    let ctx = Context {
        random,
        storage,
        keep_objects,
        style,
    };
    // Slot 0 is WXAPI.request itself.
    let ep = match slot.checked_sub(1) {
        None => None,
        Some(i) => Some(ROWS.with(|rows| {
            let rows = rows
                .try_borrow()
                .map_err(|_| Error::internal("", "the row table is busy"))?;
            usize::try_from(i)
                .ok()
                .and_then(|i| rows.get(i))
                .map(|&(_, ep, params)| (ep, params))
                .ok_or_else(|| Error::internal("", "unknown row slot"))
        })?),
    };
    CONFIG.with(|c| {
        let config = c
            .try_borrow()
            .map_err(|_| Error::config("", "configuration is busy"))?;
        match ep {
            Some((ep, params)) => apifm_core::build_with_params(&config, &ep, params, args, &ctx),
            None => apifm_core::build_raw(&config, &args),
        }
        .map(|mut d| {
            d.style = style;
            d.to_json_for(audience)
        })
    })
}

/// Builds the request descriptor of the row in `slot` ([`row`]; slot 0
/// builds `WXAPI.request(url, needSubDomain, method, data)`).
///
/// The first `len` bytes of the input buffer ([`input`]) are the tagged JSON
/// `[arguments, storage, random]`: the call's arguments, the storage value
/// the row reads (`"u"` for none) and `String(Math.random())` for
/// parameters whose default is random. `audience` says who reads the answer
/// ([`Audience::from_code`]: 1 a request function, 2 a platform, 3 fetch,
/// else every field): only the fields it uses are written. The descriptor
/// JSON, or `E` followed by an error JSON, goes to the output buffer; the
/// return value is its length.
#[wasm_bindgen]
pub fn build(slot: u32, audience: u32, len: u32) -> u32 {
    // The surface's encoding style rides in the high bits (`STYLE` in js-shim/sdk.js).
    let style = Style::from_code(audience >> 4);
    let audience = Audience::from_code(audience & 15);
    emit(
        with_input(len, "", |call| build_text(slot, audience, style, call))
            .unwrap_or_else(|e| error_json(&e)),
    )
}

/// Applies an `init3`-style options object (tagged JSON, the first `len`
/// bytes of the input buffer). The output is empty, or `E` followed by an
/// error JSON; a refused update changes nothing.
#[wasm_bindgen]
pub fn configure(len: u32) -> u32 {
    let run = || -> Result<(), Error> {
        let v = with_input(len, "options", |options| decode(options, "options", false))
            .map_err(|e| Error::config("options", e.message))?;
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

/// Checks what request hooks (`WXAPI.use({onRequest})`) made of a call's
/// form fields and headers, as a caller's values are checked: the first
/// `len` bytes of the input buffer are the tagged JSON `[data, header]`.
/// The output is `{"k":"request","d":…,"q":…,"h":…}` with the fields
/// `audience` reads (as [`build`] writes them), or `E` and an error JSON.
#[wasm_bindgen]
pub fn reform(audience: u32, len: u32) -> u32 {
    let style = Style::from_code(audience >> 4);
    let audience = Audience::from_code(audience & 15);
    let run = || -> Result<String, Error> {
        let v = with_input(len, "", |text| decode(text, "", false))?;
        let Value::Array(parts) = v else {
            return Err(Error::argument("", "must be [data, header, verb]"));
        };
        let get = |i: usize| parts.get(i).unwrap_or(&Value::Undefined);
        let verb = match get(2) {
            Value::Str(v) => v.as_str(),
            _ => "",
        };
        apifm_core::reform(
            get(0),
            get(1),
            audience == Audience::RequestFunction,
            audience,
            style,
            verb,
        )
    };
    emit(run().unwrap_or_else(|e| error_json(&e)))
}
