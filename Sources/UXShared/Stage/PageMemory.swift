import CMalloc
import Foundation
import UnifexCore

/// Keeps a page stage's memory to what its pages in flight need, however many pages it reads.
///
/// A page's raster and tesseract's buffers for it are megabytes each. Left to itself, glibc raises
/// its mmap threshold each time such a block is freed, so the next ones come from the heap, where
/// they end up between small allocations that outlive them, and the process grows with the
/// page count (ux-ocr -j2, bench/ocr's pages: 180 MiB peak over 27 pages, 209-217 over 200).
enum PageMemory {
    /// Blocks of this size and larger are mapped on their own and given back when freed.
    static let ownMappingFrom: Int32 = 1 << 20

    /// Fixes the mmap threshold (which also stops glibc from raising it); a threshold the user
    /// set in `MALLOC_MMAP_THRESHOLD_` is left alone.
    static func configure() {
        guard getenv("MALLOC_MMAP_THRESHOLD_") == nil else { return }
        mallopt(M_MMAP_THRESHOLD, ownMappingFrom)
    }

    /// Free heap memory from which `release` gives it back. A text-layer page leaves 1-4 MiB
    /// free, which the next page allocates again: given back after every page, it was faulted in
    /// again by the next, page after page, for nothing.
    static let releaseFrom = 8 << 20

    /// Gives the free pages of every heap back to the system after a page's work, once they come
    /// to `releaseFrom`: what was freed in the middle of a heap does not stay resident, and the
    /// memory kept stays bounded however many pages are read.
    static func release() {
        guard lookDue() else { return }
        guard mallinfo2().fordblks >= releaseFrom else { return }
        malloc_trim(0)
    }

    /// Seconds between two looks at the heaps. Looking walks the free blocks of every thread's
    /// heap, each locked meanwhile (the other workers' allocations wait): after every text-layer
    /// page (a millisecond or two, leaving the few MiB free that the next takes again) it cost more
    /// than the rest of the stage's memory care. A page that takes longer (OCR) is still followed
    /// by a look.
    static let lookInterval = 0.05

    private static let lastLook = LastLook()

    /// Whether `lookInterval` has passed since the last look (by any thread); if so, this is one.
    static func lookDue() -> Bool {
        let now = Date.timeIntervalSinceReferenceDate
        return lastLook.lock.withLock {
            guard now - lastLook.at >= lookInterval else { return false }
            lastLook.at = now
            return true
        }
    }

    private final class LastLook: @unchecked Sendable {
        let lock = Lock()
        var at = -Double.infinity
    }
}
