//! Errors the core can raise. The binding turns them into `WXAPIError`
//! objects (see `docs/errors.md`); the core only says which kind, which
//! parameter, and why.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A call argument breaks its rule. Raised before any I/O.
    Argument,
    /// `init`/`init2`/`init3`/`setMerchantId` got a value that is refused.
    Config,
    /// The method cannot work on this runtime.
    Unsupported,
    /// A defect of the package itself (a malformed table row): never the
    /// caller's fault. The shim reports it as `unsupported`, naming it.
    Internal,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Argument => "argument",
            ErrorKind::Config => "config",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Internal => "internal",
        }
    }
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
    pub fn owned(kind: ErrorKind, param: &'static str, message: String) -> Error {
        Error {
            kind,
            param,
            message: Cow::Owned(message),
        }
    }

    pub fn config(param: &'static str, message: &'static str) -> Error {
        Error {
            kind: ErrorKind::Config,
            param,
            message: Cow::Borrowed(message),
        }
    }
}
