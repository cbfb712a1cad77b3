/// A parsed pattern compiled for `RegexMatcher`: a Thompson NFA as a list of instructions.
struct RegexProgram {
    enum Instruction {
        case scalar(Unicode.Scalar, caseless: Bool)
        /// An index into `sets`.
        case set(Int, caseless: Bool)
        /// Goes on at both places, the first preferred.
        case split(Int, Int)
        case jump(Int)
        case assertion(RegexAssertion)
        case match
    }

    /// More instructions than this are refused: matching time grows with the program's size.
    static let maxInstructions = 200_000

    private(set) var instructions: [Instruction] = []
    private(set) var sets: [RegexSet] = []

    init(_ node: RegexNode) throws(RegexSyntaxError) {
        try emit(node)
        instructions.append(.match)
    }

    private mutating func append(_ instruction: Instruction) throws(RegexSyntaxError) -> Int {
        guard instructions.count < Self.maxInstructions else {
            throw RegexSyntaxError(message: "pattern too large (over \(Self.maxInstructions) steps once its repetitions are counted out)")
        }
        instructions.append(instruction)
        return instructions.count - 1
    }

    private mutating func emit(_ node: RegexNode) throws(RegexSyntaxError) {
        switch node {
        case .empty: break
        case let .scalar(c, caseless):
            // A character whose case folds to several ("ß" to "ss") matches them too, as in ICU.
            if caseless, let expansion = CaseFolding.expansion(c) {
                try emit(.alternate([.concat(expansion.map { .scalar($0, caseless: true) }), .set(RegexSet(items: [.range(c, c)]), caseless: true)]))
            } else {
                _ = try append(.scalar(caseless ? CaseFolding.fold(c) : c, caseless: caseless))
            }
        case let .set(set, caseless):
            sets.append(set)
            _ = try append(.set(sets.count - 1, caseless: caseless))
        case let .assertion(kind): _ = try append(.assertion(kind))
        case let .concat(items): for item in items { try emit(item) }
        case let .alternate(branches):
            // split L1, next; L1: branch; jump end; next: split L2, next2 … last branch.
            var jumps: [Int] = []
            for (n, branch) in branches.enumerated() {
                if n < branches.count - 1 {
                    let split = try append(.split(0, 0))
                    try emit(branch)
                    jumps.append(try append(.jump(0)))
                    instructions[split] = .split(split + 1, instructions.count)
                } else {
                    try emit(branch)
                }
            }
            for jump in jumps { instructions[jump] = .jump(instructions.count) }
        case let .repetition(body, min, max, greedy):
            for _ in 0..<min { try emit(body) }
            if let max {
                // Each optional copy: split body, end (greedy) — all skip to the same end.
                var splits: [Int] = []
                for _ in min..<max {
                    splits.append(try append(.split(0, 0)))
                    try emit(body)
                }
                for split in splits { instructions[split] = branch(split + 1, instructions.count, greedy: greedy) }
            } else {
                // loop: split body, end; body; jump loop.
                let loop = try append(.split(0, 0))
                try emit(body)
                _ = try append(.jump(loop))
                instructions[loop] = branch(loop + 1, instructions.count, greedy: greedy)
            }
        }
    }

    private func branch(_ body: Int, _ skip: Int, greedy: Bool) -> Instruction {
        greedy ? .split(body, skip) : .split(skip, body)
    }
}

/// Simple case folding, as ICU's case-insensitive matching of single characters: "Σ", "σ" and "ς" alike.
enum CaseFolding {
    static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
        if c.isASCII {
            return c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c
        }
        // Upper then lower case, each only where it maps to one character: "ς" → "Σ" → "σ".
        let upper = single(c.properties.uppercaseMapping) ?? c
        return single(upper.properties.lowercaseMapping) ?? single(c.properties.lowercaseMapping) ?? c
    }

    /// The characters a character's case folds to when they are more than one ("ß": "ss", "ﬁ": "fi").
    static func expansion(_ c: Unicode.Scalar) -> [Unicode.Scalar]? {
        guard !c.isASCII else { return nil }
        let folded = Array(c.properties.uppercaseMapping.lowercased().unicodeScalars)
        return folded.count > 1 ? folded : nil
    }

    /// The character's other case forms, for sets under case-insensitive matching.
    static func variants(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        if c.isASCII {
            let v = c.value
            if v >= 65 && v <= 90 { return [Unicode.Scalar(v + 32)!] }
            if v >= 97 && v <= 122 { return [Unicode.Scalar(v - 32)!] }
            return []
        }
        let p = c.properties
        // "ß" upper-cases to "SS", so no mapping leads from it to "ẞ", whose lower case it is.
        let capitalSharpS: Unicode.Scalar? = c == "ß" ? "ẞ" : nil
        return [single(p.uppercaseMapping), single(p.lowercaseMapping), single(p.titlecaseMapping), Optional(fold(c)), capitalSharpS]
            .compactMap { $0 }.filter { $0 != c }
    }

    private static func single(_ s: String) -> Unicode.Scalar? {
        var scalars = s.unicodeScalars.makeIterator()
        guard let first = scalars.next(), scalars.next() == nil else { return nil }
        return first
    }
}
