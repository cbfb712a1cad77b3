import UnifexCore

/// The kind of each group of lines, by what a reader goes by: captions by their label, list items
/// by their marker, headings by their font (larger than the body, or bold and short) or their
/// section number, code by its fixed pitch, footnotes by their place and size.
enum Classify {
    static func blocks(_ groups: [LineGroup], bodySize: Double, pageHeight: Double, pageNumber: Int?, words: Words) -> [Block] {
        var blocks: [Block] = []
        // The title: on a document's first page, the largest text in its upper half, well above the body's size.
        let titleSize = pageNumber == 1 ? groups.filter { $0.first.isText && $0.box.y1 < pageHeight * 0.5 && isHeadingText($0) }
            .map(\.size).max().flatMap { $0 >= 1.4 * bodySize ? $0 : nil } : nil
        var titled = false
        let lowestBody = groups.filter { $0.size >= 0.95 * bodySize && $0.first.isText }.map(\.box.y1).max() ?? pageHeight
        for group in groups {
            if let table = group.first.table {
                blocks.append(Block(kind: .table, box: group.box, text: "", lines: [], table: table))
                continue
            }
            if group.first.figure {
                blocks.append(Block(kind: .figure, box: group.box, text: "", lines: group.first.lines))
                continue
            }
            let text = TextJoin.join(group.fragments.map(\.text), words: words)
            var block = Block(kind: .paragraph, box: group.box, text: text, lines: group.fragments.flatMap(\.lines))
            if let titleSize, !titled, abs(group.size - titleSize) < 0.05 * titleSize {
                block.kind = .title
                titled = true
            } else if let level = group.outlineLevel {
                block.kind = .heading
                block.level = level
            } else if group.contentsEntry {
                // A line of contents names a chapter or a figure: it neither heads nor captions one.
                block.kind = .listItem
                block.marker = ListMarker.split(text)?.marker ?? ""
                if let marker = block.marker, !marker.isEmpty { block.text = String(text.dropFirst(marker.count)).trimmingWhitespace() }
            } else if isCaption(text) {
                block.kind = .caption
            } else if let (marker, rest) = ListMarker.split(text), !isNumberedHeading(group, bodySize: bodySize) {
                block.kind = .listItem
                block.marker = marker
                block.text = rest
            } else if group.impliedItem, !isCaption(text) {
                block.kind = .listItem
                block.marker = ""
            } else if !group.allMono, group.fragments.allSatisfy({ Formula.looksLike($0.text) }) {
                block.kind = .formula
            } else if let level = headingLevel(group, text: text, bodySize: bodySize) {
                block.kind = .heading
                block.level = level
            } else if group.allMono && group.fragments.count >= 1 && !group.allBold {
                block.kind = .code
                block.text = (CodeLayout.lines(group.fragments) ?? group.fragments.map(\.text)).joined(separator: "\n")
            } else if group.size < 0.92 * bodySize, group.box.y0 >= lowestBody - 0.5 * bodySize, startsLikeFootnote(text) {
                block.kind = .footnote
            }
            if block.kind == .paragraph || block.kind == .caption || block.kind == .listItem {
                block.markdown = Emphasized.markdown(group, dropping: block.kind == .listItem && block.marker?.isEmpty == false ? block.marker : nil,
                                                     words: words)
            }
            blocks.append(block)
        }
        return blocks
    }

    static func block(_ f: Fragment, kind: BlockKind) -> Block {
        Block(kind: kind, box: f.box, text: f.text, lines: f.lines)
    }

    /// `Figure 3:`, `Fig. 2.`, `Table 1.`, `Tab. 4`, `Listing 2`, `[표 1]`, `그림 3`: a label and its
    /// number, not a sentence about the figure (`Table 3 shows ...`).
    static func isCaption(_ text: String) -> Bool {
        let lower = text.trimmingWhitespace().lowercased()
        guard let label = captionLabel(lower) else { return false }
        let after = lower.dropFirst(label.count).drop { $0 == " " }
        // The number: digits, a letter or a roman numeral, with dots and dashes (`3`, `2.1`, `A-4`, `IV`).
        let number = after.prefix { $0.isNumber || ($0.isLetter && $0.isASCII) || $0 == "." || $0 == "-" }
        guard !number.isEmpty, number.count <= 8,
              number.contains(where: \.isNumber) || number.allSatisfy({ "ivx.".contains($0) }) else { return false }
        let rest = after.dropFirst(number.count).drop { $0 == " " }
        guard let next = rest.first else { return true }
        if number.hasSuffix(".") || ":.|]—–-)".contains(next) { return true }
        return !sentenceWords.contains(String(rest.prefix { $0.isLetter }))
    }

    /// A caption's label and number alone (`Table 2-2`, `Figure 3:`), its text set apart.
    static func isCaptionLabelOnly(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        return words.count <= 3 && isCaption(text)
            && words.dropFirst().allSatisfy { w in w.contains { $0.isNumber } || w.allSatisfy { "ivxIVX.:-–—|".contains($0) } }
    }

    /// The labels captions start with, the longest first (`tableau` before `table`), and whether
    /// each names a table.
    static let captionLabels: [(label: String, table: Bool)] = [
        ("figure", false), ("fig.", false), ("table", true), ("tab.", true), ("listing", false), ("algorithm", false),
        ("chart", false), ("exhibit", false), ("scheme", false), ("abbildung", false), ("abb.", false), ("tabelle", true),
        ("tableau", true), ("tabla", true), ("tabela", true), ("tabella", true), ("figura", false), ("[표", true),
        ("[그림", false), ("표", true), ("그림", false), ("图", false), ("表", true),
    ].sorted { $0.0.count > $1.0.count }

    /// The caption label a lowercased text starts with.
    static func captionLabel(_ lower: String) -> String? {
        captionLabels.first { lower.hasPrefix($0.label) }?.label
    }

    /// A caption whose label names a table (`Table 2`, `Tableau 3`, `표 1`).
    static func namesTable(_ text: String) -> Bool {
        let lower = text.trimmingWhitespace().lowercased()
        return captionLabels.first { lower.hasPrefix($0.label) }?.table ?? false
    }
    static let sentenceWords: Set<String> = ["shows", "show", "lists", "presents", "gives", "and", "or", "is", "are", "was",
                                             "summarizes", "summarises", "reports", "contains", "compares", "in", "of", "we",
                                             "illustrates", "depicts", "displays", "provides", "describes", "to", "with", "as"]

    static func isHeadingText(_ group: LineGroup) -> Bool {
        let text = group.fragments.map(\.text).joined(separator: " ")
        let letters = text.filter(\.isLetter).count
        let visible = text.filter { !$0.isWhitespace }.count
        return group.fragments.count <= 4 && letters >= 2 && 2 * letters >= visible && text.count <= 200
    }

    /// A short group whose number (`2.3`, `(1)`, `IV.`) stands before a title set apart by its font.
    static func isNumberedHeading(_ group: LineGroup, bodySize: Double) -> Bool {
        guard group.fragments.count <= 2, let space = group.first.text.firstIndex(of: " ") else { return false }
        let head = String(group.first.text[..<space])
        let numbered = SectionNumber.parse(head) != nil || ListMarker.isEnumerator(head)
        return numbered && (group.allBold || group.size >= 1.05 * bodySize) && !Paragraphs.endsSentence(group.first.text)
    }

    /// 1 for the largest headings; section numbers give the depth (`2.3` is 2), else the size over the body's.
    static func headingLevel(_ group: LineGroup, text: String, bodySize: Double) -> Int? {
        guard isHeadingText(group), group.fragments.count <= 3, !text.hasSuffix(","), !text.hasSuffix(";"),
              !pointsToPages(text) else { return nil }
        // OCR's ink heights make body lines look large; a heading does not start in lowercase.
        if group.first.estimated, text.first?.isLowercase == true { return nil }
        // OCR sizes a line by its ink, so a line of running text can measure large: more than a
        // dozen words a line, or a sentence of six words or more, is a paragraph's (a brochure's
        // lead in larger type, `DELETE BARS operates the same way to remove unwanted sections.`).
        let count = group.fragments.map(\.words).reduce(0, +)
        let wordy = group.first.estimated && (count > 12 * group.fragments.count || count >= 6 && Paragraphs.endsSentence(text))
        let larger = group.size >= 1.15 * bodySize && !wordy
        let emphasised = group.allBold || group.allItalic && group.fragments.count == 1
        let boldShort = emphasised && group.size >= 0.9 * bodySize && text.count <= 120 && !Paragraphs.endsSentence(text)
        let numbered = isNumberedHeading(group, bodySize: bodySize)
        // OCR gives no weight: a short line on its own, not a sentence, a little larger than the body,
        // or with a section number (`5.1`, `2 Methods`), or in title case.
        let alone = group.fragments.count == 1 && group.first.estimated && group.first.words <= 12 && !Paragraphs.endsSentence(text)
            && (text.first?.isUppercase ?? false || text.first?.isNumber ?? false)
        let standing = alone && (group.size >= 1.04 * bodySize || sectionNumbered(text) || isTitleCase(text))
        guard larger || boldShort || numbered || standing else { return nil }
        if let space = text.firstIndex(of: " "), let depth = SectionNumber.parse(String(text[..<space])) { return min(depth, 6) }
        if group.size >= 1.6 * bodySize { return 1 }
        if group.size >= 1.25 * bodySize { return 2 }
        return larger ? 3 : 4
    }

    /// An index entry (`Steamboat Willie, 21–23, 309n`) or a line of contents with dot leaders
    /// (`Methods ........ 12`): it names pages, it does not head them.
    static func pointsToPages(_ text: String) -> Bool {
        let t = text.trimmingWhitespace()
        let isPages = { (s: Substring) in
            !s.isEmpty && s.first!.isNumber && s.allSatisfy { $0.isNumber || "–-nf".contains($0) }
        }
        if let comma = t.lastIndex(of: ","), case let last = t[t.index(after: comma)...].drop(while: { $0 == " " }), isPages(last) {
            // A year after a comma heads a page (`Annual Report, 2019`); page numbers come short or several.
            let before = t[..<comma]
            let several = before.lastIndex(of: ",").map { isPages(before[before.index(after: $0)...].drop { $0 == " " }) } ?? false
            // A range's numbers each count (`95–98`), not its digits together.
            let longest = last.split(whereSeparator: { !$0.isNumber }).map(\.count).max() ?? 0
            if several || longest <= 3 { return true }
        }
        guard let last = t.split(separator: " ").last, isPages(last) else { return false }
        return t.contains("...") || t.contains(". . .") || t.contains("…")
    }

    /// `5.1 Title`, `2 Methods`: a section number (not a list's `1.` or `2)`) before a capitalised word.
    static func sectionNumbered(_ text: String) -> Bool {
        let words = text.split(separator: " ")
        guard words.count >= 2, let first = words.first, SectionNumber.parse(String(first)) != nil,
              !ListMarker.isEnumerator(String(first)) else { return false }
        return words[1].first?.isUppercase ?? false
    }

    /// Most words of more than three letters capitalised: `Boots Self-Locking Nut`.
    static func isTitleCase(_ text: String) -> Bool {
        let long = text.split(separator: " ").filter { $0.count > 3 }
        guard long.count >= 2 else { return false }
        return long.filter { $0.first?.isUppercase ?? false }.count * 4 >= long.count * 3
    }

    /// `1 See ...`, `* Corresponding author`, `† ...`, `¹ ...`, `1) ...`.
    static func startsLikeFootnote(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return first.isNumber || "*†‡§¶#⁰¹²³⁴⁵⁶⁷⁸⁹".contains(first)
    }
}

/// Nesting of list items by how far each is indented: items at the same indentation are one level,
/// a deeper indentation one more.
enum ListDepth {
    static func assign(_ blocks: inout [Block]) {
        var levels: [Double] = []
        var previousWasItem = false
        for i in blocks.indices {
            guard blocks[i].kind == .listItem else {
                if blocks[i].kind != .caption { previousWasItem = false; levels = [] }
                continue
            }
            let x = blocks[i].box.x0
            if !previousWasItem { levels = [x] }
            while let last = levels.last, x < last - 3, levels.count > 1 { levels.removeLast() }
            if let last = levels.last, x > last + 6 { levels.append(x) }
            blocks[i].depth = levels.count - 1
            previousWasItem = true
        }
    }
}
