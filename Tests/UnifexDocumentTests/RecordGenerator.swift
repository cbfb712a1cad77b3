/// A small, fast generator with a seed, so a failing fuzz case can be run again exactly.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Record lines as hostile input might bring them: page records whose every field may be a
/// huge, tiny, negative or non-integer number, the wrong type, deeply nested, or an odd string
/// (NUL, control characters, escaped lone surrogates, very long), and lines cut or spliced.
/// Lines are JSON text, not values, so numbers like `1e400` and escapes like `\ud800` reach
/// the parser as written.
/// A class, so that the field builders below can share its one random sequence.
final class RecordGenerator {
    var random: SplitMix64

    init(random: SplitMix64) { self.random = random }

    static let numbers = ["0", "-0", "1", "-1", "2", "7", "72", "300", "612", "792", "0.5", "1.5", "-2.5", "1e400", "-1e400",
                          "1e-320", "-1e-320", "1e20", "-1e20", "1e308", "9223372036854775807", "9223372036854775808",
                          "-9223372036854775809", "123456789012345678901234567890", "1E+2", "4.9e-324", "0.0001", "1e30"]
    /// Lone surrogates: no string can hold one, so each makes its whole line a bad record.
    static let invalid = [#""\ud800""#, #""\udfff\ud800""#, #""\ud800\u0041""#]
    static let strings = [#""""#, #""a.pdf""#, #""x\u0000y""#, #""\u0001\u001f\t\n\r""#,
                          #""\ud83d\ude00 ok""#, #""<&>'\"""#, #""]]>--""#, #""\uffff\ufffe""#, ##""# tab\there""##,
                          #""a\\b/c""#, #""ok""#, #""pdf""#, #""image""#, #""px""#, #""norm""#, #""ocr""#]

    func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    func pick(_ items: [String]) -> String { items[int(0...items.count - 1)] }

    func number() -> String { chance(0.3) ? String(Double.random(in: -2000...2000, using: &random)) : pick(Self.numbers) }

    func string() -> String {
        if chance(0.05) { return "\"" + String(repeating: pick(["w", "é", "字", "\\u0000", " "]), count: int(1000...5000)) + "\"" }
        return chance(0.01) ? pick(Self.invalid) : pick(Self.strings)
    }

    func nested(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + number() + String(repeating: "]", count: depth)
    }

    /// Anything at all, for a field that expects something else.
    func any(depth: Int = 0) -> String {
        switch int(0...9) {
        case 0: return "null"
        case 1: return pick(["true", "false"])
        case 2, 3: return number()
        case 4, 5: return string()
        case 6 where depth < 3: return "[" + (0..<int(0...4)).map { _ in any(depth: depth + 1) }.joined(separator: ",") + "]"
        case 7 where depth < 3: return "{" + (0..<int(0...3)).map { _ in "\(string()):\(any(depth: depth + 1))" }.joined(separator: ",") + "}"
        case 8: return nested(int(1...540))
        default: return "{}"
        }
    }

    /// Usually the right shape, sometimes anything.
    func field(_ odds: Double = 0.15, _ good: () -> String) -> String { chance(odds) ? any() : good() }

    func box() -> String {
        field { chance(0.1) ? "[" + (0..<int(0...6)).map { _ in number() }.joined(separator: ",") + "]"
                            : "[\(number()),\(number()),\(number()),\(number())]" }
    }

    func span() -> String {
        var parts = ["\"text\":\(field { string() })", "\"box\":\(box())"]
        if chance(0.5) { parts.append("\"conf\":\(field { number() })") }
        if chance(0.2) { parts.append("\"font\":\(string()),\"size\":\(number()),\"word\":\(number())") }
        parts.shuffle(using: &random)
        return "{" + parts.joined(separator: ",") + "}"
    }

    func spans() -> String { field { "[" + (0..<int(0...12)).map { _ in span() }.joined(separator: ",") + "]" } }

    func line() -> String {
        var fields: [(String, String)] = [
            ("v", field { "1" }), ("type", field { "\"page\"" }), ("doc", field(0.03) { chance(0.9) ? pick([#""a.pdf""#, #""b/c.pdf""#]) : string() }),
            ("source", field { pick([#""pdf""#, #""image""#]) }), ("page", field(0.03) { chance(0.9) ? pick(["1", "2"]) : number() }),
            ("page_count", field { pick(["1", "2", number()]) }), ("selected", field { pick(["1", "2", number()]) }),
            ("status", field { pick([#""ok""#, #""error""#, #""timeout""#, #""skipped""#]) }),
            ("width", field { number() }), ("height", field { number() }), ("rotation", field { pick(["0", "90", number()]) }),
            ("text", field { string() }), ("words", spans()), ("lines", spans()), ("chars", spans()),
            ("text_source", field { pick([#""pdf""#, #""ocr""#]) }), ("dpi", field { number() }),
            ("ocr", field { "{\"dpi\":\(number()),\"conf\":\(number())}" }),
            ("unit", field { pick([#""px""#, #""norm""#, #""in""#]) }), ("unit_dpi", field { number() }),
            ("metadata", field { "{\"title\":\(string())}" }), ("timings", field { "{\"text\":\(number()),\"ocr\":\(number())}" }),
            ("error", field { "{\"stage\":\(string()),\"code\":\(string()),\"message\":\(string())}" }),
            ("file_id", field { pick([#""1:2""#, #""3:4""#, string()]) }), ("x-deep", nested(int(1...540))),
        ]
        fields = fields.filter { _ in chance(0.85) }
        fields.shuffle(using: &random)
        var text = "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        if chance(0.05) { text = String(text.prefix(int(0...text.count))) }
        if chance(0.03) { text += pick(["}", " x", "\u{0}"]) }
        return text
    }
}
