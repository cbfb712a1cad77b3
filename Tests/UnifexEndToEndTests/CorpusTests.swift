import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Every file of the shared corpus of real-world PDFs and images goes through
/// ux-split | ux-text and comes out as page records or one clear error record.
@Suite(.needsCorpus) struct CorpusTests {
    static let manifest: [(path: String, pages: Int?, kind: String)] = {
        guard let text = try? String(contentsOf: Tools.corpus.appendingPathComponent("MANIFEST.tsv"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count >= 6, f[5] != "groundtruth" else { return nil }
            return (f[0], Int(f[4]), f[5])
        }
    }()

    static let passwords = [
        "encrypted/pdfplumber-password-example.pdf": "test",
        "encrypted/pysamples-libreoffice-writer-password.pdf": "openpassword",
        "encrypted/pypdf-crazyones-encrypted-256.pdf": "password",
        "encrypted/pypdf-r6-both-passwords.pdf": "foo",
        "encrypted/pdfjs-issue6010_2-nonascii-password.pdf": "æøå",
        "encrypted/pdfjs-issue3371-scanned.pdf": "ELXRTQWS",
    ]

    @Test func corpusIsPresent() {
        #expect(Self.manifest.count >= 60, "corpus missing at \(Tools.corpus.path)")
    }

    @Test(arguments: CorpusTests.manifest.map(\.path))
    func everyFileGivesPageRecordsOrOneErrorRecord(_ path: String) throws {
        let entry = Self.manifest.first { $0.path == path }!
        let file = Tools.corpus.appendingPathComponent(path).path
        // The decompression bomb gets a short page timeout; stderr is capped for everyone.
        let limit = entry.kind.contains("bomb") ? 5 : 60
        let result = try Tools.shell("ux-split '\(file)' | ux-text -j2 --timeout \(limit) 2> >(head -c 100000 >&2)",
                                     timeout: 240)
        #expect(result.status == 0 || result.status == 1, "exit \(result.status): \(result.stderr.prefix(400))")
        let records = result.records
        #expect(records.count == result.lines.count, "every output line is a JSON record")
        #expect(!records.isEmpty)
        let failed = records.filter { $0["status"]?.stringValue != "ok" }
        if let expected = entry.pages, !entry.kind.contains("encrypted") || entry.kind.contains("owner-only") {
            if entry.kind.contains("bomb") {
                #expect(records.count == 1)
                #expect(records[0]["status"]?.stringValue == "timeout")
            } else {
                #expect(records.count == expected)
                #expect(failed.isEmpty, "\(failed.first.map { JSONValue.object($0).serialized() } ?? "")")
            }
        } else {
            // Unopenable or encrypted without a password: exactly one error record with a reason.
            #expect(records.count == 1)
            #expect(records[0]["status"]?.stringValue == "error")
            let code = records[0]["error"]?.objectValue?["code"]?.stringValue
            #expect(code != nil)
            if entry.kind.contains("encrypted") { #expect(code == "encrypted") }
            if entry.kind.contains("unsupported") { #expect(code == "unsupported") }
            #expect(result.stderr.contains("ux-split: error: \(file): "))
            // One clean line: no escaped control characters left over from poppler's messages.
            let message = records[0]["error"]?.objectValue?["message"]?.stringValue ?? ""
            #expect(!message.contains("<0a>") && !message.hasSuffix(" "), "\(message)")
        }
        if entry.kind.contains("recoverable") && entry.kind.contains("truncated") {
            #expect(records.contains { $0["damaged"]?.boolValue == true })
        }
        if entry.kind.hasPrefix("text"), !entry.kind.contains("garbled") {
            #expect(records.contains { ($0["text_layer"]?.objectValue?["chars"]?.intValue ?? 0) > 0 })
        }
        if path.contains("russian-bad-ocr") {
            // An old OCR layer with Latin look-alikes for Cyrillic must not be trusted.
            #expect(records.allSatisfy { $0["text_layer"]?.objectValue?["reason"]?.stringValue == "garbled-words" })
        }
        if entry.kind.contains("garbled") {
            #expect(records.allSatisfy { $0["text_layer"]?.objectValue?["usable"]?.boolValue == false })
        }
    }

    @Test(arguments: CorpusTests.passwords.keys.sorted())
    func encryptedFilesOpenWithTheirPassword(_ path: String) throws {
        let file = Tools.corpus.appendingPathComponent(path).path
        let expected = Self.manifest.first { $0.path == path }?.pages
        let result = try Tools.shell("ux-split '\(file)' | ux-text", environment: ["UNIFEX_PASSWORD": Self.passwords[path]!])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.records.count == expected)
        #expect(result.records.allSatisfy { $0["status"]?.stringValue == "ok" })

        let wrong = try Tools.shell("ux-split --password wrong-password '\(file)'")
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("wrong password"))
    }

    @Test func strictRefusesWhatPopplerRepaired() throws {
        let fuzzed = Tools.corpus.appendingPathComponent("broken/pdfjs-poppler-90-0-fuzzed.pdf").path
        let lenient = try Tools.shell("ux-split '\(fuzzed)' | ux-text")
        let damaged = lenient.records.filter { $0["damaged"]?.boolValue == true && $0["status"]?.stringValue == "ok" }
        #expect(!damaged.isEmpty)
        let strict = try Tools.shell("ux-split '\(fuzzed)' | ux-text --strict")
        #expect(strict.status == 1)
        let refused = strict.records.filter { $0["error"]?.objectValue?["code"]?.stringValue == "damaged" }
        #expect(refused.count == damaged.count)
        #expect(strict.records.count == lenient.records.count, "every page still has its record")
        #expect(strict.stderr.contains("refused by --strict"))

        // A document poppler had to reconstruct is refused at ux-split already, all its pages.
        let xref = Tools.corpus.appendingPathComponent("broken/pdfplumber-issue-848-bad-xref.pdf").path
        let split = try Tools.shell("ux-split --strict '\(xref)'")
        #expect(split.status == 1)
        #expect(split.records.count == 8)
        #expect(split.records.allSatisfy { $0["error"]?.objectValue?["code"]?.stringValue == "damaged" })
        #expect(split.stderr.split(separator: "\n").count == 1, "one line for the document: \(split.stderr)")

        // A sound file passes --strict untouched.
        let clean = Tools.corpus.appendingPathComponent("text/pdfjs-tracemonkey.pdf").path
        let ok = try Tools.shell("ux-split --strict '\(clean)' | ux-text --strict")
        #expect(ok.status == 0 && ok.stderr.isEmpty, "\(ok.stderr)")
    }

    @Test func aCorruptCompressedContentStreamIsDamage() throws {
        // Its content stream's zlib checksum is wrong: poppler decodes part of it and says nothing.
        let zen = Tools.corpus.appendingPathComponent("broken/pdfminer-zen_of_python_corrupted.pdf").path
        let report = "content stream (object 5) is corrupt: zlib: incorrect data check"
        let lenient = try Tools.shell("ux-split '\(zen)' | ux-text")
        #expect(lenient.status == 0, "\(lenient.stderr)")
        let page = try #require(lenient.records.first)
        #expect(page["status"]?.stringValue == "ok")
        #expect(page["damaged"]?.boolValue == true)
        #expect(page["warnings"]?.arrayValue?.compactMap(\.stringValue) == [report])
        #expect(page["text"]?.stringValue?.contains("Beautiful is better than ugly.") == true, "what was decoded is kept")

        for stage in ["ux-text --strict", "ux-ocr --strict"] {
            let strict = try Tools.shell("ux-split '\(zen)' | \(stage)")
            #expect(strict.status == 1, "\(stage): \(strict.stderr)")
            let refused = try #require(strict.records.first)
            #expect(refused["error"]?.objectValue?["code"]?.stringValue == "damaged")
            #expect(refused["error"]?.objectValue?["message"]?.stringValue?.hasSuffix(report) == true, "\(refused)")
            #expect(strict.stderr.contains(report), "\(strict.stderr)")
        }

        // A sound file whose content streams are compressed too is not flagged.
        let sound = Tools.corpus.appendingPathComponent("text/pdfjs-tracemonkey.pdf")
        #expect(try Data(contentsOf: sound).range(of: Data("/FlateDecode".utf8)) != nil)
        let clean = try Tools.shell("ux-split '\(sound.path)' | ux-text")
        #expect(clean.records.count == 14)
        #expect(clean.records.allSatisfy { $0["damaged"] == nil && $0["warnings"] == nil })
    }

    @Test func aShortJapaneseTextLayerIsKeptAndNotOCRed() throws {
        let file = Tools.corpus.appendingPathComponent("text/pdfjs-vertical-japanese.pdf").path
        try #require(FileManager.default.fileExists(atPath: "/usr/share/poppler/cMap"),
                     "needs Debian's poppler-data (bash scripts/install-deps)")
        let result = try Tools.shell("ux-split '\(file)' | ux-text | ux-ocr")
        #expect(result.status == 0, "\(result.stderr)")
        try #require(result.records.count == 3)
        let first = result.records[0]
        #expect(first["text_source"]?.stringValue == "pdf")
        #expect(first["text_layer"]?.objectValue?["usable"]?.boolValue == true)
        #expect(first["text"]?.stringValue == "あいうえお\n日本語\n\n", "\(first["text"] ?? .null)")
        // Its two empty pages still go to OCR.
        #expect(result.records.dropFirst().allSatisfy { $0["text_source"]?.stringValue == "ocr" })
    }

    @Test func imagesAreDocumentsWithOnePagePerImage() throws {
        let file = Tools.corpus.appendingPathComponent("images/tess-phototest.tif").path
        let result = try Tools.shell("ux-split '\(file)' | ux-text")
        #expect(result.status == 0)
        let record = try #require(result.records.first)
        #expect(record["source"]?.stringValue == "image")
        #expect(record["pixel_width"]?.intValue == 640)
        #expect(record["dpi"]?.intValue == 200)
        #expect(record["text"] == nil)
    }
}
