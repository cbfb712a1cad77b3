import Foundation
import Testing
@testable import UXShared

/// The heaps are looked at (a walk over every thread's free blocks, each heap locked) at most once
/// per `lookInterval`, not after every page: a text-layer page takes a millisecond or two.
@Suite struct PageMemoryTests {
    @Test func theHeapsAreLookedAtOncePerIntervalAtMost() {
        // Other tests' stages may look meanwhile; of two looks in a row, the second is not due.
        _ = PageMemory.lookDue()
        let started = Date.timeIntervalSinceReferenceDate
        let again = PageMemory.lookDue()
        if Date.timeIntervalSinceReferenceDate - started < PageMemory.lookInterval { #expect(!again) }
        // Once the interval has passed, a look is due (unless another test's stage took it first).
        var due = false
        for _ in 0..<20 where !due {
            Thread.sleep(forTimeInterval: PageMemory.lookInterval * 1.5)
            due = PageMemory.lookDue()
        }
        #expect(due)
    }
}
