//! The wasm's memory allocator, as plain bookkeeping over addresses: blocks
//! in power-of-two size classes, each class with its own free list, carved
//! from pages the caller supplies (the binding grows wasm memory).
//!
//! Why not the default (dlmalloc): a call allocates a few dozen small,
//! short-lived blocks (the decoded arguments, the URL, the answer) and frees
//! them all before the next one. Here an allocation is a pop from a list and
//! a free is a push, with no searching, splitting or coalescing: in the
//! measurements of docs/performance.md this took the allocator from about a
//! fifth of the wasm's time per call to a few per cent, and the code is a
//! tenth of dlmalloc's. The cost is up to 2× internal waste per block and no
//! coalescing, so each class keeps the most blocks it ever held at once:
//! memory is bounded by the largest call's working set per class and, as
//! before, wasm memory never shrinks.
//!
//! Nothing here touches memory: the binding stores and reads the free-list
//! links (the first word of a free block) through [`Links`].

/// Size classes: block sizes 2^3 … 2^31 bytes.
pub const CLASSES: usize = 32;
/// The smallest block: room for a free-list link on any target.
const MIN_SHIFT: u32 = 3;

/// Reads and writes the free-list link stored in a free block.
pub trait Links {
    /// The link stored at `addr` (a block on a free list).
    fn get(&self, addr: usize) -> usize;
    /// Stores `next` at `addr` (a block being freed).
    fn set(&mut self, addr: usize, next: usize);
    /// Adds at least `bytes` of fresh memory; returns the address and
    /// length of what was added, or `None` when no more can be had.
    fn grow(&mut self, bytes: usize) -> Option<(usize, usize)>;
}

/// The allocator's state: one free list per class and the unused end of the
/// last region obtained from [`Links::grow`].
#[derive(Debug, Default)]
pub struct Classes {
    free: [usize; CLASSES],
    next: usize,
    end: usize,
}

/// The class of a block of `size` bytes aligned to `align` (a power of
/// two): the smallest `k` with `2^k ≥ max(size, align, 8)`.
#[inline(always)] // on every allocation and free: no call, and the Option stays in registers
pub fn class_of(size: usize, align: usize) -> Option<usize> {
    let size = size.max(align).max(1 << MIN_SHIFT);
    let k = usize::try_from(usize::BITS - (size - 1).leading_zeros()).ok()?;
    (k < CLASSES).then_some(k)
}

impl Classes {
    pub const fn new() -> Classes {
        Classes {
            free: [0; CLASSES],
            next: 0,
            end: 0,
        }
    }

    /// A block for `size` bytes aligned to `align` (a power of two), or
    /// `None` (past the largest class, or out of memory).
    pub fn alloc(&mut self, size: usize, align: usize, links: &mut impl Links) -> Option<usize> {
        let k = class_of(size, align)?;
        let head = *self.free.get(k)?;
        if head != 0 && head & (align - 1) == 0 {
            let next = links.get(head);
            *self.free.get_mut(k)? = next;
            return Some(head);
        }
        self.carve(1 << k, align.max(1 << MIN_SHIFT), links)
    }

    /// Returns a block of `size` bytes aligned to `align` (as allocated) to its class.
    pub fn free(&mut self, addr: usize, size: usize, align: usize, links: &mut impl Links) {
        if let Some(head) = class_of(size, align).and_then(|k| self.free.get_mut(k)) {
            links.set(addr, *head);
            *head = addr;
        }
    }

    /// Whether a block allocated for `old` bytes also holds `new` bytes (at
    /// the same alignment): a reallocation within its class stays in place.
    pub fn same_class(old: usize, new: usize, align: usize) -> bool {
        class_of(new, align).is_some() && class_of(old, align) == class_of(new, align)
    }

    fn carve(&mut self, size: usize, align: usize, links: &mut impl Links) -> Option<usize> {
        // At most twice: from what is left, else once more after growing.
        let mut grown = false;
        loop {
            let start = self.next.checked_add(align - 1)? & !(align - 1);
            let stop = start.checked_add(size)?;
            if stop <= self.end {
                self.next = stop;
                return Some(start);
            }
            if grown {
                return None;
            }
            grown = true;
            // Enough for the block at any alignment; a region that does not
            // continue the last one replaces it (its unused end is left).
            let (base, len) = links.grow(size.checked_add(align)?)?;
            if base != self.end {
                self.next = base;
            }
            self.end = base.checked_add(len)?;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Memory as a map of links, grown a page at a time from address 1 MB.
    struct Fake {
        words: HashMap<usize, usize>,
        top: usize,
        grows: usize,
        gap: bool,
    }

    impl Fake {
        fn new() -> Fake {
            Fake {
                words: HashMap::new(),
                top: 1 << 20,
                grows: 0,
                gap: false,
            }
        }
    }

    impl Links for Fake {
        fn get(&self, addr: usize) -> usize {
            self.words[&addr]
        }
        fn set(&mut self, addr: usize, next: usize) {
            self.words.insert(addr, next);
        }
        fn grow(&mut self, bytes: usize) -> Option<(usize, usize)> {
            if self.gap {
                self.top += 4096; // someone else took memory in between
            }
            let len = bytes.div_ceil(65536) * 65536;
            let base = self.top;
            self.top += len;
            self.grows += 1;
            (self.top <= 1 << 31).then_some((base, len))
        }
    }

    #[test]
    fn classes() {
        assert_eq!(class_of(0, 1), Some(3));
        assert_eq!(class_of(8, 8), Some(3));
        assert_eq!(class_of(9, 1), Some(4));
        assert_eq!(class_of(3, 64), Some(6));
        assert_eq!(class_of(65536, 1), Some(16));
        assert_eq!(class_of(65537, 1), Some(17));
        assert_eq!(class_of(1 << 31, 1), Some(31));
        assert_eq!(class_of((1 << 31) + 1, 1), None);
        assert!(Classes::same_class(10, 16, 1));
        assert!(!Classes::same_class(16, 17, 1));
        assert!(!Classes::same_class(1, (1 << 31) + 1, 1));
    }

    #[test]
    fn freed_blocks_are_reused_and_memory_stops_growing() {
        let mut m = Fake::new();
        let mut h = Classes::new();
        // One "call": blocks of many sizes, all freed at the end.
        let call = |h: &mut Classes, m: &mut Fake, salt: usize| {
            let sizes: Vec<usize> = (0..60).map(|i| 1 + (i * 37 + salt) % 3000).collect();
            let blocks: Vec<usize> = sizes.iter().map(|&s| h.alloc(s, 8, m).unwrap()).collect();
            // No two live blocks overlap, each is aligned.
            let mut spans: Vec<(usize, usize)> = blocks
                .iter()
                .zip(&sizes)
                .map(|(&a, &s)| (a, a + s))
                .collect();
            spans.sort_unstable();
            assert!(spans.windows(2).all(|w| w[0].1 <= w[1].0));
            assert!(blocks.iter().all(|a| a % 8 == 0));
            for (&a, &s) in blocks.iter().zip(&sizes) {
                h.free(a, s, 8, m);
            }
        };
        for salt in 0..50 {
            call(&mut h, &mut m, salt % 5);
        }
        let grown = m.grows;
        let top = m.top;
        for salt in 0..1000 {
            call(&mut h, &mut m, salt % 5);
        }
        assert_eq!((m.grows, m.top), (grown, top));
    }

    #[test]
    fn last_freed_is_first_reused() {
        let mut m = Fake::new();
        let mut h = Classes::new();
        let a = h.alloc(20, 4, &mut m).unwrap();
        let b = h.alloc(30, 4, &mut m).unwrap();
        assert_ne!(a, b);
        h.free(a, 20, 4, &mut m);
        h.free(b, 30, 4, &mut m);
        assert_eq!(h.alloc(17, 1, &mut m), Some(b));
        assert_eq!(h.alloc(32, 8, &mut m), Some(a));
        assert_ne!(h.alloc(32, 8, &mut m), Some(a));
    }

    #[test]
    fn alignment_and_large_blocks() {
        let mut m = Fake::new();
        m.gap = true;
        let mut h = Classes::new();
        let small = h.alloc(8, 8, &mut m).unwrap();
        h.free(small, 8, 8, &mut m);
        // A stricter alignment than the free block has carves a new one.
        let aligned = h.alloc(8, 4096, &mut m).unwrap();
        assert_eq!(aligned % 4096, 0);
        // Larger than the page the region grows by; a region after a gap.
        let big = h.alloc(200_000, 8, &mut m).unwrap();
        assert!(big + 200_000 <= m.top);
        // Past the largest class, or past what memory can give: none.
        assert_eq!(h.alloc((1 << 31) + 1, 1, &mut m), None);
        assert_eq!(h.alloc(1 << 31, 1, &mut m), None);
    }
}
