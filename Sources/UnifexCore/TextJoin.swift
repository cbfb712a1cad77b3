import Foundation

/// A block's lines joined into its text: a space between lines, and a word hyphenated at a line's
/// end joined again (`exam-` + `ple` is `example`) when the word list knows the joined word, or does
/// not know the first half as a word; a real hyphen (`heavy-` + `duty`, `state-of-` + `the-art`) is
/// kept without a space, and a hanging one (`light-` + `and heavy-duty`) with it. Without a word
/// list, a hyphen at a line's end before a lowercase letter is taken for a break.
///
/// A hyphen before a capital or a digit joins parts of a name or a number (`Trace-` + `Monkey`,
/// `IEEE-` + `754`), and a dash set close to a word (`FAA–2020–` + `0686`, `anyone—` + `whether`)
/// is never a word's break: both are kept, with no space, as the line's end cut them without one.
public enum TextJoin {
    public static func join(_ lines: [String], words: Words) -> String {
        var text = ""
        for line in lines {
            let piece = line.trimmingWhitespace()
            guard !piece.isEmpty else { continue }
            text = text.isEmpty ? piece : joined(text, piece, words: words)
        }
        return text
    }

    /// `text` and the line after it, `next`, as one: a space between them, a hyphen that broke a
    /// word taken out, or nothing between halves of a compound or a dash set close.
    public static func joined(_ text: String, _ next: String, words: Words) -> String {
        switch lineBreak(after: text, before: next, words: words) {
        case .space: return text + " " + next
        case .close: return text + next
        case .brokenWord: return text.dropLast() + next
        }
    }

    /// What stands between a line ending in `text` and the next one, starting `next`.
    enum Break {
        case space
        /// The lines meet with no space (a hyphenated compound, a dash set close).
        case close
        /// The hyphen ending the line broke a word: it goes, and the halves meet.
        case brokenWord
    }

    static let hyphens: Set<Character> = ["-", "\u{2010}"]
    static let dashes: Set<Character> = ["\u{2013}", "\u{2014}"]

    static func lineBreak(after text: String, before next: String, words: Words) -> Break {
        // A hyphen or a dash with a space before it stands alone (`a dash -`): a space after it too.
        guard let last = text.last, hyphens.contains(last) || dashes.contains(last),
              let attached = text.dropLast().last, !attached.isWhitespace, let first = next.first else { return .space }
        if dashes.contains(last) { return .close }
        if first.isUppercase || first.isNumber { return .close }
        guard first.isLowercase else { return .space }
        switch words.hyphenation(before: text, after: next) {
        case .brokenWord: return .brokenWord
        case .compound: return .close
        case .suspended: return .space
        }
    }
}

/// A list of the words of a language, to tell a word broken at a line's end from a hyphenated
/// compound: Debian's word lists (`wamerican`: /usr/share/dict/words), read once.
public struct Words: Sendable {
    private let known: Set<String>

    public static let none = Words(known: [])

    public init(known: Set<String>) { self.known = known }

    /// The system's word list (`/usr/share/dict/words`, or $UNIFEX_WORDS), lowercased; none when absent.
    public static let system: Words = {
        let path = ProcessInfo.processInfo.environment["UNIFEX_WORDS"] ?? "/usr/share/dict/words"
        guard let data = FileManager.default.contents(atPath: path), data.count < 64 << 20 else { return .none }
        var set = Set<String>()
        for line in data.split(separator: 0x0A) where !line.isEmpty && line.count < 64 {
            set.insert(String(decoding: line, as: UTF8.self).lowercased())
        }
        return Words(known: set)
    }()

    public var isEmpty: Bool { known.isEmpty }

    /// What a hyphen at a line's end is.
    enum Hyphen {
        /// `exam-` + `ple`: a word broken across lines; the hyphen goes.
        case brokenWord
        /// `heavy-` + `duty`: a hyphenated word; the hyphen stays, with no space.
        case compound
        /// `light-` + `and heavy-duty`: the first half of a pair; hyphen and space stay.
        case suspended
    }

    /// What the hyphen ending `before` is, `after` being the next line.
    func hyphenation(before: String, after: String) -> Hyphen {
        let head = String(before.dropLast().reversed().prefix { $0.isLetter }.reversed()).lowercased()
        let tail = String(after.prefix { $0.isLetter }).lowercased()
        guard !head.isEmpty, !tail.isEmpty else { return .compound }
        if ["and", "or", "und", "oder", "et", "ou", "y", "o", "to"].contains(tail), after.hasPrefix(tail + " ") || after == tail {
            return .suspended
        }
        guard !known.isEmpty else { return .brokenWord }
        let joined = head + tail
        if known.contains(joined) { return .brokenWord }
        // Both halves words of their own, and the whole unknown: a compound (`state-of`, `well-known`).
        if known.contains(head) && known.contains(tail) { return .compound }
        // Inflections the list may lack: `comput-ing` → compute / computing.
        for suffix in ["s", "es", "ed", "ing", "ly", "er", "ers", "ation", "ations", "ment", "ments", "ness", "al", "ity"]
        where joined.hasSuffix(suffix) && joined.count > suffix.count + 2 {
            let stem = String(joined.dropLast(suffix.count))
            if known.contains(stem) || known.contains(stem + "e") { return .brokenWord }
        }
        return known.contains(head) ? .compound : .brokenWord
    }
}
