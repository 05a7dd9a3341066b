//! The pure core of apifm-wasm: the endpoint table, argument rules,
//! configuration and the request-descriptor builder. It knows nothing of
//! JavaScript; the wasm binding (`src/lib.rs` of the root crate) converts
//! values in and out.

pub mod config;
pub mod descriptor;
pub mod endpoint;
pub mod error;
pub mod rules;
pub mod table;
pub mod value;

pub use config::{Config, Update};
pub use descriptor::{build, build_raw, Context, Descriptor};
pub use endpoint::Endpoint;
pub use error::{Error, ErrorKind};
pub use value::Value;

/// Looks an endpoint up by its method name (native builds and tests; the
/// wasm build addresses rows by index and keeps the names in JS).
pub fn index_of(name: &str) -> Option<usize> {
    table::NAMES.iter().position(|n| *n == name)
}
