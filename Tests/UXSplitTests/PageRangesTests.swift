import Testing
@testable import UXSplit
import UnifexCore

@Suite struct PageRangesTests {
    @Test func selections() throws {
        #expect(try PageRanges("1-3,7,9-end").pages(of: 10) == [1, 2, 3, 7, 9, 10])
        #expect(try PageRanges("end").pages(of: 4) == [4])
        #expect(try PageRanges("3-z").pages(of: 4) == [3, 4])
        #expect(try PageRanges("2,2,1-2").pages(of: 4) == [2, 1])
        #expect(try PageRanges("5-9").pages(of: 3) == [])
        #expect(try PageRanges(" 2 - 3 ").pages(of: 5) == [2, 3])
        // As ranges, for a page count that may be absurd (a resume judged from a manifest).
        #expect(try PageRanges("1-3,7,9-end").ranges(of: 10) == [1...3, 7...7, 9...10])
        #expect(try PageRanges("2-end,end").ranges(of: Int.max) == [2...Int.max, Int.max...Int.max])
        #expect(try PageRanges("5-9").ranges(of: 3) == [])
    }

    @Test(arguments: ["", "0", "3-1", "end-1", "z-2", "a", "1,,2", "-", "1-x", "-5"])
    func invalid(_ spec: String) {
        #expect(throws: RecordError.self) { try PageRanges(spec) }
    }
}
