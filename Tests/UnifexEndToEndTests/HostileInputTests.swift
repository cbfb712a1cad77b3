import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// What an attacker or an unlucky user can hand the tools: special files, names that drive the
/// terminal, secrets on the command line.
@Suite struct HostileInputTests {
    static let page = #"{"pages":[{"width":300,"height":200,"lines":[{"x":20,"y":80,"size":14,"text":"Quarterly numbers"}]}]}"#

    /// /Rotate must be a multiple of 90; poppler brings whole numbers into 0-359, draws any other
    /// angle unrotated and ignores a /Rotate that is not an integer. The record says what was drawn
    /// (one of the four rotations the page schema allows) and warns when that is not what the file says.
    @Test func aRotateThatIsNoQuarterTurnIsReadAsPopplerDrawsIt() throws {
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let content = Array("BT /F1 24 Tf 72 700 Td (Turned page) Tj ET".utf8)
        let cases: [(rotate: String, rotation: Int, warning: String?)] = [
            ("45", 0, "page /Rotate 45 is not a multiple of 90; the page is read unrotated (0), as poppler draws it"),
            ("-45", 0, "page /Rotate -45 is not a multiple of 90; the page is read unrotated (0), as poppler draws it"),
            ("135", 0, "page /Rotate 135 is not a multiple of 90; the page is read unrotated (0), as poppler draws it"),
            ("90.0", 0, "page /Rotate is not an integer; ignored, the page is read at 0, as poppler draws it"),
            ("-90", 270, nil),
            ("450", 90, nil),
            ("360", 0, nil),
        ]
        for c in cases {
            let file = dir.appendingPathComponent("rotate\(c.rotate).pdf")
            try ContentStreamTests.pdf([
                Array("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate \(c.rotate) /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".utf8),
                Array("<< /Length \(content.count) >>\nstream\n".utf8) + content + Array("\nendstream".utf8),
                Array("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".utf8),
            ]).write(to: file)
            let result = try Tools.shell("ux-split '\(file.path)' | ux-text")
            #expect(result.status == 0, "\(c.rotate): \(result.stderr)")
            let page = try #require(result.records.first)
            #expect(page["rotation"]?.intValue == c.rotation, "\(c.rotate): \(page)")
            let sideways = c.rotation % 180 == 90
            #expect(page["width"]?.doubleValue == (sideways ? 792 : 612) && page["height"]?.doubleValue == (sideways ? 612 : 792))
            let warnings = page["warnings"]?.arrayValue?.compactMap(\.stringValue) ?? []
            #expect(warnings == (c.warning.map { [$0] } ?? []), "\(c.rotate): \(warnings)")
            // The text layer is read as drawn: its words lie on the page as the record gives it.
            let word = try #require(page["words"]?.arrayValue?.first.flatMap(TextSpan.init), "\(c.rotate)")
            #expect(word.text == "Turned", "\(c.rotate)")
            #expect(word.box.x0 >= 0 && word.box.x1 <= (sideways ? 792 : 612) && word.box.y1 <= (sideways ? 612 : 792),
                    "\(c.rotate): \(word.box)")
        }
    }

    @Test func aFIFOOrADeviceIsAnUnreadableRecordNotAHang() throws {
        let dir = try Tools.scratch()
        let fifo = dir.appendingPathComponent("pipe.pdf").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let split = try Tools.shell("ux-split pipe.pdf /dev/null", in: dir, timeout: 20)
        #expect(split.status == 66, "\(split.status) \(split.stderr)")
        #expect(split.records.count == 2)
        for record in split.records {
            #expect(record["status"]?.stringValue == "error")
            #expect(record["error"]?.objectValue?["code"]?.stringValue == "unreadable")
        }
        #expect(split.stderr.contains("pipe.pdf: is a FIFO (named pipe), not a regular file"), "\(split.stderr)")
        #expect(split.stderr.contains("/dev/null: is a character device"), "\(split.stderr)")

        // A page record naming a FIFO reaches ux-text and ux-ocr (hand-made, or the file changed since).
        let record = #"{"v":1,"type":"page","doc":"pipe.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok"}"#
        let image = #"{"v":1,"type":"page","doc":"pipe.pdf","source":"image","page":1,"page_count":1,"selected":1,"status":"ok"}"#
        // A tool that opened the FIFO would wait for a writer that never comes: past the page's
        // --timeout (its error code would say "timeout") or the shell's. A busy machine can take
        // several seconds to start ux-ocr (tesseract's model), so the bound is well below those only.
        for tool in ["ux-text --timeout 120", "ux-ocr --timeout 120"] {
            let started = Date()
            let result = try Tools.shell(tool, stdin: Data((record + "\n" + image + "\n").utf8), in: dir, timeout: 90)
            #expect(Date().timeIntervalSince(started) < 60, "\(tool) waited on the FIFO")
            #expect(result.status == 1, "\(tool): \(result.status) \(result.stderr)")
            let codes = result.records.map { $0["error"]?.objectValue?["code"]?.stringValue }
            #expect(result.records.count == (tool.hasPrefix("ux-text") ? 2 : 2))
            #expect(codes.first == "unreadable", "\(tool): \(result.text)")
            #expect(result.stderr.contains("FIFO"), "\(tool): \(result.stderr)")
        }
    }

    @Test func controlCharactersInNamesAreEscapedInMessages() throws {
        let dir = try Tools.scratch()
        let result = try Tools.shell("ux-split \"$(printf 'bad\\033]0;owned\\007name.pdf')\"", in: dir)
        #expect(result.status == 66)
        #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{07}"), "\(result.stderr.debugDescription)")
        #expect(result.stderr.contains(#"bad\x1B]0;owned\x07name.pdf: no such file"#), "\(result.stderr)")
        // The record keeps the name exactly (JSON escapes it).
        #expect(result.records.first?["doc"]?.stringValue == "bad\u{1B}]0;owned\u{07}name.pdf")
    }

    @Test func passwordsNeverReachTheReport() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(Self.page, in: dir)
        let result = try Tools.shell("""
            ux-split --password hunter2 fixture.pdf | ux-text --password=hunter2 | ux-merge --report report.json > /dev/null
            """, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let report = try String(contentsOf: dir.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(!report.contains("hunter2"))
        #expect(report.contains(#""--password","***""#), "\(report)")
        #expect(report.contains(#""--password=***""#), "\(report)")
        #expect(!result.stderr.contains("hunter2"))
    }
}

@Suite struct SecretsTests {
    @Test func secretOptionValuesAreHidden() {
        #expect(redactingSecrets(["ux-split", "--password", "x", "a.pdf"]) == ["ux-split", "--password", "***", "a.pdf"])
        #expect(redactingSecrets(["ux-text", "--password=x y", "-j2"]) == ["ux-text", "--password=***", "-j2"])
        #expect(redactingSecrets(["ux-merge", "--report", "r.json"]) == ["ux-merge", "--report", "r.json"])
    }
}

/// The progress board lives in /dev/shm under a guessable name; only this user's own folder is used.
@Suite struct ProgressBoardSafetyTests {
    static func board(_ pipeline: String) -> String {
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm"
            : (ProcessInfo.processInfo.environment["TMPDIR"] ?? "/tmp")
        return "\(base)/unifex-\(getuid())-\(pipeline)"
    }

    @Test(.enabled(if: getuid() == 0, "needs root, to make a folder another user owns"))
    func aBoardPlantedByAnotherUserIsNotUsed() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(HostileInputTests.page, in: dir)
        let victim = dir.appendingPathComponent("victim.txt")
        try Data("precious\n".utf8).write(to: victim)
        for planted in ["other-user", "symlink"] {
            let pipeline = "planted-\(UUID().uuidString)"
            let board = Self.board(pipeline)
            if planted == "other-user" {
                #expect(mkdir(board, 0o777) == 0)
                chmod(board, 0o777)
                for name in ["messages", "drawer"] { symlink(victim.path, board + "/" + name) }
                chown(board, 65534, 65534)
            } else {
                let elsewhere = dir.appendingPathComponent("elsewhere").path
                mkdir(elsewhere, 0o700)
                for name in ["messages", "drawer"] { symlink(victim.path, elsewhere + "/" + name) }
                symlink(elsewhere, board)
            }
            defer { _ = try? FileManager.default.removeItem(atPath: board) }
            let result = try Tools.shell("ux-split fixture.pdf | ux-text --progress plain | ux-merge --progress bar > /dev/null",
                                         in: dir, environment: ["UNIFEX_PIPELINE": pipeline])
            #expect(result.status == 0, "\(planted): \(result.stderr)")
            #expect(try String(contentsOf: victim, encoding: .utf8) == "precious\n", "\(planted): the victim was written")
            #expect(result.stderr.contains("progress is not shared"), "\(planted): \(result.stderr)")
            var info = stat()
            #expect(lstat(board, &info) == 0, "\(planted): the planted board was removed")
        }
    }

    @Test func aNewBoardIsPrivate() throws {
        let dir = try Tools.scratch()
        _ = try Fixture.make(HostileInputTests.page, in: dir)
        let pipeline = "private-\(UUID().uuidString)"
        // ux-split alone is not the last tool of a pipeline: its board outlives it for the others.
        let result = try Tools.shell("ux-split fixture.pdf | cat > /dev/null; stat -c %a \(Self.board(pipeline))",
                                     in: dir, environment: ["UNIFEX_PIPELINE": pipeline])
        defer { _ = try? FileManager.default.removeItem(atPath: Self.board(pipeline)) }
        #expect(result.text.trimmingCharacters(in: .whitespacesAndNewlines) == "700", "\(result.text) \(result.stderr)")
    }
}
