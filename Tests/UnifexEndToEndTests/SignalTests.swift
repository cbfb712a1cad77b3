import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// Ctrl-C and a scheduler's SIGTERM sent to a whole pipeline, as a terminal and a job scheduler
/// send them: to the process group. The tools upstream die at once, and their end reaches
/// ux-merge as an end of input: it must still report the batch interrupted, every time.
@Suite(.serialized) struct SignalTests {
    /// Runs `trials` pipelines of `stages` tools, each sent `signal` after a random moment, and
    /// returns one line per trial: `status=N interrupted=true|false|none unfinished=N`.
    static func trials(_ trials: Int, signal: String, stages: Int, in dir: URL) throws -> [String] {
        let middle = ["ux-text -j1", "ux-table -j1", "ux-text -j1"].prefix(stages - 3).joined(separator: " | ")
        let pipeline = "ux-split doc*.pdf | ux-text -j1 | "
            + (middle.isEmpty ? "" : middle + " | ") + "ux-merge --output-dir out$i --report r$i.json"
        let script = """
            set -m
            for i in $(seq \(trials)); do
              { \(pipeline); } 2> /dev/null &
              sleep 0.$((RANDOM % 5 + 4))
              kill -\(signal) -$!
              wait $!
              status=$?
              python3 -c 'import json, sys
            try:
                r = json.load(open(sys.argv[1]))
                print("status=" + sys.argv[2], "interrupted=" + str(r["interrupted"]).lower(), "signal=" + str(r.get("signal")),
                      "unfinished=%d" % len(r.get("unfinished", [])))
            except FileNotFoundError:
                print("status=" + sys.argv[2], "interrupted=none")' r$i.json $status
            done
            """
        let result = try Tools.shell(script, in: dir, timeout: 600)
        return result.lines
    }

    /// Many one-page documents, unpaced: ux-merge is writing one most of the time as the signal
    /// comes, which is when the end of input used to overtake it (1 run in 20 to 40).
    static func manyDocuments(_ count: Int) throws -> URL {
        let dir = try BatchTests.batch(1, pages: 1)
        for n in 2...count {
            try FileManager.default.copyItem(at: dir.appendingPathComponent("doc01.pdf"),
                                             to: dir.appendingPathComponent(String(format: "doc%04d.pdf", n)))
        }
        return dir
    }

    @Test(arguments: [("INT", 3), ("TERM", 4), ("INT", 5), ("TERM", 3)])
    func aSignalToThePipelineIsAlwaysReportedAsAnInterruption(_ signal: String, _ stages: Int) throws {
        let dir = try Self.manyDocuments(1200)
        defer { try? FileManager.default.removeItem(at: dir) }
        let lines = try Self.trials(10, signal: signal, stages: stages, in: dir)
        #expect(lines.count == 10, "\(lines)")
        let status = signal == "INT" ? 130 : 143
        let name = "SIG" + signal
        for line in lines {
            #expect(line.hasPrefix("status=\(status) interrupted=true signal=\(name)"), "\(stages) stages: \(lines)")
        }
    }

    @Test func anInterruptedReportNamesTheDocumentsLeftOut() throws {
        let dir = try BatchTests.batch(4, pages: 12)
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = """
            set -m
            { ux-split doc*.pdf | \(BatchTests.pace(20)) | ux-text -j1 | ux-merge --output-dir out --report r.json; } &
            for n in $(seq 100); do [ -e out/doc01.pdf.json ] && break; sleep 0.1; done
            sleep 0.3
            kill -TERM -$!
            wait $!
            echo "status=$?"
            """
        let result = try Tools.shell(script, in: dir)
        #expect(result.text.contains("status=143"), "\(result.text) \(result.stderr)")
        let report = try #require(try JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("r.json")))).objectValue)
        #expect(report["interrupted"]?.boolValue == true)
        #expect(report["signal"]?.stringValue == "SIGTERM")
        let unfinished = report["unfinished"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(unfinished.count == 1, "\(unfinished)")
        #expect(unfinished.first?["doc"]?.stringValue == "doc02.pdf")
        #expect((unfinished.first?["pages_received"]?.intValue ?? 0) >= 1)
        #expect(unfinished.first?["pages_expected"]?.intValue == 12)
        let documents = report["documents"]?.objectValue
        #expect(documents?["total"]?.intValue == 1)
        #expect(documents?["unfinished"]?.intValue == 1)
        #expect(documents?["not_reached"]?.intValue == 2)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/doc02.pdf.json").path))
        #expect(result.stderr.contains("1 documents unfinished"), "\(result.stderr)")
    }
}
