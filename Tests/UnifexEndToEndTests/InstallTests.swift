import Foundation
import UnifexTestSupport
import Testing

/// `make install` and `make uninstall` into a DESTDIR, with the tools the tests built.
@Suite struct InstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every tool with a committed man page, which scripts/check-docs keeps in step with the products.
    static func tools() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("man").path)
            .filter { $0.hasSuffix(".1") }.map { String($0.dropLast(2)) }.sorted()
    }

    @Test func installPutsToolsManPagesAndCompletionsInPlaceAndUninstallRemovesThem() throws {
        let dest = try Tools.scratch()
        let tools = try Self.tools()
        #expect(Set(["ux-split", "ux-text", "ux-ocr", "ux-merge"]).isSubset(of: Set(tools)), "\(tools)")
        // Every ux-* executable that was built has its page (a new tool needs scripts/generate-docs).
        let built = try FileManager.default.contentsOfDirectory(atPath: Tools.binDirectory.path)
            .filter { $0.hasPrefix("ux-") && !$0.contains(".") }
            .filter { FileManager.default.isExecutableFile(atPath: Tools.binDirectory.appendingPathComponent($0).path) }
        #expect(Set(built).isSubset(of: Set(tools)), "built tools without a man page: \(Set(built).subtracting(tools))")

        let make = "make -s -C '\(Self.repository.path)' DESTDIR='\(dest.path)' PREFIX=/usr BUILT='\(Tools.binDirectory.path)'"
        let install = try Tools.shell("\(make) install")
        #expect(install.status == 0, "\(install.stderr)")
        let usr = dest.appendingPathComponent("usr")
        let fm = FileManager.default
        for tool in tools {
            let files = [
                "bin/\(tool)", "share/man/man1/\(tool).1", "share/bash-completion/completions/\(tool)",
                "share/zsh/site-functions/_\(tool)", "share/fish/vendor_completions.d/\(tool).fish",
            ]
            for file in files { #expect(fm.fileExists(atPath: usr.appendingPathComponent(file).path), "\(file)") }
            #expect(fm.isExecutableFile(atPath: usr.appendingPathComponent("bin/\(tool)").path))
            let version = try Tools.shell("'\(usr.path)/bin/\(tool)' --version")
            #expect(version.status == 0 && !version.text.isEmpty, "\(tool) --version: \(version.stderr)")

            // The installed page renders without a single warning, with its sections.
            let page = try Tools.shell("MANWIDTH=80 man --warnings -M '\(usr.path)/share/man' \(tool)",
                                       environment: ["MANPAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8"])
            #expect(page.status == 0, "\(tool): \(page.stderr)")
            let ignorable = page.stderr.split(separator: "\n").filter { !$0.contains("can't break line") }
            #expect(ignorable.isEmpty, "man \(tool): \(page.stderr)")
            for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS", "EXAMPLES", "SEE ALSO"] {
                #expect(page.text.contains("\n\(section)\n"), "man \(tool) lacks \(section)")
            }
            #expect(page.text.contains("64      Usage error."), "man \(tool): exit statuses")

            // bash loads the completion and offers the tool's options.
            let completion = try Tools.shell("""
                source '\(usr.path)/share/bash-completion/completions/\(tool)'
                complete -p \(tool)
                """)
            #expect(completion.status == 0 && completion.text.contains(tool), "\(tool): \(completion.stderr)")
        }
        // The synopsis of the man page and the options in --help agree (a stale page would not).
        let split = try Tools.shell("MANWIDTH=200 man -l '\(usr.path)/share/man/man1/ux-split.1'",
                                    environment: ["MANPAGER": "cat", "LC_ALL": "C.UTF-8"])
        #expect(split.text.contains("--pages"))
        let examples = split.text.components(separatedBy: "\nEXAMPLES\n").last?.components(separatedBy: "\n\n").first ?? ""
        #expect(examples.split(separator: "\n").filter { $0.contains("ux-split") }.count >= 2, "\(examples)")

        let uninstall = try Tools.shell("\(make) uninstall")
        #expect(uninstall.status == 0, "\(uninstall.stderr)")
        let left = try Tools.shell("find '\(usr.path)' -type f")
        #expect(left.text.isEmpty, "left after uninstall:\n\(left.text)")
    }
}
