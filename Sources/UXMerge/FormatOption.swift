import UXShared
import UnifexDocument

/// `--format`: the name of one of `DocumentFormats.all`.
struct FormatOption: ExpressibleByArgument, Sendable {
    let format: any DocumentFormat

    init(_ format: any DocumentFormat) { self.format = format }

    init?(argument: String) {
        guard let format = DocumentFormats.named(argument) else { return nil }
        self.format = format
    }

    var defaultValueDescription: String { format.name }
    static var allValueStrings: [String] { DocumentFormats.all.map(\.name) }
    static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// Pages decoded on a worker thread, with the reason when the line was not a record.
struct Decoded: Sendable {
    var line: Int
    var record: PageRecord
    var error: RecordError?
}
