import Foundation
import Testing
import UnifexCore
import UnifexPDF
import UnifexTestSupport

/// A document's pages read its file a block at a time, each block once while it is kept: poppler's
/// own file stream reads 256 bytes a system call, and reads a page's fonts and resources afresh
/// for every page (ux-text read tracemonkey's 14 pages with 12,283 reads, now 65).
@Suite struct FileReadsTests {
    /// The read system calls this thread has made, from Linux's per-thread I/O accounting.
    static func readCalls() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/io", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("syscr:") {
            return Int(line.dropFirst("syscr:".count).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }

    @Test(.needsCorpus, .enabled(if: FileReadsTests.readCalls() != nil, "needs /proc/thread-self/io"))
    func aDocumentsPagesReadEachBlockOfItsFileOnce() throws {
        let path = Tools.corpus.appendingPathComponent("text/pdfjs-tracemonkey.pdf").path
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let before = try #require(Self.readCalls())
        let document = try PDFTextDocument(path: path)
        var words = 0
        for page in 1...document.pageCount { words += document.textLayer(page: page)?.text.words.count ?? 0 }
        let reads = try #require(Self.readCalls()) - before
        #expect(words > 10_000)
        // A read a block of 16 KiB, and a few more to open the file and to read these counts.
        #expect(reads <= size / 16_384 + 1 + 20, "\(reads) reads for \(document.pageCount) pages of \(size) bytes")
    }
}
