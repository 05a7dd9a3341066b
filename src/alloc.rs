//! The global allocator of the wasm: `apifm_core::heap`'s size classes over
//! linear memory, grown with `memory.grow` (see that module for why).

use std::alloc::{GlobalAlloc, Layout};
use std::cell::UnsafeCell;

use apifm_core::heap::{Classes, Links};

const PAGE: usize = 65536;

pub struct Heap(UnsafeCell<Classes>);

// wasm32-unknown-unknown without the atomics feature has one thread.
unsafe impl Sync for Heap {}

impl Heap {
    pub const fn new() -> Heap {
        Heap(UnsafeCell::new(Classes::new()))
    }
}

struct Memory;

impl Links for Memory {
    fn get(&self, addr: usize) -> usize {
        // SAFETY: `addr` is a free block of at least 8 bytes, aligned to 8,
        // whose first word `set` wrote.
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

unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: one thread, and no allocation happens inside another.
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
            return ptr; // the block already holds `new_size` bytes
        }
        // SAFETY: the caller guarantees `new_size` with this alignment is a valid layout.
        let new = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: as for GlobalAlloc::realloc's default: copy, then free the old block.
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
