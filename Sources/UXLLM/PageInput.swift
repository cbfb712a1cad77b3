import UXShared
import UnifexCore
import UnifexLLM

/// What of a page is sent: `auto` sends its text when it has usable text (a text layer ux-text
/// judged usable, or OCR's text); `text` sends whatever text it has.
enum InputMode: String, CaseIterable {
    case auto, text
}

enum PageInput {
    /// The content to send, or why there is none.
    static func content(of record: PageRecord, mode: InputMode) -> Result<PageContent, RecordError> {
        let text = record["text"]?.stringValue
        switch mode {
        case .text:
            return .success(.text(text ?? ""))
        case .auto:
            let usable = record["text_source"]?.stringValue == "ocr" || record["text_layer"]?.objectValue?["usable"]?.boolValue != false
            if let text, usable, text.contains(where: { !$0.isWhitespace }) { return .success(.text(text)) }
            return .failure(RecordError(stage: StageName.llm, code: "llm-no-input",
                                        message: "page has no usable text (run ux-text and ux-ocr before ux-llm, or use --input text)"))
        }
    }
}
