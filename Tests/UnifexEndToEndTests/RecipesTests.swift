import Foundation
import UnifexTestSupport
import Testing
import UnifexCore

/// The composition recipes of README.md, run exactly as written there, on generated PDFs.
@Suite(.serialized) struct RecipesTests {
    /// The recipes as README.md shows them (a test checks README still holds each one verbatim).
    enum Recipe {
        static let xargs = """
            mkdir -p out
            find pdfs -name '*.pdf' -print0 |
              xargs -0 -P2 -n1 sh -c 'ux-split "$1" | ux-text -j1 | ux-ocr -j1 | ux-merge --format text > "out/$(basename "$1" .pdf).txt"' _
            """
        static let parallelPerFile = """
            mkdir -p out
            parallel -j2 'ux-split {} | ux-text -j1 | ux-merge > out/{/.}.json' ::: pdfs/*.pdf
            """
        static let parallelPipe = """
            ux-split pdfs/*.pdf | parallel --pipe -N50 -j2 ux-text -j1 | ux-merge --output-dir out
            """
        static let parallelPipeKeepOrder = """
            ux-split pdfs/*.pdf | parallel --pipe -k -N50 -j2 ux-text -j1 > pages.ndjson
            """
        static let make = """
            make -j2 -f examples/Makefile
            """
        static let sshlogin = """
            parallel --sshlogin 1/node1,1/node2 --wd ... --trc 'out/{/.}.txt' --joblog jobs.log \\
              'mkdir -p out && ux-split {} | ux-text -j1 | ux-merge --format text > out/{/.}.txt' ::: pdfs/*.pdf
            """
        static let all = [xargs, parallelPerFile, parallelPipe, parallelPipeKeepOrder, make, sshlogin]
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A page spec line: `words` at a readable size, on a small page.
    static func page(_ words: String, image: Bool = false) -> String {
        #"{"width":400,"height":300,"image":\#(image),"lines":[{"x":30,"y":60,"size":\#(image ? 24 : 12),"text":"\#(words)"}]}"#
    }

    /// Writes `pdfs/NAME.pdf` for each (name, pages) into a fresh folder and returns that folder.
    static func corpus(_ documents: [(String, [String])]) throws -> URL {
        let dir = try Tools.scratch()
        let specs = dir.appendingPathComponent("specs"), pdfs = dir.appendingPathComponent("pdfs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pdfs, withIntermediateDirectories: true)
        for (name, pages) in documents {
            let fixture = try Fixture.make(#"{"pages":[\#(pages.joined(separator: ","))]}"#, name: name + ".pdf", in: specs)
            try FileManager.default.moveItem(at: fixture.pdf, to: pdfs.appendingPathComponent(name + ".pdf"))
        }
        return dir
    }

    /// Three short documents with a text layer, each page naming its document and page.
    static func textCorpus(pages: Int = 2) throws -> URL {
        try corpus(["alpha", "bravo", "charlie"].map { name in
            (name, (1...pages).map { page("\(name) page \($0) holds words") })
        })
    }

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func readmeShowsEveryRecipeAsTested() throws {
        let readme = try Self.read(Self.repository.appendingPathComponent("README.md"))
        for recipe in Recipe.all {
            #expect(readme.contains(recipe), "README.md lacks the recipe:\n\(recipe)")
        }
    }

    @Test func xargsOneFilePerProcess() throws {
        // Two text-layer documents and one small scan: ux-ocr OCRs only the scanned page.
        let dir = try Self.corpus([
            ("alpha", [Self.page("alpha page 1 holds words"), Self.page("alpha page 2 holds words")]),
            ("bravo", [Self.page("bravo page 1 holds words")]),
            ("scan", [Self.page("Quarterly report ready", image: true), Self.page("scan page 2 has a text layer")]),
        ])
        let result = try Tools.shell(Recipe.xargs, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        let out = dir.appendingPathComponent("out")
        let names = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(names == ["alpha.txt", "bravo.txt", "scan.txt"])
        let alpha = try Self.read(out.appendingPathComponent("alpha.txt")).split(separator: "\u{0C}")
        #expect(alpha.count == 2)
        #expect(alpha.first?.contains("alpha page 1 holds words") == true)
        #expect(alpha.last?.contains("alpha page 2 holds words") == true)
        #expect(try Self.read(out.appendingPathComponent("bravo.txt")).contains("bravo page 1 holds words"))
        let scan = try Self.read(out.appendingPathComponent("scan.txt")).split(separator: "\u{0C}")
        #expect(scan.count == 2)
        #expect(scan.first?.contains("Quarterly report ready") == true, "OCR gave: \(scan.first ?? "")")
        #expect(scan.last?.contains("scan page 2 has a text layer") == true)
    }

    @Test func parallelPerFile() throws {
        let dir = try Self.textCorpus()
        let result = try Tools.shell(Recipe.parallelPerFile, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["alpha", "bravo", "charlie"] {
            let docs = try Tools.shell("cat out/\(name).json", in: dir).records
            try #require(docs.count == 1, "out/\(name).json")
            #expect(docs[0]["doc"]?.stringValue == "pdfs/\(name).pdf")
            #expect(docs[0]["status"]?.stringValue == "ok")
            let texts = docs[0]["pages"]?.arrayValue?.map { $0.objectValue?["text"]?.stringValue ?? "" } ?? []
            #expect(texts.count == 2)
            for (index, text) in texts.enumerated() { #expect(text.contains("\(name) page \(index + 1) holds words")) }
        }
    }

    /// Chunks of 50 records cut through documents and come back in any order without -k:
    /// ux-merge still gathers every page, in page order. With -k the stream keeps its order.
    @Test func parallelPipeOverTheRecordStream() throws {
        let dir = try Self.textCorpus(pages: 40)
        let result = try Tools.shell(Recipe.parallelPipe, in: dir)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["alpha", "bravo", "charlie"] {
            let doc = try JSONValue.parse(Array(try Data(contentsOf: dir.appendingPathComponent("out/pdfs/\(name).pdf.json"))))
                .objectValue
            #expect(doc?["status"]?.stringValue == "ok")
            #expect(doc?["pages_ok"]?.intValue == 40)
            let pages = doc?["pages"]?.arrayValue?.compactMap(\.objectValue) ?? []
            #expect(pages.map { $0["page"]?.intValue ?? 0 } == Array(1...40))
            #expect(pages.allSatisfy { $0["text"]?.stringValue?.contains("\(name) page \($0["page"]?.intValue ?? 0) holds") == true })
        }

        let kept = try Tools.shell(Recipe.parallelPipeKeepOrder, in: dir)
        #expect(kept.status == 0, "\(kept.stderr)")
        let serial = try Tools.shell("ux-split pdfs/*.pdf | ux-text -j1", in: dir)
        let keptRecords = try Tools.shell("cat pages.ndjson", in: dir).records
        func order(_ records: [JSONObject]) -> [String] {
            records.map { "\($0["doc"]?.stringValue ?? "") \($0["page"]?.intValue ?? 0)" }
        }
        #expect(keptRecords.count == 120)
        #expect(order(keptRecords) == order(serial.records))
        #expect(keptRecords.map { $0["text"]?.stringValue } == serial.records.map { $0["text"]?.stringValue })
    }

    @Test func makefileBuildsOnlyWhatIsOutOfDate() throws {
        let dir = try Self.textCorpus()
        let examples = dir.appendingPathComponent("examples")
        try FileManager.default.createDirectory(at: examples, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.repository.appendingPathComponent("examples/Makefile"),
                                         to: examples.appendingPathComponent("Makefile"))
        let out = dir.appendingPathComponent("out")
        func mtimes() throws -> [String: Date] {
            var result: [String: Date] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: out.path) {
                result[name] = try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[.modificationDate] as? Date
            }
            return result
        }

        let first = try Tools.shell(Recipe.make, in: dir)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try mtimes().keys.sorted() == ["alpha.txt", "bravo.txt", "charlie.txt"])
        for name in ["alpha", "bravo", "charlie"] {
            let pages = try Self.read(out.appendingPathComponent("\(name).txt")).split(separator: "\u{0C}")
            #expect(pages.count == 2)
            #expect(pages.first?.contains("\(name) page 1 holds words") == true)
        }
        let built = try mtimes()

        let second = try Tools.shell(Recipe.make, in: dir)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.text.contains("ux-split"), "second run rebuilt something:\n\(second.text)")
        #expect(try mtimes() == built)

        let touched = try Tools.shell("touch pdfs/bravo.pdf && " + Recipe.make, in: dir)
        #expect(touched.status == 0, "\(touched.stderr)")
        let commands = touched.lines.filter { $0.contains("ux-split") }
        #expect(commands.count == 1 && commands.first?.contains("pdfs/bravo.pdf") == true, "\(touched.text)")
        let after = try mtimes()
        #expect(after["alpha.txt"] == built["alpha.txt"] && after["charlie.txt"] == built["charlie.txt"])
        #expect(after["bravo.txt"] != built["bravo.txt"])
    }

    @Test func sshloginSpreadsFilesOverHosts() throws {
        let dir = try Self.textCorpus()
        guard let hosts = try SSHHosts.start(in: dir) else { return }
        defer { hosts.stop() }
        let result = try Tools.shell(Recipe.sshlogin, in: dir, environment: ["PARALLEL_SSH": hosts.sshCommand],
                                     timeout: 120)
        #expect(result.status == 0, "\(result.stderr)")
        for name in ["alpha", "bravo", "charlie"] {
            let pages = try Self.read(dir.appendingPathComponent("out/\(name).txt")).split(separator: "\u{0C}")
            #expect(pages.count == 2, "out/\(name).txt")
            #expect(pages.last?.contains("\(name) page 2 holds words") == true)
        }
        // Each job's line in the log names the host it ran on; both took some.
        let log = try Self.read(dir.appendingPathComponent("jobs.log")).split(separator: "\n").dropFirst()
        let used = Set(log.map { $0.split(separator: "\t")[1] })
        #expect(log.count == 3 && used == ["node1", "node2"], "\(log)")
        #expect(log.allSatisfy { $0.split(separator: "\t")[6] == "0" })
    }
}

/// An sshd on 127.0.0.1 with throwaway keys, standing for two hosts ("node1", "node2") that have
/// the tools installed (`make install` into a temporary prefix that sshd puts on PATH).
struct SSHHosts {
    var pidFile: URL
    var sshCommand: String

    static func freePort() -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    /// Starts the hosts, or records why it cannot and returns nil.
    static func start(in dir: URL) throws -> SSHHosts? {
        let ssh = dir.appendingPathComponent("ssh")
        try FileManager.default.createDirectory(at: ssh, withIntermediateDirectories: true)
        let sshd = "/usr/sbin/sshd"
        guard FileManager.default.isExecutableFile(atPath: sshd) else {
            Issue.record("skipped: \(sshd) is not installed (scripts/install-deps installs openssh-server)")
            return nil
        }
        guard let port = freePort() else {
            Issue.record("skipped: no free port on 127.0.0.1")
            return nil
        }
        let prefix = ssh.appendingPathComponent("root")
        let install = try Tools.shell("""
            ssh-keygen -q -t ed25519 -N '' -f '\(ssh.path)/host_key' &&
            ssh-keygen -q -t ed25519 -N '' -f '\(ssh.path)/user_key' &&
            cp '\(ssh.path)/user_key.pub' '\(ssh.path)/authorized_keys' &&
            make -s -C '\(RecipesTests.repository.path)' install DESTDIR='\(prefix.path)' PREFIX=/usr \
              BUILT='\(Tools.binDirectory.path)' &&
            { [ -d /run/sshd ] || mkdir -p /run/sshd || true; }
            """)
        guard install.status == 0 else {
            Issue.record("skipped: could not make keys or install the tools: \(install.stderr)")
            return nil
        }
        let user = ProcessInfo.processInfo.environment["USER"] ?? String(cString: getpwuid(getuid()).pointee.pw_name)
        try """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(ssh.path)/host_key
            AuthorizedKeysFile \(ssh.path)/authorized_keys
            PidFile \(ssh.path)/sshd.pid
            StrictModes no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            SetEnv PATH=\(prefix.path)/usr/bin:/usr/bin:/bin
            """.write(to: ssh.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
        try """
            Host node1 node2
              HostName 127.0.0.1
              Port \(port)
              User \(user)
              IdentityFile \(ssh.path)/user_key
              IdentitiesOnly yes
              BatchMode yes
              StrictHostKeyChecking no
              UserKnownHostsFile /dev/null
              LogLevel ERROR
            """.write(to: ssh.appendingPathComponent("ssh_config"), atomically: true, encoding: .utf8)

        // sshd daemonizes (closing every inherited descriptor) and leaves its pid in sshd.pid.
        let log = ssh.appendingPathComponent("sshd.log")
        let started = try Tools.shell("\(sshd) -f '\(ssh.path)/sshd_config' -E '\(log.path)'", timeout: 20)
        let hosts = SSHHosts(pidFile: ssh.appendingPathComponent("sshd.pid"), sshCommand: "ssh -F \(ssh.path)/ssh_config")
        guard started.status == 0 else {
            Issue.record("skipped: sshd did not start: \(started.stderr)")
            return nil
        }
        // Ready when a login works.
        for _ in 0..<50 {
            let probe = try Tools.shell("\(hosts.sshCommand) node1 ux-split --version", timeout: 10)
            if probe.status == 0 { return hosts }
            usleep(100_000)
        }
        hosts.stop()
        let why = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        Issue.record("skipped: sshd on 127.0.0.1:\(port) did not accept a login: \(why)")
        return nil
    }

    func stop() {
        if let text = try? String(contentsOf: pidFile, encoding: .utf8), let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            kill(pid, SIGTERM)
        }
    }
}
