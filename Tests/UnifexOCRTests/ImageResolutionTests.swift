import Foundation
import Testing
import UnifexCore
import UnifexOCR

/// An image file's stored resolution is a tag anyone can get wrong: a 300 dpi scan tagged 3000,
/// 65535 or millions of dots per inch is still a 300 dpi scan, and its text must still be read.
@Suite struct ImageResolutionTests {
    /// Four lines of 11 pt prose on a 612×300 pt page, scanned at 300 dpi.
    static let spec = """
        {"pages":[{"width":612,"height":300,"lines":[
          {"x":40,"y":60,"size":11,"text":"The quick brown fox jumps over the lazy dog while seven"},
          {"x":40,"y":80,"size":11,"text":"wizards count boxes of frozen jam and quietly hum along"},
          {"x":40,"y":100,"size":11,"text":"to the radio playing an old song about summer evenings"},
          {"x":40,"y":120,"size":11,"text":"near the river where children build castles of sand"}]}]}
        """

    /// `png` with a pHYs chunk saying `dpi` (stored, as PNG does, in pixels per metre).
    static func tagged(_ png: Data, dpi: Double) -> Data {
        let perMetre = UInt32((dpi / 0.0254).rounded())
        var body = Array("pHYs".utf8)
        for _ in 0..<2 { body += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: perMetre >> $0) } }
        body.append(1)  // unit: the metre
        var chunk: [UInt8] = [0, 0, 0, 9] + body
        let crc = crc32(body)
        chunk += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: crc >> $0) }
        // After the signature (8 bytes) and IHDR (4 length, 4 type, 13 data, 4 CRC).
        var bytes = Array(png)
        bytes.insert(contentsOf: chunk, at: 33)
        return Data(bytes)
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    @Test func anImpossibleResolutionIsNotBelievedAndTheTextIsRead() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (png, truth) = try Tools.fixture(Self.spec, name: "scan.png", in: dir)
        let plain = try Data(contentsOf: png)
        for claim in [3000.0, 20000, 65535, 4_000_008] {
            let file = dir.appendingPathComponent("tagged-\(Int(claim)).png")
            try Self.tagged(plain, dpi: claim).write(to: file)
            let result = try Tools.shell("ux-split '\(file.path)' | ux-ocr")
            #expect(result.status == 0, "\(claim): \(result.stderr)")
            let page = try #require(result.records.first)
            // The page is the scan's: 612×300 pt at the resolution assumed for images.
            #expect(page["dpi"]?.intValue == Resolution.assumedForImages && page["dpi_assumed"]?.boolValue == true, "\(claim): \(page)")
            #expect(abs((page["width"]?.doubleValue ?? 0) - 612) < 0.5 && abs((page["height"]?.doubleValue ?? 0) - 300) < 0.5, "\(claim)")
            let warnings = page["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(warnings.contains { $0.hasPrefix("image resolution \(Int(claim / 100))") && $0.hasSuffix("dpi is implausible (not 50-2400); 300 dpi assumed") },
                    "\(claim): \(warnings)")
            #expect(page["blank"] == nil, "\(claim)")
            let (matched, misplaced) = checkBoxes(page.words, against: truth[0])
            #expect(matched >= truth[0].count - 2, "\(claim): \(page["text"] ?? .null)")
            #expect(misplaced.isEmpty, "\(claim): \(misplaced)")
            let width = page["width"]?.doubleValue ?? 0, height = page["height"]?.doubleValue ?? 0
            #expect(page.words.allSatisfy { $0.box.x0 >= 0 && $0.box.y0 >= 0 && $0.box.x1 <= width && $0.box.y1 <= height },
                    "\(claim): words off the page")
        }
        // A resolution a scanner writes is believed: the same pixels at 600 dpi are half the size.
        let fine = dir.appendingPathComponent("tagged-600.png")
        try Self.tagged(plain, dpi: 600).write(to: fine)
        let page = try #require(try Tools.shell("ux-split '\(fine.path)'").records.first)
        #expect(page["dpi"]?.intValue == 600 && page["dpi_assumed"] == nil && page["warnings"] == nil, "\(page)")
        #expect(abs((page["width"]?.doubleValue ?? 0) - 306) < 0.5)
    }
}

extension ImageResolutionTests {
    /// A record that states an implausible resolution (an older ux-split believed any: a page of
    /// 0.05 × 0.02 pt at 4,000,016 dpi) is read at the assumed resolution, and its page is set to
    /// the image's size there, so that its word boxes lie on it.
    @Test func aRecordWithAnImplausibleResolutionGetsThePageItsWordsLieOn() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (png, truth) = try Tools.fixture(Self.spec, name: "scan.png", in: dir)
        let old = #"{"v":1,"type":"page","doc":"\#(png.path)","source":"image","page":1,"page_count":1,"selected":1,"#
            + #""width":0.0459,"height":0.0225,"rotation":0,"dpi":4000016,"pixel_width":2550,"pixel_height":1250,"status":"ok"}"#
        let result = try Tools.shell("ux-ocr", stdin: Data((old + "\n").utf8))
        #expect(result.status == 0, "\(result.stderr)")
        let page = try #require(result.records.first)
        #expect(page["dpi"]?.intValue == Resolution.assumedForImages && page["dpi_assumed"]?.boolValue == true, "\(page)")
        let width = page["width"]?.doubleValue ?? 0, height = page["height"]?.doubleValue ?? 0
        #expect(abs(width - 612) < 0.5 && abs(height - 300) < 0.5, "\(width) × \(height)")
        let warnings = page["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains("record's dpi 4000016 is implausible (not 50-2400); read at 300 dpi, the page size set to match"), "\(warnings)")
        let (matched, misplaced) = checkBoxes(page.words, against: truth[0])
        #expect(matched >= truth[0].count - 2 && misplaced.isEmpty, "\(misplaced)")
        #expect(!page.words.isEmpty && page.words.allSatisfy { $0.box.x1 <= width && $0.box.y1 <= height })
    }
}
