import Foundation
import UXShared
import UnifexCore
import UnifexDocument
import UnifexDraw

/// The documents and pages a run wrote, in the order they came, for index.html.
final class BatchSeen: @unchecked Sendable {
    private let lock = Lock()
    private var documents: [DocumentEntry] = []
    private var index: [String: Int] = [:]

    func add(_ record: PageRecord) {
        let doc = record.doc ?? "(no document)"
        // Two files given under one path stay two documents, as in ux-merge.
        let key = doc + "\u{0}" + (record.fileID ?? "")
        let selected = record.selected
        let error = record.status == .ok ? nil : record.error.map { "\($0.stage): \($0.message)" } ?? record.status.rawValue
        var entry: PageEntry?
        if let page = record.page {
            let (text, isMarkdown) = pageText(record)
            let picture = record.status == .ok ? pictureName(doc: doc, fileID: record.fileID, page: page) : nil
            entry = PageEntry(page: page, status: record.status.rawValue, error: error, picture: picture, text: text, isMarkdown: isMarkdown)
        }
        lock.withLock {
            let i = index[key] ?? {
                documents.append(DocumentEntry(doc: doc, selected: selected))
                index[key] = documents.count - 1
                return documents.count - 1
            }()
            if let entry { documents[i].pages.append(entry) } else { documents[i].error = error ?? "no pages" }
        }
    }

    var entries: [DocumentEntry] { lock.withLock { documents } }
}

let batchSeen = BatchSeen()

/// A page's Markdown when ux-layout gave it blocks, else its text.
private func pageText(_ record: PageRecord) -> (String, Bool) {
    if let blocks = record.blocks, !blocks.isEmpty {
        return (MarkdownBlocks.render(blocks, tables: record.tables ?? []), true)
    }
    return (HTMLText.cut(record["text"]?.stringValue ?? "", to: BatchIndex.mostTextPerPage), false)
}

/// Writes index.html into the output folder; false (after saying why) when it cannot.
func writeIndex(_ seen: BatchSeen, reports: [String], outputDir: String) -> Bool {
    var summaries: [ReportSummary] = [], unread: [(name: String, reason: String)] = []
    for path in reports {
        let value: JSONValue
        do throws(UnifexError) {
            try checkReadable(path)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UnifexError(code: "io", message: "cannot be read")
            }
            do throws(JSONParseError) {
                value = try JSONValue.parse(data)
            } catch {
                throw UnifexError(code: "bad-report", message: "not JSON (\(error))")
            }
        } catch {
            unread.append((path, error.message))
            Diagnostics.warning("\(path): \(error.message); the report is left out of index.html")
            continue
        }
        guard let summary = ReportSummary(name: path, value) else {
            unread.append((path, "not a batch report of ux-merge"))
            Diagnostics.warning("\(path): not a batch report of ux-merge; left out of index.html")
            continue
        }
        summaries.append(summary)
    }
    let page = BatchIndex(documents: seen.entries, reports: summaries, unreadReports: unread).html()
    do throws(UnifexError) {
        try AtomicFile.write(Array(page.utf8), to: PathName.join(outputDir, "index.html"))
        return true
    } catch {
        Diagnostics.error("cannot write index.html: \(error.message)", at: outputDir)
        return false
    }
}
