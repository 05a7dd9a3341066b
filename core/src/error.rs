//! Errors the core can raise. The binding writes them as the protocol's
//! error answer ([`Error::write_wire`], `docs/protocol.md`) and the shim
//! turns them into `WXAPIError` objects (`docs/errors.md`); the core only
//! says which kind, which parameter, and why.

use crate::protocol;
use crate::value::write_json_str;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A call argument breaks its rule. Raised before any I/O.
    Argument,
    /// `init`/`init2`/`init3`/`setMerchantId` got a value that is refused.
    Config,
    /// The method cannot work on this runtime.
    Unsupported,
    /// A defect of the package itself (a malformed table row, an unknown
    /// slot): never the caller's fault. Sent as `unsupported`, its message
    /// saying `internal error: ` ([`Error::write_wire`]).
    Internal,
}

use std::borrow::Cow;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The parameter (or config key) at fault.
    pub param: &'static str,
    /// Static text for all but the few messages that name a caller's
    /// field, header or type: most errors copy no text.
    pub message: Cow<'static, str>,
}

impl Error {
    pub fn argument(param: &'static str, message: &'static str) -> Error {
        Error {
            kind: ErrorKind::Argument,
            param,
            message: Cow::Borrowed(message),
        }
    }

    pub fn internal(param: &'static str, message: &'static str) -> Error {
        Error {
            kind: ErrorKind::Internal,
            param,
            message: Cow::Borrowed(message),
        }
    }

    /// An error whose message is made for it (it names what the caller gave).
    /// An error whose message names what the caller gave: `before`, `what`
    /// and `after` (one copy of the text building for every such message).
    pub fn naming(
        kind: ErrorKind,
        param: &'static str,
        before: &str,
        what: &str,
        after: &str,
    ) -> Error {
        let mut m = before.to_owned();
        m.push_str(what);
        m.push_str(after);
        Error {
            kind,
            param,
            message: Cow::Owned(m),
        }
    }

    pub fn config(param: &'static str, message: &'static str) -> Error {
        Error {
            kind: ErrorKind::Config,
            param,
            message: Cow::Borrowed(message),
        }
    }

    /// The error as the protocol's error answer: the marker, then
    /// `{"e":kind,"p":param,"m":message}`.
    ///
    /// The one place `internal` is mapped (`docs/protocol.md`): the protocol
    /// has no such kind, so a defect of the package is sent as
    /// `unsupported`, its message saying `internal error: `.
    pub fn write_wire(&self, out: &mut String) {
        let kind = match self.kind {
            ErrorKind::Argument => protocol::ERROR_ARGUMENT,
            ErrorKind::Config => protocol::ERROR_CONFIG,
            ErrorKind::Unsupported => protocol::ERROR_UNSUPPORTED,
            ErrorKind::Internal => protocol::INTERNAL_KIND,
        };
        out.push_str(protocol::ERROR_OPEN);
        write_json_str(kind, out);
        out.push_str(protocol::ERROR_PARAM);
        write_json_str(self.param, out);
        out.push_str(protocol::ERROR_MESSAGE);
        if self.kind == ErrorKind::Internal {
            let mut m = protocol::INTERNAL_PREFIX.to_owned();
            m.push_str(&self.message);
            write_json_str(&m, out);
        } else {
            write_json_str(&self.message, out);
        }
        out.push('}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wire(e: &Error) -> String {
        let mut out = String::new();
        e.write_wire(&mut out);
        out
    }

    #[test]
    fn internal_is_sent_as_unsupported() {
        assert_eq!(
            wire(&Error::internal("", "unknown row slot")),
            r#"E{"e":"unsupported","p":"","m":"internal error: unknown row slot"}"#
        );
        assert_eq!(
            wire(&Error::argument("id", "is \"required\"")),
            r#"E{"e":"argument","p":"id","m":"is \"required\""}"#
        );
        assert_eq!(
            wire(&Error::config("subDomain", "x")),
            r#"E{"e":"config","p":"subDomain","m":"x"}"#
        );
    }
}
