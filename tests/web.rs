//! wasm-bindgen-test of the binding in headless Chromium (ChromeDriver):
//!   CHROMEDRIVER=/usr/bin/chromedriver \
//!   CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
//!     cargo test --target wasm32-unknown-unknown --test web
//! (or `bash tests/tools/wasm-bindgen-tests.sh`; the browser flags are in
//! `webdriver.json`). Bodies: `tests/common/mod.rs`.
#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod common;

crate::all_tests!();

/// Only in the browser: the page really is a browser page.
#[wasm_bindgen_test::wasm_bindgen_test]
fn runs_in_a_browser() {
    let window = js_sys::Reflect::get(
        &js_sys::global(),
        &wasm_bindgen::JsValue::from_str("document"),
    )
    .map(|d| !d.is_undefined())
    .unwrap_or(false);
    assert!(window, "no document: not a browser");
}
