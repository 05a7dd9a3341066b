//! `memcpy` and `memmove` as short loops, four bytes at a time. The
//! `compiler_builtins` versions (weak symbols, which these replace) align
//! their copies with shifts and masks: ≈1.7 KB of code in every shipped
//! wasm for copies of a few dozen bytes (docs/performance.md). Wasm loads
//! and stores need no alignment, so a word is read and written as it lies.

use core::ptr::{read_unaligned, write_unaligned};

/// # Safety
/// As C's `memmove`: `src` readable and `dst` writable for `n` bytes.
#[no_mangle]
pub unsafe extern "C" fn memmove(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the caller's contract; every access is within its `n` bytes:
    // the forward loop reads `src[i]` before it writes `dst[i]`, and when
    // `dst` starts inside `src` the backward loop reads from the end first,
    // so an overlapping byte is read before it is overwritten. Wasm loads
    // and stores need no alignment, so unaligned words are sound.
    unsafe {
        if (dst as usize).wrapping_sub(src as usize) >= n {
            // dst before src, or past its end: a forward copy reads each
            // byte before it is overwritten.
            let mut i = 0;
            while i + 4 <= n {
                let w = read_unaligned(src.add(i).cast::<u32>());
                write_unaligned(dst.add(i).cast::<u32>(), w);
                i += 4;
            }
            while i < n {
                dst.add(i).write_volatile(src.add(i).read_volatile());
                i += 1;
            }
        } else {
            let mut i = n;
            while i >= 4 {
                i -= 4;
                let w = read_unaligned(src.add(i).cast::<u32>());
                write_unaligned(dst.add(i).cast::<u32>(), w);
            }
            while i > 0 {
                i -= 1;
                dst.add(i).write_volatile(src.add(i).read_volatile());
            }
        }
    }
    dst
}

/// # Safety
/// As C's `memcpy` (the ranges may even overlap: this is [`memmove`]).
#[no_mangle]
pub unsafe extern "C" fn memcpy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: `memmove`'s contract is `memcpy`'s, with overlap allowed.
    unsafe { memmove(dst, src, n) }
}
