/// The regular expressions of `ux-grep -E`, parsed: ICU's syntax (what ux-grep used to hand to
/// NSRegularExpression) without the parts that make matching backtrack.
///
/// Matching runs on a Thompson NFA (see `RegexProgram` and `RegexMatcher`), in time that grows
/// with the text times the pattern, never exponentially: a pattern like `(\w+\s?)+:` or
/// `(a|a)*b` that made ICU's backtracking matcher run for minutes on one page is as fast as any
/// other. Written here rather than bound to RE2 so that the syntax and its meaning stay ICU's
/// (`\w`, `\d`, `\b` and case folding over all of Unicode; RE2's are ASCII) and ux-grep needs no
/// C++ library. What an NFA cannot do in linear time is refused with the reason: back-references,
/// look-around, atomic groups and possessive quantifiers.
indirect enum RegexNode: Equatable {
    case empty
    /// One character; `caseless` under `-i` or `(?i)`.
    case scalar(Unicode.Scalar, caseless: Bool)
    case set(RegexSet, caseless: Bool)
    case concat([RegexNode])
    /// Alternatives, the first that matches preferred (leftmost-first, as a backtracking matcher).
    case alternate([RegexNode])
    case repetition(RegexNode, min: Int, max: Int?, greedy: Bool)
    case assertion(RegexAssertion)
}

enum RegexAssertion: Equatable {
    case lineStart, lineEnd, textStart, textEnd, textEndBeforeFinalNewline, wordBoundary, notWordBoundary
}

/// A set of characters: ranges and classes, maybe negated.
struct RegexSet: Equatable {
    enum Item: Equatable {
        case range(Unicode.Scalar, Unicode.Scalar)
        case scalarClass(ScalarClass, negated: Bool)
    }

    var items: [Item] = []
    var negated = false

    func contains(_ c: Unicode.Scalar) -> Bool { holdsItem(c) != negated }

    /// Whether one of the items takes `c`, before the set's negation.
    func holdsItem(_ c: Unicode.Scalar) -> Bool {
        for item in items {
            switch item {
            case let .range(low, high): if low <= c && c <= high { return true }
            case let .scalarClass(kind, negated): if kind.contains(c) != negated { return true }
            }
        }
        return false
    }
}

/// The named classes: `\d`, `\w`, `\s`, `.`, `\p{…}` and `[:…:]`, with ICU's Unicode meanings.
enum ScalarClass: Equatable {
    case digit, word, space, horizontalSpace, any, notLineTerminator, alphabetic, alphanumeric, uppercase, lowercase, ascii
    case hexDigit, punctuation, control, graph, print, blank
    case category(Set<Unicode.GeneralCategory>)

    func contains(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII {
            // The common case without a look-up of the scalar's properties.
            let v = c.value
            switch self {
            case .digit: return v >= 48 && v <= 57
            case .word: return (v >= 48 && v <= 57) || (v >= 65 && v <= 90) || (v >= 97 && v <= 122) || v == 95
            case .space: return (v >= 9 && v <= 13) || v == 32
            case .notLineTerminator: return !(v >= 10 && v <= 13)
            default: break
            }
        }
        let p = c.properties
        switch self {
        case .digit: return p.generalCategory == .decimalNumber
        case .word:
            // ICU: \p{Alphabetic}, \p{Mark}, \p{Decimal_Number}, \p{Connector_Punctuation}, ZWNJ, ZWJ.
            switch p.generalCategory {
            case .decimalNumber, .connectorPunctuation, .nonspacingMark, .spacingMark, .enclosingMark: return true
            default: return p.isAlphabetic || c.value == 0x200C || c.value == 0x200D
            }
        case .space: return p.isWhitespace
        case .horizontalSpace: return c == "\t" || p.generalCategory == .spaceSeparator
        case .any: return true
        case .notLineTerminator: return !(c.value >= 10 && c.value <= 13) && c.value != 0x85 && c.value != 0x2028 && c.value != 0x2029
        case .alphabetic: return p.isAlphabetic
        case .alphanumeric: return p.isAlphabetic || p.generalCategory == .decimalNumber
        case .uppercase: return p.isUppercase
        case .lowercase: return p.isLowercase
        case .ascii: return c.isASCII
        case .hexDigit: return p.isASCIIHexDigit
        case .punctuation:
            switch p.generalCategory {
            case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                 .initialPunctuation, .finalPunctuation, .otherPunctuation: return true
            default: return false
            }
        case .control: return p.generalCategory == .control
        case .blank: return c == "\t" || p.generalCategory == .spaceSeparator
        case .graph, .print:
            switch p.generalCategory {
            case .control, .surrogate, .unassigned, .lineSeparator, .paragraphSeparator: return false
            case .spaceSeparator: return self == .print
            default: return true
            }
        case let .category(categories): return categories.contains(p.generalCategory)
        }
    }
}

struct RegexSyntaxError: Error, Equatable {
    var message: String
}

/// A recursive-descent parser over the pattern's characters.
struct RegexParser {
    /// Counted repetitions above this are refused: the program holds each copy.
    static let maxCount = 1000

    private let pattern: [Unicode.Scalar]
    private var i = 0
    private var caseless: Bool

    static func parse(_ pattern: String, caseInsensitive: Bool) throws(RegexSyntaxError) -> RegexNode {
        var parser = RegexParser(pattern: Array(pattern.unicodeScalars), caseless: caseInsensitive)
        let node = try parser.alternation()
        if parser.i < parser.pattern.count {
            throw RegexSyntaxError(message: "unmatched ')'")
        }
        return node
    }

    private init(pattern: [Unicode.Scalar], caseless: Bool) {
        self.pattern = pattern; self.caseless = caseless
    }

    private var atEnd: Bool { i >= pattern.count }
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? { i + offset < pattern.count ? pattern[i + offset] : nil }

    private mutating func take(_ c: Unicode.Scalar) -> Bool {
        guard peek() == c else { return false }
        i += 1
        return true
    }

    private mutating func alternation() throws(RegexSyntaxError) -> RegexNode {
        // Flags set inside a group, as in `(?i)`, end with the group.
        let saved = caseless
        defer { caseless = saved }
        var branches = [try sequence()]
        while take("|") { branches.append(try sequence()) }
        return branches.count == 1 ? branches[0] : .alternate(branches)
    }

    private mutating func sequence() throws(RegexSyntaxError) -> RegexNode {
        var items: [RegexNode] = []
        while let c = peek(), c != "|", c != ")" {
            guard let atom = try atom() else { continue }
            items.append(try quantified(atom))
        }
        return items.isEmpty ? .empty : items.count == 1 ? items[0] : .concat(items)
    }

    private mutating func quantified(_ atom: RegexNode) throws(RegexSyntaxError) -> RegexNode {
        var node = atom
        while let c = peek() {
            let bounds: (Int, Int?)
            switch c {
            case "*": i += 1; bounds = (0, nil)
            case "+": i += 1; bounds = (1, nil)
            case "?": i += 1; bounds = (0, 1)
            case "{":
                guard let counted = countedBounds() else { return node }
                bounds = counted
            default: return node
            }
            if case .assertion = atom { throw RegexSyntaxError(message: "nothing to repeat before '\(c)'") }
            if let max = bounds.1, max < bounds.0 { throw RegexSyntaxError(message: "repetition {\(bounds.0),\(max)}: the maximum is below the minimum") }
            if bounds.0 > Self.maxCount || (bounds.1 ?? 0) > Self.maxCount {
                throw RegexSyntaxError(message: "repetition counts above \(Self.maxCount) are not supported")
            }
            var greedy = true
            if take("?") { greedy = false } else if peek() == "+" {
                throw RegexSyntaxError(message: "possessive quantifiers are not supported (they need a backtracking matcher)")
            }
            node = .repetition(node, min: bounds.0, max: bounds.1, greedy: greedy)
        }
        return node
    }

    /// `{n}`, `{n,}` or `{n,m}` at the cursor (consumed), or nil (a literal `{`, nothing consumed).
    private mutating func countedBounds() -> (Int, Int?)? {
        var j = i + 1
        func number() -> Int? {
            var value = 0, digits = 0
            while j < pattern.count, let d = pattern[j].properties.numericType == .decimal ? Int(String(pattern[j])) : nil {
                value = min(value * 10 + d, Self.maxCount + 1); digits += 1; j += 1
            }
            return digits > 0 ? value : nil
        }
        guard let low = number() else { return nil }
        var high: Int? = low
        if j < pattern.count, pattern[j] == "," {
            j += 1
            high = number()
        }
        guard j < pattern.count, pattern[j] == "}" else { return nil }
        i = j + 1
        return (low, high)
    }

    /// One atom, or nil for something that matches nothing and takes no quantifier (a flag group, a comment).
    private mutating func atom() throws(RegexSyntaxError) -> RegexNode? {
        let c = pattern[i]
        i += 1
        switch c {
        case "(": return try group()
        case "[": return .set(try bracket(), caseless: caseless)
        case ".": return .set(RegexSet(items: [.scalarClass(.notLineTerminator, negated: false)]), caseless: false)
        case "^": return .assertion(.lineStart)
        case "$": return .assertion(.lineEnd)
        case "\\": return try escape()
        case "*", "+", "?": throw RegexSyntaxError(message: "nothing to repeat before '\(c)'")
        default: return .scalar(c, caseless: caseless)
        }
    }

    private mutating func group() throws(RegexSyntaxError) -> RegexNode? {
        if take("?") {
            guard let kind = peek() else { throw RegexSyntaxError(message: "unterminated group") }
            switch kind {
            case ":": i += 1
            case "=", "!": throw RegexSyntaxError(message: "look-ahead is not supported (it needs a backtracking matcher)")
            case ">": throw RegexSyntaxError(message: "atomic groups are not supported (they need a backtracking matcher)")
            case "#":
                while let c = peek(), c != ")" { i += 1 }
                guard take(")") else { throw RegexSyntaxError(message: "unterminated comment") }
                return nil
            case "<" where peek(1) == "=" || peek(1) == "!":
                throw RegexSyntaxError(message: "look-behind is not supported (it needs a backtracking matcher)")
            case "<":
                // A named group matches as any group; ux-grep reports no groups.
                i += 1
                while let c = peek(), c != ">" { i += 1 }
                guard take(">") else { throw RegexSyntaxError(message: "unterminated group name") }
            default:
                return try flags()
            }
        }
        let body = try alternation()
        guard take(")") else { throw RegexSyntaxError(message: "missing ')'") }
        return body
    }

    /// `(?i)`, `(?-i)` (for the rest of the enclosing group) or `(?i:…)`; `m` and `s` are accepted and
    /// change nothing, since a searched line holds no line breaks.
    private mutating func flags() throws(RegexSyntaxError) -> RegexNode? {
        var on = true
        var caseFlag: Bool?
        while let c = peek() {
            i += 1
            switch c {
            case "-": on = false
            case "i": caseFlag = on
            case "m", "s": break
            case ")":
                if let caseFlag { caseless = caseFlag }
                return nil
            case ":":
                let saved = caseless
                if let caseFlag { caseless = caseFlag }
                let body = try alternation()
                caseless = saved
                guard take(")") else { throw RegexSyntaxError(message: "missing ')'") }
                return body
            default: throw RegexSyntaxError(message: "unsupported group flag '\(c)'")
            }
        }
        throw RegexSyntaxError(message: "unterminated group")
    }

    private mutating func escape() throws(RegexSyntaxError) -> RegexNode? {
        guard !atEnd else { throw RegexSyntaxError(message: "trailing backslash") }
        let c = pattern[i]
        switch c {
        case "b": i += 1; return .assertion(.wordBoundary)
        case "B": i += 1; return .assertion(.notWordBoundary)
        case "A": i += 1; return .assertion(.textStart)
        case "z": i += 1; return .assertion(.textEnd)
        case "Z": i += 1; return .assertion(.textEndBeforeFinalNewline)
        case "Q":
            i += 1
            var items: [RegexNode] = []
            while !atEnd, !(pattern[i] == "\\" && peek(1) == "E") {
                items.append(.scalar(pattern[i], caseless: caseless)); i += 1
            }
            if !atEnd { i += 2 }
            return items.isEmpty ? nil : .concat(items)
        default:
            switch try escapeInSet() {
            case let .range(low, _): return .scalar(low, caseless: caseless)
            case let item: return .set(RegexSet(items: [item]), caseless: caseless)
            }
        }
    }

    /// An escape (after the backslash) that stands for characters: a class or one character, as a set item.
    private mutating func escapeInSet() throws(RegexSyntaxError) -> RegexSet.Item {
        let c = pattern[i]
        i += 1
        func single(_ s: Unicode.Scalar) -> RegexSet.Item { .range(s, s) }
        switch c {
        case "d": return .scalarClass(.digit, negated: false)
        case "D": return .scalarClass(.digit, negated: true)
        case "w": return .scalarClass(.word, negated: false)
        case "W": return .scalarClass(.word, negated: true)
        case "s": return .scalarClass(.space, negated: false)
        case "S": return .scalarClass(.space, negated: true)
        case "h": return .scalarClass(.horizontalSpace, negated: false)
        case "H": return .scalarClass(.horizontalSpace, negated: true)
        case "p", "P": return .scalarClass(try property(), negated: c == "P")
        case "t": return single("\t")
        case "n": return single("\n")
        case "r": return single("\r")
        case "f": return single("\u{0C}")
        case "a": return single("\u{07}")
        case "e": return single("\u{1B}")
        case "x":
            if take("{") {
                let value = try hex(maxDigits: 8, until: "}")
                return single(value)
            }
            return single(try hex(maxDigits: 2, until: nil))
        case "u": return single(try hex(maxDigits: 4, until: nil))
        case "U": return single(try hex(maxDigits: 8, until: nil))
        case "0":
            var value: UInt32 = 0, digits = 0
            while digits < 3, let d = peek(), let v = d.properties.numericType == .decimal ? UInt32(String(d)) : nil, v < 8 {
                value = value * 8 + v; digits += 1; i += 1
            }
            return single(Unicode.Scalar(value) ?? "\u{0}")
        case "1"..."9", "k":
            throw RegexSyntaxError(message: "back-references are not supported (they need a backtracking matcher)")
        default:
            if c.properties.isAlphabetic || c.properties.numericType != nil {
                throw RegexSyntaxError(message: "unsupported escape \\\(c)")
            }
            return single(c)
        }
    }

    private mutating func hex(maxDigits: Int, until end: Unicode.Scalar?) throws(RegexSyntaxError) -> Unicode.Scalar {
        var value: UInt32 = 0, digits = 0
        while digits < maxDigits, let c = peek(), c.properties.isASCIIHexDigit, let v = UInt32(String(c), radix: 16) {
            value = value * 16 + v; digits += 1; i += 1
        }
        if let end, !take(end) { throw RegexSyntaxError(message: "unterminated \\x{…}") }
        // \uhhhh and \Uhhhhhhhh take exactly their digits; \xhh one or two.
        guard digits > 0, end != nil || maxDigits == 2 || digits == maxDigits, let scalar = Unicode.Scalar(value) else {
            throw RegexSyntaxError(message: "invalid hexadecimal character escape")
        }
        return scalar
    }

    /// `\pL`, `\p{Lu}`, `\p{Letter}`, `\p{gc=Nd}`, `\p{Alphabetic}`…
    private mutating func property() throws(RegexSyntaxError) -> ScalarClass {
        var name = ""
        if take("{") {
            while let c = peek(), c != "}" { name.unicodeScalars.append(c); i += 1 }
            guard take("}") else { throw RegexSyntaxError(message: "unterminated \\p{…}") }
        } else if let c = peek() {
            name = String(c); i += 1
        }
        if let eq = name.firstIndex(of: "=") {
            let key = Self.loose(String(name[..<eq]))
            guard key == "gc" || key == "generalcategory" else { throw RegexSyntaxError(message: "unsupported property \\p{\(name)}") }
            name = String(name[name.index(after: eq)...])
        }
        guard let kind = Self.properties[Self.loose(name)] else {
            throw RegexSyntaxError(message: "unsupported property \\p{\(name)}")
        }
        return kind
    }

    /// Property names compare as ICU's do: case, spaces, '-' and '_' do not count.
    private static func loose(_ name: String) -> String {
        String(name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" })
    }

    private static let properties: [String: ScalarClass] = {
        typealias G = Unicode.GeneralCategory
        let groups: [(short: String, long: String, [G])] = [
            ("lu", "uppercaseletter", [.uppercaseLetter]), ("ll", "lowercaseletter", [.lowercaseLetter]),
            ("lt", "titlecaseletter", [.titlecaseLetter]), ("lm", "modifierletter", [.modifierLetter]),
            ("lo", "otherletter", [.otherLetter]),
            ("l", "letter", [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]),
            ("lc", "casedletter", [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]),
            ("mn", "nonspacingmark", [.nonspacingMark]), ("mc", "spacingmark", [.spacingMark]),
            ("me", "enclosingmark", [.enclosingMark]), ("m", "mark", [.nonspacingMark, .spacingMark, .enclosingMark]),
            ("nd", "decimalnumber", [.decimalNumber]), ("nl", "letternumber", [.letterNumber]),
            ("no", "othernumber", [.otherNumber]), ("n", "number", [.decimalNumber, .letterNumber, .otherNumber]),
            ("pc", "connectorpunctuation", [.connectorPunctuation]), ("pd", "dashpunctuation", [.dashPunctuation]),
            ("ps", "openpunctuation", [.openPunctuation]), ("pe", "closepunctuation", [.closePunctuation]),
            ("pi", "initialpunctuation", [.initialPunctuation]), ("pf", "finalpunctuation", [.finalPunctuation]),
            ("po", "otherpunctuation", [.otherPunctuation]),
            ("p", "punctuation", [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                                  .initialPunctuation, .finalPunctuation, .otherPunctuation]),
            ("sm", "mathsymbol", [.mathSymbol]), ("sc", "currencysymbol", [.currencySymbol]),
            ("sk", "modifiersymbol", [.modifierSymbol]), ("so", "othersymbol", [.otherSymbol]),
            ("s", "symbol", [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]),
            ("zs", "spaceseparator", [.spaceSeparator]), ("zl", "lineseparator", [.lineSeparator]),
            ("zp", "paragraphseparator", [.paragraphSeparator]),
            ("z", "separator", [.spaceSeparator, .lineSeparator, .paragraphSeparator]),
            ("cc", "control", [.control]), ("cf", "format", [.format]), ("cs", "surrogate", [.surrogate]),
            ("co", "privateuse", [.privateUse]), ("cn", "unassigned", [.unassigned]),
            ("c", "other", [.control, .format, .surrogate, .privateUse, .unassigned]),
        ]
        var table: [String: ScalarClass] = [:]
        for (short, long, categories) in groups {
            table[short] = .category(Set(categories)); table[long] = .category(Set(categories))
        }
        table["alphabetic"] = .alphabetic; table["alpha"] = .alphabetic
        table["whitespace"] = .space; table["space"] = .space
        table["uppercase"] = .uppercase; table["lowercase"] = .lowercase
        table["any"] = .any; table["ascii"] = .ascii
        return table
    }()

    /// A bracket expression after its `[`: items, ranges, `[:name:]` classes, `^` to negate.
    private mutating func bracket() throws(RegexSyntaxError) -> RegexSet {
        var set = RegexSet()
        if take("^") { set.negated = true }
        var first = true
        while true {
            guard let c = peek() else { throw RegexSyntaxError(message: "missing ']'") }
            if c == "]" && !first { i += 1; return set }
            first = false
            if c == "[" {
                guard peek(1) == ":" else {
                    throw RegexSyntaxError(message: "nested sets and set operations are not supported")
                }
                set.items.append(try posixClass())
                continue
            }
            let item = try setItem()
            // A range `a-z`; a '-' first, last or after a range is itself.
            if case let .range(low, _) = item, peek() == "-", let next = peek(1), next != "]" {
                i += 1
                guard case let .range(high, _) = try setItem(), low <= high else {
                    throw RegexSyntaxError(message: "invalid range in a set")
                }
                set.items.append(.range(low, high))
            } else {
                set.items.append(item)
            }
        }
    }

    private mutating func setItem() throws(RegexSyntaxError) -> RegexSet.Item {
        let c = pattern[i]
        i += 1
        if c == "\\" {
            guard !atEnd else { throw RegexSyntaxError(message: "trailing backslash") }
            if pattern[i] == "b" { i += 1; return .range("\u{08}", "\u{08}") }
            return try escapeInSet()
        }
        return .range(c, c)
    }

    private mutating func posixClass() throws(RegexSyntaxError) -> RegexSet.Item {
        i += 2
        var negated = false
        if take("^") { negated = true }
        var name = ""
        while let c = peek(), c != ":" { name.unicodeScalars.append(c); i += 1 }
        guard take(":"), take("]") else { throw RegexSyntaxError(message: "unterminated [:class:]") }
        let classes: [String: ScalarClass] = [
            "alpha": .alphabetic, "digit": .digit, "alnum": .alphanumeric, "upper": .uppercase, "lower": .lowercase,
            "space": .space, "punct": .punctuation, "xdigit": .hexDigit, "blank": .blank, "cntrl": .control,
            "print": .print, "graph": .graph, "word": .word,
        ]
        guard let kind = classes[name] else { throw RegexSyntaxError(message: "unknown class [:\(name):]") }
        return .scalarClass(kind, negated: negated)
    }
}
