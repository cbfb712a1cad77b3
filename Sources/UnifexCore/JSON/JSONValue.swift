/// A JSON value that keeps object keys in order and numbers as written.
///
/// Records flow through several tools and each must pass through fields it does not
/// know untouched, so objects are ordered pairs (not dictionaries) and a parsed number
/// keeps its original text.
///
/// A value may also be held as JSON text already written (`encoded`): the large arrays a page
/// stage adds (a page's words and lines) are written straight from their typed form, which costs
/// half what building and printing a tree of values does, and are decoded only if read again.
/// The accessors and `==` see through it; a `switch` over a value that may be encoded switches
/// over `decoded`.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's JSON text, exactly as parsed or as formatted on creation.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
    case encoded(EncodedJSON)

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number rounded to two decimals (boxes in points need no more), without a trailing ".0".
    public static func double(_ value: Double) -> JSONValue { .number(formatNumber(value)) }

    /// The value itself, built as a tree when it was held encoded.
    public var decoded: JSONValue {
        if case .encoded(let json) = self { return json.value }
        return self
    }

    public var stringValue: String? { if case .string(let s) = decoded { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = decoded { return b }; return nil }
    public var doubleValue: Double? { if case .number(let n) = decoded { return Double(n) }; return nil }
    public var intValue: Int? {
        guard case .number(let n) = decoded else { return nil }
        if let i = Int(n) { return i }
        if let d = Double(n), d.rounded() == d, abs(d) < 9e15 { return Int(d) }
        return nil
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = decoded { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = decoded { return o }; return nil }

    /// Equal values, however each is held: an encoded value equals the tree it decodes to.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x == y
        case (.encoded(let x), .encoded(let y)): x.bytes == y.bytes || x.value == y.value
        case (.encoded(let x), _): x.value == b
        case (_, .encoded(let y)): a == y.value
        default: false
        }
    }
}

/// JSON text written once, straight from typed data, by this module's writers (so it is always
/// one well-formed compact value): printed as it is, parsed only when it is read.
public struct EncodedJSON: Sendable {
    public let bytes: [UInt8]

    init(writtenBy write: (inout [UInt8]) -> Void) {
        var bytes: [UInt8] = []
        write(&bytes)
        self.bytes = bytes
    }

    /// The value the text holds.
    public var value: JSONValue {
        // Written by this module, so it parses; null stands for a writer's mistake rather than a trap.
        (try? JSONValue.parse(bytes)) ?? .null
    }
}

/// An ordered JSON object. Lookups are linear: records have a few dozen keys at most.
public struct JSONObject: Equatable, Sendable {
    public var pairs: [(key: String, value: JSONValue)]

    public init(_ pairs: [(key: String, value: JSONValue)] = []) { self.pairs = pairs }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// Reads a key; setting replaces the value in place, or appends a new key; nil removes it.
    public subscript(key: String) -> JSONValue? {
        get { pairs.first(where: { $0.key == key })?.value }
        set {
            if let i = pairs.firstIndex(where: { $0.key == key }) {
                if let newValue { pairs[i].value = newValue } else { pairs.remove(at: i) }
            } else if let newValue {
                pairs.append((key, newValue))
            }
        }
    }
}
