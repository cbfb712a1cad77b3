public import UXShared
import Foundation
import UnifexCore
import UnifexLayout

public struct LayoutCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-layout",
        abstract: "Add the document structure to page records: blocks in reading order.",
        discussion: """
            Reads page records that carry `lines` (from ux-text or ux-ocr; after ux-table, its tables \
            take their place) and writes them in the same order with `blocks` added: the page's \
            title, headings (with their level), paragraphs, list items (with their marker and \
            depth), captions, footnotes, code, tables, pictures (from the images ux-table found, \
            with their captions), and its running header and footer, in reading order: columns \
            one after another, a title or figure that spans them in its place. Each block has its \
            kind, box, text and the indices of its lines; a paragraph, list item or caption with \
            words set in bold or italic also its text as Markdown with that emphasis (`markdown`). \
            Pages without lines get `"blocks": []`; records that are not ok pass through unchanged.

            Structure comes from what the page shows: fonts (size, weight, slant, fixed pitch) on \
            text-layer pages, line heights and indentation on OCRed ones, section numbers, list \
            markers, caption labels, and where each line stands; a PDF's outline (ux-split's \
            `outline`), where it has one, names headings and their depth first. A word hyphenated at a line's end \
            is joined again when the word list (/usr/share/dict/words, Debian's wamerican) knows the \
            whole word; hyphenated compounds keep their hyphen. ux-merge --format markdown writes \
            documents from the blocks, leaving running headers and footers out.

            Examples:
              ux-split paper.pdf | ux-text | ux-table | ux-layout | ux-merge --format markdown
              ux-split scans/*.pdf | ux-text | ux-ocr | ux-table | ux-layout -j2 | ux-merge --format markdown --output-dir md

            \(exitStatusHelp)
            """,
        version: unifexVersion)

    @OptionGroup public var stageOptions: PageStageOptions

    @Option(help: timeoutHelp)
    public var timeout = PageTimeout(30)

    public init() {}

    public func run() throws { runStage() }
}

extension LayoutCommand: PageStage {
    public static var stage: String { StageName.layout }

    /// Ok pages that carry lines; the rest pass through.
    public func wants(_ record: PageRecord) -> Bool {
        record.status == .ok && record.page != nil && record["lines"]?.arrayValue != nil
    }

    public func makePage(_ context: PageContext) -> (PageRecord) -> PageRecord {
        let words = Words.system
        return { record in layOut(record, words: words) }
    }
}

/// The blocks of one page record, added as `blocks`.
func layOut(_ input: PageRecord, words: Words) -> PageRecord {
    var record = input
    let lines = (record["lines"]?.arrayValue ?? []).prefix(200_000).map { TextSpan($0) ?? TextSpan(text: "", box: Box(x0: .nan, y0: 0, x1: 0, y1: 0)) }
    let pageWords = (record["words"]?.arrayValue ?? []).prefix(1_000_000).compactMap { TextSpan($0) }
    let page = PageBlocks.Page(width: record["width"]?.doubleValue ?? 0, height: record["height"]?.doubleValue ?? 0,
                               lines: Array(lines), words: pageWords, tables: record.tables ?? [], pageNumber: record.page,
                               outline: record.outline, images: record.images, drawings: record.drawings)
    record["blocks"] = .array(PageBlocks.blocks(page, words: words).map(\.json))
    return record
}
