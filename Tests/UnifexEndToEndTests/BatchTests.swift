import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// The batch machinery as a user meets it: progress, reports, crashes, interruption, resume.
@Suite(.serialized) struct BatchTests {
    /// A folder with `count` generated PDFs of `pages` pages each, named doc01.pdf, doc02.pdf, ...
    static func batch(_ count: Int, pages: Int) throws -> URL {
        let dir = try Tools.scratch()
        for n in 1...count {
            let list = (1...pages).map { p in
                #"{"lines":[{"x":72,"y":100,"size":12,"text":"Document \#(n) page \#(p) of the batch"},{"x":72,"y":130,"size":10,"text":"Some more words to read on this page"}]}"#
            }
            _ = try Fixture.make(#"{"pages":[\#(list.joined(separator: ","))]}"#, name: String(format: "doc%02d.pdf", n), in: dir)
        }
        return dir
    }

    /// Slows a record stream to about `perSecond` records a second, so a test can watch a batch run.
    static func pace(_ perSecond: Int) -> String {
        "while IFS= read -r line; do printf '%s\\n' \"$line\"; sleep \(String(format: "%.3f", 1.0 / Double(perSecond))); done"
    }

    @Test func processExecutorTurnsACrashIntoOneErrorRecord() throws {
        let dir = try Self.batch(1, pages: 6)
        let crashed = try Tools.shell("ux-split doc01.pdf | ux-text --executor process -j2 | ux-merge",
                                      in: dir, environment: ["UNIFEX_FAULT_CRASH_PAGE": "3"])
        #expect(crashed.status == 1)
        let doc = try #require(crashed.records.first)
        #expect(doc["status"]?.stringValue == "partial")
        let pages = doc["pages"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(pages.count == 6)
        #expect(pages[2]["status"]?.stringValue == "error")
        #expect(pages[2]["error"]?.objectValue?["message"]?.stringValue?.hasPrefix("worker crashed: signal 11") == true)
        #expect(pages.filter { $0["status"]?.stringValue == "ok" }.count == 5)
        #expect(crashed.stderr.contains("ux-text: error: doc01.pdf: page 3: worker crashed: signal 11"))

        // The same fault with threads takes the whole tool down: that is what process mode is for.
        let threads = try Tools.shell("ux-split doc01.pdf | ux-text -j2 > /dev/null",
                                      in: dir, environment: ["UNIFEX_FAULT_CRASH_PAGE": "3", "SWIFT_BACKTRACE": "enable=no"])
        #expect(threads.status != 0 && threads.status != 1)
    }

    @Test(.needsCorpus) func processExecutorKillsAPageOverItsTimeout() throws {
        let bomb = Tools.corpus.appendingPathComponent("broken/pdfjs-bomb_giant.pdf").path
        let dir = try Self.batch(1, pages: 2)
        let started = Date()
        let result = try Tools.shell("ux-split '\(bomb)' doc01.pdf | ux-text --executor process --timeout 2 -j1", in: dir)
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(result.status == 1)
        #expect(result.records.map { $0["status"]?.stringValue } == ["timeout", "ok", "ok"])
        #expect(result.records[0]["text"] == nil)
    }

    @Test func reportSaysWhatHappened() throws {
        let dir = try Self.batch(2, pages: 3)
        let result = try Tools.shell(
            "ux-split doc01.pdf missing.pdf doc02.pdf | ux-text -j2 | ux-merge --format text --output-dir out --report report.json",
            in: dir)
        #expect(result.status == 1)
        let report = try #require(try JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("report.json")))).objectValue)
        #expect(report["interrupted"]?.boolValue == false)
        #expect(report["documents"]?.objectValue?["total"]?.intValue == 3)
        #expect(report["documents"]?.objectValue?["ok"]?.intValue == 2)
        #expect(report["documents"]?.objectValue?["error"]?.intValue == 1)
        #expect(report["pages"]?.objectValue?["ok"]?.intValue == 6)
        let failures = report["failures"]?.arrayValue?.compactMap(\.objectValue) ?? []
        #expect(failures.count == 1)
        #expect(failures.first?["doc"]?.stringValue == "missing.pdf")
        #expect(failures.first?["error"]?.objectValue?["code"]?.stringValue == "missing")
        let text = report["seconds_per_page"]?.objectValue?["text"]?.objectValue
        #expect(text?["count"]?.intValue == 6)
        #expect((text?["p95"]?.doubleValue ?? -1) >= (text?["p50"]?.doubleValue ?? 0))
        let tools = report["tools"]?.arrayValue?.compactMap { $0.objectValue?["tool"]?.stringValue } ?? []
        #expect(Set(tools) == ["ux-split", "ux-text", "ux-merge"])
        // Each tool names the libraries it ran on, with their versions.
        let libraries = Dictionary(uniqueKeysWithValues: (report["tools"]?.arrayValue ?? []).compactMap(\.objectValue).map {
            ($0["tool"]?.stringValue ?? "", $0["libraries"]?.objectValue?.pairs.map { ($0.0, $0.1.stringValue ?? "") } ?? [])
        })
        let version = /^\d+\.\d+(\.\d+)?$/
        #expect(libraries["ux-text"]?.map(\.0) == ["poppler"])
        #expect(libraries["ux-text"]?.allSatisfy { $0.1.wholeMatch(of: version) != nil } == true, "\(libraries)")
        #expect(Set(libraries["ux-split"]?.map(\.0) ?? []) == ["poppler", "leptonica"])
        #expect(report["options"]?.objectValue?["output_dir"]?.stringValue == "out")
    }

    @Test func interruptWritesAReportMarkedInterrupted() throws {
        let dir = try Self.batch(6, pages: 10)
        let script = """
            set -m
            { ux-split doc*.pdf | \(Self.pace(20)) | ux-text -j1 | ux-merge --output-dir out --report report.json; } &
            sleep 1.5
            kill -INT -$!
            wait $!
            echo "status=$?"
            """
        let started = Date()
        let result = try Tools.shell(script, in: dir)
        #expect(Date().timeIntervalSince(started) < 15, "Ctrl-C must stop the pipeline promptly")
        #expect(result.text.contains("status=130"))
        let report = try #require(try JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("report.json")))).objectValue)
        #expect(report["interrupted"]?.boolValue == true)
        let done = report["documents"]?.objectValue?["total"]?.intValue ?? -1
        #expect(done < 6)
        let written = (try? FileManager.default.subpathsOfDirectory(atPath: dir.appendingPathComponent("out").path))?
            .filter { $0.hasSuffix(".json") } ?? []
        #expect(written.count == done)
        #expect(result.stderr.contains("ux-merge: interrupted: written: \(done) documents"), "\(result.stderr)")
        #expect(result.stderr.contains("ux-split --skip-done out ... resumes the batch"), "\(result.stderr)")

        // After writing its report ux-merge ends by the signal itself, like the other tools, so a
        // shell loop around it stops too (an exit status of 130 would let the loop go on).
        let alone = try Tools.shell(#"""
            python3 -c 'import signal, subprocess, time
            p = subprocess.Popen(["ux-merge", "--report", "alone.json"], stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
            time.sleep(1); p.send_signal(signal.SIGINT); print("returncode", p.wait())'
            """#, in: dir)
        #expect(alone.text.contains("returncode -2"), "\(alone.text) \(alone.stderr)")
        let aloneReport = try JSONValue.parse(Array(Data(contentsOf: dir.appendingPathComponent("alone.json")))).objectValue
        #expect(aloneReport?["interrupted"]?.boolValue == true)
    }

    @Test func rerunAfterKillNineRedoesOnlyUnfinishedDocuments() throws {
        let dir = try Self.batch(10, pages: 8)
        let clean = try Tools.shell("ux-split doc*.pdf | ux-text | ux-merge --format text --output-dir clean", in: dir)
        #expect(clean.status == 0, "\(clean.stderr)")

        let killed = try Tools.shell("""
            set -m
            { ux-split doc*.pdf | \(Self.pace(25)) | ux-text -j1 | ux-merge --format text --output-dir out; } &
            for i in $(seq 100); do [ "$(ls out 2>/dev/null | wc -l)" -ge 3 ] && break; sleep 0.1; done
            kill -KILL -$!
            wait $! 2>/dev/null
            ls out | wc -l
            """, in: dir)
        let partial = Int(killed.text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        #expect(partial >= 3 && partial < 10, "killed after \(partial) documents")

        let rerun = try Tools.shell("ux-split --skip-done out --done-format text doc*.pdf | ux-text | ux-merge --format text --output-dir out", in: dir)
        #expect(rerun.status == 0, "\(rerun.stderr)")
        #expect(rerun.stderr.contains("skipping \(partial) documents already done in out"))

        // The manifest has a line per write, so the resumed one is longer; the rest is byte for byte.
        let cleanFiles = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("clean").path).sorted()
            .filter { $0 != ".unifex-outputs" }
        let resumedFiles = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("out").path).sorted()
            .filter { $0 != ".unifex-outputs" }
        #expect(resumedFiles == cleanFiles)
        #expect(cleanFiles.count == 10)
        for name in cleanFiles {
            let a = try Data(contentsOf: dir.appendingPathComponent("clean/\(name)"))
            let b = try Data(contentsOf: dir.appendingPathComponent("out/\(name)"))
            #expect(a == b, "\(name) differs")
        }
    }

    @Test func plainAndJSONProgressForLogsAndPrograms() throws {
        let dir = try Self.batch(3, pages: 4)
        let json = try Tools.shell("ux-split doc*.pdf | ux-text | ux-merge --progress json > /dev/null", in: dir)
        let events = json.stderr.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)).objectValue }
        let last = try #require(events.last)
        #expect(last["event"]?.stringValue == "done")
        #expect(last["pages_done"]?.intValue == 12)
        #expect(last["documents_done"]?.intValue == 3)

        let plain = try Tools.shell("ux-split doc*.pdf | ux-text | ux-merge > /dev/null", in: dir,
                                    environment: ["UNIFEX_PROGRESS": "plain"])
        #expect(plain.stderr.contains("ux-merge: done: 12/12 pages, 3/3 documents, 0 failed"))
        // Only the last tool speaks.
        #expect(!plain.stderr.contains("ux-text: done"))

        let none = try Tools.shell("ux-split doc*.pdf | ux-text | ux-merge --progress none > /dev/null", in: dir,
                                   environment: ["UNIFEX_PROGRESS": "plain"])
        #expect(none.stderr.isEmpty)
    }

    static let screenBreak = "----- screen -----"
    static func isBar(_ line: String) -> Bool { line.contains(" pages ") && line.contains("ETA") }

    @Test func onTheTerminalOneLineUpdatesInPlaceThenASummary() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") else {
            Issue.record("tmux is not installed (scripts/install-deps installs it)")
            return
        }
        let dir = try Self.batch(4, pages: 10)
        let session = "unifex-\(getpid())-\(Int.random(in: 0..<1_000_000))"
        // A server of its own (-L), without the user's configuration (-f), so no other tmux is touched.
        let tmux = "tmux -L \(session) -f /dev/null"
        let script = """
            export PATH='\(Tools.binDirectory.path)':$PATH
            unset UNIFEX_PROGRESS
            # The run starts once the screens are being watched and the terminal's output recorded.
            while [ ! -e go ]; do sleep 0.05; done
            ux-split doc*.pdf | \(Self.pace(8)) | ux-text -j1 | ux-merge --output-dir out
            echo EXIT=$?
            sleep 60
            """
        try Data(script.utf8).write(to: dir.appendingPathComponent("run.sh"))
        let start = try Tools.shell("\(tmux) new-session -d -s \(session) -x 120 -y 12 -c '\(dir.path)' 'bash run.sh'")
        #expect(start.status == 0, "\(start.stderr)")
        defer { _ = try? Tools.shell("\(tmux) kill-server") }

        // Everything the terminal receives is recorded, so the count of redraws does not hang on
        // when a screen happens to be taken on a loaded machine.
        let raw = dir.appendingPathComponent("terminal.raw")
        let piped = try Tools.shell("\(tmux) pipe-pane -o -t \(session) 'cat >> \"\(raw.path)\"'")
        #expect(piped.status == 0, "\(piped.stderr)")
        // One shell loop takes the screens, every 0.2 s until the script is done: a process launched
        // from here per screen can take seconds on a loaded machine and miss the whole run.
        let screens = dir.appendingPathComponent("screens")
        let watch = try Tools.shell("""
            for i in $(seq 300); do
              \(tmux) capture-pane -p -t \(session) > screen || { echo "capture-pane failed" > screen; }
              cat screen >> '\(screens.path)'; echo '\(Self.screenBreak)' >> '\(screens.path)'
              grep -q EXIT= screen && break
              touch go
              sleep 0.2
            done
            """, in: dir, timeout: 120)
        #expect(watch.status == 0, "\(watch.stderr)")
        let taken = try String(contentsOf: screens, encoding: .utf8).components(separatedBy: Self.screenBreak + "\n")
            .filter { !$0.isEmpty }
        var seenBars = 0
        for pane in taken {
            let barLines = pane.split(separator: "\n").map(String.init).filter(Self.isBar)
            #expect(barLines.count <= 1, "more than one progress line on screen:\n\(pane)")
            seenBars += barLines.count
        }
        #expect(seenBars > 0, "no screen of \(taken.count) showed the progress line")
        // Each redraw goes back to the line's start and clears it, never down a line.
        let stream = String(decoding: (try? Data(contentsOf: raw)) ?? Data(), as: UTF8.self)
        let redraws = stream.components(separatedBy: "\r\u{1B}[K").map { $0.prefix { $0 != "\r" && $0 != "\n" } }
        var bars: [Substring] = []
        for drawn in redraws where Self.isBar(String(drawn)) && bars.last != drawn { bars.append(drawn) }
        let lastSeen = taken.last ?? ""
        let final = lastSeen.contains("EXIT=") ? lastSeen : ""
        #expect(bars.count >= 3, "the line should update in place several times: \(bars)\nthe terminal received:\n\(stream.suffix(2000).debugDescription)")
        #expect(final.contains("ux-merge: done: 40/40 pages, 4/4 documents, 0 failed"), "last screen:\n\(lastSeen)")
        #expect(final.contains("EXIT=0"), "last screen:\n\(lastSeen)")
        // The live line was replaced by the summary, not left behind.
        #expect(!final.split(separator: "\n").contains { $0.contains("ETA") })
    }
}
