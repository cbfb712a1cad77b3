public import Foundation

/// A one-page PDF written byte by byte around a content stream, for what cairo will not draw
/// (a font size of 1e20, operators with nonsense operands). The cross-reference table is exact,
/// so poppler opens the file without repairing it.
public enum RawPDF {
    /// `toUnicode` maps the font's one-byte codes to any characters (a /ToUnicode CMap), for text
    /// extraction in scripts Helvetica has no glyphs for.
    public static func write(content: String, to url: URL, mediaBox: String = "0 0 612 792",
                             toUnicode: [UInt8: Unicode.Scalar]? = nil) throws {
        let stream = Array(content.utf8)
        var objects: [[UInt8]] = [
            Array("<< /Type /Catalog /Pages 2 0 R >>".utf8),
            Array("<< /Type /Pages /Kids [3 0 R] /Count 1 >>".utf8),
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [\(mediaBox)] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>".utf8),
            Array("<< /Length \(stream.count) >>\nstream\n".utf8) + stream + Array("\nendstream".utf8),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica\(toUnicode == nil ? "" : " /ToUnicode 6 0 R") >>".utf8),
        ]
        if let toUnicode {
            let entries = toUnicode.sorted { $0.key < $1.key }.map { code, scalar in
                let units = String(scalar).utf16.map { String(format: "%04X", $0) }.joined()
                return String(format: "<%02X> <", code) + units + ">"
            }
            // A CMap section holds at most 100 entries.
            let sections = stride(from: 0, to: entries.count, by: 100).map { start in
                let part = entries[start..<min(start + 100, entries.count)]
                return "\(part.count) beginbfchar\n" + part.joined(separator: "\n") + "\nendbfchar\n"
            }
            let cmap = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Probe def\n"
                + "1 begincodespacerange <00> <FF> endcodespacerange\n" + sections.joined()
                + "endcmap CMapName currentdict /CMap defineresource pop end end"
            objects.append(Array("<< /Length \(cmap.utf8.count) >>\nstream\n\(cmap)\nendstream".utf8))
        }
        var out = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        for (i, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(i + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array(String(format: "%010d 00000 n \n", offset).utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        try Data(out).write(to: url)
    }
}
