//! The global allocator of the wasm: `apifm_core::heap`'s size classes over
//! linear memory, grown with `memory.grow` (see that module for why).
//!
//! Invariants the unsafe code below relies on:
//! - one thread: the wasm is built without the `atomics` target feature
//!   (`src/lib.rs` refuses such a build with `compile_error!`), so the
//!   allocator's state is never reached from two threads, and an allocation
//!   never starts inside another (nothing here allocates);
//! - every address `Classes` hands out lies in memory obtained from
//!   `memory.grow` and never given out again until it is freed: a block of
//!   class `k` is `2^k` bytes (at least 8, so a free block holds its link),
//!   aligned to the alignment it was asked for;
//! - a free block's first word is its free-list link, written by `set` when
//!   the block is freed and read by `get` only while it is on the list.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

use apifm_core::heap::{Classes, Links};

const PAGE: usize = 65536;

pub struct Heap(UnsafeCell<Classes>);

// SAFETY: one thread (see the module's invariants): the `UnsafeCell` is
// never reached from two threads at once.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(Classes::new()))
    }
}

struct Memory;

impl Links for Memory {
    fn get(&self, addr: usize) -> usize {
        // SAFETY: `addr` is a block on a free list: ours, at least 8 bytes,
        // aligned to 8, its first word written by `set` when it was freed.
        unsafe { (addr as *const usize).read() }
    }
    fn set(&mut self, addr: usize, next: usize) {
        // SAFETY: `addr` is a block being freed: ours, at least 8 bytes, aligned to 8.
        unsafe { (addr as *mut usize).write(next) }
    }
    fn grow(&mut self, bytes: usize) -> Option<(usize, usize)> {
        let pages = bytes.div_ceil(PAGE);
        let old = core::arch::wasm32::memory_grow(0, pages);
        (old != usize::MAX).then(|| (old * PAGE, pages * PAGE))
    }
}

// SAFETY: `alloc` returns null or a block of at least `layout.size()` bytes
// aligned to `layout.align()` that no live allocation overlaps (the
// module's invariants); `dealloc` only puts a block back on its class's
// list; `realloc` keeps a block whose class already holds `new_size`, else
// copies into a new block and frees the old one.
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread, and no allocation happens inside another: this
        // is the only reference to the state while it lives.
        let classes = unsafe { &mut *self.0.get() };
        classes
            .alloc(layout.size(), layout.align(), &mut Memory)
            .map_or(std::ptr::null_mut(), |a| a as *mut u8)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: as in `alloc`; `ptr` came from `alloc` with `layout`.
        let classes = unsafe { &mut *self.0.get() };
        classes.free(ptr as usize, layout.size(), layout.align(), &mut Memory);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if Classes::same_class(layout.size(), new_size, layout.align()) {
            return ptr; // the block (2^k bytes, already aligned) holds `new_size` bytes
        }
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as GlobalAlloc::realloc's default: `p` is a fresh block of
        // `new_size` bytes that cannot overlap `ptr`'s (still allocated), so
        // copying the smaller size is in bounds of both; then the old block,
        // allocated with `layout`, is freed.
        unsafe {
            let p = self.alloc(new);
            if !p.is_null() {
                std::ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            p
        }
    }
}
