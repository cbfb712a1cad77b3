/// Values of record fields that more than one tool writes or reads (README, "Records").

/// A page record's `source`: what kind of file its document is.
public enum RecordSource {
    public static let pdf = "pdf"
    public static let image = "image"
}

/// A page record's `text_source`: where its text came from.
public enum TextSource {
    public static let pdf = "pdf"
    public static let ocr = "ocr"
}

/// `text_layer.reason` values another tool acts on.
public enum TextLayerReason {
    /// The PDF library lacked the encoding data of some fonts: ux-text marks the page, ux-ocr
    /// reads it and does not repeat the notice.
    public static let missingFontData = "missing-font-data"
}

/// Resolutions the tools agree on.
public enum Resolution {
    /// What a scan's resolution is taken to be when its file stores none: typical of scanners.
    /// ux-split writes it into the record's `dpi` and ux-ocr falls back to it.
    public static let assumedForImages = 300
}

extension PageRecord {
    /// The resolution an image page was measured at: the record's `dpi` (ux-split wrote the
    /// file's own, or `Resolution.assumedForImages` when it has none). The record is input: only
    /// a plausible resolution is believed, else the assumed one.
    public var imageDPI: Double {
        self["dpi"]?.doubleValue.flatMap { (1...100_000).contains($0) ? $0 : nil } ?? Double(Resolution.assumedForImages)
    }
}
