public import UXShared
import Foundation
import UnifexCore

public struct GrepCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-grep",
        abstract: "Search page or document records for text; print each hit with its page and box.",
        discussion: """
            Reads page records (ux-text, ux-ocr) or document records (ux-merge) from stdin or \
            from NDJSON files, and prints one JSON line per match: \
            {"v":1,"type":"hit","doc":…,"page":…,"text":…,"box":[x0,y0,x1,y1],"words":[…]}. \
            The box is the union of the matched words' boxes, in the words' coordinates (points, \
            top-left origin); words are indices into the page record's words. On pages with \
            tables (ux-table), a hit inside a cell names it: "cell":{"table":0,"row":2,"col":1}; on \
            pages with blocks (ux-layout), the block it begins in: "block":{"index":3,"kind":"heading"}.

            Words on the same line are joined with one space when the gap between their boxes is \
            at most --merge-gap points (default: 1.5 × the average character width of the two \
            words), so a phrase matches across word boundaries but not across lines or table \
            columns. Without -E the pattern is literal text, white space in it matching one space.

            Examples:
              ux-split invoices/*.pdf | ux-text | ux-ocr | ux-grep -i 'invoice number'
              ux-grep -E 'total:? *[0-9]+[.,][0-9]{2}' docs.ndjson
              ux-grep -c -i --merge-gap 20 'amount due' pages.ndjson

            Exit status: 0 something matched; 1 nothing matched; 64 usage error; 65 malformed \
            input lines (even when something matched); 66 an input file missing or unreadable; \
            74 I/O error; 130 interrupted.
            """,
        version: unifexVersion)

    @Argument(help: "The text to find (a regular expression with -E).")
    var pattern: String

    @Argument(help: "NDJSON files of page or document records ('-' or none: stdin).")
    var files: [String] = []

    @Flag(name: [.customShort("i"), .customLong("ignore-case")], help: "Match case-insensitively.")
    var ignoreCase = false

    @Flag(name: [.customShort("E"), .customLong("regex")], help: ArgumentHelp(
        "The pattern is a regular expression (ICU syntax).",
        discussion: "Matched in time linear in the text (no backtracking): back-references, look-around, atomic groups and possessive quantifiers are refused."))
    var regex = false

    @Option(name: .customLong("merge-gap"), help: ArgumentHelp(
        "Largest gap between two words of a line that still reads as a space (default: 1.5 × their average character width).",
        valueName: "points"))
    var mergeGap: Double?

    @Flag(name: [.customShort("c"), .customLong("count")], help: "Print only the number of hits.")
    var count = false

    public init() {}

    public func validate() throws {
        if let mergeGap, !(mergeGap >= 0) || !mergeGap.isFinite {
            throw ValidationError("--merge-gap must be a number of points ≥ 0")
        }
        _ = try makeSearch()
    }

    private func makeSearch() throws -> TextSearch {
        do {
            return try TextSearch(pattern: pattern, caseInsensitive: ignoreCase, regex: regex, mergeGap: mergeGap)
        } catch {
            throw ValidationError(error.description)
        }
    }

    public func run() throws {
        let search = try makeSearch()
        var grep = Grep(search: search, writer: count ? nil : RecordWriter())
        var status: ExitStatus = .ok
        for file in files.isEmpty ? ["-"] : files {
            status = status.worst(grep.scan(file))
        }
        if count { RecordWriter().writeRaw(Array("\(grep.hits)\n".utf8)) }
        status = status.worst(grep.hits > 0 ? .ok : .someFailed)
        finish(status)
    }
}

/// Scans inputs for hits, counting them and the malformed lines.
struct Grep {
    let search: TextSearch
    /// nil when only counting.
    let writer: RecordWriter?
    private(set) var hits = 0

    init(search: TextSearch, writer: RecordWriter?) {
        self.search = search; self.writer = writer
    }

    /// Searches one input ("-" for stdin); returns its worst problem, or ok.
    mutating func scan(_ file: String) -> ExitStatus {
        let name = file == "-" ? "stdin" : file
        let fd: Int32
        if file == "-" {
            fd = 0
        } else {
            fd = open(file, O_RDONLY)
            guard fd >= 0 else {
                Diagnostics.error("cannot open: \(String(cString: strerror(errno)))", at: file)
                return .noInput
            }
            var info = stat()
            if fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                close(fd)
                Diagnostics.error("is a directory", at: file)
                return .noInput
            }
        }
        defer { if fd != 0 { close(fd) } }
        let lines = LineReader(fd: fd)
        var status: ExitStatus = .ok
        while let line = lines.next() {
            if line.isBlankLine { continue }
            if let problem = scanLine(line) {
                Diagnostics.error(problem, at: "\(name):\(lines.lineNumber)")
                status = status.worst(.dataError)
            }
        }
        if let code = lines.readError {
            MalformedLine.reportReadError(code, in: name)
            status = status.worst(.ioError)
        }
        return status
    }

    /// Searches one record; returns why the line is malformed, if it is.
    private mutating func scanLine(_ line: ArraySlice<UInt8>) -> String? {
        let value: JSONValue
        do { value = try JSONValue.parse(line) } catch { return "invalid JSON: \(error)" }
        guard let object = value.objectValue else { return "expected a JSON object" }
        if object["type"]?.stringValue == "document" {
            do throws(RecordError) {
                try PageRecord.check(JSONObject(object.pairs.filter { $0.key == "doc" }))
            } catch {
                return error.message
            }
            guard let doc = object["doc"]?.stringValue else { return "record has no \"doc\" string" }
            guard let pages = object["pages"]?.arrayValue else { return "document record has no \"pages\" array" }
            let records = pages.compactMap(\.objectValue)
            for (i, page) in records.enumerated() {
                do throws(RecordError) { try PageRecord.check(page) } catch { return "page record \(i + 1): \(error.message)" }
            }
            for page in records { scanPage(PageRecord(object: page), doc: doc) }
            return nil
        }
        // The error record an upstream tool wrote for a line it could not read: already reported there.
        if object["doc"] == .null, object["input_line"] != nil { return nil }
        do throws(RecordError) { try PageRecord.check(object) } catch { return error.message }
        guard let doc = object["doc"]?.stringValue else { return "record has no \"doc\" string" }
        scanPage(PageRecord(object: object), doc: doc)
        return nil
    }

    private mutating func scanPage(_ record: PageRecord, doc: String) {
        let found = search.search(TextSearch.words(of: record), unitsPerPoint: TextSearch.unitsPerPoint(of: record))
        hits += found.count
        guard let writer else { return }
        let tables = found.isEmpty ? [] : record.tables ?? []
        let blocks = found.isEmpty ? [] : record.blocks ?? []
        for hit in found {
            writer.writeRaw(Self.line(hit, doc: doc, page: record["page"] ?? .null, cell: Self.cell(of: hit.box, in: tables),
                                      block: Self.block(of: hit.box, in: blocks)))
        }
    }

    /// The block (from ux-layout) the hit begins in: its index in reading order and its kind, so
    /// a hit in a heading, a caption or a footnote says so.
    static func block(of box: Box, in blocks: [Block]) -> JSONValue? {
        let x = box.x0 + min(box.width, 1) / 2, y = (box.y0 + box.y1) / 2
        guard let n = blocks.firstIndex(where: { x >= $0.box.x0 && x <= $0.box.x1 && y >= $0.box.y0 && y <= $0.box.y1 }) else { return nil }
        return .object(JSONObject([("index", .int(n)), ("kind", .string(blocks[n].kind.rawValue))]))
    }

    /// The table cell (from ux-table) the hit lies in: its middle inside the cell's box.
    static func cell(of box: Box, in tables: [Table]) -> JSONValue? {
        let x = (box.x0 + box.x1) / 2, y = (box.y0 + box.y1) / 2
        for (n, table) in tables.enumerated() {
            for cell in table.cells where x >= cell.box.x0 && x <= cell.box.x1 && y >= cell.box.y0 && y <= cell.box.y1 {
                return .object(JSONObject([("table", .int(n)), ("row", .int(cell.row)), ("col", .int(cell.col))]))
            }
        }
        return nil
    }

    static func line(_ hit: TextSearch.Hit, doc: String, page: JSONValue, cell: JSONValue? = nil, block: JSONValue? = nil) -> [UInt8] {
        var out: [UInt8] = []
        var fields = JSONObject([
            ("v", .int(recordFormatVersion)),
            ("type", .string("hit")),
            ("doc", .string(doc)),
            ("page", page),
            ("text", .string(hit.text)),
            ("box", hit.box.json),
            ("words", .array(hit.words.map(JSONValue.int))),
        ])
        if let cell { fields["cell"] = cell }
        if let block { fields["block"] = block }
        JSONValue.object(fields).write(to: &out)
        out.append(0x0A)
        return out
    }
}
