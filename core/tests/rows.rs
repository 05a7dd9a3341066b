//! Every row of every surface, decoded: the facts the core reads from each
//! row (verb, needSubDomain, URL segments, parameters, data sources, kind),
//! one line a row, checked against the snapshot `core/tests/rows.txt`.
//! A change to the table (`make regen`) or to the decoder shows there as a
//! readable diff; `UPDATE_ROWS=1 cargo test -p apifm-core --test rows`
//! rewrites it.
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_macros
)]

use apifm_core::endpoint::{Data, Default, Endpoint, FileArg, Host, Kind, Segment, Source, Verb};
use apifm_core::table;
use std::fmt::Write;

fn source(s: Source) -> String {
    match s {
        Source::Arg(i) => format!("${i}"),
        Source::Text(t) => format!("'{t}'"),
        Source::Number(n) => format!("#{n}"),
        Source::SubDomain => "subDomain".into(),
        Source::Storage(k) => format!("storage({k})"),
        Source::Join(i) => format!("join(${i})"),
        Source::Json(i) => format!("json(${i})"),
        Source::JsonNonEmpty(i) => format!("jsonNonEmpty(${i})"),
    }
}

/// The facts of one decoded row, as one line.
fn facts(e: &Endpoint) -> String {
    let mut out = String::new();
    match e.verb {
        Verb::Get => out.push_str("get"),
        Verb::Post => out.push_str("post"),
        Verb::Arg(i) => write!(out, "verb ${i}").unwrap(),
    }
    out.push_str(if e.sub { " sub | " } else { " | " });
    for s in &e.url {
        match *s {
            Segment::Text(t) => out.push_str(t),
            Segment::Host(h) => out.push_str(match h {
                Host::Api => "{api}",
                Host::Common => "{common}/",
                Host::Cms => "{cms}/",
                Host::Oss => "{oss}/",
                Host::SubDomain => "{subDomain}",
                Host::Merchant => "{merchantId}",
            }),
            Segment::Arg(i) => write!(out, "{{${i}}}").unwrap(),
        }
    }
    out.push_str(" | ");
    let params: Vec<String> = e
        .params
        .iter()
        .map(|p| {
            let mut s = format!("{}:{:?}", p.name, p.rule).to_lowercase();
            s.replace_range(..p.name.len(), p.name);
            if p.required {
                s.push('!');
            }
            match p.default {
                Default::None => {}
                Default::Str(d) => write!(s, "='{d}'").unwrap(),
                Default::False => s.push_str("=false"),
                Default::Random => s.push_str("=random"),
            }
            s
        })
        .collect();
    out.push_str(&params.join(" "));
    out.push_str(" | ");
    let fields = |list: &[apifm_core::endpoint::Field]| {
        let f: Vec<String> = list
            .iter()
            .map(|f| format!("{}: {}", f.key, source(f.source)))
            .collect();
        format!("{{{}}}", f.join(", "))
    };
    match &e.data {
        Data::None => out.push_str("no data"),
        Data::Object { arg, merge } if merge.is_empty() => write!(out, "object ${arg}").unwrap(),
        Data::Object { arg, merge } => write!(out, "object ${arg} + {}", fields(merge)).unwrap(),
        Data::Fields(list) => out.push_str(&fields(list)),
    }
    out.push_str(" | ");
    match e.kind {
        Kind::Request => out.push_str("request"),
        Kind::CompressImage => out.push_str("wx.compressImage"),
        Kind::Url => out.push_str("url"),
        Kind::Upload { tt, file, field } => {
            let file = match file {
                FileArg::Positional(i) => format!("${i}"),
                FileArg::InObject => "$0.tempFilePath".into(),
            };
            let api = if tt { "tt" } else { "wx" };
            write!(out, "{api}.uploadFile({file} as {field})").unwrap();
        }
    }
    out
}

#[test]
fn every_row_of_every_surface_decodes_as_the_snapshot_says() {
    let mut dump = String::new();
    let rows = (0..table::COUNT)
        .map(|i| ("wxapi", table::NAMES[i], table::row(i).unwrap()))
        .chain(table::SURFACE_ROWS);
    for (surface, name, row) in rows {
        let e = Endpoint::parse(row)
            .unwrap_or_else(|e| panic!("{surface} {name}: {row:?} refused: {e:?}"));
        writeln!(dump, "{surface} {name} | {}", facts(&e)).unwrap();
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/rows.txt");
    if std::env::var_os("UPDATE_ROWS").is_some() {
        std::fs::write(path, &dump).unwrap();
        return;
    }
    let want = std::fs::read_to_string(path).unwrap_or_default();
    if want != dump {
        let line = want
            .lines()
            .zip(dump.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.lines().count().min(dump.lines().count()));
        panic!(
            "core/tests/rows.txt differs from the decoded rows at line {}:\n  snapshot: {:?}\n  decoded:  {:?}\n(check the change, then UPDATE_ROWS=1 cargo test -p apifm-core --test rows)",
            line + 1,
            want.lines().nth(line),
            dump.lines().nth(line)
        );
    }
}
