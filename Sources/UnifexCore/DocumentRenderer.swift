import Foundation

/// Turns a document's pages into an output format, one page at a time, so a document is never
/// held in memory whole: `prefix`, then each page's bytes (`page`), joined by `separator`, then
/// `suffix`. The JSON document record is written by `AssembledDocument` itself.
struct DocumentRenderer {
    let format: DocumentFormat

    /// The stored form of one page.
    func page(_ record: PageRecord) -> [UInt8] {
        switch format {
        case .json:
            var bytes: [UInt8] = []
            record.write(to: &bytes)
            return bytes
        case .text:
            return Array((record["text"]?.stringValue ?? "").utf8)
        case .markdown:
            return Array(markdown(record).utf8)
        case .tsv:
            return Array(tsv(record).utf8)
        case .hocr:
            return Array(hocr(record).utf8)
        }
    }

    func prefix(_ header: JSONObject) -> [UInt8] {
        switch format {
        case .tsv:
            return Array("level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n".utf8)
        case .hocr:
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
        default:
            return []
        }
    }

    /// After each page: a form feed for text (pdftotext's convention); markdown paragraphs
    /// already end with a blank line.
    var pageTerminator: [UInt8] { format == .text ? [0x0C] : [] }

    var suffix: [UInt8] {
        format == .hocr ? Array(" </body>\n</html>\n".utf8) : []
    }

    // MARK: - Markdown

    private func markdown(_ record: PageRecord) -> String {
        let layout = PageLayout(record: record)
        var out = ""
        for paragraph in layout.paragraphs {
            var text = ""
            for line in paragraph.lines {
                let piece = line.span.text
                if text.hasSuffix("-"), let first = piece.first, first.isLowercase {
                    text.removeLast()   // a word hyphenated across lines
                } else if !text.isEmpty {
                    text += " "
                }
                text += piece
            }
            let size = paragraph.lines.map { $0.span.box.height }.max() ?? 0
            let typical = max(layout.typicalLineHeight, 0.01)
            if paragraph.lines.count <= 2, size >= 1.8 * typical {
                out += "# " + text + "\n\n"
            } else if paragraph.lines.count <= 2, size >= 1.3 * typical {
                out += "## " + text + "\n\n"
            } else {
                out += escapeMarkdown(text) + "\n\n"
            }
        }
        return out
    }

    private func escapeMarkdown(_ text: String) -> String {
        // A paragraph that starts like markdown syntax would be read as such.
        guard let first = text.first, "#>-*+|".contains(first) else { return text }
        return "\\" + text
    }

    // MARK: - TSV (tesseract's columns)

    private func tsv(_ record: PageRecord) -> String {
        let page = record.page ?? 0
        let layout = PageLayout(record: record)
        let px = record["unit"]?.stringValue == "px"
        func n(_ v: Double) -> String { px ? String(Int(saturating: v)) : formatNumber(v) }
        func row(_ level: Int, _ block: Int, _ par: Int, _ line: Int, _ word: Int, _ box: Box, _ conf: String, _ text: String) -> String {
            "\(level)\t\(page)\t\(block)\t\(par)\t\(line)\t\(word)\t\(n(box.x0))\t\(n(box.y0))\t\(n(box.width))\t\(n(box.height))\t\(conf)\t\(text)\n"
        }
        let width = record["width"]?.doubleValue ?? 0, height = record["height"]?.doubleValue ?? 0
        var out = row(1, 0, 0, 0, 0, Box(x0: 0, y0: 0, x1: width, y1: height), "-1", "")
        for (b, paragraph) in layout.paragraphs.enumerated() {
            out += row(2, b + 1, 0, 0, 0, paragraph.box, "-1", "")
            out += row(3, b + 1, 1, 0, 0, paragraph.box, "-1", "")
            for (l, line) in paragraph.lines.enumerated() {
                out += row(4, b + 1, 1, l + 1, 0, line.span.box, "-1", "")
                for (w, word) in line.words.enumerated() {
                    let conf = word.confidence.map { formatNumber($0 * 100) } ?? "-1"
                    out += row(5, b + 1, 1, l + 1, w + 1, word.box, conf, tsvField(word.text))
                }
            }
        }
        return out
    }

    /// A TSV field holds no tab and no line break: either would shift or split the row.
    private func tsvField(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { ["\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) ? " " : $0 }))
    }

    // MARK: - hOCR

    private func hocr(_ record: PageRecord) -> String {
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
        out += "  </div>\n"
        return out
    }
}

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
