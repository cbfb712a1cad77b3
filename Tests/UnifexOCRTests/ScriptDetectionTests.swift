import Foundation
import Testing
import UnifexCore
import UnifexOCR

/// `--language auto` (the default): a page English reads with little confidence is read again with
/// the installed models of the script tesseract's osd model names, and the surer reading is kept.
@Suite struct ScriptDetectionTests {
    @Test func aScriptIsReadWithItsInstalledModelsAndEnglishBeside() {
        let installed: Set = ["eng", "osd", "kor", "ara", "fas", "heb"]
        #expect(ScriptLanguages.choose(script: "Korean", installed: installed, fallback: "eng") == ("kor+eng", nil))
        #expect(ScriptLanguages.choose(script: "Arabic", installed: installed, fallback: "eng") == ("ara+fas+eng", nil))
        #expect(ScriptLanguages.choose(script: "Latin", installed: installed, fallback: "eng") == ("eng", nil))
        #expect(ScriptLanguages.choose(script: nil, installed: installed, fallback: "eng") == ("eng", nil))
        // A script model reads every language of its script and is taken alone.
        #expect(ScriptLanguages.choose(script: "Arabic", installed: installed.union(["script/Arabic"]), fallback: "eng")
                == ("script/Arabic+eng", nil))
        // Nothing installed for the script: the fallback, and the package to install.
        #expect(ScriptLanguages.choose(script: "Han", installed: installed, fallback: "eng") == ("eng", "tesseract-ocr-chi-sim"))
        #expect(ScriptLanguages.choose(script: "Klingon", installed: installed, fallback: "eng") == ("eng", nil))
    }

    /// A page of the structure set rasterized at 200 dpi into a PNG (an image page, as a scanner
    /// would give it).
    static func scan(_ name: String, page: Int = 1, in dir: URL) throws -> URL {
        let pdf = Tools.corpus.deletingLastPathComponent().appendingPathComponent("structure/pdfs/\(name).pdf")
        let base = dir.appendingPathComponent(name)
        let result = try Tools.shell("pdftoppm -r 200 -gray -png -singlefile -f \(page) -l \(page) '\(pdf.path)' '\(base.path)'")
        try #require(result.status == 0, "\(result.stderr)")
        return base.appendingPathExtension("png")
    }

    @Test(.needsCorpus) func scannedPagesAreReadInTheirOwnScript() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let korean = try Self.scan("normal_4pages", in: dir)
        let arabic = try Self.scan("right_to_left_01", in: dir)
        let latin = try Self.scan("2305.03393v1-pg9", in: dir)
        let result = try Tools.shell("ux-split '\(korean.path)' '\(arabic.path)' '\(latin.path)' | ux-ocr -j2")
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        try #require(records.count == 3)
        #expect(records[0].ocr?["lang"]?.stringValue == "kor+eng")
        #expect(records[0].ocr?["script"]?.stringValue == "Korean")
        #expect(records[0]["text"]?.stringValue?.contains("코로나") == true, "\(records[0]["text"]?.stringValue ?? "")")
        #expect(records[1].ocr?["lang"]?.stringValue?.hasPrefix("ara+") == true)
        #expect(records[1].ocr?["script"]?.stringValue == "Arabic")
        #expect(records[1]["text"]?.stringValue?.contains("البرمجة") == true, "\(records[1]["text"]?.stringValue ?? "")")
        // Tesseract's direction marks around the Latin run ("R", "Python") are not on the page.
        let marks: Set<UInt32> = [0x200E, 0x200F]
        let arabicText = (records[1]["text"]?.stringValue ?? "") + records[1].words.map(\.text).joined()
        #expect(!arabicText.unicodeScalars.contains { marks.contains($0.value) })
        // A page English reads surely is read once, with no detection.
        #expect(records[2].ocr?["lang"]?.stringValue == "eng")
        #expect(records[2].ocr?["script"] == nil)
        #expect((records[2].ocr?["conf"]?.doubleValue ?? 0) >= ScriptLanguages.doubtfulConfidence)
        // With English alone asked for, the Korean page is not read as Korean.
        let english = try Tools.shell("ux-split '\(korean.path)' | ux-ocr -l eng")
        #expect(english.records.first?["text"]?.stringValue?.contains("코로나") == false)
        #expect(english.records.first?.ocr?["script"] == nil)
    }

    @Test(.needsCorpus) func aScriptWithoutItsModelsIsReadAsEnglishWithTheMissingPackageNamed() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A tesseract data folder with English and osd alone.
        let data = dir.appendingPathComponent("tessdata")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let installed = try #require(OCREngine.dataPath())
        for model in ["eng", "osd"] {
            try FileManager.default.createSymbolicLink(atPath: data.appendingPathComponent("\(model).traineddata").path,
                                                       withDestinationPath: "\(installed)/\(model).traineddata")
        }
        let arabic = try Self.scan("right_to_left_01", in: dir)
        let result = try Tools.shell("ux-split '\(arabic.path)' | TESSDATA_PREFIX='\(data.path)' ux-ocr")
        #expect(result.status == 0, "\(result.stderr)")
        let record = try #require(result.records.first)
        #expect(record.ocr?["lang"]?.stringValue == "eng")
        #expect(record.ocr?["script"] == nil)
        let warnings = record["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(warnings.contains { $0.contains("Arabic") && $0.contains("tesseract-ocr-ara") }, "\(warnings)")
        // Without the osd model: read as English, said once on stderr.
        try FileManager.default.removeItem(at: data.appendingPathComponent("osd.traineddata"))
        let blind = try Tools.shell("ux-split '\(arabic.path)' | TESSDATA_PREFIX='\(data.path)' ux-ocr")
        #expect(blind.status == 0 && blind.records.first?.ocr?["lang"]?.stringValue == "eng")
        #expect(blind.stderr.contains("tesseract-ocr-osd"), "\(blind.stderr)")
    }
}
