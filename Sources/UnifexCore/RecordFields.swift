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

    /// The resolutions an image file's stored one is believed within. Scanners store 75-1200 dpi
    /// (photo and film scanners 2400 for areas smaller than a page), screens and cameras 72 or 96.
    /// Outside it is a wrong tag, not a resolution: 1 dpi (a camera's aspect ratio written as
    /// dots per inch) makes a letter page 70 metres wide, 3000 or 65535 dpi (a 300 dpi scan
    /// mistagged) one of a fingernail, and its text would be read at that size: a few pixels tall.
    public static let plausibleForImages: ClosedRange<Double> = 50...2400

    /// `stored` when it is a plausible image resolution, else nil (the assumed one applies).
    public static func believed(_ stored: Double?) -> Double? {
        stored.flatMap { plausibleForImages.contains($0) ? $0 : nil }
    }
}

extension PageRecord {
    /// The resolution an image page was measured at: the record's `dpi` (ux-split wrote the
    /// file's own, or `Resolution.assumedForImages` when it has none or an implausible one). The
    /// record is input: only a plausible resolution is believed, else the assumed one.
    public var imageDPI: Double {
        Resolution.believed(self["dpi"]?.doubleValue) ?? Double(Resolution.assumedForImages)
    }
}
