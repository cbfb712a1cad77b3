/// The version of the record format written in every record's `"v"` field.
public let recordFormatVersion = 1

/// What became of a page (or of a whole document, for document-level records).
public enum RecordStatus: String, Sendable, CaseIterable {
    case ok, error, skipped, timeout
}

/// What went wrong, as a library says it: a stable code (`damaged`, `encrypted`, `timeout`) and
/// a sentence. The command that met it adds its stage when it puts it in a record.
public struct UnifexError: Equatable, Sendable, Error {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code; self.message = message
    }
}

/// Why a record is not `ok`: the stage that gave up, a stable code, and a sentence for people.
public struct RecordError: Equatable, Sendable, Error {
    public var stage: String
    public var code: String
    public var message: String

    public init(stage: String, code: String, message: String) {
        self.stage = stage; self.code = code; self.message = message
    }

    /// The stage a line that is not a valid record is blamed on: no tool did anything wrong,
    /// whichever one read it.
    public static let inputStage = "input"

    /// A library's error as met by `stage`.
    public init(stage: String, _ error: UnifexError) {
        self.init(stage: stage, code: error.code, message: error.message)
    }

    /// The record's `error` object.
    public var json: JSONValue {
        .object(JSONObject([("stage", .string(stage)), ("code", .string(code)), ("message", .string(message))]))
    }

    init?(_ value: JSONValue?) {
        guard let o = value?.objectValue else { return nil }
        stage = o["stage"]?.stringValue ?? ""
        code = o["code"]?.stringValue ?? ""
        message = o["message"]?.stringValue ?? ""
    }
}

/// One line of the stream: a page of a document, or a document-level error.
///
/// A thin typed view over the JSON object, so that fields a tool does not know
/// survive untouched and in their original order.
public struct PageRecord: Sendable, Equatable {
    public var object: JSONObject

    public init(object: JSONObject) { self.object = object }

    /// A new page record in the canonical key order.
    public init(doc: String, source: String, page: Int?, pageCount: Int?, selected: Int) {
        object = JSONObject([
            ("v", .int(recordFormatVersion)),
            ("type", .string("page")),
            ("doc", .string(doc)),
            ("source", .string(source)),
            ("page", page.map(JSONValue.int) ?? .null),
            ("page_count", pageCount.map(JSONValue.int) ?? .null),
            ("selected", .int(selected)),
            ("status", .string(RecordStatus.ok.rawValue)),
        ])
    }

    public var doc: String? { object["doc"]?.stringValue }
    public var source: String? { object["source"]?.stringValue }
    public var page: Int? { object["page"]?.intValue }
    public var pageCount: Int? { object["page_count"]?.intValue }
    /// How many records the splitting stage emitted for this document (the pages selected, or 1 for a document error).
    public var selected: Int? { object["selected"]?.intValue }

    public var status: RecordStatus {
        get { object["status"]?.stringValue.flatMap(RecordStatus.init(rawValue:)) ?? .error }
        set { object["status"] = .string(newValue.rawValue) }
    }

    public var error: RecordError? { RecordError(object["error"]) }

    /// Marks the record failed; the text fields a failed stage would have written are left out.
    public mutating func fail(_ status: RecordStatus = .error, _ error: RecordError) {
        self.status = status
        object["error"] = error.json
    }

    public var warnings: [String] { object["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// For `--strict`: a page poppler had to repair (`damaged: true`) becomes an error record
    /// (code `damaged`, its first damage report as the reason) instead of an ok page with warnings.
    /// Returns true when it did.
    @discardableResult
    public mutating func failIfDamaged(stage: String) -> Bool {
        guard status == .ok, object["damaged"]?.boolValue == true else { return false }
        let reason = warnings.first.map { ": \($0)" } ?? ""
        fail(.error, RecordError(stage: stage, code: "damaged", message: "repaired by poppler, refused by --strict\(reason)"))
        return true
    }

    public mutating func addWarnings(_ new: [String]) {
        guard !new.isEmpty else { return }
        object["warnings"] = .array((warnings + new).map(JSONValue.string))
    }

    public subscript(key: String) -> JSONValue? {
        get { object[key] }
        set { object[key] = newValue }
    }

    public func serialized() -> String { JSONValue.object(object).serialized() }

    public func write(to out: inout [UInt8]) { JSONValue.object(object).write(to: &out) }

    /// Decodes one input line; the line must be a JSON object carrying at least `doc`.
    public static func decode(_ line: some Collection<UInt8>, skipping: Set<String> = []) throws(RecordError) -> PageRecord {
        let value: JSONValue
        // The document writer puts page records two levels down in its documents (object, pages array),
        // which every tool must be able to read again.
        do { value = try JSONValue.parse(line, skippingTopLevelKeys: skipping, maximumDepth: JSONValue.maximumDepth - 2) } catch {
            throw RecordError(stage: RecordError.inputStage, code: "bad-record", message: "invalid JSON: \(error)")
        }
        guard case .object(let object) = value else {
            throw RecordError(stage: RecordError.inputStage, code: "bad-record", message: "expected a JSON object")
        }
        // An upstream tool's error record for a line it could not read has no document: it
        // passes through as it is, already reported.
        let upstreamBadLine = object["doc"] == .null && object["input_line"] != nil && object["error"] != nil
        if !upstreamBadLine { try check(object) }
        return PageRecord(object: object)
    }

    /// What every tool requires of a record it reads: a `doc` string a path can hold, and a
    /// `page` that is null (a document-level record) or a whole number from 1.
    public static func check(_ object: JSONObject) throws(RecordError) {
        func bad(_ message: String) -> RecordError { RecordError(stage: RecordError.inputStage, code: "bad-record", message: message) }
        guard let doc = object["doc"]?.stringValue else { throw bad("record has no \"doc\" string") }
        // A path ends at its first NUL: the rest would be silently cut off, and the record then
        // stand for another document.
        if doc.utf8.contains(0) { throw bad("\"doc\" contains a NUL character, which no file name can hold") }
        if let page = object["page"], page != .null {
            guard let number = page.intValue, number >= 1 else {
                var shown: [UInt8] = []
                page.write(to: &shown)
                let text = String(decoding: shown.prefix(40), as: UTF8.self) + (shown.count > 40 ? "…" : "")
                throw bad("\"page\" is \(text), not a page number (a whole number from 1, or null)")
            }
        }
    }

    /// Decodes input line `number`: the record, or the error record that stands for a malformed
    /// line (with the reason, for the tool to report).
    public static func decode(line: some Collection<UInt8>, number: Int, stage: String,
                              skipping: Set<String> = []) -> (record: PageRecord, error: RecordError?) {
        do {
            return (try decode(line, skipping: skipping), nil)
        } catch {
            return (badInput(line: number, raw: line, error: error, stage: stage), error)
        }
    }

    /// The record that stands in the output for an input line that could not be read,
    /// carrying the line itself so nothing the user gave is lost.
    public static func badInput(line: Int, raw: some Collection<UInt8>, error: RecordError, stage: String) -> PageRecord {
        var record = PageRecord(object: JSONObject([
            ("v", .int(recordFormatVersion)),
            ("type", .string("page")),
            ("doc", .null),
            ("page", .null),
            ("status", .string(RecordStatus.error.rawValue)),
        ]))
        record.fail(.error, RecordError(stage: stage, code: error.code, message: "line \(line): \(error.message)"))
        record["input_line"] = .int(line)
        record["raw"] = .string(String(decoding: raw.prefix(1 << 20), as: UTF8.self))
        return record
    }
}
