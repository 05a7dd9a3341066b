//! Native timing of the builder for one call (not a test; `cargo run --release --example speed -p apifm-core`).
#![allow(clippy::disallowed_macros)]
use apifm_core::value::parse_tagged;
use apifm_core::{build, index_of, Config, Context};
use std::time::Instant;

fn main() {
    let config = Config::default();
    let ctx = Context::default();
    let i = index_of("goodsDetail").unwrap_or(0);
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let t = Instant::now();
    let mut total = 0;
    for _ in 0..n {
        if let Ok(apifm_core::Value::Array(args)) = parse_tagged(r#"["n123","stoken"]"#) {
            if let Ok(d) = build(&config, i, &args, &ctx) {
                total += d.to_json().len();
            }
        }
    }
    println!(
        "{:.0} ns per call ({total})",
        t.elapsed().as_nanos() as f64 / f64::from(n)
    );
}
