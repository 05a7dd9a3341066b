//! wasm-bindgen-test of the binding in Node.js:
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     cargo test --target wasm32-unknown-unknown --test node
//! (or `bash tests/tools/wasm-bindgen-tests.sh`). Bodies: `tests/common/mod.rs`.
#![cfg(target_arch = "wasm32")]

mod common;

crate::all_tests!();
