//! Byte-level stand-ins for `str`'s char-pattern searching (`split`,
//! `split_once`, `rsplit_once`, `find` and `contains` of a `char`) and for
//! `str::parse::<usize>`. The separators of rows, URLs and numbers are ASCII,
//! so a cut at one is always on a char boundary; the standard library's
//! searchers (memchr, UTF-8 decoding, a searcher per pattern type) cost
//! ≈3 KB of every shipped wasm (docs/performance.md).

/// `s` cut at the first `sep` (ASCII): what comes before it and after it.
pub fn cut(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().position(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// `s` cut at the last `sep` (ASCII).
pub fn cut_last(s: &str, sep: u8) -> Option<(&str, &str)> {
    let i = s.bytes().rposition(|b| b == sep)?;
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Whether `s` holds the byte `b`.
pub fn has(s: &str, b: u8) -> bool {
    s.bytes().any(|c| c == b)
}

/// Whether `b` is one of `set` (a plain loop: `<[u8]>::contains` brings a
/// word-at-a-time search for these few bytes).
pub fn one_of(set: &[u8], b: u8) -> bool {
    for &c in set {
        if c == b {
            return true;
        }
    }
    false
}

/// The pieces of `s` between `sep`s (ASCII), as `str::split` gives them:
/// an empty `s` is one empty piece.
pub fn pieces(s: &str, sep: u8) -> Pieces<'_> {
    Pieces { rest: Some(s), sep }
}

pub struct Pieces<'a> {
    rest: Option<&'a str>,
    sep: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let s = self.rest?;
        Some(match cut(s, self.sep) {
            Some((piece, rest)) => {
                self.rest = Some(rest);
                piece
            }
            None => {
                self.rest = None;
                s
            }
        })
    }
}

/// A decimal number as `str::parse::<usize>` reads it: an optional `+`,
/// then one or more digits, no overflow.
pub fn index(s: &str) -> Option<usize> {
    let digits = s.strip_prefix("+").unwrap_or(s);
    if digits.is_empty() {
        return None;
    }
    let mut n: usize = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n.checked_mul(10)?.checked_add(usize::from(b - b'0'))?;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_standard_library() {
        for s in ["", "a", "|", "a|b", "|a|", "a||b|", "中|文|", "||"] {
            assert_eq!(cut(s, b'|'), s.split_once('|'), "{s:?}");
            assert_eq!(cut_last(s, b'|'), s.rsplit_once('|'), "{s:?}");
            assert_eq!(has(s, b'|'), s.contains('|'), "{s:?}");
            assert_eq!(
                pieces(s, b'|').collect::<Vec<_>>(),
                s.split('|').collect::<Vec<_>>(),
                "{s:?}"
            );
        }
        for s in [
            "",
            "0",
            "7",
            "+7",
            "-7",
            "+",
            "++1",
            "12a",
            " 1",
            "007",
            "4294967295",
            "4294967296",
            "18446744073709551615",
            "18446744073709551616",
            "١",
        ] {
            assert_eq!(index(s), s.parse::<usize>().ok(), "{s:?}");
        }
    }
}
