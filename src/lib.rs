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

// The allocator (`alloc.rs`) and the state cell below assume one thread:
// a wasm built with shared memory and atomics could run them on several.
#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
compile_error!("apifm-wasm's allocator and state are single-threaded: build without the atomics target feature");

#[cfg(target_arch = "wasm32")]
mod alloc;
#[cfg(target_arch = "wasm32")]
mod mem;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: alloc::Heap = alloc::Heap::new();

use apifm_core::protocol;
use apifm_core::text::is_utf8;
use apifm_core::value::{parse_tagged, parse_tagged_call, take_item, JsonError};
use apifm_core::{Audience, Config, Context, Endpoint, Error, ErrorKind, Update, Value};
use wasm_bindgen::prelude::wasm_bindgen;

/// Everything the instance keeps between calls, in one cell: each export
/// borrows it once.
struct State {
    /// `None` until the first call that reads it (`Config::default` is not `const`).
    config: Option<Config>,
    output: String,
    input: Vec<u8>,
    /// The rows registered by [`row`], decoded once each (the row's text
    /// and its endpoint); slot `n` is `rows[n - 1]`.
    rows: Vec<Row>,
}

const EMPTY: State = State {
    config: None,
    output: String::new(),
    input: Vec::new(),
    rows: Vec::new(),
};

/// The state cell of the wasm build: a plain static, one thread.
#[cfg(target_arch = "wasm32")]
struct Shared(RefCell<State>);

// SAFETY: the wasm build has one thread (a build with the atomics feature is
// refused by the `compile_error!` above), so the cell is never reached from
// two threads. A `thread_local!` would be the same cell reached through a
// function pointer at every export.
#[cfg(target_arch = "wasm32")]
unsafe impl Sync for Shared {}

#[cfg(target_arch = "wasm32")]
static STATE: Shared = Shared(RefCell::new(EMPTY));

// Native builds (tests, which run on several threads) keep one per thread.
#[cfg(not(target_arch = "wasm32"))]
thread_local! {
    static STATE: RefCell<State> = const { RefCell::new(EMPTY) };
}

/// Runs `f` with the state cell.
fn with_state<R>(f: impl FnOnce(&RefCell<State>) -> R) -> R {
    #[cfg(target_arch = "wasm32")]
    {
        f(&STATE.0)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        STATE.with(f)
    }
}

/// A registered row: its text and the endpoint decoded from it.
type Row = (&'static str, Endpoint);

/// Most rows one instance keeps: the table has under a thousand; the cap
/// bounds the memory a caller of the raw export could make it hold.
const MAX_ROWS: usize = 4096;

/// Longest call text accepted (bytes of UTF-8): building a call takes a
/// few times its size in wasm memory, which never shrinks, so the cap also
/// bounds the memory a mini-program can be made to hold. The shim checks the
/// same limit (both from spec/limits.json) before copying anything in.
use apifm_core::limits::MAX_CALL;

fn error_json(e: &Error) -> String {
    let mut out = String::new();
    e.write_wire(&mut out);
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
                JsonError::TooMany => {
                    "has too many items (more array items and object members than a call may carry)"
                }
                JsonError::LoneSurrogate => "contains a lone UTF-16 surrogate (not valid Unicode)",
                JsonError::Syntax | JsonError::BadTag => "could not be read",
            },
        )
    })
}
/// What an export asks of [`run`].
#[derive(Clone, Copy)]
enum Op {
    /// Register a row.
    Row,
    /// Build a call of the row in the slot, for the audience code.
    Build(u32, u32),
    /// Apply `init3`-style options.
    Configure,
    /// Check what request hooks made of a call, for the audience code.
    Reform(u32),
}

/// The one path of every export: borrows the state, reads the first `len`
/// bytes of the input buffer as text, does `op`, and stores its answer (or
/// `E` and an error JSON) as the output. Returns the output's length, or
/// for [`Op::Row`] the slot (0 when refused).
fn run(op: Op, len: u32) -> u32 {
    with_state(|cell| {
        let Ok(mut state) = cell.try_borrow_mut() else {
            return 0;
        };
        let state = &mut *state;
        // The buffer is taken out for the call and put back after it.
        let buf = std::mem::take(&mut state.input);
        let configure = matches!(op, Op::Configure);
        let what = if configure { "options" } else { "" };
        let config = state.config.get_or_insert_with(Config::default);
        let result = input_text(&buf, len, what).and_then(|text| match op {
            Op::Row => add_row(&mut state.rows, text).map(|slot| (String::new(), slot)),
            Op::Build(slot, code) => {
                build_text(&state.rows, config, slot, code, text).map(|out| (out, 0))
            }
            Op::Configure => {
                let v = decode(text, what, false)?;
                let update = Update::from_options(&v)?;
                config.apply(&update).map(|()| (String::new(), 0))
            }
            Op::Reform(code) => reform_text(code, text).map(|out| (out, 0)),
        });
        state.input = buf;
        let (out, slot) = match result {
            Ok(answer) => answer,
            Err(mut e) => {
                if configure {
                    // A refused options text is the configuration's error.
                    e.kind = ErrorKind::Config;
                }
                (error_json(&e), 0)
            }
        };
        let out_len = u32::try_from(out.len()).unwrap_or(0);
        state.output = out;
        if matches!(op, Op::Row) {
            slot
        } else {
            out_len
        }
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
    with_state(|s| match s.try_borrow_mut() {
        Ok(mut state) => {
            let buf = &mut state.input;
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
    with_state(|s| {
        if let Ok(mut state) = s.try_borrow_mut() {
            state.input.clear();
            state.input.extend_from_slice(text.as_bytes());
        }
    });
    len
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
    // SAFETY: `is_utf8` accepts exactly what `str::from_utf8` accepts (its
    // test compares the two on every sequence of up to three bytes and
    // four-byte ones with every lead), so `bytes` is valid UTF-8.
    Ok(unsafe { std::str::from_utf8_unchecked(bytes) })
}

/// Address of the last output in wasm memory (valid until the next call).
#[wasm_bindgen]
pub fn output_ptr() -> u32 {
    with_state(|s| {
        s.try_borrow()
            .map(|state| state.output.as_ptr() as u32)
            .unwrap_or(0)
    })
}

/// A copy of the last output (for Rust callers and tests).
pub fn output() -> String {
    with_state(|s| {
        s.try_borrow()
            .map(|state| state.output.clone())
            .unwrap_or_default()
    })
}

/// Registers the endpoint row in the first `len` bytes of the input buffer
/// (the text of one row of `tools/gen-table.js`'s grammar, which the shim
/// keeps next to each method) and returns its slot for [`build`], 1 or more.
/// The row is decoded once here, all six columns ([`Endpoint::parse`]); the
/// same text again answers the slot it got before. 0: refused (a malformed
/// row, or too many), with an internal error in the output (sent as kind
/// `unsupported`: `docs/protocol.md`).
#[wasm_bindgen]
pub fn row(len: u32) -> u32 {
    run(Op::Row, len)
}

fn add_row(rows: &mut Vec<Row>, text: &str) -> Result<u32, Error> {
    let slot = match rows.iter().position(|(t, _)| *t == text) {
        Some(i) => i,
        None => {
            if rows.len() >= MAX_ROWS {
                return Err(Error::internal("", "too many rows"));
            }
            // Kept for the life of the instance: at most MAX_ROWS,
            // once each, so the endpoint can borrow it.
            let text: &'static str = text.to_owned().leak();
            let ep = Endpoint::parse(text)?;
            rows.push((text, ep));
            rows.len() - 1
        }
    };
    u32::try_from(slot + 1).map_err(|_| Error::internal("", "too many rows"))
}

fn build_text(
    rows: &[Row],
    config: &Config,
    slot: u32,
    code: u32,
    call: &str,
) -> Result<String, Error> {
    let (audience, style) = Audience::with_style(code);
    // The call is `[arguments, storage, random]`, all tagged (spec/protocol.json).
    let mut parts = match decode(call, "", true)? {
        Value::Array(items) => items,
        _ => return Err(Error::argument("", "the call must be an array")),
    };
    let args = match take_item(&mut parts, protocol::CALL_ARGUMENTS) {
        Value::Array(items) => items,
        _ => return Err(Error::argument("", "arguments must be an array")),
    };
    let storage = match take_item(&mut parts, protocol::CALL_STORAGE) {
        Value::Undefined => None,
        v => Some(v),
    };
    let random = match take_item(&mut parts, protocol::CALL_RANDOM) {
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
    let d = if slot == protocol::RAW_SLOT {
        apifm_core::build_raw(config, args, style)?
    } else {
        // Slot n is rows[n - 1].
        let (_, ep) = slot
            .checked_sub(1)
            .and_then(|i| usize::try_from(i).ok())
            .and_then(|i| rows.get(i))
            .ok_or_else(|| Error::internal("", "unknown row slot"))?;
        apifm_core::build_endpoint(config, ep, args, ctx)?
    };
    Ok(d.to_json_for(audience))
}

/// Builds the request descriptor of the row in `slot` ([`row`]; slot 0
/// builds `WXAPI.request(url, needSubDomain, method, data)`).
///
/// The first `len` bytes of the input buffer ([`input`]) are the tagged JSON
/// `[arguments, storage, random]`: the call's arguments, the storage value
/// the row reads (`"u"` for none) and `String(Math.random())` for
/// parameters whose default is random. `audience` says who reads the answer
/// and carries the surface's encoding style ([`Audience::with_style`]: the
/// codes of `spec/protocol.json`, `docs/protocol.md`): only the members it
/// reads are written. The descriptor JSON, or the error marker followed by
/// an error JSON, goes to the output buffer; the return value is its length.
#[wasm_bindgen]
pub fn build(slot: u32, audience: u32, len: u32) -> u32 {
    run(Op::Build(slot, audience), len)
}

/// Applies an `init3`-style options object (tagged JSON, the first `len`
/// bytes of the input buffer). The output is empty, or `E` followed by an
/// error JSON; a refused update changes nothing.
#[wasm_bindgen]
pub fn configure(len: u32) -> u32 {
    run(Op::Configure, len)
}

/// Checks what request hooks (`WXAPI.use({onRequest})`) made of a call's
/// form fields and headers, as a caller's values are checked: the first
/// `len` bytes of the input buffer are the tagged JSON `[data, header,
/// verb]`.
/// The output is `{"k":"request","d":…,"q":…,"h":…}` with the fields
/// `audience` reads (as [`build`] writes them), or `E` and an error JSON.
#[wasm_bindgen]
pub fn reform(audience: u32, len: u32) -> u32 {
    run(Op::Reform(audience), len)
}

fn reform_text(code: u32, text: &str) -> Result<String, Error> {
    let (audience, style) = Audience::with_style(code);
    let v = decode(text, "", false)?;
    let Value::Array(mut parts) = v else {
        return Err(Error::argument("", "must be [data, header, verb]"));
    };
    let data = take_item(&mut parts, protocol::REFORM_DATA);
    let get = |i: usize| parts.get(i).unwrap_or(&Value::Undefined);
    let verb = match get(protocol::REFORM_VERB) {
        Value::Str(v) => v.as_str(),
        _ => "",
    };
    apifm_core::reform(data, get(protocol::REFORM_HEADER), audience, style, verb)
}
