public import UnifexCore
/// hOCR: XHTML with ocr_page, ocr_carea, ocr_par, ocr_line and ocrx_word elements and their boxes,
/// and the page's tables as ocr_table elements of ocr_cell cells.
public struct HOCRFormat: DocumentFormat {
    public init() {}
    public var name: String { "hocr" }
    public var fileExtension: String { "hocr" }
    public var writesCoordinates: Bool { true }

    public func prefix(_ header: JSONObject) -> [UInt8] {
        let title = header["metadata"]?.objectValue?["title"]?.stringValue ?? header["doc"]?.stringValue ?? ""
        return Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
            <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
             <head>
              <title>\(escapeXML(title))</title>
              <meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>
              <meta name="ocr-system" content="unifex \(unifexVersion)"/>
              <meta name="ocr-capabilities" content="ocr_page ocr_carea ocr_par ocr_line ocrx_word"/>
             </head>
             <body>

            """.utf8)
    }

    public var suffix: [UInt8] { Array(" </body>\n</html>\n".utf8) }

    public func page(_ record: PageRecord) -> [UInt8] {
        let page = record.page ?? 0
        let layout = PageLayout(record: record)
        func bbox(_ b: Box) -> String {
            "bbox \(Int(saturating: b.x0)) \(Int(saturating: b.y0)) \(Int(saturating: b.x1)) \(Int(saturating: b.y1))"
        }
        let width = record["width"]?.doubleValue ?? 0, height = record["height"]?.doubleValue ?? 0
        let image = escapeXML(record.doc ?? "")
        var out = "  <div class='ocr_page' id='page_\(page)' title='image \"\(image)\"; \(bbox(Box(x0: 0, y0: 0, x1: width, y1: height))); ppageno \(page - 1)'>\n"
        var line = 0, word = 0
        for (b, paragraph) in layout.paragraphs.enumerated() {
            out += "   <div class='ocr_carea' id='block_\(page)_\(b + 1)' title='\(bbox(paragraph.box))'>\n"
            out += "    <p class='ocr_par' id='par_\(page)_\(b + 1)' title='\(bbox(paragraph.box))'>\n"
            for l in paragraph.lines {
                line += 1
                out += "     <span class='ocr_line' id='line_\(page)_\(line)' title='\(bbox(l.span.box))'>"
                for w in l.words {
                    word += 1
                    let conf = w.confidence.map { "; x_wconf \(Int(saturating: min(max($0, 0), 1) * 100))" } ?? ""
                    out += "<span class='ocrx_word' id='word_\(page)_\(word)' title='\(bbox(w.box))\(conf)'>\(escapeXML(w.text))</span> "
                }
                out += "</span>\n"
            }
            out += "    </p>\n   </div>\n"
        }
        out += HOCRTables.render(record.tables ?? [], page: page)
        out += "  </div>\n"
        return Array(out.utf8)
    }
}

/// Text as XML character data or an attribute value.
func escapeXML(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    for scalar in s.unicodeScalars {
        switch scalar {
        case "&": out.append(contentsOf: "&amp;".unicodeScalars)
        case "<": out.append(contentsOf: "&lt;".unicodeScalars)
        case ">": out.append(contentsOf: "&gt;".unicodeScalars)
        case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
        case "'": out.append(contentsOf: "&#39;".unicodeScalars)
        case "\t", "\n", "\r": out.append(scalar)
        // XML 1.0 cannot carry other control characters, U+FFFE or U+FFFF, not even as
        // references: a record's text may hold them, the hOCR must still parse.
        case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
            out.append("\u{FFFD}")
        default: out.append(scalar)
        }
    }
    return String(out)
}
