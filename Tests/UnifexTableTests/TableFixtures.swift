import Foundation
import UnifexCore
import UnifexFixtures
import UnifexTestSupport

/// A table drawn at a known place with known cells, for the fixtures: column widths, a row
/// height, the cell texts (nil inside a span), the spans, and whether rules are drawn.
struct TableSpec {
    var x = 72.0, y = 100.0
    var widths: [Double]
    var rowHeight = 20.0
    var cells: [[String?]]
    /// (row, col) → (rowspan, colspan).
    var spans: [[Int]: (Int, Int)] = [:]
    var ruled = true
    var filledRules = false
    var size = 10.0

    var rows: Int { cells.count }
    var cols: Int { widths.count }
    var edges: [Double] { widths.reduce(into: [x]) { $0.append($0.last! + $1) } }

    func span(_ r: Int, _ c: Int) -> (Int, Int) { spans[[r, c]] ?? (1, 1) }

    /// Which cell covers each grid place (its top-left place).
    func owner(_ r: Int, _ c: Int) -> [Int] {
        for (key, (rs, cs)) in spans where r >= key[0] && r < key[0] + rs && c >= key[1] && c < key[1] + cs { return key }
        return [r, c]
    }

    var lines: [FixtureWriter.Line] {
        var out: [FixtureWriter.Line] = []
        for (r, row) in cells.enumerated() {
            for (c, text) in row.enumerated() {
                guard let text, !text.isEmpty else { continue }
                out.append(FixtureWriter.Line(x: edges[c] + 4, y: y + Double(r) * rowHeight + rowHeight * 0.7, size: size, text: text))
            }
        }
        return out
    }

    var rules: [FixtureWriter.Rule] {
        guard ruled else { return [] }
        var out: [FixtureWriter.Rule] = []
        func rule(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) {
            if filledRules {
                out.append(x0 == x1 ? FixtureWriter.Rule(x0: x0 - 0.5, y0: y0, x1: x0 + 0.5, y1: y1, filled: true)
                                    : FixtureWriter.Rule(x0: x0, y0: y0 - 0.5, x1: x1, y1: y0 + 0.5, filled: true))
            } else {
                out.append(FixtureWriter.Rule(x0: x0, y0: y0, x1: x1, y1: y1))
            }
        }
        let e = edges
        // Horizontal rules: above each row, except inside a cell spanning rows.
        for r in 0...rows {
            for c in 0..<cols {
                let ry = y + Double(r) * rowHeight
                if r > 0 && r < rows && owner(r - 1, c) == owner(r, c) { continue }
                rule(e[c], ry, e[c + 1], ry)
            }
        }
        for c in 0...cols {
            for r in 0..<rows {
                if c > 0 && c < cols && owner(r, c - 1) == owner(r, c) { continue }
                rule(e[c], y + Double(r) * rowHeight, e[c], y + Double(r + 1) * rowHeight)
            }
        }
        return out
    }

    /// The expected grid: each cell's text at its top-left place, "" elsewhere.
    var grid: [[String]] { cells.map { $0.map { $0 ?? "" } } }
}

/// Writes a one-page PDF with the tables and extra text lines; returns its path.
func writeFixture(_ tables: [TableSpec], extra: [FixtureWriter.Line] = [], asImage: Bool = false, turn: Int = 0,
                  stamps: [FixtureWriter.Line] = [], in dir: URL, name: String = "tables.pdf") throws -> String {
    var page = FixtureWriter.Page(lines: tables.flatMap(\.lines) + extra, asImage: asImage, stamps: stamps)
    page.rules = tables.flatMap(\.rules)
    page.turn = turn
    let path = dir.appendingPathComponent(name).path
    _ = try FixtureWriter.write([page], to: path)
    return path
}

/// The grid of texts of a `tables` entry of a record, spanning cells' text at their top-left.
func grid(_ table: JSONValue) -> [[String]] {
    let o = table.objectValue!
    let rows = o["rows"]!.intValue!, cols = o["cols"]!.intValue!
    var g = Array(repeating: Array(repeating: "", count: cols), count: rows)
    for cell in o["cells"]!.arrayValue! {
        let c = cell.objectValue!
        g[c["row"]!.intValue!][c["col"]!.intValue!] = c["text"]!.stringValue!
    }
    return g
}

/// Runs the pipeline on `path` and returns the page records.
func tablesPipeline(_ path: String, ocr: Bool = false, options: String = "") throws -> [JSONObject] {
    let stages = ocr ? "ux-text | ux-ocr | ux-table \(options)" : "ux-text | ux-table \(options)"
    let result = try Tools.shell("ux-split '\(path)' | \(stages)")
    guard result.status == 0 else { throw UnifexError(code: "pipeline", message: result.stderr) }
    return result.records
}
