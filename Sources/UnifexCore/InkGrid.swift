/// Where a page image is inked, in square cells `cell` points a side, row by row from the
/// top-left: what pictures on a scanned page are found from.
public struct InkGrid: Sendable {
    public var columns: Int
    public var rows: Int
    public var cell: Double
    public var inked: [Bool]

    public init(columns: Int, rows: Int, cell: Double, inked: [Bool]) {
        self.columns = columns; self.rows = rows; self.cell = cell; self.inked = inked
    }
}
