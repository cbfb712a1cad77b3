/// Section numbers: `1`, `2.3`, `4.1.2.`, `A.1`, `IV.` ... before a heading's title.
public enum SectionNumber {
    /// The number's depth (1 for `2`, 3 for `4.1.2`), when `text` is one.
    public static func parse(_ text: String) -> Int? {
        var t = Substring(text.trimmingWhitespace())
        if t.hasSuffix(".") { t = t.dropLast() }
        guard !t.isEmpty, t.count <= 12 else { return nil }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 6, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        for (i, part) in parts.enumerated() {
            if part.allSatisfy({ $0.isASCII && $0.isNumber }), part.count <= 3 { continue }
            // A letter or a roman numeral only as the first part: `A.1`, `IV`.
            if i == 0, part.count == 1, let c = part.first, c.isUppercase, c.isASCII { continue }
            if i == 0, part.count <= 4, part.allSatisfy({ "IVX".contains($0) }) { continue }
            return nil
        }
        // A lone letter or roman numeral needs its dot: `A` alone is a word.
        if parts.count == 1, !parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), !text.trimmingWhitespace().hasSuffix(".") { return nil }
        return parts.count
    }
}
