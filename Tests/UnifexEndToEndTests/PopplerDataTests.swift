import Foundation
import UnifexTestSupport
import Testing
import UnifexCore
import UnifexPDF

/// Japanese PDFs read without poppler's encoding data (Debian's poppler-data): the pages say what
/// is missing, are not called damaged, and the tool names the package once.
@Suite struct PopplerDataTests {
    static let dataDirectory = "/usr/share/poppler"

    /// An empty folder mounted over poppler's data folder in a private mount namespace hides the
    /// data from the tools of `script` alone, however the machine is set up.
    static func withoutPopplerData(_ script: String) throws -> Tools.Result {
        let dir = try Tools.scratch()
        let empty = dir.appendingPathComponent("empty"), file = dir.appendingPathComponent("run.sh")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data("""
            [ ! -d \(dataDirectory) ] || mount --bind '\(empty.path)' \(dataDirectory) || exit 97
            set -o pipefail
            \(script)

            """.utf8).write(to: file)
        return try Tools.shell("unshare -m bash '\(file.path)'")
    }

    static let canHideData: Bool = {
        guard let empty = try? Tools.scratch(),
              let result = try? Tools.shell("unshare -m sh -c \"mount --bind '\(empty.path)' '\(empty.path)'\"") else { return false }
        return result.status == 0
    }()

    static func corpus(_ path: String) -> String { Tools.corpus.appendingPathComponent(path).path }

    @Test(.needsCorpus, .enabled(if: PopplerDataTests.canHideData, "needs unshare -m and mount --bind (root in a mount namespace)"))
    func japaneseWithoutPopplerDataIsMissingFontDataAndSaidOnce() throws {
        let vertical = Self.corpus("text/pdfjs-vertical-japanese.pdf"), poem = Self.corpus("text/pdfminer-jo-japanese.pdf")
        let sound = Self.corpus("text/pdfjs-tracemonkey.pdf")
        let result = try Self.withoutPopplerData("ux-split --pages 1 '\(vertical)' '\(poem)' '\(sound)' | ux-text -j2 --strict")
        try #require(result.status != 97, "could not hide \(Self.dataDirectory): \(result.stderr)")
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        try #require(records.count == 3)
        for record in records.prefix(2) {
            let layer = record["text_layer"]?.objectValue
            #expect(record["status"]?.stringValue == "ok", "--strict does not refuse missing data")
            #expect(layer?["usable"]?.boolValue == false)
            #expect(layer?["reason"]?.stringValue == "missing-font-data")
            #expect(record["damaged"] == nil)
            let warnings = record["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(warnings.contains("Missing language pack for 'Adobe-Japan1' mapping"), "\(warnings)")
        }
        #expect(records[2]["text_layer"]?.objectValue?["usable"]?.boolValue == true)
        #expect(records[2]["warnings"] == nil)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line for the run: \(result.stderr)")
        #expect(lines.first?.hasPrefix("ux-text: warning: ") == true)
        #expect(result.stderr.contains("apt-get install poppler-data"))
        #expect(result.stderr.contains("\(vertical): page 1"))
        let dir = try Tools.scratch()
        try result.stdout.write(to: dir.appendingPathComponent("pages.ndjson"))
        let valid = try SchemaTests.validate(["pages.ndjson"], schema: "page", in: dir)
        #expect(valid.status == 0, "the schema knows the reason: \(valid.text)\(valid.stderr)")

        // Straight from ux-split, ux-ocr renders such a page without that text and says why, once.
        let ocr = try Self.withoutPopplerData("ux-split '\(poem)' '\(vertical)' | ux-ocr -j1 --strict")
        #expect(ocr.status == 0, "\(ocr.stderr)")
        #expect(ocr.records.count == 4)
        #expect(ocr.records.allSatisfy { $0["status"]?.stringValue == "ok" && $0["damaged"] == nil })
        #expect(ocr.stderr.split(separator: "\n").count == 1, "\(ocr.stderr)")
        #expect(ocr.stderr.hasPrefix("ux-ocr: warning: ") && ocr.stderr.contains("poppler-data"), "\(ocr.stderr)")
    }

    @Test func missingDataIsNotDamageButDamageStillIs() {
        let missing = PopplerReports(["Missing language pack for 'Adobe-Japan1' mapping", "Unknown font tag 'F1'",
                                      "No font in show/space (at byte 197)", "47 more poppler messages not shown"])
        #expect(missing.missingData == ["Missing language pack for 'Adobe-Japan1' mapping"])
        #expect(!missing.damaged)
        #expect(PopplerReports(["Couldn't find 'UniJIS-UCS2-H' CMap file for 'Adobe-Japan1' collection"]).missingData.count == 1)
        // Without missing data, a font that cannot be found is damage, as before.
        let broken = PopplerReports(["Unknown font tag 'F1'", "No font in show (at byte 3257)"])
        #expect(broken.damaged && broken.missingData.isEmpty)
        let both = PopplerReports(["Missing language pack for 'Adobe-GB1' mapping", "Bad block header (at byte 90)"])
        #expect(both.damaged)
        #expect(!PopplerReports([]).damaged)
        // No installed font for a font the PDF does not embed is the machine's lack, not damage.
        let noFont = PopplerReports(["Couldn't find a font for 'TimesNewRomanPSMT'",
                                     "Couldn't find a font to substitute for 'MS-Mincho' ('Adobe-Japan1' character collection)"])
        #expect(noFont.missingFonts.count == 2 && noFont.missingData.isEmpty && !noFont.damaged)
        #expect(PopplerReports(["Couldn't find a font for 'F1'", "Bad block header (at byte 90)"]).damaged)
        #expect(PopplerReports(["Couldn't create a font for 'F1'"]).damaged)
    }

    @Test(.needsCorpus) func aFontNoInstalledFontCanDrawIsSaidOnceWithThePackageAndIsNotDamage() throws {
        // Times New Roman, not embedded: drawn with a stand-in where fonts are installed.
        let file = Self.corpus("text/pdfjs-rotation.pdf")
        let bare = try Tools.withoutFonts().map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        let result = try Tools.shell("ux-split '\(file)' | \(bare) ux-ocr -j1 --force --strict")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 2)
        for record in result.records {
            #expect(record["status"]?.stringValue == "ok")
            #expect(record["damaged"] == nil, "the file is sound: \(record)")
            let warnings = record["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(warnings.contains("Couldn't find a font for 'TimesNewRomanPSMT'"), "\(warnings)")
        }
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line for the run: \(result.stderr)")
        #expect(result.stderr.hasPrefix("ux-ocr: warning: poppler finds no installed font"), "\(result.stderr)")
        #expect(result.stderr.contains("\(file): page 1") && result.stderr.contains("apt-get install fonts-urw-base35"))

        // With the machine's fonts the same pages read, with no warning.
        let fonts = try Tools.shell("ux-split '\(file)' | ux-ocr -j1 --force --strict")
        #expect(fonts.status == 0 && fonts.stderr.isEmpty, "\(fonts.stderr)")
        #expect(fonts.records.allSatisfy { $0["warnings"] == nil && ($0["text"]?.stringValue ?? "").count > 20 }, "\(fonts.text)")
    }
}
