public import UnifexCore
import Foundation

/// Checks JSON against the subset of JSON Schema that extraction schemas use: `type` (one or a
/// list), `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`,
/// `const`, `maxLength`, `minLength`, `minimum`, `maximum`, `maxItems`, `minItems`, `anyOf`, and
/// `$ref` to a place in the same schema (`#/$defs/item`, `#/definitions/…`, `#`). A reference to
/// another document or an anchor is refused when the schema is read: it would never be checked.
///
/// Replies are checked here rather than trusted to the server: `json-object` and `prompt` modes
/// carry no schema to the server at all, and servers that take one honour it to different degrees.
/// Keywords outside the subset are ignored, as a validator must for unknown keywords.
public struct JSONSchema: Sendable {
    public let root: JSONValue

    public init(_ root: JSONValue) throws(SchemaError) {
        guard root.objectValue != nil || root.boolValue != nil else {
            throw SchemaError(path: "", message: "a schema must be a JSON object")
        }
        self.root = root.decoded
        try Self.checkReferences(in: self.root, root: self.root, at: "")
    }

    /// Every `$ref` in the schema points to a place in it; where one does not, the schema is refused.
    private static func checkReferences(in schema: JSONValue, root: JSONValue, at path: String) throws(SchemaError) {
        switch schema {
        case .object(let object):
            for (key, value) in object.pairs {
                // Values, not schemas: a "$ref" in them is data.
                if ["enum", "const", "default", "examples"].contains(key) { continue }
                if key == "$ref", let reference = value.stringValue {
                    guard resolve(reference, in: root) != nil else {
                        throw SchemaError(path: path, message: reference.hasPrefix("#/") || reference == "#"
                            ? "$ref \(reference) points to nothing in the schema"
                            : "$ref \(reference) is not supported: only references within the schema (#/$defs/…) are")
                    }
                } else {
                    try checkReferences(in: value, root: root, at: "\(path)/\(key)")
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() { try checkReferences(in: item, root: root, at: "\(path)/\(i)") }
        default:
            break
        }
    }

    /// The schema a local reference (`#`, `#/$defs/a`, JSON Pointer escapes `~0` `~1` and
    /// percent-encoding) points to, or nil.
    static func resolve(_ reference: String, in root: JSONValue) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        let pointer = String(reference.dropFirst()).removingPercentEncoding ?? String(reference.dropFirst())
        if pointer.isEmpty { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var node = root
        for token in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch node {
            case .object(let object):
                guard let next = object[name] else { return nil }
                node = next
            case .array(let items):
                guard let index = Int(name), items.indices.contains(index) else { return nil }
                node = items[index]
            default:
                return nil
            }
        }
        return node.objectValue != nil || node.boolValue != nil ? node : nil
    }

    /// The first problem found, or nil when `value` validates.
    public func firstProblem(in value: JSONValue) -> SchemaError? {
        check(value.decoded, against: root, at: "")
    }

    /// `references`: `$ref`s followed since the value last changed; a schema whose references
    /// lead back to themselves without reaching a part of the value would otherwise never end.
    private func check(_ value: JSONValue, against schema: JSONValue, at path: String, references: Int = 0) -> SchemaError? {
        func problem(_ message: String) -> SchemaError { SchemaError(path: path, message: message) }
        if let allowed = schema.boolValue { return allowed ? nil : problem("no value is allowed here") }
        guard let s = schema.objectValue else { return nil }
        if let reference = s["$ref"]?.stringValue {
            guard references < 64 else { return problem("$ref \(reference) leads back to itself") }
            guard let target = Self.resolve(reference, in: root) else { return problem("$ref \(reference) points to nothing") }
            if let found = check(value, against: target, at: path, references: references + 1) { return found }
        }
        if let types = s["type"] {
            let names = types.arrayValue?.compactMap(\.stringValue) ?? types.stringValue.map { [$0] } ?? []
            if !names.isEmpty, !names.contains(where: { Self.value(value, hasType: $0) }) {
                return problem("expected \(names.joined(separator: " or ")), got \(Self.typeName(value))")
            }
        }
        if let options = s["enum"]?.arrayValue, !options.contains(where: { Self.equal($0, value) }) {
            return problem("\(Self.shortText(value)) is not one of \(Self.shortText(.array(options)))")
        }
        if let constant = s["const"], !Self.equal(constant, value) {
            return problem("expected \(Self.shortText(constant))")
        }
        if let variants = s["anyOf"]?.arrayValue,
           !variants.contains(where: { check(value, against: $0, at: path, references: references + 1) == nil }) {
            return problem("matches none of anyOf")
        }
        switch value {
        case .string(let text):
            let length = text.unicodeScalars.count
            if let max = s["maxLength"]?.intValue, length > max { return problem("longer than maxLength \(max) (\(length))") }
            if let min = s["minLength"]?.intValue, length < min { return problem("shorter than minLength \(min) (\(length))") }
        case .number:
            let number = value.doubleValue ?? .nan
            if let min = s["minimum"]?.doubleValue, !(number >= min) { return problem("below minimum \(Self.shortText(s["minimum"]!))") }
            if let max = s["maximum"]?.doubleValue, !(number <= max) { return problem("above maximum \(Self.shortText(s["maximum"]!))") }
        case .array(let items):
            if let max = s["maxItems"]?.intValue, items.count > max { return problem("more than maxItems \(max) (\(items.count))") }
            if let min = s["minItems"]?.intValue, items.count < min { return problem("fewer than minItems \(min) (\(items.count))") }
            if let itemSchema = s["items"] {
                for (i, item) in items.enumerated() {
                    if let found = check(item, against: itemSchema, at: "\(path)/\(i)") { return found }
                }
            }
        case .object(let object):
            for name in s["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[name] == nil {
                return problem("required property \"\(name)\" is missing")
            }
            let properties = s["properties"]?.objectValue ?? JSONObject()
            for (key, item) in object.pairs {
                if let propertySchema = properties[key] {
                    if let found = check(item, against: propertySchema, at: "\(path)/\(key)") { return found }
                } else if let additional = s["additionalProperties"] {
                    if additional.boolValue == false { return problem("property \"\(key)\" is not allowed") }
                    if let found = check(item, against: additional, at: "\(path)/\(key)") { return found }
                }
            }
        default:
            break
        }
        return nil
    }

    static func value(_ value: JSONValue, hasType type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number):
            return true
        case ("integer", .number):
            guard let d = value.doubleValue else { return false }
            return d.isFinite && d.rounded() == d
        default:
            return false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        case .encoded(let json): typeName(json.value)
        }
    }

    /// Equality by value (numbers by magnitude, objects ignoring key order), as JSON Schema compares.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number, .number): return a.doubleValue == b.doubleValue
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.pairs.count == y.pairs.count && x.pairs.allSatisfy { pair in y[pair.key].map { equal(pair.value, $0) } ?? false }
        default: return a == b
        }
    }

    static func shortText(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 60 ? String(text.prefix(60)) + "…" : text
    }
}

/// Where a value breaks its schema, as a JSON Pointer, and how.
public struct SchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let message: String
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
