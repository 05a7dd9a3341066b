//! Test bodies shared by `tests/node.rs` (Node) and `tests/web.rs` (headless
//! Chromium): each asserts real behaviour of the two functions the wasm
//! exports, `apifm_wasm::build` and `apifm_wasm::configure`.
//!
//! Arguments are written in the binding's tagged JSON (see
//! `core/src/value.rs`): `"s…"` string, `"n…"` number, `"t"`/`"f"`,
//! `"u"` undefined, `"x…"` an unsendable JS value; null/arrays/objects as JSON.
//!
//! The configuration is one global per wasm instance and the runner executes
//! every test of a file in one instance, so each test starts with [`reset`].

#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_macros
)]

use apifm_core::value::MAX_DEPTH;
use serde_json::{json, Value};

/// Calls the exported `build` with the call text the shim sends
/// (`[arguments, storage, random]`) and returns the output it wrote.
pub fn build(index: u32, args: &str, random: &str, storage: &str) -> String {
    let storage = if storage.is_empty() { "\"u\"" } else { storage };
    let random = if random.is_empty() {
        "\"u\"".to_string()
    } else {
        format!("\"n{random}\"")
    };
    let len = apifm_wasm::build(
        index,
        0,
        apifm_wasm::set_input(&format!("[{args},{storage},{random}]")),
    );
    let out = apifm_wasm::output();
    assert_eq!(len as usize, out.len(), "returned length and output differ");
    assert!(out.is_ascii(), "the output must be ASCII: {out}");
    out
}

/// Calls the exported `configure` and returns the output it wrote.
pub fn configure(options: &str) -> String {
    let len = apifm_wasm::configure(apifm_wasm::set_input(options));
    let out = apifm_wasm::output();
    assert_eq!(len as usize, out.len());
    out
}

/// Registers row `i` of the endpoint table as the shim does (`row`) and
/// returns its slot.
pub fn slot(i: usize) -> u32 {
    let text = apifm_core::table::row(i).unwrap_or_else(|| panic!("no row {i}"));
    let s = apifm_wasm::row(apifm_wasm::set_input(text));
    assert_ne!(s, 0, "row {i} was refused: {}", apifm_wasm::output());
    s
}

/// The slot of a method of the endpoint table.
pub fn idx(name: &str) -> u32 {
    slot(apifm_core::index_of(name).unwrap_or_else(|| panic!("{name} is not in the table")))
}

/// The slot that addresses `WXAPI.request` itself.
pub fn raw_index() -> u32 {
    0
}

/// A successful build: the descriptor JSON, parsed.
pub fn ok_with(name: &str, args: &str, random: &str, storage: &str) -> Value {
    let out = build(idx(name), args, random, storage);
    assert!(!out.starts_with('E'), "{name}({args}) was refused: {out}");
    serde_json::from_str(&out)
        .unwrap_or_else(|e| panic!("{name}: descriptor is not JSON ({e}): {out}"))
}

pub fn ok(name: &str, args: &str) -> Value {
    ok_with(name, args, "", "")
}

/// An error answer (`E` + JSON), parsed.
pub fn err_json(out: &str) -> Value {
    let rest = out
        .strip_prefix('E')
        .unwrap_or_else(|| panic!("expected an error, got {out}"));
    serde_json::from_str(rest).unwrap_or_else(|e| panic!("error is not JSON ({e}): {out}"))
}

pub fn err(name: &str, args: &str) -> Value {
    err_json(&build(idx(name), args, "", ""))
}

/// A known configuration: default hosts, subDomain `demo`, merchantId `42`.
pub fn reset() {
    let out = configure(
        r#"{"apiBaseUrl":"shttps://api.it120.cc","commonBaseUrl":"shttps://common.apifm.com",
            "cmsBaseUrl":"shttps://cms.apifm.com","subDomain":"sdemo","merchantId":"s42"}"#,
    );
    assert_eq!(out, "", "reset was refused");
}

fn nested_arrays(levels: usize) -> String {
    "[".repeat(levels) + &"]".repeat(levels)
}

// --- descriptors -------------------------------------------------------------

pub fn goods_detail_descriptor() {
    reset();
    assert_eq!(
        ok("goodsDetail", r#"["n101"]"#),
        json!({
            "k": "request", "m": "get", "p": "/shop/goods/detail", "s": true,
            "u": "https://api.it120.cc/demo/shop/goods/detail",
            "d": {"id": 101, "token": ""}, "q": "id=101&token="
        })
    );
    // A string id and a token.
    let d = ok("goodsDetail", r#"["s102","stok en&"]"#);
    assert_eq!(d["d"], json!({"id": "102", "token": "tok en&"}));
    assert_eq!(d["q"], "id=102&token=tok%20en%26");
}

pub fn banners_descriptor() {
    reset();
    assert_eq!(
        ok("banners", r#"[{"type":"sindex"}]"#),
        json!({
            "k": "request", "m": "get", "p": "https://common.apifm.com/demo/banner/list", "s": false,
            "u": "https://common.apifm.com/demo/banner/list",
            "d": {"type": "index"}, "q": "type=index"
        })
    );
    // No argument: the reference passes no data at all.
    let d = ok("banners", "[]");
    assert_eq!(d["u"], "https://common.apifm.com/demo/banner/list");
    assert!(d.get("d").is_none() && d.get("q").is_none(), "{d}");
}

pub fn goods_descriptor_with_storage() {
    reset();
    let d = ok("goods", r#"[{"page":"n1","pageSize":"n20"}]"#);
    assert_eq!(
        d,
        json!({
            "k": "request", "m": "post", "p": "/shop/goods/list", "s": true,
            "u": "https://api.it120.cc/demo/shop/goods/list",
            "d": {"page": 1, "pageSize": 20}, "q": "page=1&pageSize=20"
        })
    );
    // shopIds from storage is merged in; the caller's fields come first.
    let d = ok_with("goods", r#"[{"page":"n1"}]"#, "", r#""s11,12""#);
    assert_eq!(d["d"], json!({"page": 1, "shopId": "11,12"}));
    assert_eq!(d["q"], "page=1&shopId=11%2C12");
    // An empty storage value is not merged.
    let d = ok_with("goods", r#"[{"page":"n1"}]"#, "", r#""s""#);
    assert_eq!(d["d"], json!({"page": 1}));
}

pub fn cart_and_login_descriptors() {
    reset();
    let d = ok("login_wx", r#"["scode1"]"#);
    assert_eq!(
        (d["m"].as_str(), d["u"].as_str()),
        (
            Some("post"),
            Some("https://api.it120.cc/demo/user/wxapp/login")
        )
    );
    assert_eq!(d["d"], json!({"code": "code1", "type": 2}));
    assert_eq!(d["q"], "code=code1&type=2");

    let d = ok("shippingCarInfoAddItem", r#"["stoken-demo","n101","n2"]"#);
    assert_eq!(d["m"], "post");
    assert_eq!(d["u"], "https://api.it120.cc/demo/shopping-cart/add");
    assert_eq!(
        d["q"],
        "token=token-demo&goodsId=101&number=2&sku=&addition=&type="
    );
    // sku is sent as JSON text when non-empty.
    let d = ok(
        "shippingCarInfoAddItem",
        r#"["st","n101","n2",[{"optionId":"n1","optionValueId":"n3"}]]"#,
    );
    assert_eq!(d["d"]["sku"], r#"[{"optionId":1,"optionValueId":3}]"#);

    let d = ok("shippingCarInfo", r#"["stoken-demo"]"#);
    assert_eq!(d["m"], "get");
    assert_eq!(d["u"], "https://api.it120.cc/demo/shopping-cart/info");
    assert_eq!(d["q"], "token=token-demo&type=");
}

pub fn common_and_cms_hosts() {
    reset();
    let d = ok("queryConfigValue", r#"["smallName"]"#);
    assert_eq!(d["u"], "https://common.apifm.com/demo/config/value");
    assert_eq!(d["q"], "key=mallName");

    let d = ok("pingtuanSets", r#"[["n101","n102"]]"#);
    assert_eq!(d["m"], "get");
    assert_eq!(
        d["u"],
        "https://common.apifm.com/demo/shop/goods/pingtuan/sets"
    );
    assert_eq!(d["d"], json!({"goodsId": "101,102"}));
    assert_eq!(d["q"], "goodsId=101%2C102");

    let d = ok("cmsArticles", r#"[{"page":"n1"}]"#);
    assert_eq!(
        (d["m"].as_str(), d["u"].as_str()),
        (
            Some("post"),
            Some("https://api.it120.cc/demo/cms/news/list")
        )
    );

    let d = ok("cmsArticlesV3", r#"[{"page":"n1"}]"#);
    assert_eq!(d["u"], "https://cms.apifm.com/42/cms/news/list/v2");

    // One slash (the reference builds `…apifm.com//subdomain…`; docs/compat.md).
    let d = ok("fetchSubDomainByWxappAppid", r#"["swx123"]"#);
    assert_eq!(d["u"], "https://common.apifm.com/subdomain/appid/wxapp");
    assert_eq!(d["q"], "appid=wx123");
}

pub fn configured_hosts_are_used() {
    reset();
    let out = configure(
        r#"{"apiBaseUrl":"shttp://127.0.0.1:8080/","commonBaseUrl":"shttp://127.0.0.1:8080/common",
            "cmsBaseUrl":"shttp://localhost:8080/cms","subDomain":"sshop-1","merchantId":"n7"}"#,
    );
    assert_eq!(out, "");
    assert_eq!(
        ok("goodsDetail", r#"["n1"]"#)["u"],
        "http://127.0.0.1:8080/shop-1/shop/goods/detail"
    );
    assert_eq!(
        ok("banners", "[]")["u"],
        "http://127.0.0.1:8080/common/shop-1/banner/list"
    );
    assert_eq!(
        ok("cmsArticlesV3", "[]")["u"],
        "http://localhost:8080/cms/7/cms/news/list/v2"
    );
    reset();
}

pub fn random_default_and_url_rows() {
    reset();
    let d = ok_with("graphValidateCodeUrl", "[]", "0.25", "");
    assert_eq!(d["k"], "url");
    assert_eq!(
        d["u"],
        "https://api.it120.cc/demo/verification/pic/get?key=0.25"
    );
    let d = ok_with("graphValidateCodeUrl", r#"["sa&b c"]"#, "0.25", "");
    assert_eq!(
        d["u"],
        "https://api.it120.cc/demo/verification/pic/get?key=a%26b%20c"
    );
}

pub fn raw_request_rows() {
    reset();
    let out = build(
        raw_index(),
        r#"["s/x/y","t","spost",{"a":"n1","__proto__":"sz"}]"#,
        "",
        "",
    );
    let d: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        d,
        json!({"k": "request", "m": "post", "p": "/x/y", "s": true, "u": "https://api.it120.cc/demo/x/y", "d": {"a": 1}, "q": "a=1"})
    );
    // A slot no row was registered in is an internal error (sent as
    // `unsupported`, said as such), never the raw request.
    let e = err_json(&build(
        u32::MAX,
        r#"["s/x/y","t","spost",{"a":"n1"}]"#,
        "",
        "",
    ));
    assert_eq!(e["e"], "unsupported");
    assert_eq!(e["m"], "internal error: unknown row slot");
    let e = err_json(&build(raw_index(), r#"["s/../etc","f"]"#, "", ""));
    assert_eq!(
        (e["e"].as_str(), e["p"].as_str()),
        (Some("argument"), Some("url"))
    );
}

/// Rows come from the shim: each is decoded once and keeps its slot; the
/// same text gets the same slot; a malformed row is refused when it is
/// registered, as `unsupported` (an internal error), never at a call.
pub fn row_registry() {
    reset();
    let first = idx("goodsDetail");
    assert_eq!(
        idx("goodsDetail"),
        first,
        "the same row twice got two slots"
    );
    assert_ne!(idx("banners"), first);
    let own = apifm_wasm::row(apifm_wasm::set_input("g|1|/own/path|id:i!|id|"));
    assert_ne!(own, 0, "{}", apifm_wasm::output());
    let d: Value = serde_json::from_str(&build(own, r#"["n7"]"#, "", "")).unwrap();
    assert_eq!(d["u"], "https://api.it120.cc/demo/own/path");
    assert_eq!(d["q"], "id=7");
    for bad in [
        "",
        "g|1|/x",
        "q|1|/x|id|id|",
        "g|1|/x|id:z|id|",
        "g|1|/x|id|id|u:f",
        "g|1|/x/{9|id|id|",
        "g|1|/x/{9}|id|id|",
        "g|1|/x|id|q=Z1|",
        "g|1|/x|id|@5|",
        "{3}|1|/x|id|id|",
    ] {
        assert_eq!(apifm_wasm::row(apifm_wasm::set_input(bad)), 0, "{bad:?}");
        let e = err_json(&apifm_wasm::output());
        assert_eq!(e["e"], "unsupported", "{bad:?}");
        assert!(
            e["m"]
                .as_str()
                .unwrap()
                .starts_with("internal error: malformed table row"),
            "{bad:?}: {e}"
        );
    }
    // Registering again after refusals still works, and slots stay valid.
    assert_eq!(idx("goodsDetail"), first);
    assert!(!build(first, r#"["n1"]"#, "", "").starts_with('E'));
}

/// What a request hook returns is checked like a caller's values: fields
/// re-encoded for the audience, prototype keys dropped, objects refused on
/// form transports, headers held to init3's header rules.
pub fn hook_reform() {
    reset();
    let run = |audience: u32, input: &str| {
        let len = apifm_wasm::reform(audience, apifm_wasm::set_input(input));
        let out = apifm_wasm::output();
        assert_eq!(len as usize, out.len());
        out
    };
    let d: Value = serde_json::from_str(&run(
        3,
        r#"[{"id":"n1","token":"sa b&","__proto__":"sx"},{"X-Shop":"s7"}]"#,
    ))
    .unwrap();
    assert_eq!(
        d,
        json!({"k": "request", "q": "id=1&token=a%20b%26", "h": {"X-Shop": "7"}})
    );
    let d: Value = serde_json::from_str(&run(2, r#"[{"id":"n1"},"u"]"#)).unwrap();
    assert_eq!(d, json!({"k": "request", "d": {"id": 1}}));
    let nested = r#"[{"address":{"city":"sx"}},"u"]"#;
    assert_eq!(err_json(&run(3, nested))["p"], "data");
    assert!(
        run(1, nested).starts_with('{'),
        "a request function gets objects"
    );
    for bad in [
        r#"["sx","u"]"#,
        r#"[{"a":"xfunction"},"u"]"#,
        r#"["u",{"Host":"sx"}]"#,
        r#"["u",{"X-A":"sa\nb"}]"#,
    ] {
        let e = err_json(&run(3, bad));
        assert_eq!(e["e"], "argument", "{bad}");
    }
}

/// apifm-webapi's encoding style (`audience | 1 << 4`): the query and body
/// as axios and qs write them, objects kept; the same call without the style
/// bit is apifm-wxapi's (an object refused).
pub fn webapi_style() {
    reset();
    let call = |audience: u32, name: &str, args: &str| -> String {
        let len = apifm_wasm::build(
            idx(name),
            audience,
            apifm_wasm::set_input(&format!("[{args},\"u\",\"u\"]")),
        );
        let out = apifm_wasm::output();
        assert_eq!(len as usize, out.len());
        out
    };
    let order = r#"[{"token":"st","sku":[{"optionId":"n1"}]}]"#;
    let d: Value = serde_json::from_str(&call(3 | 16, "orderCreate", order)).unwrap();
    assert_eq!(d["q"], "token=t&sku%5B0%5D%5BoptionId%5D=1");
    assert_eq!(err_json(&call(3, "orderCreate", order))["p"], "data");
    let d: Value = serde_json::from_str(&call(3 | 16, "goodsDetail", r#"["n7","sa b"]"#)).unwrap();
    assert_eq!(d["q"], "id=7&token=a+b");
    // reform: the verb decides (GET: axios params)
    let len = apifm_wasm::reform(
        3 | 16,
        apifm_wasm::set_input(r#"[{"ids":["n1","n2"]},"u","sget"]"#),
    );
    let out = apifm_wasm::output();
    assert_eq!(len as usize, out.len());
    let d: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(d["q"], "ids[]=1&ids[]=2");
}

// --- errors ------------------------------------------------------------------

pub fn missing_required_argument() {
    reset();
    let out = build(idx("goodsDetail"), "[]", "", "");
    assert!(out.starts_with('E'), "{out}");
    assert!(out.contains("argument") && out.contains("\"id\""), "{out}");
    assert_eq!(
        err_json(&out),
        json!({"e": "argument", "p": "id", "m": "is required"})
    );
    // undefined and null count as missing.
    assert_eq!(err("goodsDetail", r#"["u"]"#)["p"], "id");
    assert_eq!(err("goodsDetail", "[null]")["p"], "id");
    assert_eq!(
        err("shippingCarInfoAddItem", r#"["st","n101"]"#)["p"],
        "number"
    );
    assert_eq!(err("orderCreate", "[]")["p"], "data");
}

pub fn wrong_argument_types() {
    reset();
    // what the reference would send as garbage: an object, NaN
    let e = err("goodsDetail", r#"[{"id":"n1"}]"#);
    assert_eq!(
        (e["e"].as_str(), e["p"].as_str()),
        (Some("argument"), Some("id"))
    );
    assert!(e["m"].as_str().unwrap().contains("[object Object]"), "{e}");
    assert_eq!(err("goodsDetail", r#"["nNaN"]"#)["p"], "id");
    assert_eq!(
        err("orderCreate", r#"["sgoodsJsonStr=1"]"#)["m"],
        "must be an object"
    );
    let e = err("goodsDetail", r#"["xfunction"]"#);
    assert_eq!(e["m"], "contains a function, which cannot be sent");
    // The argument list itself must be an array of tagged values.
    assert_eq!(err("goodsDetail", "{}")["m"], "arguments must be an array");
    assert_eq!(err("goodsDetail", r#"["q1"]"#)["m"], "could not be read");
    assert_eq!(err("goodsDetail", "[1]")["m"], "could not be read");
    assert_eq!(err("goodsDetail", "")["m"], "could not be read");
    assert_eq!(err("goodsDetail", r#"["n1"] x"#)["m"], "could not be read");
    // Storage travels in the same call text and is read with the same parser.
    let e = err_json(&build(idx("goods"), "[]", "", "{"));
    assert_eq!(e["m"].as_str(), Some("could not be read"));
    // The call itself must be an array.
    assert_eq!(
        apifm_wasm::build(idx("goods"), 0, apifm_wasm::set_input("{}")) as usize,
        apifm_wasm::output().len()
    );
    assert!(err_json(&apifm_wasm::output())["m"] == "the call must be an array");
}

pub fn config_refusals() {
    reset();
    let e = err_json(&configure(r#"{"subDomain":"sa/b"}"#));
    assert_eq!(
        (e["e"].as_str(), e["p"].as_str()),
        (Some("config"), Some("subDomain"))
    );
    for bad in ["s", "s..", "sa b", "sa?b", "s中文", "sa\\r\\nb"] {
        let e = err_json(&configure(&format!(r#"{{"subDomain":"{bad}"}}"#)));
        assert_eq!(e["p"], "subDomain", "{bad}");
    }
    let e = err_json(&configure(r#"{"apiBaseUrl":"shttp://example.com"}"#));
    assert_eq!(
        (e["e"].as_str(), e["p"].as_str()),
        (Some("config"), Some("apiBaseUrl"))
    );
    assert!(e["m"].as_str().unwrap().contains("https://"), "{e}");
    for bad in [
        "sftp://x",
        "shttps://a.com?x=1",
        "shttps://user@a.com",
        "shttp://127.0.0.1.evil.com",
        "n5",
        "t",
    ] {
        let e = err_json(&configure(&format!(r#"{{"commonBaseUrl":"{bad}"}}"#)));
        assert_eq!(e["p"], "commonBaseUrl", "{bad}");
    }
    let e = err_json(&configure("[]"));
    assert_eq!(
        e,
        json!({"e": "config", "p": "options", "m": "init3 expects an options object"})
    );
    assert_eq!(err_json(&configure("not json"))["p"], "options");

    // A refused update changes nothing, not even its valid parts.
    assert!(
        configure(r#"{"subDomain":"sother","apiBaseUrl":"shttp://example.com"}"#).starts_with('E')
    );
    assert_eq!(
        ok("goodsDetail", r#"["n1"]"#)["u"],
        "https://api.it120.cc/demo/shop/goods/detail"
    );
    // Unknown keys (binding options) and undefined values are ignored.
    assert_eq!(
        configure(r#"{"timeout":"n5","subDomain":"u","request":"xfunction"}"#),
        ""
    );
    assert_eq!(
        ok("goodsDetail", r#"["n1"]"#)["u"],
        "https://api.it120.cc/demo/shop/goods/detail"
    );
    // http:// to another host only with allowInsecureHttp.
    assert_eq!(
        configure(r#"{"apiBaseUrl":"shttp://example.com","allowInsecureHttp":"t"}"#),
        ""
    );
    assert_eq!(
        ok("goodsDetail", r#"["n1"]"#)["u"],
        "http://example.com/demo/shop/goods/detail"
    );
    reset();
}

// --- text and hostile input ----------------------------------------------------

pub fn chinese_and_emoji_round_trip() {
    reset();
    // Raw UTF-8 and \u escapes (as JSON.stringify may write them) are the same text.
    for args in [r#"["s中文😀"]"#, r#"["s\u4e2d\u6587\ud83d\ude00"]"#] {
        let d = ok("queryConfigValue", args);
        assert_eq!(d["d"], json!({"key": "中文😀"}), "{args}");
        assert_eq!(d["q"], "key=%E4%B8%AD%E6%96%87%F0%9F%98%80", "{args}");
    }
    let d = ok(
        "cmsArticles",
        r#"[{"title":"s标题🎉","nameLike":"s苹果 & 梨","k&=?":"sv#%+ /"}]"#,
    );
    assert_eq!(
        d["d"],
        json!({"title": "标题🎉", "nameLike": "苹果 & 梨", "k&=?": "v#%+ /"})
    );
    assert_eq!(
        d["q"],
        "title=%E6%A0%87%E9%A2%98%F0%9F%8E%89&nameLike=%E8%8B%B9%E6%9E%9C%20%26%20%E6%A2%A8&k%26%3D%3F=v%23%25%2B%20%2F"
    );
    // Control characters and quotes survive the JSON writer.
    let d = ok("queryConfigValue", r#"["sa\"b\\c\n\u0001"]"#);
    assert_eq!(d["d"]["key"], "a\"b\\c\n\u{1}");
}

pub fn lone_surrogate_refused() {
    reset();
    for args in [
        r#"["s\ud800"]"#,
        r#"["s\udc00x"]"#,
        r#"["s\ud83dx"]"#,
        r#"["s\ud83d\u0041"]"#,
    ] {
        let e = err("queryConfigValue", args);
        assert_eq!(e["e"], "argument", "{args}");
        assert!(
            e["m"].as_str().unwrap().contains("lone UTF-16 surrogate"),
            "{args}: {e}"
        );
    }
    // Inside an object, and in the configuration.
    assert!(err("cmsArticles", r#"[{"t":"s\udfff"}]"#)["m"]
        .as_str()
        .unwrap()
        .contains("surrogate"));
    let e = err_json(&configure(r#"{"subDomain":"s\ud800"}"#));
    assert_eq!(
        (e["e"].as_str(), e["p"].as_str()),
        (Some("config"), Some("options"))
    );
    assert!(e["m"].as_str().unwrap().contains("surrogate"), "{e}");
}

pub fn deep_nesting_refused() {
    reset();
    // goodsCategory takes no parameters: extra arguments are read, then ignored.
    let at_limit = format!("[{}]", nested_arrays(MAX_DEPTH));
    assert_eq!(
        ok("goodsCategory", &at_limit)["u"],
        "https://api.it120.cc/demo/shop/goods/category/all"
    );
    let over = format!("[{}]", nested_arrays(MAX_DEPTH + 1));
    assert_eq!(err("goodsCategory", &over)["m"], "nests too deeply");
    // Far deeper than any stack could take: refused, no trap.
    for levels in [10_000, 1_000_000] {
        assert_eq!(
            err("goodsCategory", &nested_arrays(levels))["m"],
            "nests too deeply",
            "{levels}"
        );
        let objects = r#"{"a":"#.repeat(levels) + "null" + &"}".repeat(levels);
        assert_eq!(
            err("goods", &format!("[{objects}]"))["m"],
            "nests too deeply",
            "{levels}"
        );
        let e = err_json(&configure(&objects));
        assert_eq!(
            (e["e"].as_str(), e["m"].as_str()),
            (Some("config"), Some("nests too deeply"))
        );
    }
}

pub fn oversized_arguments_refused() {
    reset();
    let big = format!(r#"["s{}"]"#, "a".repeat((8 << 20) + 1));
    assert_eq!(err("queryConfigValue", &big)["m"], "is too large");
}

pub fn keeps_working_after_errors() {
    reset();
    let good = build(idx("goodsDetail"), r#"["n101"]"#, "", "");
    assert!(!good.starts_with('E'));
    let deep = nested_arrays(100_000);
    for round in 0..200 {
        assert!(build(idx("goodsDetail"), "[]", "", "").starts_with('E'));
        assert!(build(idx("goodsCategory"), &deep, "", "").starts_with('E'));
        assert!(build(idx("queryConfigValue"), r#"["s\ud800"]"#, "", "").starts_with('E'));
        assert!(build(idx("goodsDetail"), "garbage", "", "").starts_with('E'));
        assert!(configure(r#"{"subDomain":"sa/b"}"#).starts_with('E'));
        assert!(configure(&deep).starts_with('E'));
        assert_eq!(
            build(idx("goodsDetail"), r#"["n101"]"#, "", ""),
            good,
            "round {round}"
        );
    }
    // Every row still builds with its required arguments missing or present.
    for (i, name) in apifm_core::table::NAMES.iter().enumerate() {
        let out = build(slot(i), "[]", "0.5", "");
        assert!(
            out.starts_with('{') || out.starts_with("E{\"e\":\"argument\""),
            "{name}: {out}"
        );
    }
    assert_eq!(build(idx("goodsDetail"), r#"["n101"]"#, "", ""), good);
}

/// Generates one `#[wasm_bindgen_test]` per shared body.
/// The input buffer the shim writes a call into: it grows keeping what it
/// holds (the shim asks again after a non-ASCII character), refuses sizes
/// past the call cap, and `build`/`configure` refuse a length past it or
/// bytes that are not UTF-8.
pub fn input_buffer() {
    reset();
    let text = r#"[["n101"],"u","u"]"#;
    // The row is registered first: registering writes the input buffer, as the shim knows.
    let slot = idx("goodsDetail");
    let ptr = apifm_wasm::input(4);
    assert_ne!(ptr, 0);
    // Write the first bytes through the address, then grow and write the rest.
    let bytes = text.as_bytes();
    // SAFETY: `input(4)` answered a buffer of at least 4 bytes at `ptr`.
    unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr as *mut u8, 4) };
    let ptr = apifm_wasm::input(u32::try_from(bytes.len()).unwrap());
    // SAFETY: the buffer at the new `ptr` holds at least `bytes.len()` ≥ 4 bytes.
    let written = unsafe { std::slice::from_raw_parts(ptr as *const u8, 4) };
    assert_eq!(
        written,
        &bytes[..4],
        "growing the buffer keeps what it holds"
    );
    // SAFETY: the buffer holds `bytes.len()` bytes; the rest of `bytes` fits after the first 4.
    unsafe {
        std::ptr::copy_nonoverlapping(
            bytes.as_ptr().add(4),
            (ptr as *mut u8).add(4),
            bytes.len() - 4,
        )
    };
    let len = apifm_wasm::build(slot, 2, u32::try_from(bytes.len()).unwrap());
    let out = apifm_wasm::output();
    assert_eq!(len as usize, out.len());
    assert!(out.starts_with('{'), "{out}");
    assert!(out.contains("/shop/goods/detail"), "{out}");
    // Past the call cap: no buffer.
    assert_eq!(apifm_wasm::input((8 << 20) + 1), 0);
    // A length past the buffer is refused, not read out of bounds.
    let e = err_json(&{
        apifm_wasm::build(slot, 0, u32::MAX);
        apifm_wasm::output()
    });
    assert_eq!(e["e"], "argument");
    // Bytes that are not UTF-8.
    let ptr = apifm_wasm::input(3);
    // SAFETY: `input(3)` answered a buffer of at least 3 bytes at `ptr`.
    unsafe { std::ptr::copy_nonoverlapping([b'[', 0xff, b']'].as_ptr(), ptr as *mut u8, 3) };
    let e = err_json(&{
        apifm_wasm::build(slot, 0, 3);
        apifm_wasm::output()
    });
    assert_eq!(e["m"], "could not be read (not UTF-8)");
    let e = err_json(&{
        apifm_wasm::configure(3);
        apifm_wasm::output()
    });
    assert_eq!(e["e"], "config");
}

/// Each audience the shim uses gets exactly the fields its reader takes:
/// 1 an `init3({request})` function (`p s m d`), 2 a platform (`u m d`),
/// 3 fetch (`u m q`); 0 (tests) every field.
pub fn audiences() {
    reset();
    let call = r#"[["n101","st"],"u","u"]"#;
    let keys = |audience: u32| -> Vec<String> {
        let len = apifm_wasm::build(idx("goodsDetail"), audience, apifm_wasm::set_input(call));
        let out = apifm_wasm::output();
        assert_eq!(len as usize, out.len());
        let v: Value = serde_json::from_str(&out).unwrap();
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(1), ["d", "k", "m", "p", "s"]);
    assert_eq!(keys(2), ["d", "k", "m", "u"]);
    assert_eq!(keys(3), ["k", "m", "q", "u"]);
    assert_eq!(keys(0), ["d", "k", "m", "p", "q", "s", "u"]);
    // An object field: a request function gets the caller's object, a form-encoding reader is refused
    let call = r#"[[{"token":"st","address":{"city":"sx"}}],"u","u"]"#;
    let out = |audience: u32| {
        apifm_wasm::build(idx("orderCreate"), audience, apifm_wasm::set_input(call));
        apifm_wasm::output()
    };
    assert!(out(1).starts_with('{'), "{}", out(1));
    for audience in [2, 3] {
        assert_eq!(err_json(&out(audience))["p"], "data");
    }
}

/// The wasm's allocator (`core/src/heap.rs` over `memory.grow`) gives back
/// what each call frees: after a warm-up, thousands of calls of many sizes
/// (and refused ones) leave wasm memory exactly where it was.
pub fn memory_is_reused() {
    reset();
    let pages = || core::arch::wasm32::memory_size(0);
    let detail = idx("goodsDetail");
    let order = idx("orderCreate");
    let run = |n: usize| {
        for i in 0..n {
            let text = "文x".repeat(i % 200);
            let out = build(detail, &format!(r#"["n{i}","s{text}"]"#), "", "");
            assert!(out.starts_with('{'), "{out}");
            let goods = format!(r#"[{{"goodsId":"n{i}","number":"n2","note":"s{text}"}}]"#);
            let out = build(
                order,
                &format!(r#"[{{"token":"st{i}","goodsJsonStr":{goods},"remark":"s{text}"}}]"#),
                "",
                "",
            );
            assert!(out.starts_with('{'), "{out}");
            assert!(build(detail, r#"[{"bad":"n1"}]"#, "", "").starts_with('E'));
        }
    };
    run(500);
    let warm = pages();
    run(5000);
    assert_eq!(pages(), warm, "wasm memory grew from {warm} pages");
}

#[macro_export]
macro_rules! suite {
    ($($name:ident),* $(,)?) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn $name() {
                common::$name();
            }
        )*
    };
}

#[macro_export]
macro_rules! all_tests {
    () => {
        $crate::suite!(
            goods_detail_descriptor,
            banners_descriptor,
            goods_descriptor_with_storage,
            cart_and_login_descriptors,
            common_and_cms_hosts,
            configured_hosts_are_used,
            random_default_and_url_rows,
            raw_request_rows,
            row_registry,
            hook_reform,
            webapi_style,
            missing_required_argument,
            wrong_argument_types,
            config_refusals,
            chinese_and_emoji_round_trip,
            lone_surrogate_refused,
            deep_nesting_refused,
            oversized_arguments_refused,
            keeps_working_after_errors,
            input_buffer,
            audiences,
            memory_is_reused,
        );
    };
}
