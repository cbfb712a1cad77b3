public import UnifexCore

/// A word on the page, as the detectors read it.
public struct TableWord: Equatable, Sendable {
    public var text: String
    public var box: Box
    /// Read by OCR from the page's pixels, where a ruling can come out as a character; a text
    /// layer's words are the characters the page holds.
    public var ocr: Bool

    public init(text: String, box: Box, ocr: Bool = false) { self.text = text; self.box = box; self.ocr = ocr }

    var centerX: Double { (box.x0 + box.x1) / 2 }
    var centerY: Double { (box.y0 + box.y1) / 2 }
}

/// What the detectors may find, and where: `area` restricts detection to a part of the page,
/// `minRows`/`minCols` drop smaller tables.
public struct TableOptions: Sendable {
    public enum Strategy: String, Sendable, CaseIterable { case auto, ruled, unruled }
    public var strategy: Strategy
    public var area: Box?
    public var minRows: Int
    public var minCols: Int

    public init(strategy: Strategy = .auto, area: Box? = nil, minRows: Int = 2, minCols: Int = 2) {
        self.strategy = strategy; self.area = area; self.minRows = minRows; self.minCols = minCols
    }
}
