import UnifexCore

/// What is sent for one page (or one document of pages): its text, its rendered image, or both.
public enum PageContent: Sendable, Equatable {
    case text(String)
    /// A PNG image, sent as a `data:image/png;base64,` URL for vision models.
    case image(png: [UInt8])
    case both(text: String, png: [UInt8])

    /// The input mode, as the cache key and records name it.
    public var mode: String {
        switch self {
        case .text: "text"
        case .image: "image"
        case .both: "both"
        }
    }

    /// The OpenAI `content` of the user message: a plain string for text alone, parts otherwise.
    func messageContent(intro: String) -> JSONValue {
        func imagePart(_ png: [UInt8]) -> JSONValue {
            .object(JSONObject([("type", .string("image_url")),
                                ("image_url", .object(JSONObject([("url", .string("data:image/png;base64," + Base64.encode(png)))])))]))
        }
        func textPart(_ text: String) -> JSONValue {
            .object(JSONObject([("type", .string("text")), ("text", .string(text))]))
        }
        switch self {
        case .text(let text): return .string(intro + text)
        case .image(let png): return .array([textPart(intro), imagePart(png)])
        case .both(let text, let png): return .array([textPart(intro + text), imagePart(png)])
        }
    }
}

/// Base64 (RFC 4648, with padding), for image data URLs.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)], alphabet[Int(n >> 6 & 63)], alphabet[Int(n & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out += [alphabet[Int(n >> 18 & 63)], alphabet[Int(n >> 12 & 63)]]
            out += rest == 2 ? [alphabet[Int(n >> 6 & 63)], UInt8(ascii: "=")] : [UInt8(ascii: "="), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}
