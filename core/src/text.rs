//! Byte-level stand-ins for `str`'s char-pattern searching (`split`,
//! `split_once`, `rsplit_once`, `find`, `contains` and `trim_*_matches` of a
//! `char`) and for `str::parse::<usize>`. The separators of rows, URLs and
//! numbers are ASCII, so a cut at one is always on a char boundary; the
//! standard library's searchers (memchr, UTF-8 decoding, a searcher per
//! pattern type) cost ≈3 KB of every shipped wasm (docs/performance.md).

/// `s` cut at the first `sep` (ASCII): what comes before it and after it.
pub fn cut(s: &str, sep: u8) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == sep {
            return around(s, i);
        }
        i += 1;
    }
    None
}

/// Whether every byte of `s` passes `f`: a plain index loop (the byte
/// iterator's `all` kept its state in memory wherever it was inlined).
pub fn every(s: &str, f: impl Fn(u8) -> bool) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if !f(c) {
            return false;
        }
        i += 1;
    }
    true
}

/// Whether `s` is one of `names`, ignoring ASCII case (one loop for the
/// verbs and the forbidden header names).
pub fn among(s: &str, names: &[&str]) -> bool {
    for name in names {
        if s.eq_ignore_ascii_case(name) {
            return true;
        }
    }
    false
}

/// `s` cut at the last `sep` (ASCII).
pub fn cut_last(s: &str, sep: u8) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    let mut i = b.len();
    while i > 0 {
        i -= 1;
        if matches!(b.get(i), Some(&c) if c == sep) {
            return around(s, i);
        }
    }
    None
}

/// What comes before byte `i` of `s` and after it (one copy for both cuts).
fn around(s: &str, i: usize) -> Option<(&str, &str)> {
    Some((s.get(..i)?, s.get(i + 1..)?))
}

/// Whether `s` is valid UTF-8, exactly as `str::from_utf8` decides it (no
/// overlong forms, surrogates or code points past U+10FFFF): one byte loop
/// instead of the standard library's word-at-a-time validator (≈0.7 KB of
/// the shipped wasm; the binding validates each input once with this).
pub fn is_utf8(s: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&b) = s.get(i) {
        if b < 0x80 {
            // ASCII, eight bytes at a time where it can (calls are mostly ASCII)
            let word = s.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok());
            i += match word.map(u64::from_le_bytes) {
                Some(w) if w & 0x8080_8080_8080_8080 == 0 => 8,
                _ => 1,
            };
            continue;
        }
        i += 1;
        // Continuation bytes after the lead, and the range of the first
        // one (Unicode's table of well-formed sequences); the others are
        // 0x80…0xBF.
        let (more, mut lo, mut hi) = match b {
            0xC2..=0xDF => (1, 0x80, 0xBF),
            0xE0 => (2, 0xA0, 0xBF),
            0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
            0xED => (2, 0x80, 0x9F),
            0xF0 => (3, 0x90, 0xBF),
            0xF1..=0xF3 => (3, 0x80, 0xBF),
            0xF4 => (3, 0x80, 0x8F),
            _ => return false,
        };
        for _ in 0..more {
            match s.get(i) {
                Some(&c) if c >= lo && c <= hi => i += 1,
                _ => return false,
            }
            (lo, hi) = (0x80, 0xBF);
        }
    }
    true
}

/// `s` without the white space at either end, as `str::trim` (Unicode's
/// `White_Space`) gives it, matched on the UTF-8 of the 25 characters
/// rather than decoded (the decoder and the table are ≈0.6 KB of wasm).
pub fn trim(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    loop {
        match space(b.get(start..).unwrap_or_default()) {
            0 => break,
            n => start += n,
        }
    }
    let mut end = b.len();
    'strip: while end > start {
        for n in 1..=3 {
            if end - start >= n && space(b.get(end - n..end).unwrap_or_default()) == n {
                end -= n;
                continue 'strip;
            }
        }
        break;
    }
    s.get(start..end).unwrap_or_default()
}

/// The length of the white space character `b` starts with (0: none).
fn space(b: &[u8]) -> usize {
    match b {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xc2, 0x85 | 0xa0, ..] => 2,
        [0xe1, 0x9a, 0x80, ..]
        | [0xe2, 0x80, 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf, ..]
        | [0xe2, 0x81, 0x9f, ..]
        | [0xe3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// Where the run of ASCII digits of `b` that starts at `i` ends.
pub fn digits_end(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

/// Whether all of `b` from `i` on is an optional exponent (`e` or `E`, an
/// optional sign, one or more digits): how a number ends, for both of the
/// number checks (JSON's and JavaScript's `Number`).
pub fn exponent_ends(b: &[u8], mut i: usize) -> bool {
    if matches!(b.get(i), Some(b'e' | b'E')) {
        let s = i + 1 + usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
        i = digits_end(b, s);
        if i == s {
            return false;
        }
    }
    i == b.len()
}

/// Calls `f` with every string of up to `max` bytes drawn from `alphabet`
/// (ASCII), for tests that compare a checker with its oracle.
#[cfg(test)]
pub(crate) fn each_short_string(alphabet: &[u8], max: usize, mut f: impl FnMut(&str)) {
    let mut buf = Vec::new();
    fn walk(alphabet: &[u8], max: usize, buf: &mut Vec<u8>, f: &mut dyn FnMut(&str)) {
        f(std::str::from_utf8(buf).unwrap_or_default());
        if buf.len() < max {
            for &c in alphabet {
                buf.push(c);
                walk(alphabet, max, buf, f);
                buf.pop();
            }
        }
    }
    walk(alphabet, max, &mut buf, &mut f);
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

/// `s` without the `cut`s at its start, as `str::trim_start_matches`
/// gives it.
#[inline(always)] // a loop of a few bytes at each use: smaller than the call
pub fn trim_start<'a>(mut s: &'a str, cut: &str) -> &'a str {
    while let Some(t) = s.strip_prefix(cut) {
        s = t;
    }
    s
}

/// `s` without the `cut`s at its end, as `str::trim_end_matches` gives it.
#[inline(always)] // as trim_start
pub fn trim_end<'a>(mut s: &'a str, cut: &str) -> &'a str {
    while let Some(t) = s.strip_suffix(cut) {
        s = t;
    }
    s
}

/// A decimal number as `str::parse::<usize>` reads it: an optional `+`,
/// then one or more digits, no overflow.
pub fn index(s: &str) -> Option<usize> {
    let digits = match s.as_bytes() {
        [b'+', rest @ ..] => rest,
        all => all,
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: usize = 0;
    for &b in digits {
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
    fn utf8_as_the_standard_library() {
        let same = |b: &[u8]| assert_eq!(is_utf8(b), std::str::from_utf8(b).is_ok(), "{b:x?}");
        // Every sequence of one and two bytes, every three-byte one with a
        // lead from 0xE0 up, and four-byte ones with each lead and second byte.
        for a in 0..=255u8 {
            same(&[a]);
            for b in 0..=255u8 {
                same(&[a, b]);
                same(&[b'x', a, b, b'y']);
                // inside and after runs of ASCII read eight bytes at a time
                same(&[b"abcdefg".as_slice(), &[a, b], b"hijklmnopq"].concat());
                same(&[b"abcdefghijklmnop".as_slice(), &[a, b]].concat());
                for c in 0..=255u8 {
                    if a >= 0xe0 {
                        same(&[a, b, c]);
                    }
                }
                if a >= 0xf0 {
                    for (c, d) in [
                        (0x80, 0x80),
                        (0xbf, 0xbf),
                        (0x7f, 0x80),
                        (0x80, 0xc0),
                        (0x90, 0xa0),
                    ] {
                        same(&[a, b, c, d]);
                        same(&[a, b, c]);
                    }
                }
            }
        }
        for c in [
            '\0',
            'a',
            'é',
            '中',
            '\u{ffff}',
            '\u{10000}',
            '😀',
            '\u{10ffff}',
        ] {
            let mut buf = [0; 4];
            same(c.encode_utf8(&mut buf).as_bytes());
        }
        same(b"");
        same("ascii and 中文 and 😀".as_bytes());
    }

    #[test]
    #[allow(clippy::disallowed_macros)]
    fn trim_as_the_standard_library() {
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            for s in [
                c.to_string(),
                format!("{c}x{c}{c}"),
                format!("x{c}"),
                format!("{c}{c}"),
            ] {
                assert_eq!(trim(&s), s.trim(), "{:x}", c as u32);
            }
        }
        assert_eq!(trim(" \u{3000}\t1 2\u{a0}\n"), "1 2");
    }

    #[test]
    fn trims_as_the_standard_library() {
        for s in ["", "'", "''", "'a'", "''a'b''", "a", "中'", "'中"] {
            assert_eq!(trim_start(s, "'"), s.trim_start_matches('\''), "{s:?}");
            assert_eq!(trim_end(s, "'"), s.trim_end_matches('\''), "{s:?}");
        }
    }

    #[test]
    fn as_the_standard_library() {
        for s in ["", "a", "|", "a|b", "|a|", "a||b|", "中|文|", "||"] {
            assert_eq!(cut(s, b'|'), s.split_once('|'), "{s:?}");
            assert_eq!(cut_last(s, b'|'), s.rsplit_once('|'), "{s:?}");
            assert_eq!(one_of(s.as_bytes(), b'|'), s.contains('|'), "{s:?}");
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
