// Reading JSON: one complete text, keys in order, numbers kept as written.

public struct JSONParseError: Error, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String
    public var description: String { "\(reason) at column \(offset + 1)" }
}

extension JSONValue {
    /// Parses one complete JSON text (trailing white space allowed, nothing else).
    public static func parse(_ bytes: some Collection<UInt8>) throws(JSONParseError) -> JSONValue {
        try parse(bytes, skippingTopLevelKeys: [])
    }

    /// Parses a JSON text, leaving out the named keys of the top-level object: their values are
    /// checked for well-formedness but not built (ux-merge --format text needs no word boxes).
    /// How deeply arrays and objects may nest in what any tool reads.
    public static let maximumDepth = 512

    public static func parse(_ bytes: some Collection<UInt8>, skippingTopLevelKeys skip: Set<String>,
                             maximumDepth: Int = maximumDepth) throws(JSONParseError) -> JSONValue {
        var parser = JSONParser(bytes: Array(bytes))
        parser.skipKeys = skip
        parser.maximumDepth = maximumDepth
        return try parser.parseDocument()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try parse(Array(text.utf8))
    }
}

private struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    var depth = 0
    var maximumDepth = JSONValue.maximumDepth
    var skipKeys: Set<String> = []

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if position == bytes.count { throw fail("empty line, expected a JSON object") }
        let value = try parseValue()
        skipWhitespace()
        if position != bytes.count { throw fail("unexpected text after the JSON value") }
        return value
    }

    func fail(_ reason: String) -> JSONParseError { JSONParseError(offset: position, reason: reason) }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw fail("unexpected end of JSON") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[position])))'")
        }
    }

    mutating func expectLiteral(_ literal: String) throws(JSONParseError) {
        let expected = Array(literal.utf8)
        guard position + expected.count <= bytes.count else { throw fail("unexpected end of JSON") }
        guard bytes[position..<position + expected.count].elementsEqual(expected) else { throw fail("invalid literal") }
        position += expected.count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth { throw fail("nesting deeper than \(maximumDepth) levels") }
    }

    /// An object's or an array's items, from its opening bracket to the closing one: `item` reads
    /// each (an object's key with it), the commas between them and the brackets are checked here.
    mutating func items(closedBy close: UInt8, _ item: (inout JSONParser) throws(JSONParseError) -> Void) throws(JSONParseError) {
        try enter()
        position += 1
        skipWhitespace()
        if position < bytes.count, bytes[position] == close {
            position += 1; depth -= 1
            return
        }
        while true {
            skipWhitespace()
            try item(&self)
            skipWhitespace()
            guard position < bytes.count else { throw fail("unexpected end of JSON") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == close { position += 1; break }
            throw fail(close == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
        }
        depth -= 1
    }

    /// An object member's key and the `:` after it (the key read only when `read`).
    mutating func key(read: Bool) throws(JSONParseError) -> String {
        guard position < bytes.count else { throw fail("unexpected end of JSON") }
        guard bytes[position] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
        var key = ""
        if read { key = try parseString() } else { try skipString() }
        skipWhitespace()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw fail("expected ':'") }
        position += 1
        skipWhitespace()
        return key
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        var object = JSONObject()
        try items(closedBy: UInt8(ascii: "}")) { (p: inout JSONParser) throws(JSONParseError) in
            let key = try p.key(read: true)
            if p.depth == 1, p.skipKeys.contains(key) {
                try p.skipValue()
            } else {
                object.pairs.append((key, try p.parseValue()))
            }
        }
        return .object(object)
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        var list: [JSONValue] = []
        try items(closedBy: UInt8(ascii: "]")) { (p: inout JSONParser) throws(JSONParseError) in list.append(try p.parseValue()) }
        return .array(list)
    }

    /// Steps over one value, checking it as parsing does (brackets, keys, strings with their
    /// escapes and UTF-8, numbers, literals, depth) and building nothing: a line is malformed or
    /// not whichever of its fields are read.
    mutating func skipValue() throws(JSONParseError) {
        guard position < bytes.count else { throw fail("unexpected end of JSON") }
        switch bytes[position] {
        case UInt8(ascii: "{"):
            try items(closedBy: UInt8(ascii: "}")) { (p: inout JSONParser) throws(JSONParseError) in
                _ = try p.key(read: false)
                try p.skipValue()
            }
        case UInt8(ascii: "["):
            try items(closedBy: UInt8(ascii: "]")) { (p: inout JSONParser) throws(JSONParseError) in try p.skipValue() }
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            try scanNumber()
        default:
            _ = try parseValue()
        }
    }

    /// Steps over a string, checked as `parseString` checks it; one with escapes is parsed.
    mutating func skipString() throws(JSONParseError) {
        let open = position
        position += 1
        let start = position
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let body = bytes[start..<position]
                if !body.allSatisfy({ $0 < 0x80 }) { _ = try validUTF8(body) }
                position += 1
                return
            }
            if b == UInt8(ascii: "\\") {
                position = open
                _ = try parseString()
                return
            }
            if b < 0x20 { throw fail("control character in string") }
            position += 1
        }
        throw fail("unterminated string")
    }

    /// Steps over a number: `-`, digits, a fraction, an exponent.
    mutating func scanNumber() throws(JSONParseError) {
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        func digits(_ p: inout Int, _ bytes: [UInt8]) -> Int {
            let s = p
            while p < bytes.count, bytes[p] >= 0x30, bytes[p] <= 0x39 { p += 1 }
            return p - s
        }
        guard digits(&position, bytes) > 0 else { throw fail("invalid number") }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            guard digits(&position, bytes) > 0 else { throw fail("invalid number") }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits(&position, bytes) > 0 else { throw fail("invalid number") }
        }
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        try scanNumber()
        return .number(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    mutating func parseString() throws(JSONParseError) -> String {
        position += 1
        let start = position
        // Fast path: no escapes.
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                let s = try validUTF8(bytes[start..<position])
                position += 1
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw fail("control character in string") }
            position += 1
        }
        var buffer = Array(bytes[start..<position])
        while position < bytes.count {
            let b = bytes[position]
            if b == UInt8(ascii: "\"") {
                position += 1
                return try validUTF8(buffer[...])
            }
            if b < 0x20 { throw fail("control character in string") }
            if b != UInt8(ascii: "\\") { buffer.append(b); position += 1; continue }
            position += 1
            guard position < bytes.count else { break }
            let e = bytes[position]
            position += 1
            switch e {
            case UInt8(ascii: "\""): buffer.append(0x22)
            case UInt8(ascii: "\\"): buffer.append(0x5C)
            case UInt8(ascii: "/"): buffer.append(0x2F)
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw fail("invalid surrogate pair") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        throw fail("unpaired surrogate")
                    }
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw fail("unpaired surrogate")
                }
                buffer.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            default:
                throw fail("invalid escape")
            }
        }
        throw fail("unterminated string")
    }

    mutating func hex4() throws(JSONParseError) -> UInt32 {
        guard position + 4 <= bytes.count else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[position]
            let digit: UInt8
            switch b {
            case 0x30...0x39: digit = b - 0x30
            case 0x41...0x46: digit = b - 0x41 + 10
            case 0x61...0x66: digit = b - 0x61 + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    func validUTF8(_ slice: ArraySlice<UInt8>) throws(JSONParseError) -> String {
        guard let s = String(validating: slice, as: UTF8.self) else { throw fail("invalid UTF-8 in string") }
        return s
    }
}
