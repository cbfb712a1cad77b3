import Foundation

/// Text made safe for HTML: every string from a record, a file name or a report passes through
/// here before it reaches index.html.
public enum HTMLText {
    /// `s` as element text or a quoted attribute value.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A relative file name as a URL path: each segment percent-encoded but for letters, digits
    /// and `-._~`, so no name reads as a scheme (`javascript:`), a query or a fragment; then
    /// escaped for an attribute.
    public static func url(_ name: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let segments = name.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        }
        return escape("./" + segments.joined(separator: "/"))
    }

    /// `s` cut to `limit` characters, saying how much was left out.
    public static func cut(_ s: String, to limit: Int) -> String {
        guard s.count > limit else { return s }
        return String(s.prefix(limit)) + "\n… (\(s.count - limit) more characters)"
    }
}
