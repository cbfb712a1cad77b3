import UnifexCore

/// Consecutive lines of one column that read as one block: a paragraph, a heading, a list item.
struct LineGroup {
    var fragments: [Fragment]
    var box: Box { fragments.dropFirst().reduce(fragments[0].box) { $0.union($1.box) } }
    var first: Fragment { fragments[0] }
    var size: Double { fragments.map(\.size).max() ?? 0 }
    var allBold: Bool { fragments.allSatisfy(\.bold) }
    /// An item of a list whose markers OCR lost: one of a run of blocks indented alike.
    var impliedItem = false
    var allItalic: Bool { fragments.allSatisfy(\.italic) }
    var allMono: Bool { fragments.allSatisfy(\.mono) }
    /// A heading the PDF's outline names, at the outline's depth.
    var outlineLevel: Int?
    /// An entry of a table of contents.
    var contentsEntry = false
}

/// Lines into groups, within one column of one section (already top to bottom). A new group
/// starts where the gap above a line is larger than the lines' spacing, where the font changes
/// (size, weight, fixed pitch), where a list item starts, at an indented first line, after a
/// short last line that ends a sentence, and after a line that is a heading by its font.
enum Paragraphs {
    /// Where a column's lines may start and end: its edges, or a picture's beside a line (text
    /// set around a picture starts at the picture, not indented from the column's edge).
    struct Edges {
        var left: Double, right: Double
        var pictures: [Box] = []

        func left(of f: Fragment) -> Double {
            pictures.reduce(left) { edge, p in
                p.y0 < f.box.y1 && p.y1 > f.box.y0 && p.x1 <= f.box.x0 + f.size ? max(edge, p.x1) : edge
            }
        }

        func right(of f: Fragment) -> Double {
            pictures.reduce(right) { edge, p in
                p.y0 < f.box.y1 && p.y1 > f.box.y0 && p.x0 >= f.box.x1 - f.size ? min(edge, p.x0) : edge
            }
        }
    }

    /// `pictures`: the page's pictures, which text may be set around.
    static func group(_ column: [Fragment], bodySize: Double, pictures: [Box] = []) -> [LineGroup] {
        var groups: [LineGroup] = []
        let edges = Edges(left: column.map(\.box.x0).min() ?? 0, right: column.map(\.box.x1).max() ?? 0, pictures: pictures)
        // The enumerators of the column's items so far: the item after one of them is a sibling.
        var items = Set<ListMarker.Ordinal>()
        let (column, entry) = Contents.entries(column)
        for (k, f) in column.enumerated() {
            if !f.isText { groups.append(LineGroup(fragments: [f])); continue }
            // An entry of contents keeps its lines together and apart from the lines around it.
            let sameEntry = k > 0 && entry[k] != nil && entry[k] == entry[k - 1]
            let apart = entry[k] != nil || k > 0 && entry[k - 1] != nil
            if var current = groups.last, current.first.isText, let previous = current.fragments.last,
               sameEntry || !apart && continues(current, previous: previous, next: f, edges: edges, bodySize: bodySize, items: items) {
                current.fragments.append(f)
                groups[groups.count - 1] = current
                continue
            }
            groups.append(LineGroup(fragments: [f]))
            groups[groups.count - 1].contentsEntry = entry[k] != nil
            if let marker = ListMarker.split(f.text)?.marker { items.formUnion(ListMarker.ordinals(marker)) }
        }
        markImpliedItems(&groups, edges: edges)
        return groups
    }

    /// OCR drops small bullets: on an OCRed page, two or more blocks in a row that start at one
    /// indentation, well in from the column's edge, are the items of a list.
    static func markImpliedItems(_ groups: inout [LineGroup], edges: Edges) {
        // A block whose further lines start left of its first is a paragraph with an indented
        // first line: an item's lines keep to its indentation.
        func indented(_ g: LineGroup) -> Bool {
            g.first.isText && g.first.estimated && g.first.box.x0 >= edges.left(of: g.first) + 1.5 * g.first.size && ListMarker.split(g.first.text) == nil
                && g.fragments.allSatisfy { $0.box.x0 >= g.first.box.x0 - 0.5 * g.first.size }
        }
        var i = 0
        while i < groups.count {
            guard indented(groups[i]) else { i += 1; continue }
            var j = i + 1
            while j < groups.count, indented(groups[j]), abs(groups[j].first.box.x0 - groups[i].first.box.x0) <= 0.5 * groups[i].first.size { j += 1 }
            // The last of them a paragraph's indented first line, its sentence going on at the
            // column's edge below: a book's paragraphs, not a list.
            if j < groups.count, j - i >= 2, let end = groups[j - 1].fragments.last, groups[j].first.isText,
               !endsSentence(end.text), groups[j].first.text.first?.isLowercase == true,
               groups[j].first.box.x0 < groups[j - 1].first.box.x0 - groups[j - 1].first.size {
                i = j
                continue
            }
            if j - i >= 2 { for k in i..<j { groups[k].impliedItem = true } }
            i = j
        }
    }

    static func continues(_ group: LineGroup, previous a: Fragment, next b: Fragment, edges: Edges,
                          bodySize: Double, items: Set<ListMarker.Ordinal> = []) -> Bool {
        let size = max(a.size, b.size)
        let left = edges.left(of: a), right = edges.right(of: a), leftOfNext = edges.left(of: b)
        let gap = b.box.y0 - a.box.y1
        guard gap > -0.5 * size, gap < 0.75 * size else { return false }
        // Lines of one paragraph share their font; sizes read off OCR line heights vary more.
        let sizeTolerance = a.estimated || b.estimated ? 0.12 : 0.04
        // Lines of code keep together whatever their indentation, markers or length.
        if a.mono, b.mono, a.bold == b.bold, abs(a.size - b.size) <= sizeTolerance * size { return true }
        // A line of the column's full width set mostly in bold or italic opens a paragraph with a
        // heading run into it (`Trace optimization. The closest area ...`): the paragraph goes on.
        let runIn = (a.bold || a.italic) && !b.bold && a.box.x1 >= right - size && !endsSentence(a.text)
        // A formula set apart from the prose (indented or centred) stands alone.
        let formulaA = Formula.looksLike(a.text), formulaB = Formula.looksLike(b.text)
        if formulaA != formulaB, (formulaA ? a : b).box.x0 > (formulaA ? left : leftOfNext) + size { return false }
        // OCR sizes its lines by their ink, which varies more from line to line (a hyphen, a
        // skew): a sentence going on into a line starting in lowercase is one paragraph.
        let sentenceGoesOn = a.estimated && b.estimated && !endsSentence(a.text) && b.text.first?.isLowercase == true
            && abs(a.size - b.size) <= 0.3 * size
        guard abs(a.size - b.size) <= sizeTolerance * size || sentenceGoesOn, a.mono == b.mono,
              a.bold == b.bold && a.italic == b.italic || group.fragments.count > 2 || runIn else { return false }
        guard min(a.box.x1, b.box.x1) > max(a.box.x0, b.box.x0) else { return false }
        if opensItem(b, after: a, items: items, right: right) { return false }
        // A reference list's entry starts at its label, where the entry before it started; its
        // further lines hang indented under the first as a list item's do.
        let entry = ListMarker.referenceLabel(group.first.text) != nil
        if entry, ListMarker.referenceLabel(b.text) != nil, b.box.x0 <= group.first.box.x0 + 0.5 * size { return false }
        let inList = entry || ListMarker.split(group.first.text) != nil
        // A heading by its font ends at its last line.
        // A heading by its font takes at most three lines of that font.
        // (An OCR line of more than a dozen words is running text however large its ink measures.)
        let wordy = a.estimated && a.words > 12
        // Nor one whose sentence goes on into a line in lowercase (a first line beside a drop cap).
        if !inList, !runIn, !wordy, !sentenceGoesOn, a.size >= 1.15 * bodySize || (a.bold && group.allBold && group.fragments.count <= 2 && !endsSentence(a.text)) {
            return (b.size >= 1.15 * bodySize || b.bold && group.allBold) && abs(a.size - b.size) <= 0.05 * size
                && group.fragments.count < 3 && !endsSentence(a.text)
        }
        // An indented first line; a list item's further lines are indented to its text.
        if !inList, b.box.x0 > a.box.x0 + 0.8 * size, b.box.x0 > leftOfNext + 0.8 * size { return false }
        // OCR lost the bullets of an indented list: a short line ends an item.
        if a.estimated, b.estimated, a.box.x0 >= left + 1.5 * a.size, abs(b.box.x0 - a.box.x0) <= 0.5 * size,
           a.box.x1 < right - 3 * size { return false }
        // OCR gives no font: a short line that is not a sentence, in title case, before a line at its
        // own indentation, stands alone (a heading set in the body's size).
        if a.estimated, group.fragments.count == 1, a.box.x1 < right - 0.4 * (right - left), !endsSentence(a.text),
           abs(b.box.x0 - a.box.x0) <= 0.5 * size, Classify.isTitleCase(a.text) || Classify.sectionNumbered(a.text) { return false }
        // A short last line that ends a sentence.
        if a.box.x1 < right - 3 * size, endsSentence(a.text), b.box.x0 <= a.box.x0 + 0.5 * size, !inList || b.box.x0 <= group.first.box.x0 + 0.5 * size { return false }
        return true
    }

    /// Whether a line starting with a list's marker starts an item. A bullet does, and an
    /// enumerator after a line that ends a sentence or a colon, or after its list's item before
    /// it (`(e)` after `(d)`). Else the line may go on with the sentence of the line before
    /// (`… pages 291–` / `300. ACM Press`, `… WebKit, and` / `(e) V8, the …`): it does when that
    /// line fills the column, and after a shorter one unless its enumerator starts a list (`1.`, `(a)`).
    static func opensItem(_ b: Fragment, after a: Fragment, items: Set<ListMarker.Ordinal>, right: Double) -> Bool {
        guard let marker = ListMarker.split(b.text)?.marker else { return false }
        let ordinals = ListMarker.ordinals(marker)
        // A sentence ends inside its closing quotes and brackets too (`covering.”)`).
        if ordinals.isEmpty || endsSentence(a.text.trimmingCharacters(in: ")]”’\"'")) { return true }
        if ordinals.contains(where: { items.contains(ListMarker.Ordinal(style: $0.style, value: $0.value - 1)) }) { return true }
        if a.box.x1 >= right - max(a.size, b.size) { return false }
        return ordinals.contains { $0.value == 1 }
    }

    /// Whether `next`, first in its column, goes on with `last`, last in the column before: body
    /// text in one font, the first not ending a sentence, the second starting in lowercase.
    static func goesOn(_ last: LineGroup, into next: LineGroup, bodySize: Double) -> Bool {
        guard last.first.isText, next.first.isText, let end = last.fragments.last else { return false }
        let start = next.first
        guard abs(end.size - start.size) <= 0.04 * max(end.size, start.size), end.bold == start.bold, end.mono == start.mono,
              abs(end.size - bodySize) <= 0.1 * bodySize, ListMarker.split(last.first.text) == nil,
              ListMarker.split(start.text) == nil, !endsSentence(end.text) else { return false }
        return start.text.first?.isLowercase ?? false
    }

    static func endsSentence(_ text: String) -> Bool {
        guard let last = text.trimmingWhitespace().last else { return false }
        return ".:!?。！？".contains(last)
    }
}
