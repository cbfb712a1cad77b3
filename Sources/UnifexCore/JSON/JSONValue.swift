/// A JSON value that keeps object keys in order and numbers as written.
///
/// Records flow through several tools and each must pass through fields it does not
/// know untouched, so objects are ordered pairs (not dictionaries) and a parsed number
/// keeps its original text.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's JSON text, exactly as parsed or as formatted on creation.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A number rounded to two decimals (boxes in points need no more), without a trailing ".0".
    public static func double(_ value: Double) -> JSONValue { .number(formatNumber(value)) }

    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var boolValue: Bool? { if case .bool(let b) = self { return b }; return nil }
    public var doubleValue: Double? { if case .number(let n) = self { return Double(n) }; return nil }
    public var intValue: Int? {
        guard case .number(let n) = self else { return nil }
        if let i = Int(n) { return i }
        if let d = Double(n), d.rounded() == d, abs(d) < 9e15 { return Int(d) }
        return nil
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o }; return nil }
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
