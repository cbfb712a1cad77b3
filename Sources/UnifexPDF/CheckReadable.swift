import Foundation
public import UnifexCore

/// Fails with `missing` or `unreadable` before any library sees the path, so the message is exact.
public func checkReadable(_ path: String, stage: String) throws(RecordError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        // Paths travel as JSON strings: bytes that are not UTF-8 arrive as U+FFFD and name no file.
        let why = path.contains("\u{FFFD}")
            ? "no such file (its name is not valid UTF-8, which records cannot carry; rename it, e.g. with convmv)"
            : "no such file"
        throw RecordError(stage: stage, code: "missing", message: why)
    }
    if isDirectory.boolValue {
        throw RecordError(stage: stage, code: "unreadable", message: "is a directory")
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
        throw RecordError(stage: stage, code: "unreadable", message: "permission denied")
    }
}
