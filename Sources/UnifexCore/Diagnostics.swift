#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Messages for people, on stderr, in one shape: `ux-text: error: stdin:3: reason`.
///
/// Each message is a single write(2), so lines from different threads never interleave.
public enum Diagnostics {
    private static let nameLock = Lock()
    nonisolated(unsafe) private static var toolName = "unifex"
    nonisolated(unsafe) private static var route: (@Sendable (String) -> Bool)?

    public static func setTool(_ name: String) {
        nameLock.withLock { toolName = name }
    }

    public static var tool: String { nameLock.withLock { toolName } }

    /// Lets the progress display take messages (to print them above its line, or to hand them
    /// to the tool that draws); the route returns false to leave a message to stderr.
    public static func setRoute(_ newRoute: (@Sendable (String) -> Bool)?) {
        nameLock.withLock { route = newRoute }
    }

    private static func deliver(_ line: String) {
        if let route = nameLock.withLock({ route }), route(line) { return }
        writeAll(fd: 2, Array(line.utf8))
    }

    public static func error(_ message: String, at location: String? = nil) {
        emit("error", message, location)
    }

    public static func warning(_ message: String, at location: String? = nil) {
        emit("warning", message, location)
    }

    /// A line for people with no severity (summaries).
    public static func note(_ message: String) {
        deliver("\(tool): \(message)\n")
    }

    private static func emit(_ severity: String, _ message: String, _ location: String?) {
        // Keep each message on one line, and the terminal in the state it was: a file name or reason
        // with a newline would break the format, one with ESC or BEL would drive the terminal.
        let flat = message.replacingNewlines().escapingControlCharacters()
        let place = location.map { $0.replacingNewlines().escapingControlCharacters() + ": " } ?? ""
        deliver("\(tool): \(severity): \(place)\(flat)\n")
    }
}

extension String {
    /// Control characters (C0, DEL, C1) spelled `\x1B`, so they are seen rather than obeyed.
    public func escapingControlCharacters() -> String {
        func isControl(_ v: UInt32) -> Bool { v < 0x20 || (0x7F...0x9F).contains(v) }
        guard unicodeScalars.contains(where: { isControl($0.value) }) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            if isControl(scalar.value) {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                out += "\\x" + (hex.count < 2 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func replacingNewlines() -> String {
        guard contains(where: \.isNewline) else { return self }
        return String(map { $0.isNewline ? " " : $0 })
    }
}

/// Writes all bytes to a file descriptor, retrying short writes and EINTR.
/// Returns false on any other error (EPIPE included).
@discardableResult
public func writeAll(fd: Int32, _ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += n
        }
        return true
    }
}
