import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// A tool ends by its own decision, never by a signal: a reader that goes away mid-stream, or an
/// option whose number would overflow a deadline.
@Suite struct ShutdownTests {
    /// Many pages, so that both workers are inside poppler when `head` closes the pipe.
    static func manyPages(in dir: URL) throws -> URL {
        let lines = (1...24).map { n in
            #"{"width":612,"height":792,"lines":[{"x":72,"y":100,"size":12,"text":"Page \#(n) of a long report with many words on it"}]}"#
        }
        let fixture = try Fixture.make(#"{"pages":["# + lines.joined(separator: ",") + "]}", in: dir)
        let pages = dir.appendingPathComponent("pages.ndjson")
        let split = try Tools.shell("ux-split '\(fixture.pdf.path)' > '\(pages.path)'")
        #expect(split.status == 0, "\(split.stderr)")
        return pages
    }

    @Test func aClosedPipeIsAlwaysAQuietExitZero() throws {
        let dir = try Tools.scratch()
        let pages = try Self.manyPages(in: dir)
        // The crash this guards against (exit handlers racing a worker inside poppler) came in
        // a few runs of thirty; each run is short.
        let result = try Tools.shell("""
            for i in $(seq 30); do
              ux-text -j2 < '\(pages.path)' | head -c 100 > /dev/null
              echo "${PIPESTATUS[0]}"
            done
            """, environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.lines.count == 30)
        #expect(result.lines.allSatisfy { $0 == "0" }, "exit statuses: \(result.lines)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }

    @Test(arguments: ["inf", "1e12", "1e300", "none", "0"])
    func timeoutsBeyondAnyDeadlineMeanNoLimit(_ value: String) throws {
        let dir = try Tools.scratch()
        let pages = try Self.manyPages(in: dir)
        let result = try Tools.shell("ux-text --timeout \(value) < '\(pages.path)'",
                                     environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.records.count == 24)
        let threads = try Tools.shell("ux-text --executor process --timeout \(value) < '\(pages.path)'",
                                      environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(threads.status == 0, "\(threads.stderr)")
        #expect(threads.records.count == 24)
    }

    @Test(arguments: ["nan", "-1", "abc", "--timeout"])
    func timeoutsThatAreNoNumberOfSecondsAreUsageErrors(_ value: String) throws {
        for tool in ["ux-text", "ux-ocr"] {
            let result = try Tools.shell("\(tool) --timeout '\(value)' < /dev/null", environment: ["SWIFT_BACKTRACE": "enable=no"])
            #expect(result.status == 64, "\(tool) --timeout \(value): \(result.status) \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
    }

    @Test func tensOfThousandsOfJobsAreAUsageError() throws {
        let dir = try Tools.scratch()
        let pages = try Self.manyPages(in: dir)
        for tool in ["ux-text", "ux-layout", "ux-table", "ux-merge"] {
            let result = try Tools.shell("timeout 60 \(tool) -j 40000 < '\(pages.path)'", environment: ["SWIFT_BACKTRACE": "enable=no"])
            #expect(result.status == 64, "\(tool): \(result.status) \(result.stderr)")
            #expect(result.stderr.contains("--jobs must be between 1 and 4096"), "\(result.stderr)")
        }
        let split = try Tools.shell("timeout 60 ux-split -j 40000 /dev/null", environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(split.status == 64, "\(split.stderr)")
    }

    @Test func workersTheSystemRefusesAreSaidAndTheBatchGoesOnWithTheOthers() throws {
        let dir = try Tools.scratch()
        let pages = try Self.manyPages(in: dir)
        // At most 64 threads for the user the tool runs as (root is not held to the limit: the
        // tool then runs as nobody, the files readable to it).
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        let result = try Tools.shell("""
            chmod a+r '\(dir.path)'/*
            if [ "$(id -u)" = 0 ]; then as_other="setpriv --reuid=65534 --regid=65534 --clear-groups"; mine=0
            else as_other=""; mine=$(ps -L -u "$(id -u)" --no-headers | wc -l); fi
            timeout 120 prlimit --nproc=$((mine + 64)) $as_other "$(command -v ux-text)" -j 4096 < '\(pages.path)'
            """, environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.records.count == 24)
        #expect(result.stderr.contains("of 4096 worker threads: the system refused more"), "\(result.stderr)")
    }

    @Test func ocrTakesAHugeTimeoutAndAnImplausibleRecordDpi() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(#"{"pages":[{"width":300,"height":200,"lines":[{"x":20,"y":80,"size":24,"text":"Hello scanner"}]}]}"#,
                             name: "page.png", in: dir)
        // An image page whose record claims an absurd resolution: the tool reads it at 300 dpi.
        let result = try Tools.shell("""
            ux-split page.png | sed 's/"dpi":[0-9.e+]*/"dpi":1e300/' | ux-ocr --timeout 1e10 | ux-merge --format text
            """, in: dir, environment: ["SWIFT_BACKTRACE": "enable=no"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.text.contains("Hello"), "\(result.text)")
    }
}
