//! URL text: percent-encoding, dot segments, the byte checks of URLs a
//! caller gives. A leaf module (it uses only [`crate::text`]): the
//! configuration, the descriptor builder and the form encoders all read it,
//! and none of them is read by it.

use crate::text::{every, one_of};

/// True for the characters allowed unescaped in a path segment (RFC 3986
/// "unreserved").
pub fn unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// `.` or `..` as a URL parser sees them: any case of `%2e` counts as a dot.
pub fn is_dot_segment(seg: &str) -> bool {
    // Counts the dots, in either spelling, that make up the whole segment.
    let mut rest = seg.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', after @ ..] | [b'%', b'2', b'e' | b'E', after @ ..] => after,
            _ => return false,
        };
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// Whether a path climbs with a dot segment (`.`, `..` in any spelling a
/// URL parser resolves), `\\` and `%5C` counted as `/` (fetch and browsers
/// read `\\` as `/`; servers may decode `%5C`).
pub fn climbs(path: &str) -> bool {
    let mut rest = path;
    loop {
        let b = rest.as_bytes();
        let end = (0..b.len())
            .find(|&i| {
                matches!(b.get(i), Some(b'/' | b'\\'))
                    || matches!(b.get(i..i + 3), Some([b'%', b'5', b'c' | b'C']))
            })
            .unwrap_or(b.len());
        if is_dot_segment(rest.get(..end).unwrap_or("")) {
            return true;
        }
        let step = if matches!(b.get(end), Some(b'%')) {
            3
        } else {
            1
        };
        match rest.get(end + step..) {
            Some(r) if end < b.len() => rest = r,
            _ => return false,
        }
    }
}

/// Whether `u` starts with `https://` or `http://`.
pub fn is_http_url(u: &str) -> bool {
    u.starts_with("https://") || u.starts_with("http://")
}

/// Whether `s` has a space, a control character or one of `also` (one loop
/// for the URL checks, with the set as data).
pub fn has_unsafe_byte(s: &str, also: &[u8]) -> bool {
    !every(s, |b| b > b' ' && b != 0x7f && !one_of(also, b))
}

/// Percent-encodes like `encodeURIComponent`.
pub fn encode_component(s: &str, out: &mut String) {
    encode_keeping(s, out, b"!*'()");
}

/// The query of a caller-given API path, as the reference sends it: its
/// `?`, `=`, `&` and the other query characters stay; what a URL parser
/// would encode anyway (spaces, non-ASCII, quotes, `<>`) is encoded, and so
/// is `#`, which would cut the query short.
pub fn encode_query(s: &str, out: &mut String) {
    encode_keeping(s, out, b"!$&'()*+,;=:@/?%");
}

/// Percent-encodes every byte of `s` but RFC 3986's unreserved characters
/// and those of `also` (one function for the four encoders: the set is data,
/// not a closure compiled into a copy of the loop each).
pub fn encode_keeping(s: &str, out: &mut String, also: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    // Runs of characters that stay as they are are copied whole.
    let mut run = 0;
    let bytes = s.as_bytes();
    for i in 0..bytes.len() {
        let b = bytes.get(i).copied().unwrap_or_default();
        if unreserved(b) || one_of(also, b) {
            continue;
        }
        out.push_str(s.get(run..i).unwrap_or(""));
        out.push('%');
        out.push(char::from(*HEX.get(usize::from(b >> 4)).unwrap_or(&b'0')));
        out.push(char::from(*HEX.get(usize::from(b & 15)).unwrap_or(&b'0')));
        run = i + 1;
    }
    out.push_str(s.get(run..).unwrap_or(""));
}

/// Writes `n` in decimal (no formatting machinery: docs/performance.md).
pub fn push_usize(n: usize, out: &mut String) {
    if n >= 10 {
        push_usize(n / 10, out);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_in_every_spelling() {
        for seg in [".", "..", "%2e", "%2E", ".%2e", "%2E.", "%2e%2E"] {
            assert!(is_dot_segment(seg), "{seg}");
        }
        for seg in [
            "",
            "...",
            "a",
            ".a",
            "a.",
            "%2",
            "%2f",
            "%2e%2e%2e",
            "..%2e",
            ".%2",
            "%3e",
        ] {
            assert!(!is_dot_segment(seg), "{seg}");
        }
    }

    #[test]
    fn climbing_paths() {
        for p in [
            "..",
            "a/../b",
            "a/./b",
            "a\\..\\b",
            "a%5C..%5cb",
            "a/%2e%2E",
        ] {
            assert!(climbs(p), "{p}");
        }
        for p in ["", "a/b", "a/...", "a..b/c", "%5C", "a/.b"] {
            assert!(!climbs(p), "{p}");
        }
    }

    #[test]
    #[allow(clippy::disallowed_macros)]
    fn numbers_and_encodings_as_the_standard_library() {
        for n in [0, 1, 9, 10, 99, 100, 12345, usize::MAX] {
            let mut s = String::new();
            push_usize(n, &mut s);
            assert_eq!(s, n.to_string());
        }
        let mut s = String::new();
        encode_component("a b/中!*'()~", &mut s);
        assert_eq!(s, "a%20b%2F%E4%B8%AD!*'()~");
        let mut s = String::new();
        encode_query("a=1&b=c d#e", &mut s);
        assert_eq!(s, "a=1&b=c%20d%23e");
        assert!(is_http_url("http://x") && is_http_url("https://x") && !is_http_url("ftp://x"));
        assert!(
            has_unsafe_byte("a b", b"")
                && has_unsafe_byte("a#", b"#")
                && !has_unsafe_byte("a", b"#")
        );
    }
}
