import Foundation

/// Command-line options whose values are secrets: they never reach a report, a progress board or
/// a message. (Passwords are better given through UNIFEX_PASSWORD, which no other user can list.)
/// ux-llm's `--header` may carry a token (`X-Api-Key:…`), so its values are hidden too.
public let secretOptions: Set<String> = ["--password", "--header"]

/// The command line with the value of every secret option replaced by `***`, in both spellings
/// (`--password x` and `--password=x`), and the password of any URL in it (`--base-url
/// http://user:pass@host/v1`) too.
public func redactingSecrets(_ arguments: [String]) -> [String] {
    var result: [String] = []
    var hideNext = false
    for argument in arguments {
        if hideNext {
            result.append("***")
            hideNext = false
        } else if secretOptions.contains(argument) {
            result.append(argument)
            hideNext = true
        } else if let equals = argument.firstIndex(of: "="), secretOptions.contains(String(argument[..<equals])) {
            result.append(argument[..<equals] + "=***")
        } else {
            result.append(redactingURLPassword(argument))
        }
    }
    return result
}

/// A URL with the password of its user information (`http://user:pass@host/`) replaced by `***`;
/// other text is returned as it is. Base URLs are printed and published; their passwords never are.
public func redactingURLPassword(_ text: String) -> String {
    guard let scheme = text.range(of: "://") else { return text }
    let authorityStart = scheme.upperBound
    let authorityEnd = text[authorityStart...].firstIndex { "/?#".contains($0) } ?? text.endIndex
    let authority = text[authorityStart..<authorityEnd]
    guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return text }
    return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
}

/// Hides secrets (an API key, header values, a URL's password) in text that comes back from a
/// server before it is stored or printed: a proxy's 401 page, or an error that echoes the request's
/// headers, would otherwise carry them into records and messages.
///
/// Secrets shorter than `minimumLength` are left alone: such a value (`X-Priority: high`) cannot
/// be told from the words of an answer, and hiding it would change answers. Each secret is also
/// hidden in the forms it travels in: as HTTP Basic credentials (base64 of `user:password`).
public struct SecretRedactor: Sendable {
    public static let minimumLength = 8
    public static let mask = "***"
    /// Longest first, so a secret that contains another is hidden whole.
    public let secrets: [String]

    public init(_ secrets: [String]) {
        let kept = Set(secrets.filter { $0.count >= Self.minimumLength })
        self.secrets = kept.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func callAsFunction(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: Self.mask)
        }
        return result
    }

    /// Every string of a JSON value, keys included.
    public func callAsFunction(_ value: JSONValue) -> JSONValue {
        guard !secrets.isEmpty else { return value }
        switch value {
        case .string(let s): return .string(self(s))
        case .array(let items): return .array(items.map { self($0) })
        case .object(let object): return .object(JSONObject(object.pairs.map { (key: self($0.key), value: self($0.value)) }))
        case .encoded(let json): return self(json.value)
        case .null, .bool, .number: return value
        }
    }

    /// Raw bytes as they came (a body before it is parsed): the secrets' UTF-8 forms are replaced.
    public func callAsFunction(_ bytes: [UInt8]) -> [UInt8] {
        guard !secrets.isEmpty else { return bytes }
        var result = bytes
        for secret in secrets {
            let needle = Array(secret.utf8)
            guard result.count >= needle.count else { continue }
            var out: [UInt8] = []
            out.reserveCapacity(result.count)
            var i = 0
            while i < result.count {
                if result[i] == needle[0], i + needle.count <= result.count, result[i..<i + needle.count].elementsEqual(needle) {
                    out += Self.mask.utf8
                    i += needle.count
                } else {
                    out.append(result[i])
                    i += 1
                }
            }
            result = out
        }
        return result
    }
}
