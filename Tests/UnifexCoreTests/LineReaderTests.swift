import Foundation
import Testing
@testable import UnifexCore

@Suite struct LineReaderTests {
    func reader(_ bytes: [UInt8], terminator: UInt8 = 0x0A) throws -> LineReader {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let writer = fds[1]
        Thread {
            writeAll(fd: writer, bytes)
            close(writer)
        }.start()
        return LineReader(fd: fds[0], terminator: terminator)
    }

    @Test func linesWithAndWithoutTerminators() throws {
        let lines = try reader(Array("a\r\nbb\n\nlast".utf8))
        var got: [String] = []
        while let line = lines.next() { got.append(String(decoding: line, as: UTF8.self)) }
        #expect(got == ["a", "bb", "", "last"])
        #expect(lines.lineNumber == 4)
        #expect(lines.readError == nil)
    }

    @Test func nulSeparatedItemsKeepNewlinesAndCarriageReturns() throws {
        let items = try reader(Array("a\nb\0c\r\0\0last".utf8), terminator: 0)
        var got: [String] = []
        while let item = items.next() { got.append(String(decoding: item, as: UTF8.self)) }
        #expect(got == ["a\nb", "c\r", "", "last"])
    }

    @Test func aVeryLongLineIsReadInLinearTime() throws {
        // A long line (a big document record): scanning it again after every read would make four
        // times the line cost sixteen times the work. Measured as this thread's CPU time, compared
        // with itself at two sizes, so neither a clock budget nor a busy machine decides it.
        func cpuSeconds(_ size: Int) throws -> Double {
            let long = [UInt8](repeating: UInt8(ascii: "x"), count: size)
            var best = Double.infinity
            for _ in 0..<3 {
                let lines = try reader(long + [0x0A] + Array("next\n".utf8))
                let started = threadCPUSeconds()
                #expect(lines.next()?.count == long.count)
                #expect(lines.next().map { String(decoding: $0, as: UTF8.self) } == "next")
                best = min(best, threadCPUSeconds() - started)
            }
            return best
        }
        let small = try cpuSeconds(1 << 20), large = try cpuSeconds(4 << 20)
        #expect(large / small < 8, "1 MiB: \(small) s, 4 MiB: \(large) s of CPU")
    }

    private func threadCPUSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
