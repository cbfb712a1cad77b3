import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// A tmpfs mounted for one test: read-only, or tiny so that it fills up.
struct TmpfsMount {
    let path: String

    init(at path: String, options: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let result = try Tools.shell("mount -t tmpfs -o \(options) unifex-test '\(path)'")
        guard result.status == 0 else { throw Fixture.FixtureError(message: "mount failed: \(result.stderr)") }
        self.path = path
    }

    func unmount() { _ = try? Tools.shell("umount '\(path)'") }

    /// Whether this process may mount file systems (root with CAP_SYS_ADMIN, not in every container).
    static let permitted: Bool = {
        guard let dir = try? Tools.scratch().appendingPathComponent("probe").path,
              let probe = try? TmpfsMount(at: dir, options: "size=16k") else { return false }
        probe.unmount()
        return true
    }()
}

/// Documents that could not be written are failures, in the report and on stderr, with the
/// system's own reason.
@Suite(.serialized) struct OutputFailureTests {
    static func record(_ doc: String, text: String = "alpha") -> String {
        #"{"v":1,"type":"page","doc":"\#(doc)","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","width":612,"height":792,"text":"\#(text)\n","words":[],"lines":[],"text_source":"pdf"}"#
    }

    static func input(_ lines: [String]) -> Data { Data((lines.joined(separator: "\n") + "\n").utf8) }

    static func report(in dir: URL) throws -> JSONObject {
        try #require(try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("report.json"))).objectValue)
    }

    static func failureMessages(_ report: JSONObject) -> [String] {
        (report["failures"]?.arrayValue ?? []).compactMap { $0.objectValue?["error"]?.objectValue?["message"]?.stringValue }
    }

    @Test(.enabled(if: TmpfsMount.permitted, "mounting a tmpfs needs root with CAP_SYS_ADMIN"))
    func aReadOnlyFileSystemFailsEveryDocumentWithItsReason() throws {
        let dir = try Tools.scratch()
        let mount = try TmpfsMount(at: dir.appendingPathComponent("out").path, options: "ro,size=64k")
        defer { mount.unmount() }
        let result = try Tools.shell("ux-merge --format text --output-dir out --report report.json",
                                     stdin: Self.input([Self.record("a.pdf"), Self.record("sub/b.pdf")]), in: dir)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("ux-merge: error: out/a.pdf.txt: cannot write output: Read-only file system"), "\(result.stderr)")
        #expect(result.stderr.contains("ux-merge: error: out/sub/b.pdf.txt: cannot write output: cannot create directory out/sub: Read-only file system"), "\(result.stderr)")
        let report = try Self.report(in: dir)
        #expect(report["documents"]?.objectValue?["ok"]?.intValue == 0)
        #expect(report["documents"]?.objectValue?["error"]?.intValue == 2)
        #expect(Self.failureMessages(report) == ["cannot write out/a.pdf.txt: Read-only file system",
                                                 "cannot write out/sub/b.pdf.txt: cannot create directory out/sub: Read-only file system"])
        #expect(result.stderr.contains("2 documents (2 error)"), "\(result.stderr)")
    }

    @Test(.enabled(if: TmpfsMount.permitted, "mounting a tmpfs needs root with CAP_SYS_ADMIN"))
    func aFullDiskFailsTheDocumentThatDidNotFit() throws {
        let dir = try Tools.scratch()
        let mount = try TmpfsMount(at: dir.appendingPathComponent("out").path, options: "size=64k")
        defer { mount.unmount() }
        let big = String(repeating: "word ", count: 40_000)
        let result = try Tools.shell("ux-merge --format text --output-dir out --report report.json",
                                     stdin: Self.input([Self.record("small.pdf"), Self.record("big.pdf", text: big)]), in: dir)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("ux-merge: error: out/big.pdf.txt: cannot write output: No space left on device"), "\(result.stderr)")
        let report = try Self.report(in: dir)
        #expect(report["documents"]?.objectValue?["ok"]?.intValue == 1)
        #expect(report["documents"]?.objectValue?["error"]?.intValue == 1)
        #expect(Self.failureMessages(report) == ["cannot write out/big.pdf.txt: No space left on device"])
        // Nothing half-written is left: no partial big.pdf.txt, no temporary; the manifest lists
        // small.pdf alone.
        #expect(try FileManager.default.contentsOfDirectory(atPath: mount.path).sorted() == [".unifex-outputs", "small.pdf.txt"])
        let manifest = try String(contentsOfFile: mount.path + "/.unifex-outputs", encoding: .utf8)
        #expect(manifest.contains(#""file":"small.pdf.txt""#) && !manifest.contains("big.pdf"))
    }

    @Test func anUnwritableDirectoryFailsTheDocument() throws {
        let dir = try Tools.scratch()
        let out = dir.appendingPathComponent("out"), reports = dir.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        chmod(out.path, 0o555)
        chmod(reports.path, 0o777)
        // Root writes anywhere: run as nobody, as a user would meet a folder they cannot write.
        let asUser = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
        let result = try Tools.shell("\(asUser)ux-merge --output-dir out --report reports/report.json",
                                     stdin: Self.input([Self.record("a.pdf")]), in: dir)
        #expect(result.status == 74, "\(result.stderr)")
        #expect(result.stderr.contains("ux-merge: error: out/a.pdf.json: cannot write output: Permission denied"), "\(result.stderr)")
        let report = try Self.report(in: reports)
        #expect(report["documents"]?.objectValue?["error"]?.intValue == 1)
        #expect(Self.failureMessages(report) == ["cannot write out/a.pdf.json: Permission denied"])
    }
}
