import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// ux-llm as a page stage against the scripted server: order, concurrency, the key, the cache.
@Suite struct StageTests {
    @Test func outputKeepsInputOrderWithManyInFlight() throws {
        let server = try ScriptedServer { _, body in
            // Later pages answer sooner, so the window really has to reorder.
            let page = Int(body.pageText.split(separator: " ")[1]) ?? 0
            return .answer(#"{"title":"p\#(page)"}"#, delay: Double(30 - page) * 0.01)
        }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m -j8", input: LLMRun.pages(30))
        #expect(out.result.status == 0)
        #expect(out.pages == Array(1...30))
        for (i, record) in out.records.enumerated() {
            #expect(record["llm"]?.objectValue?["data"]?.objectValue?["title"]?.stringValue == "p\(i + 1)")
        }
        #expect(server.peakConcurrency >= 4 && server.peakConcurrency <= 8)
        #expect(server.requests.count == 30)
    }

    @Test func mergeWritesTheDataAloneAndSumsUsageInTheReport() throws {
        let server = try ScriptedServer { _, body in
            if body.pageText.contains("page 2 ") { return .answer("not json") }
            return .answer(#"{"title":"t"}"#)
        }
        defer { server.stop() }
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = dir.appendingPathComponent("r.json").path
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --price-in 1 --price-out 2 -j2 | ux-merge --format jsonl-data --report '\(report)'",
                                 input: LLMRun.pages(3))
        // A page failed: ux-merge's document is partial.
        #expect(out.result.status == 1)
        let lines = out.records
        #expect(lines.map { $0["page"]?.intValue } == [1, 2, 3])
        #expect(lines[0]["data"]?.objectValue?["title"]?.stringValue == "t")
        #expect(lines[1]["data"] == .null && lines[1]["error"]?.objectValue?["code"]?.stringValue == "llm-invalid")
        let llm = try #require(try JSONValue.parse(String(contentsOfFile: report, encoding: .utf8)).objectValue?["llm"]?.objectValue)
        // Page 2 was asked three times (two repairs); every reply counts.
        let requests = 1 + 3 + 1
        #expect(llm["requests"]?.intValue == requests)
        #expect(llm["retries"]?.intValue == 2)
        #expect(llm["failed"]?.intValue == 1)
        #expect(llm["prompt_tokens"]?.intValue == requests * ScriptedServer.promptTokens)
        #expect(llm["completion_tokens"]?.intValue == requests * ScriptedServer.completionTokens)
        let cost = Double(requests * ScriptedServer.promptTokens + 2 * requests * ScriptedServer.completionTokens) / 1e6
        #expect(abs((llm["cost"]?.doubleValue ?? -1) - cost) < 1e-9)
        #expect(out.result.stderr.contains("llm: \(requests * ScriptedServer.promptTokens) tokens in"))
    }

    @Test func failedAndOtherRecordsPassThroughUntouched() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"x"}"#) }
        defer { server.stop() }
        let input = #"{"v":1,"type":"page","doc":"a.pdf","source":"pdf","page":null,"page_count":null,"selected":1,"status":"error","error":{"stage":"split","code":"missing","message":"no such file"}}"#
            + "\n" + #"{"v":1,"type":"page","doc":"b.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","text":"","text_layer":{"chars":0,"usable":false}}"# + "\nnot json\n"
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m", input: Data(input.utf8))
        #expect(out.records.count == 3)
        #expect(out.records[0]["error"]?.objectValue?["code"]?.stringValue == "missing")
        #expect(out.records[0]["llm"] == nil)
        // No usable text: the page image would be sent, but the file is not there to render.
        #expect(out.records[1]["error"]?.objectValue?["code"]?.stringValue == "missing")
        #expect(out.records[1]["error"]?.objectValue?["stage"]?.stringValue == "llm")
        #expect(out.records[2]["input_line"]?.intValue == 3)
        #expect(out.result.status == 65)
        #expect(server.requests.isEmpty)
    }

    @Test func aPageWithBlocksIsSentAsItsMarkdown() throws {
        // ux-layout's blocks: a running header, a heading, a paragraph and a table.
        let page = #"{"v":1,"type":"page","doc":"inv.pdf","source":"pdf","page":1,"page_count":1,"selected":1,"status":"ok","width":612,"height":792,"text":"ACME Invoice 42\nTotals\nAll sums in euros.\nItem Price\nTea 4\n","text_source":"pdf","text_layer":{"chars":60,"usable":true},"tables":[{"box":[72,200,300,240],"rows":2,"cols":2,"kind":"ruled","header_rows":1,"cells":[{"row":0,"col":0,"rowspan":1,"colspan":1,"box":[72,200,100,220],"text":"Item"},{"row":0,"col":1,"rowspan":1,"colspan":1,"box":[72,200,100,220],"text":"Price"},{"row":1,"col":0,"rowspan":1,"colspan":1,"box":[72,200,100,220],"text":"Tea"},{"row":1,"col":1,"rowspan":1,"colspan":1,"box":[72,200,100,220],"text":"4"}]}],"blocks":[{"kind":"page_header","box":[72,30,200,40],"text":"ACME Invoice 42","lines":[0]},{"kind":"heading","level":1,"box":[72,100,200,114],"text":"Totals","lines":[1]},{"kind":"paragraph","box":[72,130,300,142],"text":"All sums in euros.","lines":[2]},{"kind":"table","box":[72,200,300,240],"text":"","lines":[],"table":0}]}"# + "\n"
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"t"}"#) }
        defer { server.stop() }
        for scope in ["page", "document"] {
            let out = try LLMRun.run("--base-url \(server.baseURL) --model m --scope \(scope)", input: Data(page.utf8))
            #expect(out.result.status == 0, "\(out.result.stderr)")
        }
        try #require(server.requests.count == 2)
        for sent in server.requests.map(\.pageText) {
            #expect(sent.contains("ACME Invoice 42\n\n## Totals\n\nAll sums in euros.\n\n| Item | Price |"), "\(sent)")
            #expect(sent.contains("| Tea | 4 |"), "\(sent)")
        }
        // Without blocks the page's text goes as it is.
        let plain = try LLMRun.run("--base-url \(server.baseURL) --model m", input: LLMRun.pages(1))
        #expect(plain.result.status == 0 && server.requests.last?.pageText.contains("page 1 of the report") == true)
    }

    @Test func aPageWithoutTextIsSentAsItsRenderedImage() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"x"}"#) }
        defer { server.stop() }
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pdf = dir.appendingPathComponent("drawn.pdf")
        // Shapes and no text: a scan would look the same to ux-text.
        try RawPDF.write(content: "0 0 1 rg 72 72 200 300 re f 0 g 300 500 100 100 re f", to: pdf)
        let pages = try Tools.shell("ux-split '\(pdf.path)' | ux-text", environment: ["UNIFEX_PROGRESS": "none"])
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --image-max-side 800", input: pages.stdout)
        #expect(out.result.status == 0)
        #expect(out.llm(0)?["input"]?.stringValue == "image")
        let parts = server.requests.first?.objectValue?["messages"]?.arrayValue?.last?.objectValue?["content"]?.arrayValue ?? []
        let url = parts.compactMap { $0.objectValue?["image_url"]?.objectValue?["url"]?.stringValue }.first ?? ""
        #expect(url.hasPrefix("data:image/png;base64,"))
        let png = try #require(Data(base64Encoded: String(url.dropFirst("data:image/png;base64,".count))).map(Array.init))
        #expect(png.prefix(8) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // IHDR: width and height, big-endian, after the signature and the chunk's length and type.
        func be32(_ at: Int) -> Int { png[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let (width, height) = (be32(16), be32(20))
        // 612 × 792 points at 150 dpi is 1275 × 1650; the longest side is capped at 800 (rendered
        // at the whole dpi below the cap).
        #expect(height <= 800 && height >= 780)
        #expect(abs(Double(width) - Double(height) * 612 / 792) <= 2)
    }

    @Test(.needsCorpus) func aPageImageDrawnWithoutItsFontsIsSaidOnce() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"x"}"#) }
        defer { server.stop() }
        // Times New Roman, not embedded, on a machine with no fonts: the text is not drawn.
        let file = Tools.corpus.appendingPathComponent("text/pdfjs-rotation.pdf").path
        let pages = try Tools.shell("ux-split '\(file)'", environment: ["UNIFEX_PROGRESS": "none"])
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m", input: pages.stdout, environment: try Tools.withoutFonts())
        #expect(out.result.status == 0, "\(out.result.stderr)")
        #expect(out.pages == [1, 2] && (0..<2).allSatisfy { out.llm($0)?["input"]?.stringValue == "image" })
        let notices = out.result.stderr.split(separator: "\n").filter { $0.contains("poppler finds no installed font") }
        #expect(notices.count == 1, "\(out.result.stderr)")
        #expect(notices.first?.contains("Couldn't find a font for 'TimesNewRomanPSMT'") == true)
        #expect(notices.first?.contains("apt-get install fonts-urw-base35") == true)
        let drawn = try LLMRun.run("--base-url \(server.baseURL) --model m", input: pages.stdout)
        #expect(!drawn.result.stderr.contains("poppler finds no installed font"), "\(drawn.result.stderr)")
    }

    @Test func anImageReplacedSinceItWasSplitIsNotSent() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"x"}"#) }
        defer { server.stop() }
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["x.png", "new.png"] {
            _ = try Fixture.make(#"{"pages":[{"width":300,"height":200,"lines":[{"x":20,"y":80,"size":24,"text":"Scanned words"}]}]}"#,
                                 name: name, in: dir)
        }
        let pages = try Tools.shell("ux-split '\(dir.path)/x.png'", environment: ["UNIFEX_PROGRESS": "none"])
        try FileManager.default.removeItem(at: dir.appendingPathComponent("x.png"))
        try FileManager.default.moveItem(at: dir.appendingPathComponent("new.png"), to: dir.appendingPathComponent("x.png"))
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m", input: pages.stdout)
        #expect(out.result.status == 1, "\(out.result.stderr)")
        #expect(out.records.first?["error"]?.objectValue?["code"]?.stringValue == "changed", "\(out.result.text)")
        #expect(out.result.stderr.contains("not the file ux-split read"), "\(out.result.stderr)")
        #expect(server.requests.isEmpty)
    }

    @Test func dryRunSendsNothingAndSaysWhatItWouldSend() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"x"}"#) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --dry-run --price-in 1 --price-out 1 --max-tokens 100",
                                 input: LLMRun.pages(3))
        #expect(out.result.status == 0)
        #expect(server.requests.isEmpty)
        #expect(out.pages == [1, 2, 3])
        for i in 0..<3 {
            #expect(out.llm(i)?["dry_run"]?.boolValue == true)
            #expect((out.llm(i)?["estimated_prompt_tokens"]?.intValue ?? 0) > 5)
            #expect(out.llm(i)?["max_tokens"]?.intValue == 100)
            #expect(out.llm(i)?["cached"]?.boolValue == false)
        }
        #expect(out.result.stderr.contains("dry run, nothing sent: 3 pages, 3 to send"))
        #expect(out.result.stderr.contains("at most 300 out"))
    }

    @Test func textInsteadOfImagesSavesTokens() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"x"}"#) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m", input: LLMRun.pages(2))
        // A letter page at 150 dpi is four 512-pixel tiles once scaled: 85 + 4 × 170 tokens as an image.
        let saved = out.records.compactMap { $0["llm"]?.objectValue?["tokens_saved"]?.intValue }
        #expect(saved.count == 2)
        #expect(saved.allSatisfy { $0 > 700 && $0 < 765 })
        #expect(out.result.stderr.contains("saved about \(saved.reduce(0, +)) prompt tokens"))
    }

    @Test func apiKeyIsSentButNeverShown() throws {
        let secret = "sk-test-\(UUID().uuidString)"
        let server = try ScriptedServer { _, _ in .status(401) }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --api-key-env UX_TEST_KEY --header 'X-Trace: t1'",
                                 input: LLMRun.pages(2), environment: ["UX_TEST_KEY": secret])
        #expect(server.requestHeaders.allSatisfy { $0.contains("Authorization: Bearer \(secret)") || $0.contains("authorization: Bearer \(secret)") })
        #expect(server.requestHeaders.allSatisfy { $0.lowercased().contains("x-trace: t1") })
        #expect(!out.result.text.contains(secret))
        #expect(!out.result.stderr.contains(secret))
        // 401 is not retried: the same key would be refused again.
        #expect(server.requests.count == 2)
        #expect(out.records.allSatisfy { $0["error"]?.objectValue?["message"]?.stringValue?.contains("HTTP 401") == true })
    }

    @Test func cacheAnswersARerunWithoutRequestsAndKeepsNoFailure() throws {
        let failPage3 = Counter()
        let server = try ScriptedServer { _, body in
            if body.pageText.contains("page 3 "), failPage3.next() <= 3 { return .status(500) }
            return .answer(#"{"title":"t"}"#)
        }
        defer { server.stop() }
        let cache = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: cache) }
        let options = "--base-url \(server.baseURL) --model m --http-retries 2 --cache '\(cache.path)'"
        let first = try LLMRun.run(options, input: LLMRun.pages(4))
        #expect(first.records[2]["status"]?.stringValue == "error")
        #expect(first.records.map { $0["llm"]?.objectValue?["cached"]?.boolValue } == [false, false, false, false])
        let sentFirst = server.requests.count
        #expect(sentFirst == 3 + 3)
        let second = try LLMRun.run(options, input: LLMRun.pages(4))
        // Pages 1, 2 and 4 come from the cache; page 3 failed, was not kept, and is asked again.
        #expect(second.records.map { $0["llm"]?.objectValue?["cached"]?.boolValue } == [true, true, false, true])
        #expect(second.records.allSatisfy { $0["status"]?.stringValue == "ok" })
        #expect(server.requests.count == sentFirst + 1)
        #expect(second.records[0]["llm"]?.objectValue?["attempts"]?.intValue == 0)
        #expect(second.result.stderr.contains("3 cache hits"))
        // Another prompt is another question: no hit.
        let third = try LLMRun.run(options + " --prompt 'Name the page.'", input: LLMRun.pages(1))
        #expect(third.records[0]["llm"]?.objectValue?["cached"]?.boolValue == false)
        // Nothing half-written or temporary is left in the cache.
        let files = FileManager.default.enumerator(atPath: cache.path)?.compactMap { $0 as? String } ?? []
        #expect(files.filter { $0.hasSuffix(".json") }.count == 5)
        #expect(files.allSatisfy { !$0.hasSuffix(".tmp") })
    }

    @Test func freeTextWithPromptAlone() throws {
        let server = try ScriptedServer { _, _ in .answer("A report page.") }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --prompt 'Summarise.' --price-in 1 --price-out 2",
                                 input: LLMRun.pages(2), schema: nil)
        #expect(out.result.status == 0)
        #expect(out.llm(0)?["text"]?.stringValue == "A report page.")
        #expect(out.llm(0)?["data"] == nil)
        #expect(server.requests.first?.objectValue?["response_format"] == nil)
        // 11 tokens at 1 per million and 7 at 2 per million.
        #expect(out.llm(0)?["usage"]?.objectValue?["cost"] == .number("0.000025"))
        #expect(out.result.stderr.contains("cost 0.000050"))
    }

    @Test func structuredModesShapeTheRequest() throws {
        let server = try ScriptedServer { _, _ in .answer(#"{"title":"t"}"#) }
        defer { server.stop() }
        for mode in ["json-schema", "json-object", "prompt"] {
            _ = try LLMRun.run("--base-url \(server.baseURL) --model m --structured \(mode)", input: LLMRun.pages(1))
        }
        let formats = server.requests.map { $0.objectValue?["response_format"]?.objectValue?["type"]?.stringValue }
        #expect(formats == ["json_schema", "json_object", nil])
        let systems = server.requests.map { $0.objectValue?["messages"]?.arrayValue?.first?.objectValue?["content"]?.stringValue ?? "" }
        #expect(!systems[0].contains("maxLength"))
        #expect(systems[1].contains("maxLength") && systems[2].contains("maxLength"))
    }
}

@Suite struct RecordSchemaTests {
    @Test func everyKindOfRecordMatchesThePageSchema() throws {
        let server = try ScriptedServer { _, body in
            let text = body.pageText
            if text.contains("page 2 ") { return .answer(#"{"title":1}"#) }
            if text.contains("page 3 ") { return .answer("x", finish: "length") }
            if text.contains("page 4 ") { return .answer(#"{"title":"t"}"#, usage: false) }
            return .answer(#"{"title":"t"}"#)
        }
        defer { server.stop() }
        let out = try LLMRun.run("--base-url \(server.baseURL) --model m --max-retries 1 --price-in 2.5 --price-out 10",
                                 input: LLMRun.pages(5))
        #expect(out.records.map { $0["status"]?.stringValue } == ["ok", "error", "error", "ok", "ok"])
        let validator = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("schema/validate.py").path
        let checked = try Tools.shell("python3 '\(validator)' --schema page", stdin: out.result.stdout)
        #expect(checked.status == 0, "\(checked.text)\(checked.stderr)")
        let planned = try LLMRun.run("--base-url \(server.baseURL) --model m --dry-run", input: LLMRun.pages(2))
        let plannedChecked = try Tools.shell("python3 '\(validator)' --schema page", stdin: planned.result.stdout)
        #expect(plannedChecked.status == 0, "\(plannedChecked.text)\(plannedChecked.stderr)")
        let dir = try Tools.scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        // ux-merge exits 1 (a partial document); the validator's status is the one that counts.
        let merged = try Tools.shell("ux-merge --report '\(dir.path)/r.json' > '\(dir.path)/d.json'; python3 '\(validator)' '\(dir.path)/d.json' '\(dir.path)/r.json'",
                                     stdin: out.result.stdout)
        #expect(merged.status == 0, "\(merged.text)\(merged.stderr)")
        #expect(try String(contentsOfFile: "\(dir.path)/r.json", encoding: .utf8).contains(#""llm":{"pages":5"#))
    }
}
