import UnifexCore

/// The marker a list item starts with: a bullet (`•`, `-`, `▪`, `◦`, ...) or an enumerator
/// (`1.`, `2)`, `(a)`, `iv.`, `A.`), followed by the item's text.
enum ListMarker {
    static let bullets: Set<Character> = ["•", "·", "▪", "▫", "◦", "‣", "⁃", "○", "●", "■", "□", "◆", "◇", "►", "▶", "➢", "➤",
                                          "✓", "✔", "☐", "☑", "☒", "-", "–", "—", "*", "\u{F0B7}", "\u{F0A7}", "\u{F076}", "⚫", "⦁",
                                          // OCR reads a small bullet as a cent sign.
                                          "¢"]

    /// The marker and the text after it, when `text` starts as a list item.
    static func split(_ text: String) -> (marker: String, rest: String)? {
        guard let first = text.first else { return nil }
        // A bullet from a symbol font comes out as a private-use or control character, or as a
        // letter beside one (Wingdings' `r` with a stray control code).
        if let space = text.firstIndex(of: " "), text[..<space].count <= 3,
           text[..<space].unicodeScalars.contains(where: isSymbolFontGlyph) {
            let rest = text[space...].drop { $0 == " " }
            return rest.isEmpty ? nil : (String(text[..<space]), String(rest))
        }
        if bullets.contains(first) {
            let rest = text.dropFirst().drop { $0 == " " }
            // "-" and "*" need a space after them: "-5 °C" and "*Note" are not items.
            if (first == "-" || first == "*" || first == "–" || first == "—") && !text.dropFirst().hasPrefix(" ") { return nil }
            guard !rest.isEmpty else { return nil }
            return (String(first), String(rest))
        }
        guard let space = text.firstIndex(of: " ") else { return nil }
        let head = String(text[..<space])
        let rest = String(text[space...].drop { $0 == " " })
        guard !rest.isEmpty, isEnumerator(head) else { return nil }
        return (head, rest)
    }

    /// The label a reference list's entry starts with (`[12]`, `[GHH+09]`, `[Knu84]`): a short
    /// tag with a digit in it, in square brackets, before the entry's text. An entry is no list
    /// item (its label is its name, not a bullet), but its lines keep together as an item's do.
    static func referenceLabel(_ text: String) -> String? {
        guard text.hasPrefix("["), let close = text.firstIndex(of: "]") else { return nil }
        let tag = text[text.index(after: text.startIndex)..<close]
        let after = text[text.index(after: close)...]
        guard (1...10).contains(tag.count), tag.contains(where: \.isASCIIDigit),
              tag.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) }),
              after.hasPrefix(" "), after.contains(where: { !$0.isWhitespace }) else { return nil }
        return String(text[...close])
    }

    /// Where an enumerator stands in its list, in each way it can be read (`i.` is the ninth
    /// letter or the first roman numeral): its style (`(a)`, `a.`, `1)`, ...) and its number.
    /// None for a bullet.
    static func ordinals(_ marker: String) -> [Ordinal] {
        guard isEnumerator(marker) else { return [] }
        var body = Substring(marker), close = ""
        let open = body.hasPrefix("(")
        if open { body = body.dropFirst() }
        if let last = body.last, ".)".contains(last) { close = String(last); body = body.dropLast() }
        let form = (open ? "(" : "") + close
        if body.allSatisfy(\.isASCIIDigit) { return Int(body).map { [Ordinal(style: "1" + form, value: $0)] } ?? [] }
        var out: [Ordinal] = []
        let upper = body.first?.isUppercase ?? false
        if body.count == 1, let c = body.lowercased().unicodeScalars.first, c.isASCII, ("a"..."z").contains(c) {
            out.append(Ordinal(style: (upper ? "A" : "a") + form, value: Int(c.value) - 96))
        }
        if let value = roman(body.lowercased()) { out.append(Ordinal(style: (upper ? "I" : "i") + form, value: value)) }
        return out
    }

    struct Ordinal: Hashable {
        var style: String
        var value: Int
    }

    static func roman(_ text: String) -> Int? {
        let digits: [Character: Int] = ["i": 1, "v": 5, "x": 10, "l": 50]
        var total = 0, previous = 0
        for c in text.reversed() {
            guard let d = digits[c] else { return nil }
            total += d < previous ? -d : d
            previous = max(previous, d)
        }
        return total > 0 ? total : nil
    }

    static func isSymbolFontGlyph(_ s: Unicode.Scalar) -> Bool {
        // Signs that begin text as themselves: `© Copyright ...`, `® Registered`, `° C`.
        if "©®℗™°℃℉№".unicodeScalars.contains(s) { return false }
        switch s.properties.generalCategory {
        case .privateUse, .control, .otherSymbol, .unassigned: return true
        default: return false
        }
    }

    /// A marker standing alone, as the text layer often gives a bullet apart from its item, or a
    /// section number apart from its title.
    static func isMarkerOnly(_ text: String) -> Bool {
        let t = text.trimmingWhitespace()
        if t.count == 1, let c = t.first, bullets.contains(c) { return true }
        if t.count <= 3, t.unicodeScalars.contains(where: isSymbolFontGlyph) { return true }
        return isEnumerator(t) || SectionNumber.parse(t) != nil
    }

    /// `1.`, `12)`, `(3)`, `a.`, `b)`, `(c)`, `iv.`, `(ii)`, `A.`: one to three digits (two in
    /// parentheses: `(818) 708-8131` is a telephone number), one letter, or a short roman numeral,
    /// closed by `.` or `)` (or in parentheses).
    static func isEnumerator(_ head: String) -> Bool {
        var body = Substring(head)
        if body.hasPrefix("("), body.hasSuffix(")") {
            body = body.dropFirst().dropLast()
            if body.count > 2, body.allSatisfy(\.isASCIIDigit) { return false }
        } else if body.hasSuffix(".") || body.hasSuffix(")") {
            body = body.dropLast()
        } else {
            return false
        }
        guard !body.isEmpty else { return false }
        if body.allSatisfy(\.isASCIIDigit) { return body.count <= 3 }
        if body.count == 1, let c = body.first, c.isLetter, c.isASCII { return true }
        let roman = body.lowercased()
        return roman.count <= 5 && roman.allSatisfy { "ivxl".contains($0) }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

