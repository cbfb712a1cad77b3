import UXShared
import UnifexCore
import UnifexDocument
import UnifexLLM

/// What of a page is sent: `auto` sends its text when it has usable text (a text layer ux-text
/// judged usable, or OCR's text) and its rendered image otherwise; `text` sends whatever text it
/// has; `image` the rendered page; `both` the two together.
enum InputMode: String, CaseIterable, Sendable {
    case auto, text, image, both
}

/// What a page will be sent as, before any image is rendered.
enum PagePlan: Equatable {
    case text(String)
    case image
    case both(String)

    var mode: String {
        switch self {
        case .text: "text"
        case .image: "image"
        case .both: "both"
        }
    }
}

enum PageInput {
    /// What to send for the page.
    static func plan(for record: PageRecord, mode: InputMode) -> PagePlan {
        let text = Self.text(of: record)
        switch mode {
        case .text: return .text(text)
        case .image: return .image
        case .both: return .both(text)
        case .auto: return hasUsableText(record) ? .text(text) : .image
        }
    }

    /// The page's text as sent: its Markdown when ux-layout gave it blocks (headings, lists and
    /// tables as a model reads them best; running headers and footers kept, as they can hold what
    /// a schema asks for, an invoice number, a date), else its plain text.
    static func text(of record: PageRecord) -> String {
        guard let blocks = record.blocks, !blocks.isEmpty else { return record["text"]?.stringValue ?? "" }
        return MarkdownBlocks.render(blocks, tables: record.tables ?? [], keepFurniture: true)
    }

    /// OCR's text, or a text layer ux-text did not mark unusable, with something in it.
    static func hasUsableText(_ record: PageRecord) -> Bool {
        let usable = record["text_source"]?.stringValue == TextSource.ocr
            || record["text_layer"]?.objectValue?["usable"]?.boolValue != false
        return usable && (record["text"]?.stringValue ?? "").contains(where: { !$0.isWhitespace })
    }

    /// The page's size in points, when the record gives a believable one.
    static func pageSize(_ record: PageRecord) -> (width: Double, height: Double)? {
        guard let w = record["width"]?.doubleValue, let h = record["height"]?.doubleValue,
              w.isFinite, h.isFinite, w > 0, h > 0, w < 1e6, h < 1e6 else { return nil }
        return (w, h)
    }
}
