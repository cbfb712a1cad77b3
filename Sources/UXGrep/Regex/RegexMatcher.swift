/// Runs a `RegexProgram` over a line of text as a Pike VM: all the NFA's threads advance together
/// one character at a time, at most one thread per instruction, so a search costs at most
/// (characters × instructions) steps however the pattern nests. Threads are kept in the order a
/// backtracking matcher would try them, so the match found is the one ICU's would find
/// (leftmost, then the first alternative and the greedy or lazy choice it prefers).
struct LinearRegex: Sendable {
    private let program: RegexProgram
    private let folds: Bool

    /// `pattern` in ux-grep's regular-expression syntax (see `RegexNode`).
    init(pattern: String, caseInsensitive: Bool) throws(RegexSyntaxError) {
        try self.init(RegexParser.parse(pattern, caseInsensitive: caseInsensitive))
    }

    /// Literal text: the words in order, one space between each two.
    init(words: [Substring], caseInsensitive: Bool) throws(RegexSyntaxError) {
        let space = RegexNode.scalar(" ", caseless: false)
        let nodes = words.map { word in RegexNode.concat(word.unicodeScalars.map { .scalar($0, caseless: caseInsensitive) }) }
        try self.init(.concat(Array(nodes.map { [space, $0] }.joined().dropFirst())))
    }

    private init(_ node: RegexNode) throws(RegexSyntaxError) {
        program = try RegexProgram(node)
        folds = program.instructions.contains { if case .scalar(_, true) = $0 { true } else { false } }
    }

    /// A matcher for the lines of one page: its scratch space is made once, not per line.
    func matcher() -> RegexMatcher { RegexMatcher(Machine(program: program), folds: folds) }
}

/// Finds a `LinearRegex`'s matches line after line.
struct RegexMatcher {
    fileprivate var machine: Machine
    fileprivate let folds: Bool

    fileprivate init(_ machine: Machine, folds: Bool) { self.machine = machine; self.folds = folds }

    /// The non-empty matches in `text`, in order, none overlapping: each search goes on where the
    /// last match ended (one character further after an empty one), as NSRegularExpression's.
    /// Each search is linear in the line; a search may read past its match while a preferred
    /// alternative is still alive (`\w+x|a` in a long word), so a line of many such matches can
    /// cost up to its length times their number, as with other linear-time engines that report
    /// leftmost-first matches. ux-grep's lines are a page's lines.
    mutating func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        machine.text = text
        machine.folded = folds ? text.map(CaseFolding.fold) : nil
        var found: [Range<Int>] = []
        var from = 0
        while from <= text.count, let match = machine.firstMatch(from: from) {
            if match.isEmpty {
                from = match.upperBound + 1
            } else {
                found.append(match)
                from = match.upperBound
            }
        }
        return found
    }
}

/// The search state: the line searched and, kept from one search to the next, which
/// instructions hold a thread.
fileprivate struct Machine {
    let instructions: [RegexProgram.Instruction]
    let sets: [RegexSet]
    var text: [Unicode.Scalar] = []
    var folded: [Unicode.Scalar]?

    struct Threads {
        var pcs: [Int] = []
        var starts: [Int] = []
    }

    /// The generation in which each instruction was last put on a list: one thread per instruction.
    var marks: [Int]
    var generation = 0
    var stack: [Int] = []

    init(program: RegexProgram) {
        instructions = program.instructions; sets = program.sets
        marks = Array(repeating: -1, count: program.instructions.count)
    }

    /// The first match that starts at `from` or later, in character offsets.
    mutating func firstMatch(from: Int) -> Range<Int>? {
        let n = text.count
        var matched: Range<Int>?
        var current = Threads(), next = Threads()
        generation += 1
        var position = from
        while true {
            // A new thread at each position, after (below) the older ones, until something matched.
            if matched == nil { add(0, start: position, at: position, to: &current) }
            if current.pcs.isEmpty && (matched != nil || position >= n) { break }
            generation += 1
            next.pcs.removeAll(keepingCapacity: true); next.starts.removeAll(keepingCapacity: true)
            for k in current.pcs.indices {
                let pc = current.pcs[k], start = current.starts[k]
                switch instructions[pc] {
                case .match:
                    matched = start..<position
                case let .scalar(c, caseless):
                    if position < n, (caseless ? folded![position] : text[position]) == c {
                        add(pc + 1, start: start, at: position + 1, to: &next)
                    }
                case let .set(index, caseless):
                    if position < n, Self.contains(sets[index], text[position], caseless: caseless) {
                        add(pc + 1, start: start, at: position + 1, to: &next)
                    }
                case .split, .jump, .assertion:
                    break
                }
                // The threads after a match are less preferred than it: drop them.
                if case .match = instructions[pc] { break }
            }
            if position >= n { break }
            swap(&current, &next)
            position += 1
        }
        return matched
    }

    static func contains(_ set: RegexSet, _ c: Unicode.Scalar, caseless: Bool) -> Bool {
        guard caseless else { return set.contains(c) }
        // Under -i the set is closed over case before it is negated: "[a-z]" takes "Q", "[^a-z]" refuses it.
        let inner = set.holdsItem(c) || CaseFolding.variants(c).contains { set.holdsItem($0) }
        return inner != set.negated
    }

    /// Follows jumps, splits and assertions from `pc` at `position`, putting the threads that wait
    /// for a character (or match) on `list`, in order of preference.
    private mutating func add(_ pc: Int, start: Int, at position: Int, to list: inout Threads) {
        stack.append(pc)
        while let pc = stack.popLast() {
            guard marks[pc] != generation else { continue }
            marks[pc] = generation
            switch instructions[pc] {
            case let .jump(target): stack.append(target)
            case let .split(first, second): stack.append(second); stack.append(first)
            case let .assertion(kind): if holds(kind, at: position) { stack.append(pc + 1) }
            case .scalar, .set, .match: list.pcs.append(pc); list.starts.append(start)
            }
        }
    }

    private func holds(_ assertion: RegexAssertion, at position: Int) -> Bool {
        let n = text.count
        switch assertion {
        case .lineStart, .textStart: return position == 0
        case .textEnd: return position == n
        case .lineEnd, .textEndBeforeFinalNewline:
            return position == n || (position == n - 1 && Self.isLineTerminator(text[position]))
        case .wordBoundary, .notWordBoundary:
            let before = position > 0 && ScalarClass.word.contains(text[position - 1])
            let after = position < n && ScalarClass.word.contains(text[position])
            return (before != after) == (assertion == .wordBoundary)
        }
    }

    private static func isLineTerminator(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 10 && c.value <= 13) || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029
    }
}
