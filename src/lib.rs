//! The wasm-bindgen layer over `apifm-core`: strings in, strings out.
//!
//! The JS shim (`js-shim/`) encodes the call's arguments as tagged JSON
//! (see `apifm_core::value`), calls [`build`], and sends the descriptor it
//! gets back with the runtime's transport. Keeping the boundary to a few
//! string-taking functions keeps the generated glue and the `.wasm` small and
//! identical for every runtime.

use std::cell::RefCell;

use apifm_core::value::{parse_tagged, write_json_str, JsonError};
use apifm_core::{Config, Context, Error, Update, Value};
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static CONFIG: RefCell<Config> = RefCell::new(Config::default());
}

/// Longest argument text accepted (bytes of tagged JSON).
const MAX_ARGS: usize = 32 << 20;

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

fn decode(text: &str, what: &'static str) -> Result<Value, Error> {
    if text.len() > MAX_ARGS {
        return Err(Error::argument(what, "is too large"));
    }
    parse_tagged(text).map_err(|e| {
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

/// Builds the request descriptor of table row `index` (an index past the
/// table builds `WXAPI.request(url, needSubDomain, method, data)`).
///
/// `args` is the tagged-JSON array of the call's arguments, `random` is
/// `String(Math.random())` (used only by parameters whose default is random)
/// and `storage` the tagged JSON of the storage value the row reads ("" for
/// none). Returns the descriptor JSON, or `E` followed by an error JSON.
#[wasm_bindgen]
pub fn build(index: u32, args: &str, random: &str, storage: &str) -> String {
    let run = || -> Result<String, Error> {
        let args = match decode(args, "")? {
            Value::Array(items) => items,
            _ => return Err(Error::argument("", "arguments must be an array")),
        };
        let storage = if storage.is_empty() {
            None
        } else {
            Some(decode(storage, "storage")?)
        };
        let ctx = Context {
            random: random.to_owned(),
            storage,
        };
        CONFIG.with(|c| {
            let config = c
                .try_borrow()
                .map_err(|_| Error::config("", "configuration is busy"))?;
            // Row indexes past the table address WXAPI.request itself.
            match usize::try_from(index) {
                Ok(i) if i < apifm_core::table::COUNT => apifm_core::build(&config, i, &args, &ctx),
                _ => apifm_core::build_raw(&config, &args),
            }
            .map(|d| d.to_json())
        })
    };
    run().unwrap_or_else(|e| error_json(&e))
}

/// Applies an `init3`-style options object (tagged JSON). Returns "" or `E`
/// followed by an error JSON; a refused update changes nothing.
#[wasm_bindgen]
pub fn configure(options: &str) -> String {
    let run = || -> Result<(), Error> {
        let v = decode(options, "options").map_err(|e| Error::config("options", e.message))?;
        let update = Update::from_options(&v)?;
        CONFIG.with(|c| {
            let mut config = c
                .try_borrow_mut()
                .map_err(|_| Error::config("", "configuration is busy"))?;
            config.apply(&update)
        })
    };
    match run() {
        Ok(()) => String::new(),
        Err(e) => error_json(&e),
    }
}
