import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Every record the tools write for the shared corpus matches schema/*.schema.json, checked by a
/// real Draft 2020-12 validator (python3-jsonschema, through schema/validate.py).
@Suite(.needsCorpus) struct SchemaTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let validator = repository.appendingPathComponent("schema/validate.py").path

    /// The corpus files to run: every PDF and image except the decompression bomb.
    static let corpusFiles: [String] = CorpusTests.manifest
        .filter { !$0.kind.contains("bomb") }
        .map { Tools.corpus.appendingPathComponent($0.path).path }

    /// The tools' output for the corpus, made once in a handful of batched pipelines.
    struct Outputs {
        var dir: URL
        var log: String
    }

    static let outputs: Result<Outputs, Tools.FailedRun> = {
        do {
            let dir = try Tools.scratch()
            try corpusFiles.joined(separator: "\n").appending("\n").write(to: dir.appendingPathComponent("files.txt"),
                                                                          atomically: true, encoding: .utf8)
            let corpus = Tools.corpus.path
            // Exit statuses 1 and 65 are expected (broken files, encrypted ones without their
            // password, the malformed lines fed in on purpose); any other is a failed run.
            // The validator (slow on 200,000 words) checks each batch in the background while the
            // next one runs; NAME.status and NAME.check hold its exit status and its report.
            let script = """
                set +o pipefail
                ok() { local s=$?; case $s in 0|1|65) ;; *) echo "exit $s: $1" >&2; exit 1;; esac; }
                check() { local name=$1; shift; python3 '\(validator)' "$@" > $name.check 2>&1; echo $? > $name.status; }
                ux-split --files-from files.txt | ux-text -j2 --timeout 30 | ux-layout -j2 > pages.ndjson 2> /dev/null; ok text
                # An encrypted document opened with its password, and --pages selecting nothing of an image.
                (export UNIFEX_PASSWORD=test; ux-split '\(corpus)/encrypted/pdfplumber-password-example.pdf' | ux-text >> pages.ndjson); ok password
                ux-split --pages 2-3 '\(corpus)/text/pysamples-multicolumn.pdf' '\(corpus)/images/tess-phototest.tif' 2> /dev/null \\
                    | ux-text >> pages.ndjson; ok pages
                # The error records that stand for malformed input lines.
                (echo 'not json'; echo '[1]'; echo '{"doc": 7}'; head -2 pages.ndjson) | ux-text 2> /dev/null >> pages.ndjson; ok malformed
                # Pages refused by --strict.
                ux-split --strict '\(corpus)/broken/pdfplumber-issue-848-bad-xref.pdf' 2> /dev/null >> pages.ndjson; ok strict
                # Characters with fonts.
                ux-split '\(corpus)/text/pysamples-multicolumn.pdf' | ux-text --chars | ux-layout > chars.ndjson; ok chars
                # OCR of an image and scanned pages, one skewed (straightened with --deskew).
                ux-split '\(corpus)/images/tess-phototest.tif' '\(corpus)/scanned/ocrmypdf-linn.pdf' \\
                    '\(corpus)/scanned/ocrmypdf-skew.pdf' | ux-text | ux-ocr -j2 --deskew | ux-layout > ocr.ndjson; ok ocr
                grep -q '"skew":1\\.' ocr.ndjson || { echo "no skew measured on the skewed scan" >&2; exit 1; }
                check pages --schema page pages.ndjson chars.ndjson ocr.ndjson &
                cat pages.ndjson chars.ndjson ocr.ndjson | ux-merge --report report.json > documents.ndjson 2> /dev/null; ok merge
                cat chars.ndjson ocr.ndjson | ux-merge --unit px > px.ndjson; ok px
                cat chars.ndjson ocr.ndjson | ux-merge --unit norm > norm.ndjson; ok norm
                check documents documents.ndjson px.ndjson norm.ndjson &
                # Chunks of every document, from blocks (ux-layout) and from lines alone.
                cat pages.ndjson ocr.ndjson | ux-merge --format chunks > chunks.ndjson 2> /dev/null; ok chunks
                ux-merge --format chunks --chunk-tokens 64 --chunk-overlap 16 < chars.ndjson > small-chunks.ndjson; ok small-chunks
                python3 -c 'import json, sys
                for line in sys.stdin:
                    try: record = json.loads(line); record.pop("blocks", None); line = json.dumps(record) + "\\n"
                    except Exception: pass
                    sys.stdout.write(line)' < pages.ndjson | ux-merge --format chunks > line-chunks.ndjson 2> /dev/null; ok line-chunks
                check chunks --schema chunk chunks.ndjson small-chunks.ndjson line-chunks.ndjson &
                # Hits in page and document records, from the text layer and OCR, in points and other units.
                ux-grep -i -E '[a-z]+ [a-z]+' chars.ndjson ocr.ndjson px.ndjson norm.ndjson > hits.ndjson; ok grep
                check report --schema report report.json
                check hits --schema hit hits.ndjson
                wait
                """
            let result = try Tools.shell(script, in: dir, timeout: 600)
            guard result.status == 0 else { return .failure(Tools.FailedRun(message: "exit \(result.status): \(result.stderr)")) }
            return .success(Outputs(dir: dir, log: result.stderr))
        } catch {
            return .failure(Tools.FailedRun(message: "\(error)"))
        }
    }()

    /// What the validator said about one batch: its exit status and its report.
    static func checked(_ name: String, in dir: URL) throws -> (status: Int?, report: String) {
        let status = try String(contentsOf: dir.appendingPathComponent(name + ".status"), encoding: .utf8)
        let report = try String(contentsOf: dir.appendingPathComponent(name + ".check"), encoding: .utf8)
        return (Int(status.trimmingCharacters(in: .whitespacesAndNewlines)), report)
    }

    /// Runs the validator on files; returns its exit status and what it printed.
    static func validate(_ files: [String], schema: String? = nil, in dir: URL) throws -> Tools.Result {
        let option = schema.map { "--schema \($0) " } ?? ""
        return try Tools.shell("python3 '\(validator)' \(option)\(files.joined(separator: " "))", in: dir)
    }

    static func records(_ file: String, in dir: URL) throws -> [JSONObject] {
        let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
        return text.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)).objectValue }
    }

    @Test func validatorIsInstalled() throws {
        let check = try Tools.shell("python3 -c 'import jsonschema; jsonschema.Draft202012Validator'")
        #expect(check.status == 0, "python3-jsonschema is missing (scripts/install-deps): \(check.stderr)")
    }

    @Test func pageRecordsMatch() throws {
        let out = try Self.outputs.get()
        let result = try Self.checked("pages", in: out.dir)
        #expect(result.status == 0, "\(result.report.prefix(3000))")

        // The batch covers what the schema describes.
        let pages = try Self.records("pages.ndjson", in: out.dir)
        #expect(pages.count > 500)
        let statuses = Set(pages.compactMap { $0["status"]?.stringValue })
        #expect(statuses.isSuperset(of: ["ok", "error", "skipped"]))
        #expect(pages.contains { $0["doc"] == .null && $0["input_line"] != nil })
        #expect(pages.contains { $0["page"] == .null && $0["doc"]?.stringValue != nil })
        #expect(pages.contains { $0["encrypted"]?.boolValue == true && $0["text"] != nil })
        #expect(pages.contains { $0["source"]?.stringValue == "image" })
        #expect(pages.contains { $0["damaged"]?.boolValue == true })
        #expect(try Self.records("chars.ndjson", in: out.dir).contains { !($0["chars"]?.arrayValue ?? []).isEmpty })
        let ocr = try Self.records("ocr.ndjson", in: out.dir)
        #expect(ocr.count == 3)
        #expect(ocr.allSatisfy { $0["text_source"]?.stringValue == "ocr" })
        #expect(ocr.allSatisfy { $0["ocr"]?.objectValue?["skew"]?.doubleValue != nil })
    }

    @Test func documentRecordsMatch() throws {
        let out = try Self.outputs.get()
        // ux-merge's output also holds the page records that stand for malformed lines.
        let result = try Self.checked("documents", in: out.dir)
        #expect(result.status == 0, "\(result.report.prefix(3000))")
        let documents = try Self.records("documents.ndjson", in: out.dir).filter { $0["type"]?.stringValue == "document" }
        #expect(documents.count >= Self.corpusFiles.count)
        let statuses = Set(documents.compactMap { $0["status"]?.stringValue })
        #expect(statuses.isSuperset(of: ["ok", "error", "skipped"]))
        #expect(try Self.records("px.ndjson", in: out.dir).contains {
            $0["pages"]?.arrayValue?.first?.objectValue?["unit"]?.stringValue == "px"
        })
    }

    @Test func reportMatches() throws {
        let out = try Self.outputs.get()
        let result = try Self.checked("report", in: out.dir)
        #expect(result.status == 0, "\(result.report)")
        let report = try #require(try Self.records("report.json", in: out.dir).first)
        #expect((report["failures"]?.arrayValue ?? []).count > 10)
        #expect((report["malformed_lines"]?.intValue ?? 0) > 0)
    }

    @Test func chunksMatch() throws {
        let out = try Self.outputs.get()
        let result = try Self.checked("chunks", in: out.dir)
        #expect(result.status == 0, "\(result.report.prefix(3000))")
        #expect(try Self.records("chunks.ndjson", in: out.dir).count > 500)
        #expect(try Self.records("small-chunks.ndjson", in: out.dir).allSatisfy { ($0["tokens"]?.intValue ?? 99) <= 64 })
        #expect(try Self.records("line-chunks.ndjson", in: out.dir).count > 100)
    }

    @Test func grepHitsMatch() throws {
        let out = try Self.outputs.get()
        let result = try Self.checked("hits", in: out.dir)
        #expect(result.status == 0, "\(result.report.prefix(3000))")
        #expect(try Self.records("hits.ndjson", in: out.dir).count > 100)
    }

    /// The validator catches records that break the format, so the tests above can fail.
    @Test(arguments: [
        // Boxes are four numbers; confidences are 0–1; status, source and text_source are closed sets.
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","text":"x","text_source":"pdf","lines":[],"words":[{"text":"x","box":[0,0,1]}]}"#),
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","text":"x","text_source":"ocr","lines":[],"words":[{"text":"x","box":[0,0,1,1],"conf":96}]}"#),
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"done"}"#),
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"scan","page":1,"page_count":1,"selected":1,"status":"ok"}"#),
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","text":"x","words":[],"lines":[],"text_source":"layer"}"#),
        // A failed record says why; a page number is a positive integer; doc is required.
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"error"}"#),
        ("page", #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":"1","page_count":1,"selected":1,"status":"ok"}"#),
        ("page", #"{"v":1,"type":"page","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok"}"#),
        // A malformed-input record keeps the line.
        ("page", #"{"v":1,"type":"page","doc":null,"page":null,"status":"error","error":{"stage":"text","code":"bad-record","message":"line 1: x"}}"#),
        // Document records: closed status set, and their pages are page records.
        ("document", #"{"v":1,"type":"document","doc":"a.pdf","source":"pdf","page_count":1,"status":"fine","pages_ok":1,"pages_failed":0,"pages_missing":0,"pages":[]}"#),
        ("document", #"{"v":1,"type":"document","doc":"a.pdf","source":"pdf","page_count":1,"status":"ok","pages_ok":1,"pages_failed":0,"pages_missing":0,"pages":[{"v":1,"type":"page","doc":"a.pdf","page":1}]}"#),
        ("hit", #"{"v":1,"type":"hit","doc":"a.pdf","page":1,"text":"x","box":[0,0,1,1,5],"words":[0]}"#),
        // Chunks: pages are a first and a last page, every chunk says where its text stands and what counted its tokens.
        ("chunk", #"{"v":1,"type":"chunk","doc":"a.pdf","chunk":1,"headings":[],"text":"x","pages":[1],"boxes":[{"page":1,"box":[0,0,1,1]}],"tokens":1,"tokenizer":"t"}"#),
        ("chunk", #"{"v":1,"type":"chunk","doc":"a.pdf","chunk":1,"headings":[],"text":"x","pages":[1,1],"boxes":[],"tokens":1,"tokenizer":"t"}"#),
        ("chunk", #"{"v":1,"type":"chunk","doc":"a.pdf","chunk":1,"headings":[],"text":"x","pages":[1,1],"boxes":[{"page":1,"box":[0,0,1,1]}],"tokens":1}"#),
    ])
    func brokenRecordsFail(_ schema: String, _ record: String) throws {
        let dir = try Tools.scratch()
        try (record + "\n").write(to: dir.appendingPathComponent("broken.ndjson"), atomically: true, encoding: .utf8)
        let result = try Self.validate(["broken.ndjson"], in: dir)
        #expect(result.status == 1, "\(result.text)\(result.stderr)")
        #expect(result.text.hasPrefix("broken.ndjson:1: "), "\(result.text)")
    }

    @Test func aWellFormedRecordPasses() throws {
        let dir = try Tools.scratch()
        let chunk = #"{"v":1,"type":"chunk","doc":"a.pdf","chunk":1,"headings":["1 A"],"text":"x","pages":[1,2],"boxes":[{"page":1,"box":[0,0,1,1]}],"tokens":1,"tokenizer":"t"}"#
        try (chunk + "\n").write(to: dir.appendingPathComponent("chunk.ndjson"), atomically: true, encoding: .utf8)
        let checked = try Self.validate(["chunk.ndjson"], in: dir)
        #expect(checked.status == 0, "\(checked.text)\(checked.stderr)")
        let record = #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","mine":{"any":"thing"},"text":"x\n","words":[{"text":"x","box":[0,0,1.5,1],"conf":0.5}],"lines":[{"text":"x","box":[0,0,1.5,1]}],"text_source":"ocr"}"#
        try (record + "\n").write(to: dir.appendingPathComponent("good.ndjson"), atomically: true, encoding: .utf8)
        let result = try Self.validate(["good.ndjson"], in: dir)
        #expect(result.status == 0, "\(result.text)\(result.stderr)")
    }
}

extension Tools {
    struct FailedRun: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
