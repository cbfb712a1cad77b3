/// The entries of the PDF's outline (its bookmarks) that lead to a page (`outline` on a page
/// record, from ux-split): the headings the document itself names, with their depth.
public struct OutlineEntry: Equatable, Sendable {
    public var title: String
    /// 1 for the outline's top entries, 2 for their children, ...
    public var level: Int
    /// Where the entry leads on the page: points from its top edge, when the outline says.
    public var top: Double?

    public init(title: String, level: Int, top: Double? = nil) {
        self.title = title; self.level = level; self.top = top
    }

    public var json: JSONValue {
        var o = JSONObject([("title", .string(title)), ("level", .int(level))])
        if let top { o["top"] = .double(top) }
        return .object(o)
    }

    /// An entry as a record holds it; nil when it is not one. A hostile record's level and top
    /// are held to what a page can have.
    public init?(_ value: JSONValue?) {
        guard let o = value?.objectValue, let title = o["title"]?.stringValue, let level = o["level"]?.intValue,
              level >= 1 else { return nil }
        self.init(title: String(title.prefix(1000)), level: min(level, 64),
                  top: o["top"]?.doubleValue.flatMap { $0.isFinite && $0 >= 0 && $0 < 1e7 ? $0 : nil })
    }
}

extension PageRecord {
    /// The outline entries leading to this page, in the outline's order; empty when it has none.
    public var outline: [OutlineEntry] {
        (self["outline"]?.arrayValue ?? []).prefix(10_000).compactMap { OutlineEntry($0) }
    }
}
