//! Golden descriptors: one row per case — method, arguments (tagged JSON, as
//! the binding sends them), and the exact descriptor JSON the core returns.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_macros
)]

use apifm_core::value::parse_tagged;
use apifm_core::{build, index_of, Config, Context, ErrorKind, Update, Value};

fn config() -> Config {
    let mut c = Config::default();
    c.apply(&Update {
        sub_domain: Some(&Value::Str("demo".into())),
        merchant_id: Some(&Value::Number("42".into())),
        ..Update::default()
    })
    .unwrap();
    c
}

fn describe(method: &str, args: &str) -> Result<String, apifm_core::Error> {
    let Value::Array(args) = parse_tagged(args).unwrap() else {
        panic!("args must be an array")
    };
    let ctx = Context {
        random: "0.5".into(),
        storage: None,
        ..Context::default()
    };
    build(&config(), index_of(method).unwrap(), &args, &ctx).map(|d| d.to_json())
}

const H: &str = "https://api.it120.cc/demo";

#[test]
fn golden() {
    let cases: &[(&str, &str, String)] = &[
        ("goodsDetail", r#"["n123"]"#, format!(r#"{{"k":"request","m":"get","p":"/shop/goods/detail","s":true,"u":"{H}/shop/goods/detail","d":{{"id":123,"token":""}},"q":"id=123&token="}}"#)),
        ("goodsDetail", r#"["s45","st&k=v"]"#, format!(r#"{{"k":"request","m":"get","p":"/shop/goods/detail","s":true,"u":"{H}/shop/goods/detail","d":{{"id":"45","token":"t&k=v"}},"q":"id=45&token=t%26k%3Dv"}}"#)),
        ("banners", r#"[]"#, r#"{"k":"request","m":"get","p":"https://common.apifm.com/demo/banner/list","s":false,"u":"https://common.apifm.com/demo/banner/list"}"#.into()),
        ("banners", r#"[{"type":"sindex"}]"#, r#"{"k":"request","m":"get","p":"https://common.apifm.com/demo/banner/list","s":false,"u":"https://common.apifm.com/demo/banner/list","d":{"type":"index"},"q":"type=index"}"#.into()),
        ("goodsCategory", r#"[]"#, format!(r#"{{"k":"request","m":"get","p":"/shop/goods/category/all","s":true,"u":"{H}/shop/goods/category/all"}}"#)),
        ("pingtuanSets", r#"[["n1","s2"]]"#, r#"{"k":"request","m":"get","p":"https://common.apifm.com/demo/shop/goods/pingtuan/sets","s":false,"u":"https://common.apifm.com/demo/shop/goods/pingtuan/sets","d":{"goodsId":"1,2"},"q":"goodsId=1%2C2"}"#.into()),
        ("queryConfigValue", r#"["s中 文"]"#, r#"{"k":"request","m":"get","p":"https://common.apifm.com/demo/config/value","s":false,"u":"https://common.apifm.com/demo/config/value","d":{"key":"\u4e2d \u6587"},"q":"key=%E4%B8%AD%20%E6%96%87"}"#.into()),
        ("cmsArticles", r#"[{"page":"n1"}]"#, format!(r#"{{"k":"request","m":"post","p":"/cms/news/list","s":true,"u":"{H}/cms/news/list","d":{{"page":1}},"q":"page=1"}}"#)),
        ("login_wx", r#"["sabc"]"#, format!(r#"{{"k":"request","m":"post","p":"/user/wxapp/login","s":true,"u":"{H}/user/wxapp/login","d":{{"code":"abc","type":2}},"q":"code=abc&type=2"}}"#)),
        ("shippingCarInfoAddItem", r#"["st","n1","n2",[{"a":"n1"}]]"#, format!(r#"{{"k":"request","m":"post","p":"/shopping-cart/add","s":true,"u":"{H}/shopping-cart/add","d":{{"token":"t","goodsId":1,"number":2,"sku":"[{{\"a\":1}}]","addition":"","type":""}},"q":"token=t&goodsId=1&number=2&sku=%5B%7B%22a%22%3A1%7D%5D&addition=&type="}}"#)),
        ("kanjiaHelp", r#"["st","n5","n7"]"#, format!(r#"{{"k":"request","m":"post","p":"/shop/goods/kanjia/help","s":true,"u":"{H}/shop/goods/kanjia/help","d":{{"kjid":5,"joinerUser":7,"token":"t","remark":""}},"q":"kjid=5&joinerUser=7&token=t&remark="}}"#)),
        ("fetchSubDomainByWxappAppid", r#"["swx1"]"#, r#"{"k":"request","m":"get","p":"https://common.apifm.com/subdomain/appid/wxapp","s":false,"u":"https://common.apifm.com/subdomain/appid/wxapp","d":{"appid":"wx1"},"q":"appid=wx1"}"#.into()),
        ("graphValidateCodeUrl", r#"["sa b"]"#, format!(r#"{{"k":"url","m":"post","p":"{H}/verification/pic/get?key=a%20b","s":false,"u":"{H}/verification/pic/get?key=a%20b"}}"#)),
        ("graphValidateCodeUrl", r#"[]"#, format!(r#"{{"k":"url","m":"post","p":"{H}/verification/pic/get?key=0.5","s":false,"u":"{H}/verification/pic/get?key=0.5"}}"#)),
        ("uploadFile", r#"["st","swxfile://a.png"]"#, format!(r#"{{"k":"wx.uploadFile","m":"post","p":"{H}/dfs/upload/file","s":false,"u":"{H}/dfs/upload/file","d":{{"token":"t","expireHours":""}},"q":"token=t&expireHours=","f":1,"n":"upfile"}}"#)),
        ("mockApi", r#"["sg/1","sa?b","spost"]"#, r#"{"k":"request","m":"post","p":"https://common.apifm.com/demo/mock/g%2F1/a%3Fb","s":false,"u":"https://common.apifm.com/demo/mock/g%2F1/a%3Fb"}"#.into()),
        ("cmsArticleDetailV3", r#"[{"id":"n3"}]"#, r#"{"k":"request","m":"get","p":"https://cms.apifm.com/42/cms/news/detail/v2","s":true,"u":"https://cms.apifm.com/42/cms/news/detail/v2","d":{"id":3},"q":"id=3"}"#.into()),
    ];
    for (method, args, expected) in cases {
        assert_eq!(
            &describe(method, args).unwrap(),
            expected,
            "{method} {args}"
        );
    }
}

#[test]
fn goods_reads_storage_without_touching_the_argument() {
    let ctx = Context {
        random: String::new(),
        storage: Some(Value::Str("1,2".into())),
        ..Context::default()
    };
    let i = index_of("goods").unwrap();
    let args = vec![Value::Object(vec![(
        "page".into(),
        Value::Number("1".into()),
    )])];
    let c = config();
    let d = build(&c, i, &args, &ctx).unwrap();
    assert_eq!(d.query(), "page=1&shopId=1%2C2");
    let d = build(&c, i, &[], &ctx).unwrap();
    assert_eq!(d.query(), "shopId=1%2C2");
    let d = build(&c, i, &[], &Context::default()).unwrap();
    assert_eq!(d.query(), "");
    assert_eq!(d.data, Some(vec![]));
}

#[test]
fn argument_errors_name_the_parameter() {
    let cases = [
        ("goodsDetail", r#"[]"#, "id"),
        ("goodsDetail", r#"[{"a":"n1"}]"#, "id"),
        ("goodsDetail", r#"["nNaN"]"#, "id"),
        ("goodsDetail", r#"[null]"#, "id"),
        ("pingtuanSets", r#"[]"#, "goodsIdArray"),
        ("orderCreate", r#"["sx"]"#, "data"),
        ("shippingCarInfoAddItem", r#"["st","n1","nNaN"]"#, "number"),
        ("payVariableUrl", r#"["shttp://pay.example/x"]"#, "url"),
        (
            "payVariableUrl",
            r#"["shttps://pay.example/a/../x"]"#,
            "url",
        ),
        (
            "payVariableUrl",
            r#"["shttps://user@pay.example/x"]"#,
            "url",
        ),
        ("payVariableUrl", r#"["spay/wx/wxapp"]"#, "url"),
        ("payVariableUrl", r#"["s/a/../b"]"#, "url"),
        ("mockApi", r#"["sg","sa","sTRACE x"]"#, "method"),
        ("banners", r#"["xfunction"]"#, "data"),
        ("cmsArticles", r#"[{"cb":"xfunction"}]"#, "data"),
    ];
    for (method, args, param) in cases {
        let e = describe(method, args).unwrap_err();
        assert_eq!(
            (e.kind, e.param),
            (ErrorKind::Argument, param),
            "{method} {args}: {}",
            e.message
        );
    }
}

#[test]
fn no_value_reaches_the_host_part() {
    // Every URL stays on its configured host and path: a value that would
    // climb (dot segments in any spelling URL parsers resolve) is refused.
    for (method, args, param) in [
        ("mockApi", r#"["s..","s..","sget"]"#, "groupName"),
        ("mockApi", r#"["sg","s.","sget"]"#, "apiName"),
        ("mockApi", r#"["s%2e%2e","sa","sget"]"#, "groupName"),
        ("mockApi", r#"["s.%2E","sa","sget"]"#, "groupName"),
        ("payVariableUrl", r#"["s/pay/%2e%2e/x"]"#, "url"),
        ("payVariableUrl", r#"["s/./x"]"#, "url"),
        ("payVariableUrl", r#"["s/pay\\..\\x"]"#, "url"),
        ("payVariableUrl", r#"["s/pay/%5C..%5Cx"]"#, "url"),
    ] {
        let e = describe(method, args).expect_err(args);
        assert_eq!(e.param, param, "{method} {args}");
    }
    // Accepted values, asserted exactly: the host part cannot be reached.
    let d = describe("mockApi", r#"["s@evil.com","s...","sget"]"#).unwrap();
    assert!(
        d.contains(r#""u":"https://common.apifm.com/demo/mock/%40evil.com/...""#),
        "{d}"
    );
    let d = describe("payVariableUrl", r#"["s//evil.com/x"]"#).unwrap();
    assert!(
        d.contains(r#""u":"https://api.it120.cc/demo//evil.com/x""#),
        "{d}"
    );
}

#[test]
fn request_paths_cannot_climb_or_drop_the_query() {
    for (args, ok) in [
        (r#"["s/a/../b"]"#, false),
        (r#"["s/a/%2e%2e/b"]"#, false),
        (r#"["s/a/%2E./b"]"#, false),
        (r#"["s/a/./b"]"#, false),
        (r#"["s/a\\..\\b"]"#, false),
        (r#"["s/a/%5c../b"]"#, false),
        (r#"["shttps://h.example/a/../b"]"#, false),
        (r#"["shttp://h.example/a"]"#, false),
        (r#"["shttps://h.example/a?x=1"]"#, true),
        (r#"["shttp://127.0.0.1:9/a"]"#, true),
        (r#"["s/a#frag","t","sget",{"k":"sv"}]"#, false),
        (r#"["s/a/b?x=.."]"#, true),
        (r#"["s/a/...b"]"#, true),
    ] {
        let Value::Array(a) = parse_tagged(args).unwrap() else {
            panic!("args")
        };
        let c = config();
        let r = apifm_core::build_raw(&c, a, apifm_core::Style::Wx);
        assert_eq!(r.is_ok(), ok, "{args}: {r:?}");
        if let Err(e) = r {
            assert_eq!(e.param, "url");
        }
    }
}

#[test]
fn json_stringify_semantics() {
    use apifm_core::descriptor::js_stringify;
    let v =
        parse_tagged(r#"[{"a":"nNaN","b":"u","c":["u","nInfinity","s中😀"],"d":null}]"#).unwrap();
    let Value::Array(items) = v else { panic!() };
    // As JSON.stringify: non-finite numbers and undefined in arrays are null,
    // undefined members are left out, non-ASCII stays as it is.
    assert_eq!(
        js_stringify(&items[0]).unwrap(),
        r#"{"a":null,"c":[null,null,"中😀"],"d":null}"#
    );
    assert_eq!(js_stringify(&Value::Undefined), None);
}

#[test]
fn prototype_keys_never_reach_the_fields() {
    for method in ["cmsArticles", "goods"] {
        let d = describe(
            method,
            r#"[{"__proto__":{"x":"s1"},"constructor":"sc","prototype":"sp","page":"n1"}]"#,
        )
        .unwrap();
        assert!(d.contains(r#""d":{"page":1}"#), "{d}");
    }
}

#[test]
fn each_transport_gets_only_the_fields_it_reads() {
    use apifm_core::Audience;
    let Value::Array(args) = parse_tagged(r#"["n7","st"]"#).unwrap() else {
        panic!()
    };
    let c = config();
    let d = build(
        &c,
        index_of("goodsDetail").unwrap(),
        &args,
        &Context::default(),
    )
    .unwrap();
    let u = format!("{H}/shop/goods/detail");
    assert_eq!(
        d.to_json_for(Audience::RequestFunction),
        r#"{"k":"request","m":"get","p":"/shop/goods/detail","s":true,"d":{"id":7,"token":"t"}}"#
    );
    assert_eq!(
        d.to_json_for(Audience::Platform),
        format!(r#"{{"k":"request","m":"get","u":"{u}","d":{{"id":7,"token":"t"}}}}"#)
    );
    assert_eq!(
        d.to_json_for(Audience::Fetch),
        format!(r#"{{"k":"request","m":"get","u":"{u}","q":"id=7&token=t"}}"#)
    );
    assert_eq!(d.to_json_for(Audience::All), d.to_json());
}

#[test]
fn objects_in_form_fields_never_become_object_object() {
    // a …JsonStr field given an array or object is JSON-encoded
    let d = describe(
        "orderCreate",
        r#"[{"token":"st","goodsJsonStr":[{"goodsId":"n1","number":"n2","sku":{"a":"sx"}}]}]"#,
    )
    .unwrap();
    assert!(
        d.contains(r#""goodsJsonStr":"[{\"goodsId\":1,\"number\":2,\"sku\":{\"a\":\"x\"}}]""#),
        "{d}"
    );
    // any other object field is refused, naming the field
    let e = describe("goods", r#"[{"page":"n1","filter":{"a":"n1"}}]"#).unwrap_err();
    assert_eq!(e.param, "data");
    assert!(
        e.message.starts_with("field filter holds an object"),
        "{}",
        e.message
    );
    let e = describe("goods", r#"[{"list":[{"a":"n1"}]}]"#).unwrap_err();
    assert!(
        e.message.starts_with("field list holds an object"),
        "{}",
        e.message
    );
    // arrays of plain values stay as the reference sends them (String(array))
    assert!(describe("goods", r#"[{"ids":["n1","n2"]}]"#).is_ok());
    // an init3({request}) function gets the caller's objects, as from the reference
    let Value::Array(args) = parse_tagged(r#"[{"filter":{"a":"n1"}}]"#).unwrap() else {
        panic!("args must be an array")
    };
    let ctx = Context {
        keep_objects: true,
        ..Context::default()
    };
    assert!(build(&config(), index_of("goods").unwrap(), &args, &ctx).is_ok());
}

#[test]
fn strings_are_sent_as_real_callers_send_them() {
    // kanjiaSet(ids.join()): a comma-joined id list, as the reference sends it
    let d = describe("kanjiaSet", r#"["s101,102,103"]"#).unwrap();
    assert!(d.contains(r#""q":"goodsId=101%2C102%2C103""#), "{d}");
    // orderDetail(token, '', hxNumber): the order looked up by its verification code
    let d = describe("orderDetail", r#"["st","s","sHX9"]"#).unwrap();
    assert!(d.contains(r#""id":"""#) && d.contains("HX9"), "{d}");
}

#[test]
fn pay_variable_url_may_be_absolute() {
    // the pay URL from a shop's backend config: sent as given, as the reference does
    let d = describe(
        "payVariableUrl",
        r#"["shttps://pay.example.com/pay/wx/wxapp?x=1",{"money":"n5"}]"#,
    )
    .unwrap();
    assert!(
        d.contains(r#""u":"https://pay.example.com/pay/wx/wxapp?x=1""#),
        "{d}"
    );
    // a request function gets it as from the reference: (url, true, 'post', data)
    assert!(d.contains(r#""s":true"#), "{d}");
    let d = describe("payVariableUrl", r#"["shttp://127.0.0.1:8080/pay"]"#).unwrap();
    assert!(d.contains(r#""u":"http://127.0.0.1:8080/pay""#), "{d}");
}

#[test]
fn pay_variable_url_keeps_the_query_of_its_path() {
    // as the reference: ? = & stay; a space or non-ASCII is encoded as a URL parser would; # too
    let d = describe(
        "payVariableUrl",
        r#"["s/pay/x/notify?a=1&b=two&c=%41","u"]"#,
    )
    .unwrap();
    assert!(
        d.contains(r#""u":"https://api.it120.cc/demo/pay/x/notify?a=1&b=two&c=%41""#),
        "{d}"
    );
    let d = describe("payVariableUrl", r#"["s/pay/a b?q=中 文#f","u"]"#).unwrap();
    assert!(
        d.contains(r#""u":"https://api.it120.cc/demo/pay/a%20b?q=%E4%B8%AD%20%E6%96%87%23f""#),
        "{d}"
    );
}
