public import UnifexCore

/// What can be drawn over a page (`--show`).
public enum Layer: String, Sendable, CaseIterable {
    case words, lines, blocks, tables
}

/// What a page record holds that is drawn over its picture, read defensively: a box that is
/// not four finite numbers is left out, and so is what is past the limits.
public struct Overlay: Sendable {
    public var words: [TextSpan] = []
    public var lines: [TextSpan] = []
    public var blocks: [Block] = []
    public var tables: [Table] = []
    /// The corner note: text-layer verdict, OCR resolution and confidence, where the text came from.
    public var notes: [String] = []
    /// What was left undrawn, for a warning.
    public var leftOut: [String] = []

    /// The most marks of one kind drawn on a page: past that a page is a grey blur anyway, and a
    /// record of a million words must not take minutes.
    public static let mostMarks = 100_000

    public init(_ record: PageRecord, show: Set<Layer>) {
        func spans(_ key: String) -> [TextSpan] {
            guard let all = record[key]?.arrayValue else { return [] }
            if all.count > Self.mostMarks { leftOut.append("\(all.count - Self.mostMarks) of \(all.count) \(key)") }
            return all.prefix(Self.mostMarks).compactMap { TextSpan($0) }
        }
        if show.contains(.words) { words = spans("words") }
        if show.contains(.lines) { lines = spans("lines") }
        if show.contains(.blocks), let all = record["blocks"]?.arrayValue {
            if all.count > Self.mostMarks { leftOut.append("\(all.count - Self.mostMarks) of \(all.count) blocks") }
            blocks = all.prefix(Self.mostMarks).compactMap { Block($0) }
        }
        if show.contains(.tables), let all = record["tables"]?.arrayValue {
            tables = all.prefix(1_000).compactMap { Table($0) }
        }
        notes = Self.notes(record)
    }

    static func notes(_ record: PageRecord) -> [String] {
        var notes: [String] = []
        if let layer = record["text_layer"]?.objectValue {
            let chars = layer["chars"]?.intValue.map { " \($0) chars" } ?? ""
            if layer["usable"]?.boolValue == false {
                let reason = layer["reason"]?.stringValue.map { ": \($0)" } ?? ""
                notes.append("text layer not usable\(reason),\(chars)")
            } else if layer["usable"]?.boolValue == true {
                notes.append("text layer usable,\(chars)")
            }
        }
        if let ocr = record["ocr"]?.objectValue {
            var note = "OCR"
            if let dpi = ocr["dpi"]?.doubleValue, dpi.isFinite { note += " \(Int(saturating: dpi)) dpi" }
            if let conf = ocr["conf"]?.doubleValue, conf.isFinite { note += ", conf \(Int(saturating: min(max(conf, 0), 1) * 100))%" }
            notes.append(note)
        }
        if let source = record["text_source"]?.stringValue, source.count <= 20 { notes.append("text from \(source)") }
        // A damaged page is worth a look whatever its text says: part of it may be missing.
        if record["damaged"]?.boolValue == true { notes.append("damaged: repaired while read") }
        let warnings = record.warnings.count
        if warnings > 0 { notes.append("\(warnings) warning\(warnings == 1 ? "" : "s") from the PDF library") }
        return notes.map { String($0.prefix(120)) }
    }
}

