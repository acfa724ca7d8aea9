//! Readies the heap before the main thread needs it.
//!
//! On the build machine (a virtual machine) the first write to a page of fresh memory costs about
//! 3 µs: the kernel, and the host under it, map and zero the page. A PDF render's main thread
//! touched some 700 such pages, about 2 ms of a 15 ms render, most of them while its heap grew to
//! 2.6 MiB. [`ready`] makes that heap room up front and has the helper thread, on the other core,
//! fault it in while the main thread reads the report definition and opens the database.
//! Faulting in (`MADV_POPULATE_WRITE`) leaves the memory's contents as they are, so the main
//! thread may already be using the first pages while the helper reaches the last.
//!
//! Measured with `benches/`'s timer, interleaved runs of the FY2017Q4 PDF: see BENCHMARKS.md. More
//! room than the render uses costs time (the helper is then busy when the template is to be
//! compiled) and memory.

/// The heap room readied for a render: a little under the main arena's 2.6 MiB high-water mark
/// for the FY2017Q4 report. Larger reports grow the heap beyond it as before.
pub const RENDER_ROOM: usize = 2 << 20;

/// Makes `bytes` of heap room and faults it in on the helper thread. Does nothing where the C
/// library's allocator or the kernel lacks what it needs (other than glibc on Linux 5.14+).
pub fn ready(bytes: usize) {
    imp::ready(bytes)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
mod imp {
    /// `MADV_POPULATE_WRITE` (Linux 5.14): fault pages in, writable, without changing them.
    const MADV_POPULATE_WRITE: libc::c_int = 23;
    /// Faulted in a piece at a time, lowest addresses (the ones malloc hands out first) first.
    /// Small pieces: while the kernel faults a piece in, the main thread's own `mmap` and `brk`
    /// calls wait for it (opening the database took 2.9 ms instead of 1.7 with 256 KiB pieces,
    /// and 1.75 with 16 KiB ones; medians of 20 runs).
    const PIECE: usize = 16 << 10;
    const PAGE: usize = 4096;

    pub fn ready(bytes: usize) {
        if bytes == 0 {
            return;
        }
        // SAFETY: mallopt only tunes the allocator; the block is freed at once and never read,
        // and the range handed to `populate` lies inside the heap's top chunk, which stays mapped
        // (it is only trimmed above M_TRIM_THRESHOLD, set above the room made here).
        unsafe {
            // Blocks below 4 MiB come from the heap (not a fresh mapping each), and up to 8 MiB of
            // free heap is kept instead of given back: the room made below stays.
            libc::mallopt(libc::M_MMAP_THRESHOLD, 4 << 20);
            libc::mallopt(
                libc::M_TRIM_THRESHOLD,
                (2 * bytes).max(8 << 20) as libc::c_int,
            );
            let block = libc::malloc(bytes);
            if block.is_null() {
                return;
            }
            libc::free(block);
            let start = (block as usize).next_multiple_of(PAGE);
            let end = (block as usize + bytes) & !(PAGE - 1);
            crate::helper::run(move || {
                let mut phases = crate::profile::Phases::start();
                // Only ahead of the main thread's needs: never in the way of a job it waits for
                // (the template's compile, when the second core comes late).
                populate(start, end, crate::helper::jobs_waiting);
                phases.done("  (heap readied, helper thread)");
            });
        }
    }

    /// Faults in the pages of `start..end` (page-aligned, mapped), a piece at a time until `stop`
    /// says so or the kernel refuses.
    ///
    /// # Safety
    /// The range must be mapped writable for the duration.
    pub unsafe fn populate(start: usize, end: usize, stop: impl Fn() -> bool) {
        let mut at = start;
        while at < end && !stop() {
            let len = PIECE.min(end - at);
            // SAFETY: the caller's range; the advice changes no contents.
            if unsafe { libc::madvise(at as *mut libc::c_void, len, MADV_POPULATE_WRITE) } != 0 {
                return;
            }
            at += len;
        }
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn faulting_in_keeps_what_the_pages_hold() {
            let mut block = vec![0u8; 64 * super::PAGE];
            for (i, b) in block.iter_mut().enumerate().step_by(997) {
                *b = (i % 251) as u8 + 1;
            }
            let before = block.clone();
            let start = (block.as_ptr() as usize).next_multiple_of(super::PAGE);
            let end = (block.as_ptr() as usize + block.len()) & !(super::PAGE - 1);
            // SAFETY: inside `block`, which is alive and writable.
            unsafe { super::populate(start, end, || false) };
            assert_eq!(block, before);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
mod imp {
    pub fn ready(_bytes: usize) {}
}
