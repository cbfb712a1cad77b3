import UXShared
import UnifexCore
import UnifexLLM

/// `--scope document`: a document's pages, in order and up to `--max-pages-per-request` of them,
/// go in one request, for schemas that span pages (an invoice's total on its last page).
///
/// The answer is written on the first page of the group, with the pages it covers; the other
/// pages point to it (`answered_on`), so every page still comes out as its record and usage is
/// counted once. A failed request fails every page it covered.
enum Scope: String, CaseIterable, Sendable {
    case page, document
}

extension LLMRun {
    /// Consecutive records of one document (path and file identity).
    static func documentGrouping(limit: Int) -> RecordGrouping {
        RecordGrouping(limit: limit) { record in
            record.documentKey.map { "\($0.doc)\u{0}\($0.fileID ?? "")" }
        }
    }

    /// The pages' texts, each under a `--- page N ---` line; a page without usable text is sent
    /// as such, with a warning on its record.
    static func documentText(_ records: inout [PageRecord], _ wanted: [Int], mode: InputMode) -> String {
        var text = ""
        for i in wanted {
            let number = records[i].page ?? 0
            text += "--- page \(number) ---\n"
            if mode == .text || PageInput.hasUsableText(records[i]) {
                text += PageInput.text(of: records[i])
            } else {
                text += "(no usable text on this page)\n"
                records[i].addWarnings(["sent to the model without text: it has no usable text (run ux-ocr first)"])
            }
            if !text.hasSuffix("\n") { text += "\n" }
        }
        return text
    }

    func documentPages(_ input: [PageRecord]) async -> [PageRecord] {
        var records = input
        let wanted = records.indices.filter { LLMRun.wants(records[$0]) }
        guard let first = wanted.first else { return records }
        let numbers = JSONValue.array(wanted.compactMap { records[$0].page.map(JSONValue.int) })
        var request = template
        request.unit = "document"
        request.content = .text(Self.documentText(&records, wanted, mode: self.input))
        let work = start(Self.meterKey(records[first]), model: request.model, input: "text", saved: nil, pages: wanted.count)
        defer { end(work) }
        let (answered, failure) = await answer(request, input: "text", estimate: request.estimatedPromptTokens,
                                               pages: wanted.count, saved: nil, work: work)
        var llm = answered
        llm["scope"] = .string(Scope.document.rawValue)
        llm["pages"] = numbers
        records[first]["llm"] = .object(llm)
        for i in wanted.dropFirst() {
            records[i]["llm"] = .object(JSONObject([("scope", .string(Scope.document.rawValue)), ("pages", numbers),
                                                    ("answered_on", records[first].page.map(JSONValue.int) ?? .null)]))
        }
        if let (status, error) = failure {
            for i in wanted { records[i].fail(status, error) }
        }
        return records
    }
}
