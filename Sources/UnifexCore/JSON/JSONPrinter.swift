// Writing JSON: compact, keys in order, numbers as they were parsed or formatted.

extension JSONValue {
    /// The compact JSON text of this value (no spaces, UTF-8 kept as is).
    public func serialized() -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for i in items.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                items[i].write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let object):
            out.append(UInt8(ascii: "{"))
            let pairs = object.pairs
            for i in pairs.indices {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(pairs[i].key, to: &out)
                out.append(UInt8(ascii: ":"))
                pairs[i].value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        case .encoded(let json): out.append(contentsOf: json.bytes)
        }
    }
}

private let hexDigits = Array("0123456789abcdef".utf8)

func writeString(_ s: String, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    // Native strings lend their UTF-8 as it is; others (bridged) are made contiguous first.
    if s.utf8.withContiguousStorageIfAvailable({ writeEscaped($0, to: &out) }) == nil {
        var s = s
        s.withUTF8 { writeEscaped($0, to: &out) }
    }
    out.append(UInt8(ascii: "\""))
}

/// Copies runs that need no escaping in one go and escapes the rest byte by byte.
private func writeEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var runStart = 0
    for i in 0..<bytes.count {
        let b = bytes[i]
        guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
        if runStart < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i])) }
        runStart = i + 1
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(0x5C); out.append(b)
        case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
        case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
        case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
        case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
        default:
            out.append(contentsOf: "\\u00".utf8)
            out.append(hexDigits[Int(b >> 4)]); out.append(hexDigits[Int(b & 0xF)])
        }
    }
    if runStart < bytes.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count])) }
}

/// Formats a Double with at most two decimals: 12 → "12", 3.14159 → "3.14", -0.004 → "0".
public func formatNumber(_ value: Double) -> String {
    withNumberText(value) { String(decoding: $0, as: UTF8.self) }
}

/// Writes `formatNumber(value)`'s text without making a string of it.
func writeNumber(_ value: Double, to out: inout [UInt8]) {
    withNumberText(value) { out.append(contentsOf: $0) }
}

/// Hands `body` the text of `value` with at most two decimals.
private func withNumberText<Result>(_ value: Double, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    guard value.isFinite else {
        let zero = UInt8(ascii: "0")
        return withUnsafePointer(to: zero) { body(UnsafeBufferPointer(start: $0, count: 1)) }
    }
    let hundredths = (value * 100).rounded()
    if abs(hundredths) >= 9e15 {
        var text = String(value)
        return text.withUTF8(body)
    }
    // Digits written from the end into a buffer on the stack: a box's numbers are written by the
    // hundred thousand, and most are short enough to be held without allocating.
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
        var cents = Int(hundredths)
        let negative = cents < 0
        if negative { cents = -cents }
        var at = buffer.count
        func put(_ byte: UInt8) { at -= 1; buffer[at] = byte }
        let fraction = cents % 100
        if fraction != 0 {
            if fraction % 10 == 0 {
                put(UInt8(ascii: "0") + UInt8(fraction / 10))
            } else {
                put(UInt8(ascii: "0") + UInt8(fraction % 10))
                put(UInt8(ascii: "0") + UInt8(fraction / 10))
            }
            put(UInt8(ascii: "."))
        }
        var whole = cents / 100
        repeat {
            put(UInt8(ascii: "0") + UInt8(whole % 10))
            whole /= 10
        } while whole > 0
        if negative { put(UInt8(ascii: "-")) }
        return body(UnsafeBufferPointer(rebasing: buffer[at...]))
    }
}

/// Seconds with millisecond precision, as timings are written.
public func formatSeconds(_ s: Double) -> String {
    let ms = Int(saturating: max(s, 0) * 1000)
    let frac = ms % 1000
    return "\(ms / 1000)." + (frac < 10 ? "00" : frac < 100 ? "0" : "") + "\(frac)"
}
