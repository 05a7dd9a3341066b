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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    /// The parameter (or config key) at fault.
    pub param: &'static str,
    pub message: String,
}

impl Error {
    pub fn argument(param: &'static str, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Argument,
            param,
            message: message.into(),
        }
    }

    pub fn internal(param: &'static str, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Internal,
            param,
            message: message.into(),
        }
    }

    pub fn config(param: &'static str, message: impl Into<String>) -> Error {
        Error {
            kind: ErrorKind::Config,
            param,
            message: message.into(),
        }
    }
}
