import Foundation
import Testing
@testable import UnifexCore

/// Output files appear whole or not at all, and nothing planted in the output folder (a link
/// at a temporary's name, a link posing as a leftover) makes a write land anywhere else.
@Suite struct AtomicFileTests {
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("unifex-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func contents(_ path: String) -> String? { FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } }

    static func isLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// A PID no process has right now.
    static func deadPID() -> pid_t {
        var pid: pid_t = 4_000_000
        while kill(pid, 0) == 0 || errno != ESRCH { pid -= 1 }
        return pid
    }

    /// Always the same numbers, so a test knows the temporary's name before it is made.
    struct Fixed: RandomNumberGenerator {
        var values: [UInt64]
        mutating func next() -> UInt64 { values.isEmpty ? 0xdead_beef : values.removeFirst() }
    }

    @Test func aLinkAtTheOldPredictableNameIsNeverFollowed() throws {
        let dir = try Self.scratch()
        let victim = dir + "/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let oldName = dir + "/.a.pdf.json.unifex-tmp-\(getpid())"
        #expect(symlink(victim, oldName) == 0)
        try AtomicFile.write(Array("document\n".utf8), to: dir + "/a.pdf.json")
        #expect(Self.contents(victim) == "precious\n")
        #expect(Self.contents(dir + "/a.pdf.json") == "document\n")
        #expect(Self.isLink(oldName))
    }

    @Test func aLinkAtTheVeryNameChosenIsNeverFollowed() throws {
        let dir = try Self.scratch()
        let victim = dir + "/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let planted = dir + "/.a.json.unifex-tmp-\(getpid())-00000000000000ab"
        #expect(symlink(victim, planted) == 0)
        var generator = Fixed(values: [0xab, 0xcd])
        let (fd, temporary) = try AtomicFile.createTemporary(beside: dir + "/a.json", using: &generator)
        defer { close(fd); unlink(temporary) }
        #expect(temporary == dir + "/.a.json.unifex-tmp-\(getpid())-00000000000000cd")
        #expect(writeAll(fd: fd, Array("x".utf8)))
        #expect(Self.contents(victim) == "precious\n")
        #expect(Self.isLink(planted))
        var info = stat()
        #expect(fstat(fd, &info) == 0 && info.st_mode & 0o777 == 0o644)
    }

    @Test func aLinkAtTheTargetIsReplacedNotFollowed() throws {
        let dir = try Self.scratch()
        let victim = dir + "/victim"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        #expect(symlink(victim, dir + "/a.json") == 0)
        try AtomicFile.write(Array("document\n".utf8), to: dir + "/a.json")
        #expect(Self.contents(victim) == "precious\n")
        #expect(!Self.isLink(dir + "/a.json"))
        #expect(Self.contents(dir + "/a.json") == "document\n")
    }

    @Test func temporaryNamesAreUnpredictable() throws {
        var generator = SystemRandomNumberGenerator()
        let dir = try Self.scratch()
        let (a, first) = try AtomicFile.createTemporary(beside: dir + "/a.json", using: &generator)
        let (b, second) = try AtomicFile.createTemporary(beside: dir + "/a.json", using: &generator)
        close(a); close(b)
        #expect(first != second)
        #expect(AtomicFile.writer(ofTemporary: (first as NSString).lastPathComponent) == getpid())
    }

    @Test func staleTemporariesOfDeadWritersGoAndNothingElse() throws {
        let dir = try Self.scratch()
        let dead = Self.deadPID()
        try FileManager.default.createDirectory(atPath: dir + "/sub", withIntermediateDirectories: true)
        let outside = try Self.scratch()
        let victim = outside + "/.v.json.unifex-tmp-\(dead)-0123456789abcdef"
        try "precious\n".write(toFile: victim, atomically: false, encoding: .utf8)
        let files = [
            "/.a.json.unifex-tmp-\(dead)-0123456789abcdef": false,   // a dead writer's: removed
            "/sub/.b.json.unifex-tmp-\(dead)": false,                // the old naming, in a subfolder: removed
            "/.c.json.unifex-tmp-\(getpid())-0123456789abcdef": true, // a live writer's: kept
            "/.d.json.unifex-tmp-\(dead)-notrandom": true,            // not a temporary's name: kept
            "/d.json": true,
        ]
        for name in files.keys { try "x".write(toFile: dir + name, atomically: false, encoding: .utf8) }
        // A link posing as a leftover, and a linked folder holding one: neither followed nor removed.
        let posing = dir + "/.e.json.unifex-tmp-\(dead)-0123456789abcdef"
        #expect(symlink(victim, posing) == 0)
        #expect(symlink(outside, dir + "/linked") == 0)
        AtomicFile.removeStaleTemporaries(in: dir)
        for (name, kept) in files { #expect(FileManager.default.fileExists(atPath: dir + name) == kept, "\(name)") }
        #expect(Self.isLink(posing))
        #expect(Self.contents(victim) == "precious\n")
    }

    @Test func aFailedWriteSaysWhyAndLeavesNothing() throws {
        let dir = try Self.scratch()
        try "file".write(toFile: dir + "/blocker", atomically: false, encoding: .utf8)
        #expect(throws: UnifexError(code: "io", message: "cannot create directory \(dir)/blocker: Not a directory")) {
            try AtomicFile.write(Array("x".utf8), to: dir + "/blocker/a.json")
        }
        #expect(throws: UnifexError(code: "io", message: "disk on fire")) {
            try AtomicFile.write(to: dir + "/b.json") { _ throws(UnifexError) in
                throw UnifexError(code: "io", message: "disk on fire")
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["blocker"])
    }
}
