/// A displayed formula by what it is made of: a relation or a large operator between symbols,
/// letters only as one- to three-letter names (`x`, `ab`, `sin`), not words, and an equation
/// number at its end if any (`(3)`). Its text is kept as read; the JSON calls it a formula so that
/// a reader or a chunker can tell it from prose.
enum Formula {
    static let relations: Set<Character> = ["=", "<", ">", "≤", "≥", "≠", "≈", "≡", "∼", "≃", "≅", "∝", "∈", "∉", "⊂", "⊆", "⊃",
                                           "⊇", "→", "⇒", "⇔", "↦", "∑", "∏", "∫", "∮", "√", "∂", "∇"]
    static let operators: Set<Character> = ["+", "-", "−", "±", "∓", "×", "·", "÷", "/", "*", "^", "_", "(", ")", "[", "]",
                                           "{", "}", "|", "‖", ",", ".", ";", ":", "!", "'", "′", "∞", "…", "⋯"]
    static let names: Set<String> = ["sin", "cos", "tan", "cot", "sec", "csc", "log", "ln", "exp", "lim", "max", "min", "sup",
                                     "inf", "det", "mod", "arg", "sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "gcd", "deg", "dim"]

    static func looksLike(_ text: String) -> Bool {
        var body = Substring(text.trimmingWhitespace())
        // An equation number at the end: `(3)`, `(2.1)`, `(A.4)`.
        if body.last == ")", let open = body.lastIndex(of: "("),
           case let label = body[body.index(after: open)..<body.index(before: body.endIndex)],
           !label.isEmpty, label.count <= 6, label.allSatisfy({ $0.isNumber || $0 == "." || ($0.isLetter && $0.isASCII) }),
           label.contains(where: \.isNumber) {
            body = body[..<open]
        }
        // Markup (`EP06AU20.010</GPH>`) is no formula.
        guard body.count >= 3, body.count <= 300, !body.contains("</"), !body.contains("/>"), body.contains(where: { relations.contains($0) }) else { return false }
        var alphanumerics = 0
        var run = ""
        func wordEnds() -> Bool {
            defer { run = "" }
            return run.count <= 3 || names.contains(run.lowercased())
        }
        for c in body {
            if c.isLetter {
                // Formulas name things with Latin and Greek letters; a word of another script
                // beside a check mark (`√ 适用`) is prose.
                guard c.unicodeScalars.allSatisfy({ $0.isASCII || (0x0370...0x03FF).contains($0.value)
                    || (0x1D400...0x1D7FF).contains($0.value) }) else { return false }
                run.append(c)
                alphanumerics += 1
                continue
            }
            guard wordEnds() else { return false }
            if c.isNumber { alphanumerics += 1; continue }
            guard c.isWhitespace || relations.contains(c) || operators.contains(c) || c.isMathSymbol else { return false }
        }
        guard wordEnds() else { return false }
        return alphanumerics >= 2
    }

}
