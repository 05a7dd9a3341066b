//! The descriptor as the JSON the shim reads (only the members its audience
//! reads: `docs/protocol.md`), and the form text `q`.

use super::{Audience, Descriptor};
use crate::endpoint::{FileArg, Kind};
use crate::form::{qs_query, Style};
use crate::protocol::{self, member};
use crate::url::{encode_component, push_usize};
use crate::value::{write_json_fields, write_json_str, JsonStyle, Value};

impl Descriptor<'_> {
    /// The form-encoded fields, as WeChat puts them on the wire:
    /// `encodeURIComponent(key)=encodeURIComponent(String(value))`, joined
    /// by `&`; `undefined` members are left out. (The `Qs` style: as
    /// apifm-webapi's axios and `qs` write them, [`qs_query`].)
    pub fn query(&self) -> String {
        let mut out = String::new();
        let fields = self.data.as_deref().unwrap_or_default();
        if self.style == Style::Qs {
            qs_query(&self.method, fields, &mut out);
            return out;
        }
        for (k, v) in fields {
            if v.is_undefined() {
                continue;
            }
            if !out.is_empty() {
                out.push('&');
            }
            encode_component(k, &mut out);
            out.push('=');
            match v {
                Value::Str(text) | Value::Number(text) => encode_component(text, &mut out),
                other => {
                    let mut text = String::new();
                    other.to_js_string(&mut text);
                    encode_component(&text, &mut out);
                }
            }
        }
        out
    }

    /// The descriptor as JSON for the binding, with every member.
    pub fn to_json(&self) -> String {
        self.to_json_for(Audience::All)
    }

    /// The form fields (`d` object, `q` form-encoded, as `audience` reads
    /// them) and the extra headers (`h`), each as `,"key":value`.
    pub(super) fn write_payload(&self, audience: Audience, out: &mut String) {
        let all = audience == Audience::All;
        let request = self.kind == Kind::Request;
        if let Some(fields) = &self.data {
            if all || audience != Audience::Fetch || !request {
                out.push_str(member::D);
                write_json_fields(fields, JsonStyle::Binding, out);
            }
            if all || audience == Audience::Fetch {
                out.push_str(member::Q);
                write_json_str(&self.query(), out);
            }
        }
        if !self.headers.is_empty() {
            out.push_str(member::H);
            out.push('{');
            for (i, (name, value)) in self.headers.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_str(name, out);
                out.push(':');
                write_json_str(value, out);
            }
            out.push('}');
        }
    }

    /// The descriptor as JSON, with only the members `audience` reads: work
    /// and bytes the transport would throw away are not produced.
    pub fn to_json_for(&self, audience: Audience) -> String {
        let all = audience == Audience::All;
        let request = self.kind == Kind::Request;
        let mut out = String::with_capacity(256);
        out.push_str(member::OPEN);
        out.push_str(match self.kind {
            Kind::Request => protocol::KIND_REQUEST,
            Kind::Upload { tt: false, .. } => protocol::KIND_UPLOAD,
            Kind::Upload { tt: true, .. } => protocol::KIND_TT_UPLOAD,
            Kind::CompressImage => protocol::KIND_COMPRESS_IMAGE,
            Kind::Url => protocol::KIND_URL,
        });
        out.push_str(member::M);
        write_json_str(&self.method, &mut out);
        if all || audience == Audience::RequestFunction {
            out.push_str(member::P);
            write_json_str(&self.path, &mut out);
            out.push_str(member::S);
            out.push_str(if self.sub { "true" } else { "false" });
        }
        if all || audience != Audience::RequestFunction || !request {
            out.push_str(member::U);
            write_json_str(&self.url, &mut out);
        }
        self.write_payload(audience, &mut out);
        if let Kind::Upload { file, field, .. } = self.kind {
            out.push_str(member::F);
            match file {
                FileArg::Positional(i) => push_usize(i, &mut out),
                FileArg::InObject => out.push_str(protocol::FILE_IN_OBJECT),
            }
            out.push_str(member::N);
            write_json_str(field, &mut out);
        }
        out.push('}');
        out
    }
}
