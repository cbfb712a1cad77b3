import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// `ux-merge --format chunks` on a generated paper whose structure is known (a title, numbered
/// sections and a subsection, a paragraph of six sentences, a list with the sentence that
/// introduces it, a ruled table with its caption, a running header and page numbers), and on a
/// corpus paper.
@Suite struct ChunkTests {
    static let title = "A Study of Chunking"
    static let sentences = [
        "Retrieval needs documents cut into parts that each answer a question.",
        "A part that mixes two sections answers neither of them well.",
        "Long paragraphs are the hard case for every splitter we tried.",
        "They hold many sentences, and each sentence carries one fact.",
        "Cutting inside a sentence leaves two halves that mean nothing.",
        "So a paragraph is cut only where a sentence ends, and only when it is too long.",
    ]
    static let rows = (1...8).map { "| S\($0) | \($0 * 17) | \(["mm", "kg", "ms"][$0 % 3]) |" }
    static let tableHeader = "| Sample | Value | Unit |\n| --- | --- | --- |\n"
    static let caption = "Table 1: Measured values of the samples."

    static var spec: String {
        func line(_ x: Double, _ y: Double, _ size: Double, _ text: String, bold: Bool = false) -> String {
            #"{"x":\#(x),"y":\#(y),"size":\#(size),"text":"\#(text)"\#(bold ? #","style":"bold""# : "")}"#
        }
        var page1 = [line(72, 40, 8, "Journal of Chunks, Volume 1"), line(72, 90, 22, title, bold: true),
                     line(72, 130, 12, "1 Introduction", bold: true)]
        var y = 150.0, current = ""
        for word in sentences.joined(separator: " ").split(separator: " ") {
            if current.count + word.count + 1 > 82 { page1.append(line(72, y, 10, current)); y += 12; current = "" }
            current += (current.isEmpty ? "" : " ") + word
        }
        page1.append(line(72, y, 10, current))
        y += 26
        page1.append(line(72, y, 11, "1.1 Background", bold: true)); y += 20
        page1.append(line(72, y, 10, "The steps are these:")); y += 18
        for item in ["Collect the documents", "Read their pages in order", "Cut them into chunks"] {
            page1 += [line(72, y, 10, "•"), line(84, y, 10, item)]
            y += 14
        }
        y += 14
        page1.append(line(72, y, 12, "2 Methods", bold: true)); y += 20
        page1.append(line(72, y, 10, "Each sample was measured twice, as the table below shows.")); y += 22
        page1.append(line(72, y, 10, caption)); y += 18
        let top = y, xs = [72.0, 200, 330, 460]
        let cells = [["Sample", "Value", "Unit"]] + (1...8).map { ["S\($0)", "\($0 * 17)", ["mm", "kg", "ms"][$0 % 3]] }
        for (r, row) in cells.enumerated() {
            for (c, cell) in row.enumerated() { page1.append(line(xs[c] + 6, y + 4, 10, cell, bold: r == 0)) }
            y += 18
        }
        var rules = (0...cells.count).map { #"{"x0":72,"y0":\#(top + Double($0) * 18 - 2),"x1":460,"y1":\#(top + Double($0) * 18 - 2),"width":0.6}"# }
        rules += xs.map { #"{"x0":\#($0),"y0":\#(top - 2),"x1":\#($0),"y1":\#(top + Double(cells.count) * 18 - 2),"width":0.6}"# }
        page1.append(line(300, 760, 8, "1"))
        let page2 = [line(72, 40, 8, "Journal of Chunks, Volume 1"), line(72, 90, 12, "3 Results", bold: true),
                     line(72, 110, 10, "Every chunk began with its headings and none crossed a section."), line(300, 760, 8, "2")]
        return #"{"pages":[{"lines":[\#(page1.joined(separator: ","))],"rules":[\#(rules.joined(separator: ","))]},{"lines":[\#(page2.joined(separator: ","))]}]}"#
    }

    struct Chunk {
        var headings: [String]
        var text: String
        var pages: [Int]
        var boxPages: [Int]
        var tokens: Int
        var tokenizer: String?

        init(_ o: JSONObject) {
            headings = o["headings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            text = o["text"]?.stringValue ?? ""
            pages = o["pages"]?.arrayValue?.compactMap(\.intValue) ?? []
            boxPages = o["boxes"]?.arrayValue?.compactMap { $0.objectValue?["page"]?.intValue } ?? []
            tokens = o["tokens"]?.intValue ?? -1
            tokenizer = o["tokenizer"]?.stringValue
        }

        /// The text after the heading path the chunk starts with.
        var body: String {
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)[...]
            while let first = lines.first, first.hasPrefix("#") || first.isEmpty { lines = lines.dropFirst() }
            return lines.joined(separator: "\n")
        }
    }

    /// The paper's chunks, with the pipeline's exit status and stderr checked.
    static func chunks(_ options: String, layout: Bool = true) throws -> [Chunk] {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try Fixture.make(spec, name: "paper.pdf", in: dir)
        let stages = layout ? "ux-text | ux-table | ux-layout" : "ux-text | ux-table"
        let result = try Tools.shell("ux-split paper.pdf | \(stages) | ux-merge --format chunks \(options)", in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let records = result.records
        #expect(records.map { $0["chunk"]?.intValue } == Array(1...max(records.count, 1)).map { $0 }, "numbered from 1")
        return records.map(Chunk.init)
    }

    @Test func aSectionThatFitsIsOneChunkAndNoChunkRunsIntoAHeadingOfItsLevel() throws {
        let chunks = try Self.chunks("")
        #expect(chunks.map(\.headings) == [[Self.title, "1 Introduction"], [Self.title, "2 Methods"], [Self.title, "3 Results"]],
                "\(chunks.map(\.text))")
        guard chunks.count == 3 else { return }
        for chunk in chunks {
            // Each chunk starts with its heading path, reads on its own, and carries no furniture.
            #expect(chunk.text.hasPrefix("# \(Self.title)\n\n## \(chunk.headings[1])\n\n"), "\(chunk.text)")
            #expect(!chunk.text.contains("Journal of Chunks"), "\(chunk.text)")
            #expect(!chunk.text.split(separator: "\n").contains { $0 == "1" || $0 == "2" }, "\(chunk.text)")
            #expect(chunk.tokens > 0 && chunk.tokens <= 512 && chunk.tokenizer == "unifex-estimate-1")
            #expect(chunk.pages.count == 2 && Set(chunk.boxPages) == Set(chunk.pages[0]...chunk.pages[1]))
        }
        // The subsection joins its section's chunk, the paragraph whole: it is shorter than the budget.
        #expect(chunks[0].text.contains(Self.sentences.joined(separator: " ") + "\n\n### 1.1 Background\n\n"), "\(chunks[0].text)")
        // The table with its caption and all its rows, once.
        #expect(chunks[1].text.contains(Self.caption + "\n\n" + Self.tableHeader + Self.rows.joined(separator: "\n")), "\(chunks[1].text)")
        #expect(chunks[1].text.components(separatedBy: "| Sample |").count == 2)
        #expect(chunks[2].pages == [2, 2] && chunks[0].pages == [1, 1])
    }

    @Test func aLongParagraphIsCutAtSentenceEndsAndAListStaysWithItsIntroduction() throws {
        let chunks = try Self.chunks("--chunk-tokens 60")
        #expect(chunks.allSatisfy { $0.tokens <= 60 }, "\(chunks.map(\.tokens))")
        // Every sentence whole in exactly one chunk; the paragraph in several, each ending a sentence.
        for sentence in Self.sentences {
            #expect(chunks.filter { $0.text.contains(sentence) }.count == 1, "\(sentence)")
        }
        let paragraph = chunks.filter { chunk in Self.sentences.contains { chunk.body.contains($0) } }
        #expect(paragraph.count >= 2, "\(chunks.map(\.text))")
        for chunk in paragraph {
            #expect(chunk.body.hasSuffix(".") && chunk.headings == [Self.title, "1 Introduction"], "\(chunk.text)")
        }
        let list = chunks.filter { $0.text.contains("The steps are these:") }
        #expect(list.count == 1 && list.first?.headings == [Self.title, "1 Introduction", "1.1 Background"])
        #expect(list.first?.body == "The steps are these:\n\n- Collect the documents\n- Read their pages in order\n- Cut them into chunks",
                "\(list.first?.text ?? "")")
        // Section 2 never shares a chunk with section 1.
        for chunk in chunks where chunk.text.contains("Each sample was measured") {
            #expect(!Self.sentences.contains { chunk.text.contains($0) } && !chunk.text.contains("Collect the documents"))
        }
    }

    @Test func aListLongerThanAChunkIsCutBetweenItemsWithItsIntroductionBeforeTheFirst() throws {
        let chunks = try Self.chunks("--chunk-tokens 40")
        let list = chunks.filter { $0.headings.last == "1.1 Background" }
        #expect(list.count == 2 && list.allSatisfy { $0.tokens <= 40 }, "\(chunks.map(\.text))")
        #expect(list.first?.body.hasPrefix("The steps are these:\n\n- Collect the documents\n") == true, "\(list.first?.text ?? "")")
        for item in ["- Collect the documents", "- Read their pages in order", "- Cut them into chunks"] {
            #expect(list.filter { $0.body.contains(item) }.count == 1, "\(item)")
        }
        // The heading path, too long for half a chunk, keeps its innermost headings.
        #expect(list.allSatisfy { $0.text.hasPrefix("## 1 Introduction\n\n### 1.1 Background\n\n") }, "\(list.map(\.text))")
    }

    /// A list whose introducing paragraph is longer than a chunk: the paragraph is cut at its
    /// sentences, and its last sentence goes with the first item.
    @Test func theSentenceThatIntroducesAListStaysWithItsFirstItem() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let intro = ["The work was done in a fixed order every time.", "Each step was checked before the next one began.",
                     "The steps were these, in order:"]
        let items = ["Collect the documents from the archive", "Read their pages with the text layer",
                     "Cut them into chunks by section", "Load the chunks into the index"]
        var lines = [#"{"x":72,"y":90,"size":12,"text":"1 Steps","style":"bold"}"#]
        lines += intro.enumerated().map { #"{"x":72,"y":\#(112 + 12 * $0.offset),"size":10,"text":"\#($0.element)"}"# }
        for (i, item) in items.enumerated() {
            lines += [#"{"x":72,"y":\#(154 + 14 * i),"size":10,"text":"•"}"#, #"{"x":84,"y":\#(154 + 14 * i),"size":10,"text":"\#(item)"}"#]
        }
        _ = try Fixture.make(#"{"pages":[{"lines":[\#(lines.joined(separator: ","))]}]}"#, name: "steps.pdf", in: dir)
        _ = try Tools.shell("ux-split steps.pdf | ux-text | ux-layout > pages.ndjson", in: dir)
        // 34: the paragraph is longer than a chunk; 44: its last sentence would still fit in the chunk
        // of the others, the first item no more.
        for budget in [34, 44] {
            let result = try Tools.shell("ux-merge --format chunks --chunk-tokens \(budget) < pages.ndjson", in: dir)
            #expect(result.status == 0, "\(result.stderr)")
            let chunks = result.records.map(Chunk.init)
            #expect(chunks.count >= 3 && chunks.allSatisfy { $0.tokens <= budget }, "\(chunks.map(\.text))")
            let last = chunks.filter { $0.body.contains(intro[2]) }
            let start = intro[2] + "\n\n- " + items[0]
            #expect(last.count == 1 && (last.first?.body == start || last.first?.body.hasPrefix(start + "\n") == true), "\(chunks.map(\.text))")
        }
    }

    @Test func aTableTooLongForAChunkIsCutByRowsWithItsHeaderRepeated() throws {
        let chunks = try Self.chunks("--chunk-tokens 60")
        let table = chunks.filter { $0.text.contains("| S") }
        #expect(table.count >= 2, "\(chunks.map(\.text))")
        for chunk in table {
            #expect(chunk.body.contains(Self.tableHeader) && chunk.tokens <= 60, "\(chunk.text)")
            #expect(chunk.headings == [Self.title, "2 Methods"])
        }
        #expect(table.first?.body.hasPrefix(Self.caption + "\n\n" + Self.tableHeader + Self.rows[0]) == true, "\(table.first?.text ?? "")")
        for row in Self.rows {
            #expect(table.filter { $0.text.contains(row + "\n") || $0.text.hasSuffix(row) }.count == 1, "\(row)")
        }
    }

    @Test func anOverlapRepeatsTheEndOfTheLastChunkOfTheSameSectionOnly() throws {
        let plain = try Self.chunks("--chunk-tokens 60")
        let overlapping = try Self.chunks("--chunk-tokens 60 --chunk-overlap 12")
        #expect(overlapping.allSatisfy { $0.tokens <= 60 }, "\(overlapping.map(\.tokens))")
        var repeated = 0
        for (previous, chunk) in zip(overlapping, overlapping.dropFirst()) where previous.headings == chunk.headings {
            // The chunk begins with (at least) the last three words of the one before.
            let before = previous.body.split(whereSeparator: \.isWhitespace), after = chunk.body.split(whereSeparator: \.isWhitespace)
            if (3...min(12, before.count, after.count)).contains(where: { Array(before.suffix($0)) == Array(after.prefix($0)) }) {
                repeated += 1
            }
            #expect(!chunk.body.hasPrefix("|") || chunk.body.hasPrefix(Self.tableHeader), "\(chunk.text)")
        }
        #expect(repeated >= 2, "\(overlapping.map(\.text))")
        #expect(!plain.contains { $0.body.hasPrefix("two sections answers") })
        // A new section starts afresh.
        let methods = overlapping.first { $0.headings.last == "2 Methods" }
        #expect(methods?.body.hasPrefix("Each sample was measured") == true, "\(methods?.text ?? "")")
    }

    @Test func withoutLayoutChunksAreCutFromParagraphsAndLeaveRunningHeadersOut() throws {
        let chunks = try Self.chunks("", layout: false)
        #expect(!chunks.isEmpty)
        for chunk in chunks {
            #expect(!chunk.text.contains("Journal of Chunks"), "\(chunk.text)")
            #expect(!chunk.text.split(separator: "\n").contains { $0 == "1" || $0 == "2" }, "\(chunk.text)")
        }
        let all = chunks.map(\.text).joined(separator: "\n")
        let words = all.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for sentence in Self.sentences { #expect(words.contains(sentence), "\(sentence)") }
        #expect(chunks.last?.headings == [Self.title] && all.contains(Self.rows.joined(separator: "\n")), "\(all)")
    }

    @Test func chunkOptionsAreCheckedAndNeedTheChunksFormat() throws {
        for options in ["--format markdown --chunk-tokens 100", "--format chunks --chunk-overlap 300", "--format chunks --chunk-tokens 5"] {
            let result = try Tools.shell("ux-merge \(options) < /dev/null")
            #expect(result.status == 64, "\(options): \(result.stderr)")
            #expect(result.stderr.contains("--chunk-"), "\(result.stderr)")
        }
    }

    /// All of a real paper's text is in its chunks once (the heading paths apart), within the budget,
    /// in records the schema accepts; --output-dir writes the same lines to `<doc>.chunks.jsonl`.
    @Test(.needsCorpus) func aCorpusPapersChunksHoldAllItsTextOnceWithinTheBudget() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let paper = Tools.corpus.appendingPathComponent("text/pdfjs-tracemonkey.pdf").path
        let result = try Tools.shell("""
            ux-split '\(paper)' | ux-text | ux-layout > pages.ndjson
            ux-merge --format markdown < pages.ndjson > paper.md
            ux-merge --format chunks --chunk-tokens 200 < pages.ndjson > chunks.jsonl
            ux-merge --format chunks --chunk-tokens 200 --output-dir out < pages.ndjson
            python3 '\(SchemaTests.validator)' chunks.jsonl
            ux-split --skip-done out --done-format chunks '\(paper)' > again.ndjson
            """, in: dir)
        #expect(result.status == 0, "\(result.text)\(result.stderr)")
        let lines = try String(contentsOf: dir.appendingPathComponent("chunks.jsonl"), encoding: .utf8)
        let chunks = lines.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)).objectValue }.map(Chunk.init)
        #expect(chunks.count > 20)
        #expect(chunks.allSatisfy { $0.tokens <= 200 }, "\(chunks.map(\.tokens).max() ?? 0)")
        // In reading order, the boxes of each chunk named once and on the pages it spans.
        let firsts = chunks.compactMap(\.pages.first)
        #expect(firsts.first == 1 && chunks.last?.pages.last == 14 && zip(firsts, firsts.dropFirst()).allSatisfy { $0 <= $1 }, "\(firsts)")
        for chunk in chunks {
            #expect(chunk.pages.count == 2 && Set(chunk.boxPages) == Set(chunk.pages[0]...chunk.pages[1]), "\(chunk.pages) \(chunk.boxPages)")
            #expect(chunk.boxPages == chunk.boxPages.sorted(), "\(chunk.boxPages)")
        }
        func letters(_ text: String) -> String {
            text.split(separator: "\n").filter { !$0.hasPrefix("#") && $0 != "<!-- image -->" }.joined().filter { !$0.isWhitespace }
        }
        let markdown = try String(contentsOf: dir.appendingPathComponent("paper.md"), encoding: .utf8)
        #expect(letters(chunks.map(\.body).joined(separator: "\n")) == letters(markdown))
        let written = dir.appendingPathComponent("out").appendingPathComponent(String(paper.dropFirst()) + ".chunks.jsonl")
        #expect(try String(contentsOf: written, encoding: .utf8) == lines)
        // A document written as chunks is done for ux-split --skip-done.
        #expect(try Data(contentsOf: dir.appendingPathComponent("again.ndjson")).isEmpty)
    }
}
