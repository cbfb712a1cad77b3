public import UnifexCore

/// A table cut by a page break: the first table of a page goes on with the last table of the
/// page before when it has the same columns, at the same places across the page, the one ends
/// in the lower part of its page and the other begins in the upper part of its own, and the
/// continuing part has no caption of its own and no header but the one it repeats. It is marked
/// `continued: true`; the pages of one document only are compared, in order.
public struct TableContinuation: Sendable {
    /// The last table of the page looked at last, with its page.
    struct Tail {
        var page: Int
        var table: Table
    }

    var tail: Tail?

    public init() {}

    /// The table ending in this share of its page, or beginning in the rest, may be cut there.
    static let breakZone = 0.5

    /// Marks `record`'s first table when it continues the last table of the page before, and
    /// remembers this page's last table.
    public mutating func mark(_ record: inout PageRecord) {
        guard let page = record.page else { return }
        let tables = record.tables ?? []
        defer { tail = tables.last.map { Tail(page: page, table: $0) } }
        guard let tail, tail.page + 1 == page, let first = tables.first,
              let height = record["height"]?.doubleValue, height > 0, height.isFinite,
              Self.continues(first, after: tail.table, pageHeight: height),
              case .array(var entries)? = record["tables"], case .object(var object)? = entries.first else { return }
        object["continued"] = .bool(true)
        entries[0] = .object(object)
        record["tables"] = .array(entries)
    }

    static func continues(_ next: Table, after previous: Table, pageHeight: Double) -> Bool {
        guard next.cols == previous.cols, next.cols >= 2, next.caption == nil,
              previous.box.y1 >= breakZone * pageHeight, next.box.y0 <= (1 - breakZone) * pageHeight else { return false }
        let a = columns(previous), b = columns(next)
        guard a.count == b.count else { return false }
        for (p, n) in zip(a, b) {
            guard let p, let n else { continue }
            let width = max(p.x1 - p.x0, n.x1 - n.x0, 1)
            if abs((p.x0 + p.x1) / 2 - (n.x0 + n.x1) / 2) > max(8, 0.25 * width) { return false }
        }
        // A header of its own, unlike the one before, heads another table.
        if next.headerRows > 0 {
            let repeated = next.headerRows == previous.headerRows
                && Array(next.grid().prefix(next.headerRows)) == Array(previous.grid().prefix(previous.headerRows))
            if !repeated { return false }
        }
        return true
    }

    /// Each column's extent across the page, from its cells that span no other column.
    static func columns(_ table: Table) -> [(x0: Double, x1: Double)?] {
        var out = Array(repeating: (x0: Double, x1: Double)?.none, count: table.cols)
        for cell in table.cells where cell.colspan == 1 && cell.col < table.cols && !cell.text.isEmpty {
            let known = out[cell.col] ?? (cell.box.x0, cell.box.x1)
            out[cell.col] = (min(known.x0, cell.box.x0), max(known.x1, cell.box.x1))
        }
        return out
    }
}
