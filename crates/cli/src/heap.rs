//! The global allocator: mimalloc, asked for plain allocations where it can be.
//!
//! `mimalloc::MiMalloc` sends every allocation through `mi_malloc_aligned`, which checks
//! the alignment of the free block it would hand out before taking it: more work than a
//! plain `mi_malloc` on the many small strings of a text batch. Every mimalloc block is
//! aligned to a pointer's size (mimalloc's own `mi_realloc_aligned` relies on that and
//! goes plain for such alignments), so requests aligned to at most that (all but a few)
//! take the plain calls; the rest keep the aligned ones.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment of every mimalloc block (`sizeof(uintptr_t)`).
const PLAIN_ALIGN: usize = std::mem::size_of::<usize>();

pub struct Mi;

/// Whether a plain call returns memory aligned to `align`.
fn plain(align: usize) -> bool {
    align <= PLAIN_ALIGN
}

// SAFETY: every pointer handed out comes from mimalloc with at least the alignment asked
// for (see `plain`), and every pointer taken back was handed out by this allocator.
unsafe impl GlobalAlloc for Mi {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            mi::mi_malloc(layout.size()) as *mut u8
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if plain(layout.align()) {
            mi::mi_zalloc(layout.size()) as *mut u8
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr as *mut c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if plain(layout.align()) {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_have_the_alignment_asked_for() {
        let heap = Mi;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 8, 15, 16, 17, 100, 5000] {
                let Ok(layout) = Layout::from_size_align(size, align) else {
                    continue;
                };
                // SAFETY: a non-zero size; each block is freed once, by this allocator.
                unsafe {
                    let p = heap.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "alloc {size}/{align}");
                    p.write_bytes(0xAB, size);
                    let q = heap.realloc(p, layout, size * 3);
                    assert!(!q.is_null());
                    assert_eq!(q as usize % align, 0, "realloc {size}/{align}");
                    assert_eq!(*q.add(size - 1), 0xAB, "realloc keeps the bytes");
                    heap.dealloc(q, Layout::from_size_align_unchecked(size * 3, align));
                    let z = heap.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0, "zeroed {size}/{align}");
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    heap.dealloc(z, layout);
                }
            }
        }
    }
}
