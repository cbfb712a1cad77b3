import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Compressed content streams are checked with zlib, which poppler's decoder does not do: a page
/// whose stream is corrupt or cut short is damaged, one whose writer left out the checksum is not.
@Suite struct ContentStreamTests {
    static let content = Array("BT /F1 24 Tf 72 700 Td (Stored deflate block) Tj ET\n".utf8)

    /// zlib data holding `data` in one stored (uncompressed) deflate block, which any inflater reads.
    static func zlib(_ data: [UInt8], checksum: Bool = true, corruptChecksum: Bool = false) -> [UInt8] {
        let length = UInt16(data.count)
        var out: [UInt8] = [0x78, 0x01, 0x01, UInt8(length & 0xFF), UInt8(length >> 8),
                            UInt8(~length & 0xFF), UInt8(~length >> 8)]
        out += data
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data { a = (a + UInt32(byte)) % 65521; b = (b + a) % 65521 }
        var adler = b << 16 | a
        if corruptChecksum { adler ^= 1 }
        if checksum { out += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) } }
        return out
    }

    /// A one-page PDF, written by hand, whose content stream is `stream` with /FlateDecode.
    static func pdf(contentStream stream: [UInt8]) -> Data {
        pdf([
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".utf8),
            flate(stream),
            Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8),
        ])
    }

    /// One letter-sized page drawing `content` (uncompressed) with the standard fonts `fonts` as
    /// /F1, /F2, ... (`Helvetica`, `Helvetica-Bold`).
    static func pdf(content: [UInt8], fonts: [String]) -> Data {
        let names = fonts.indices.map { "/F\($0 + 1) \(5 + $0) 0 R" }.joined(separator: " ")
        return pdf([
            Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << \(names) >> >> >>".utf8),
            Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("\nendstream".utf8),
        ] + fonts.map { Array("<< /Type /Font /Subtype /Type1 /BaseFont /\($0) >>".utf8) })
    }

    /// A stream object holding `data` with /FlateDecode; `entries` go in its dictionary.
    static func flate(_ data: [UInt8], _ entries: String = "") -> [UInt8] {
        Array("<< /Length \(data.count) /Filter /FlateDecode \(entries)>>\nstream\n".utf8) + data + Array("\nendstream".utf8)
    }

    /// A PDF whose objects from 3 on are `objects` (3 being the first of its `pages` pages, the
    /// others following), written by hand; `catalog` goes in the catalog's dictionary.
    static func pdf(pages: Int = 1, catalog: String = "", _ objects: [[UInt8]]) -> Data {
        var out = Array("%PDF-1.4\n".utf8)
        var offsets: [Int] = []
        func object(_ body: [UInt8]) {
            offsets.append(out.count)
            out += Array("\(offsets.count) 0 obj\n".utf8) + body + Array("\nendobj\n".utf8)
        }
        object(Array("<< /Type /Catalog /Pages 2 0 R \(catalog)>>".utf8))
        let kids = (0..<pages).map { "\(3 + $0) 0 R" }.joined(separator: " ")
        object(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pages) >>".utf8))
        objects.forEach(object)
        let xref = out.count
        out += Array("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array(String(format: "%010d 00000 n \n", offset).utf8) }
        out += Array("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return Data(out)
    }

    @Test func corruptOrTruncatedStreamsAreDamageAndAMissingChecksumIsNot() throws {
        let dir = try Tools.scratch()
        let full = Self.zlib(Self.content)
        let cases: [(name: String, stream: [UInt8], damage: String?)] = [
            ("sound", full, nil),
            ("no-checksum", Self.zlib(Self.content, checksum: false), nil),
            ("bad-checksum", Self.zlib(Self.content, corruptChecksum: true), "zlib: incorrect data check"),
            ("cut", Array(full.prefix(30)), "zlib: unexpected end of data (the stream is truncated)"),
        ]
        for c in cases {
            let file = dir.appendingPathComponent("\(c.name).pdf")
            try Self.pdf(contentStream: c.stream).write(to: file)
            let result = try Tools.shell("ux-split '\(file.path)' | ux-text")
            #expect(result.status == 0, "\(c.name): \(result.stderr)")
            let page = try #require(result.records.first)
            let warnings = page["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let damage = c.damage {
                #expect(warnings.contains("content stream (object 4) is corrupt: \(damage)"), "\(c.name): \(warnings)")
                #expect(page["damaged"]?.boolValue == true, "\(c.name)")
            } else {
                #expect(warnings.isEmpty && page["damaged"] == nil, "\(c.name): \(warnings)")
                #expect(page["text"]?.stringValue == "Stored deflate block\n\n", "\(c.name)")
            }
        }
    }

    /// The text a page shows through a form XObject, and the ToUnicode map that spells its
    /// glyphs, come from streams of their own: poppler's decoder does not check those either.
    @Test func aCorruptFormOrToUnicodeMapIsDamageToo() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let form = Array("BT /F1 24 Tf 72 700 Td (Drawn by a form) Tj ET\n".utf8)
        // Maps every single-byte code to itself: the same text as the font's own encoding.
        let cmap = Array("""
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-Bytes def
            1 begincodespacerange <00> <FF> endcodespacerange
            1 beginbfrange <20> <7E> <0020> endbfrange
            endcmap CMapName currentdict /CMap defineresource pop end end
            """.utf8)
        func file(form formStream: [UInt8], cmap cmapStream: [UInt8]) -> Data {
            Self.pdf([
                Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /XObject << /X1 5 0 R >> >> >>".utf8),
                Array("<< /Length 11 >>\nstream\nq /X1 Do Q\nendstream".utf8),
                Self.flate(formStream, "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 6 0 R >> >> "),
                Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 7 0 R >>".utf8),
                Self.flate(cmapStream),
            ])
        }
        let cases: [(name: String, data: Data, damage: String?)] = [
            ("sound", file(form: Self.zlib(form), cmap: Self.zlib(cmap)), nil),
            ("form", file(form: Self.zlib(form, corruptChecksum: true), cmap: Self.zlib(cmap)),
             "form XObject (object 5) is corrupt: zlib: incorrect data check"),
            ("cmap", file(form: Self.zlib(form), cmap: Array(Self.zlib(cmap).prefix(60))),
             "font's ToUnicode map (object 7) is corrupt: zlib: unexpected end of data (the stream is truncated)"),
        ]
        for c in cases {
            let path = dir.appendingPathComponent("\(c.name).pdf")
            try c.data.write(to: path)
            let result = try Tools.shell("ux-split '\(path.path)' | ux-text")
            #expect(result.status == 0, "\(c.name): \(result.stderr)")
            let page = try #require(result.records.first)
            let warnings = page["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if let damage = c.damage {
                #expect(warnings.contains(damage), "\(c.name): \(warnings)")
                #expect(page["damaged"]?.boolValue == true, "\(c.name)")
                let strict = try Tools.shell("ux-split '\(path.path)' | ux-text --strict")
                #expect(strict.records.first?["status"]?.stringValue == "error", "\(c.name): --strict refuses it")
            } else {
                #expect(warnings.isEmpty && page["damaged"] == nil, "\(c.name): \(warnings)")
                #expect(page["text"]?.stringValue == "Drawn by a form\n\n", "\(c.name)")
            }
        }
    }

    /// A form and its font found sound on one page are not checked again on the next; a corrupt
    /// stream under them is damage on every page that draws it, and a sound form beside another
    /// one does not hide that other's damage.
    @Test func whatAPageSharesWithAnEarlierOneIsJudgedTheSame() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cmap = Array("""
            /CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Identity-Bytes def
            1 begincodespacerange <00> <FF> endcodespacerange
            1 beginbfrange <20> <7E> <0020> endbfrange
            endcmap CMapName currentdict /CMap defineresource pop end end
            """.utf8)
        let sound = Self.zlib(cmap), cut = Array(Self.zlib(cmap).prefix(60))
        // Page 1 draws form X1; page 2 draws X1 and X2. Each form sets its text in a font of its
        // own (objects 9 and 10), whose ToUnicode maps are objects 11 and 12.
        func file(shared: [UInt8], second: [UInt8]) -> Data {
            func page(_ contents: Int, _ forms: String) -> [UInt8] {
                Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents \(contents) 0 R /Resources << /XObject << \(forms) >> >> >>".utf8)
            }
            func plain(_ content: String) -> [UInt8] {
                Array("<< /Length \(content.utf8.count) >>\nstream\n\(content)\nendstream".utf8)
            }
            func form(_ text: String, font: Int) -> [UInt8] {
                Self.flate(Self.zlib(Array("BT /F1 24 Tf 72 700 Td (\(text)) Tj ET\n".utf8)),
                           "/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 \(font) 0 R >> >> ")
            }
            return Self.pdf(pages: 2, [
                page(5, "/X1 7 0 R"),
                page(6, "/X1 7 0 R /X2 8 0 R"),
                plain("q /X1 Do Q"),
                plain("q /X1 Do Q q /X2 Do Q"),
                form("Shared", font: 9),
                form("Second", font: 10),
                Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 11 0 R >>".utf8),
                Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 12 0 R >>".utf8),
                Self.flate(shared),
                Self.flate(second),
            ])
        }
        let damage = { (object: Int) in
            "font's ToUnicode map (object \(object)) is corrupt: zlib: unexpected end of data (the stream is truncated)"
        }
        let cases: [(name: String, data: Data, damage: [String?])] = [
            ("sound", file(shared: sound, second: sound), [nil, nil]),
            ("second", file(shared: sound, second: cut), [nil, damage(12)]),
            ("shared", file(shared: cut, second: sound), [damage(11), damage(11)]),
        ]
        for c in cases {
            let path = dir.appendingPathComponent("\(c.name).pdf")
            try c.data.write(to: path)
            // One worker: both pages are read from the one open document, which remembers.
            let result = try Tools.shell("ux-split '\(path.path)' | ux-text -j1")
            #expect(result.status == 0, "\(c.name): \(result.stderr)")
            #expect(result.records.count == 2, "\(c.name)")
            for (page, expected) in zip(result.records, c.damage) {
                let warnings = page["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
                if let expected {
                    #expect(warnings.contains(expected) && page["damaged"]?.boolValue == true, "\(c.name): \(warnings)")
                } else {
                    #expect(warnings.isEmpty && page["damaged"] == nil, "\(c.name): \(warnings)")
                }
            }
        }
    }

    /// A compressed content stream of no bytes at all (pikepdf writes one for a blank page) is an
    /// empty page, not a cut stream; one that holds only the start of zlib data is cut.
    @Test func anEmptyContentStreamIsABlankPageNotDamage() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.pdf"), header = dir.appendingPathComponent("header.pdf")
        try Self.pdf(contentStream: []).write(to: empty)
        try Self.pdf(contentStream: [0x78, 0x9C]).write(to: header)
        for tool in ["ux-text", "ux-ocr", "ux-text --strict", "ux-ocr --strict"] {
            let result = try Tools.shell("ux-split '\(empty.path)' | \(tool)")
            #expect(result.status == 0, "\(tool): \(result.stderr)")
            let page = try #require(result.records.first)
            #expect(page["status"]?.stringValue == "ok", "\(tool): \(page)")
            #expect(page["warnings"] == nil && page["damaged"] == nil, "\(tool): \(page)")
            #expect(page["text"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines) == "", "\(tool)")
        }
        let cut = try #require(try Tools.shell("ux-split '\(header.path)' | ux-text").records.first)
        #expect(cut["damaged"]?.boolValue == true, "\(cut)")
    }
}
