import CPopplerCore
import Foundation
public import UnifexCore

/// A straight stroke or a filled rectangle a page draws, in points as displayed (top-left
/// origin, like the text layer's boxes): what ruling lines of tables are made of; or an image it
/// draws, the part of the page it covers.
public enum PageMark: Sendable {
    case stroke(x0: Double, y0: Double, x1: Double, y1: Double, width: Double)
    case fill(Box)
    case image(Box)
    /// A curved, slanted or polygonal piece of a path: its box.
    case shape(Box)
}

extension PDFTextDocument {
    public struct PageMarks {
        public var marks: [PageMark]
        /// The page draws more than `limit`: the rest were not kept.
        public var truncated: Bool
        /// The deadline passed before the page was read to its end.
        public var aborted: Bool
    }

    /// The page's horizontal and vertical strokes and filled rectangles (white ones left out), at
    /// most `limit` of them. Nil when the page cannot be loaded.
    public func marks(page: Int, limit: Int, deadline: Double? = nil) -> PageMarks? {
        var deadlineMs: Int64 = 0
        if let seconds = deadline {
            let bounded: Double = seconds.isNaN ? 0 : min(max(seconds, 0), 1e9)
            deadlineMs = Int64(unifex_now_ms()) + Int64(Int(saturating: bounded * 1000))
        }
        let (raw, _) = collectingCoreWarnings { unifex_pdf_page_marks(handle, Int32(page), Int32(clamping: limit), deadlineMs) }
        guard let raw else { return nil }
        defer { unifex_page_marks_free(raw) }
        let result = raw.pointee
        var marks: [PageMark] = []
        marks.reserveCapacity(Int(result.count))
        for i in 0..<Int(result.count) {
            let m = result.marks[i]
            if m.kind == Int32(UNIFEX_MARK_FILL.rawValue) {
                marks.append(.fill(Box(x0: m.x0, y0: m.y0, x1: m.x1, y1: m.y1)))
            } else if m.kind == Int32(UNIFEX_MARK_IMAGE.rawValue) {
                marks.append(.image(Box(x0: m.x0, y0: m.y0, x1: m.x1, y1: m.y1)))
            } else if m.kind == Int32(UNIFEX_MARK_SHAPE.rawValue) {
                marks.append(.shape(Box(x0: m.x0, y0: m.y0, x1: m.x1, y1: m.y1)))
            } else {
                marks.append(.stroke(x0: m.x0, y0: m.y0, x1: m.x1, y1: m.y1, width: m.width))
            }
        }
        return PageMarks(marks: marks, truncated: result.truncated != 0, aborted: result.aborted != 0)
    }
}
