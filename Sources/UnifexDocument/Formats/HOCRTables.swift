public import UnifexCore
/// The page's tables (from ux-table) in hOCR: an XHTML table per table with its box, its rows,
/// and a cell per spanning cell with rowspan and colspan, each with its box and text.
enum HOCRTables {
    static func render(_ tables: [Table], page: Int) -> String {
        func bbox(_ b: Box) -> String {
            "bbox \(Int(saturating: b.x0)) \(Int(saturating: b.y0)) \(Int(saturating: b.x1)) \(Int(saturating: b.y1))"
        }
        var out = ""
        for (n, table) in tables.enumerated() {
            out += "   <table class='ocr_table' id='table_\(page)_\(n + 1)' title='\(bbox(table.box))'>\n"
            let byRow = Dictionary(grouping: table.cells.filter { $0.row < table.rows }, by: \.row)
            for row in 0..<table.rows {
                out += "    <tr>"
                for cell in (byRow[row] ?? []).sorted(by: { $0.col < $1.col }) {
                    let spans = (cell.rowspan > 1 ? " rowspan='\(cell.rowspan)'" : "") + (cell.colspan > 1 ? " colspan='\(cell.colspan)'" : "")
                    out += "<td class='ocr_cell' title='\(bbox(cell.box))'\(spans)>\(escapeXML(cell.text))</td>"
                }
                out += "</tr>\n"
            }
            out += "   </table>\n"
        }
        return out
    }
}
