import Foundation
import Testing
@testable import UnifexCore

@Suite struct LineReaderTests {
    func reader(_ bytes: [UInt8]) throws -> LineReader {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = fds[1]
        Thread {
            writeAll(fd: writer, bytes)
            close(writer)
        }.start()
        return LineReader(fd: fds[0])
    }

    @Test func linesWithAndWithoutTerminators() throws {
        let lines = try reader(Array("a\r\nbb\n\nlast".utf8))
        var got: [String] = []
        while let line = lines.next() { got.append(String(decoding: line, as: UTF8.self)) }
        #expect(got == ["a", "bb", "", "last"])
        #expect(lines.lineNumber == 4)
        #expect(lines.readError == nil)
    }

    @Test func aVeryLongLineIsReadInLinearTime() throws {
        // 16 MiB in one line (a big document record): scanning it again after every read would
        // take minutes.
        let long = [UInt8](repeating: UInt8(ascii: "x"), count: 16 << 20)
        let lines = try reader(long + [0x0A] + Array("next\n".utf8))
        let started = Date()
        #expect(lines.next()?.count == long.count)
        #expect(lines.next().map { String(decoding: $0, as: UTF8.self) } == "next")
        #expect(Date().timeIntervalSince(started) < 10)
    }
}
