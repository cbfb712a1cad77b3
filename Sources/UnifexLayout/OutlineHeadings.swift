import UnifexCore

/// Headings the PDF's outline names: the document's own word on what is a heading and how deep.
/// An entry is matched to the page's lines by its letters and digits (case, spaces and punctuation
/// aside), or by its title after a label (`Chapter 1: Creators` in the outline for
/// `CHAPTER ONE: Creators` on the page); where the outline says where on the page it leads,
/// the match nearest that height is taken, else the first in reading order. A match may be the
/// first lines of a group (a heading run into its paragraph), or groups one after another (a
/// heading broken over lines the page set apart).
enum OutlineHeadings {
    static func mark(_ groups: inout [LineGroup], entries: [OutlineEntry]) {
        // The page's possible headings with their keys, made again only when a match changed the groups.
        var candidates = self.candidates(in: groups)
        for entry in entries.prefix(200) {
            let wanted = Key(entry.title)
            guard !wanted.whole.isEmpty else { continue }
            var best: (distance: Double, match: Match)?
            for c in candidates where wanted.matches(c.key) {
                let distance = entry.top.map { abs(c.top - $0) } ?? Double(c.group)
                if best.map({ distance < $0.distance }) ?? true { best = (distance, c.match) }
            }
            guard let match = best?.match else { continue }
            apply(match, to: &groups, level: min(max(entry.level, 1), 6))
            candidates = self.candidates(in: groups)
        }
    }

    /// Every match the groups offer, in reading order, with the key of its text, the index of the
    /// group it starts at and that group's top.
    static func candidates(in groups: [LineGroup]) -> [(match: Match, key: Key, group: Int, top: Double)] {
        groups.indices.filter { isCandidate(groups[$0]) }.flatMap { g in
            matches(in: groups, at: g).map { ($0, Key($0.text(groups)), g, groups[g].first.box.y0) }
        }
    }

    /// Where a heading can stand: a group of text (not a table), not named by an entry already.
    static func isCandidate(_ group: LineGroup) -> Bool {
        group.first.isText && group.outlineLevel == nil
    }

    enum Match {
        /// The first `count` lines of the group at `group`.
        case firstLines(group: Int, count: Int)
        /// Groups `range` whole, one after another.
        case groups(ClosedRange<Int>)

        func text(_ groups: [LineGroup]) -> String {
            switch self {
            case let .firstLines(g, count): groups[g].fragments.prefix(count).map(\.text).joined(separator: " ")
            case let .groups(range): range.flatMap { groups[$0].fragments.map(\.text) }.joined(separator: " ")
            }
        }
    }

    /// A heading is a few lines: up to three of one group, or up to three short groups in a row.
    static func matches(in groups: [LineGroup], at g: Int) -> [Match] {
        var out = (1...min(3, groups[g].fragments.count)).map { Match.firstLines(group: g, count: $0) }
        var end = g
        while end + 1 < groups.count, end - g < 2, isCandidate(groups[end + 1]), groups[end + 1].fragments.count <= 3,
              groups[g...end].allSatisfy({ $0.fragments.count <= 3 }) {
            end += 1
            out.append(.groups(g...end))
        }
        return out
    }

    static func apply(_ match: Match, to groups: inout [LineGroup], level: Int) {
        switch match {
        case let .firstLines(g, count):
            var heading = LineGroup(fragments: Array(groups[g].fragments.prefix(count)))
            heading.outlineLevel = level
            if count < groups[g].fragments.count {
                groups[g].fragments.removeFirst(count)
                groups.insert(heading, at: g)
            } else {
                groups[g] = heading
            }
        case let .groups(range):
            var heading = LineGroup(fragments: range.flatMap { groups[$0].fragments })
            heading.outlineLevel = level
            groups.replaceSubrange(range, with: [heading])
        }
    }

    /// A title's letters and digits, lowercased; and those after its label (a number, or words
    /// before a colon: `Chapter 1:`, `2:`, `A.`) when it has one.
    struct Key: Equatable {
        var whole: String
        var afterLabel: String?

        init(_ text: String) {
            let squeeze = { (s: Substring) in String(s.lowercased().filter { $0.isLetter || $0.isNumber }) }
            whole = squeeze(Substring(text))
            var rest: Substring?
            if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) <= 24 {
                rest = text[text.index(after: colon)...]
            } else if let space = text.firstIndex(of: " "), SectionNumber.parse(String(text[..<space])) != nil
                        || ListMarker.isEnumerator(String(text[..<space])) {
                rest = text[text.index(after: space)...]
            }
            // Too short a title after its label says too little to match by (`1: A`).
            afterLabel = rest.map(squeeze).flatMap { $0.count >= 4 ? $0 : nil }
        }

        func matches(_ other: Key) -> Bool {
            whole == other.whole || afterLabel != nil && (afterLabel == other.afterLabel || afterLabel == other.whole)
                || other.afterLabel != nil && other.afterLabel == whole
        }
    }
}
