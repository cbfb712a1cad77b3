import Foundation
public import UnifexCore

/// Fails with `missing` or `unreadable` before any library sees the path, so the message is exact.
public func checkReadable(_ path: String, stage: String) throws(RecordError) {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
        throw RecordError(stage: stage, code: "missing", message: "no such file")
    }
    if isDirectory.boolValue {
        throw RecordError(stage: stage, code: "unreadable", message: "is a directory")
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
        throw RecordError(stage: stage, code: "unreadable", message: "permission denied")
    }
}
