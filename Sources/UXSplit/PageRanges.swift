public import UXShared
/// A page selection such as `1-3,7,9-end`, as OCRmyPDF and qpdf spell it.
public struct PageRanges: Equatable, Sendable {
    /// Inclusive ranges; `nil` upper bound means "to the last page".
    public var ranges: [(first: Int, last: Int?)]

    public static func == (a: PageRanges, b: PageRanges) -> Bool {
        a.ranges.count == b.ranges.count && zip(a.ranges, b.ranges).allSatisfy { $0.first == $1.first && $0.last == $1.last }
    }

    public init(_ spec: String) throws(RecordError) {
        func bad(_ why: String) -> RecordError {
            RecordError(stage: StageName.split, code: "usage", message: "invalid page selection '\(spec)': \(why)")
        }
        func number(_ s: Substring) throws(RecordError) -> Int? {
            let t = s.trimmingCharacters()
            if t == "end" || t == "z" { return nil }
            guard let n = Int(t), n >= 1 else { throw bad("'\(t)' is not a page number (pages start at 1)") }
            return n
        }
        ranges = []
        let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
        for part in parts {
            if part.trimmingCharacters().isEmpty { throw bad("empty item") }
            let ends = part.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
            if ends.count == 1 {
                guard let n = try number(ends[0]) else { ranges.append((Int.max, nil)); continue }
                ranges.append((n, n))
            } else {
                let first = try number(ends[0]) ?? Int.max
                let last = try number(ends[1])
                // One rule for every backwards range, known before any document is opened: `end` is
                // the last page, so `end-1` runs backwards as `3-1` does (on all but 1-page files).
                if let last, last < first {
                    throw bad(first == Int.max ? "'\(part)' runs backwards: end may only close a range (3-end) or stand alone"
                                               : "\(first)-\(last) runs backwards")
                }
                ranges.append((first, last))
            }
        }
    }

    /// The selected pages of a document with `pageCount` pages as ranges, in the order given,
    /// those past the last page left out: what `pages(of:)` lists, without listing it.
    public func ranges(of pageCount: Int) -> [ClosedRange<Int>] {
        ranges.compactMap { r in
            let first = r.first == Int.max ? pageCount : r.first
            let last = min(r.last ?? pageCount, pageCount)
            return first <= last ? first...last : nil
        }
    }

    /// The selected pages of a document with `pageCount` pages, in the order given, without repeats.
    /// "end" alone means the last page.
    public func pages(of pageCount: Int) -> [Int] {
        var seen = Set<Int>(), result: [Int] = []
        for range in ranges(of: pageCount) {
            for p in range where seen.insert(p).inserted { result.append(p) }
        }
        return result
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingWhitespace() }
}
