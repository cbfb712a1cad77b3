import CTesseract
public import UnifexCore

/// What tesseract's orientation-and-script model says of a page.
public struct OSDFinding: Sendable, Equatable {
    /// How far the content is turned clockwise from upright (0, 90, 180, 270).
    public var degrees: Int
    /// Tesseract's orientation confidence (its own scale; above ~2 is a clear call).
    public var confidence: Double
    /// The script most of the page is written in, by tesseract's name ("Latin", "Hangul",
    /// "Arabic"), or nil when it named none.
    public var script: String?
    /// Tesseract's script confidence (its own scale; above ~1 is a clear call).
    public var scriptConfidence: Double

    public init(degrees: Int, confidence: Double, script: String?, scriptConfidence: Double) {
        self.degrees = degrees
        self.confidence = confidence
        self.script = script
        self.scriptConfidence = scriptConfidence
    }
}

/// Tesseract's orientation and script detection (the `osd` model, a legacy-engine model that
/// the default LSTM models cannot stand in for). Owns its handle; one per thread, like
/// `OCREngine`.
public final class OSDEngine {
    private let handle: OpaquePointer

    public init() throws(UnifexError) {
        OCREngine.quietLibraries()
        guard let handle = TessBaseAPICreate() else {
            throw UnifexError(code: "engine", message: "cannot create a tesseract engine")
        }
        guard TessBaseAPIInit2(handle, nil, "osd", OEM_TESSERACT_ONLY) == 0 else {
            TessBaseAPIDelete(handle)
            throw UnifexError(code: "missing-language",
                              message: "orientation and script detection need tesseract's osd data (tesseract-ocr-osd)")
        }
        self.handle = handle
    }

    deinit {
        TessBaseAPIEnd(handle)
        TessBaseAPIDelete(handle)
    }

    /// The page's orientation and script, or nil when there is too little text to tell.
    public func detect(_ image: PageImage) -> OSDFinding? {
        defer { TessBaseAPIClear(handle) }
        TessBaseAPISetImage2(handle, image.pix)
        TessBaseAPISetSourceResolution(handle, Int32(clamping: Int(saturating: image.dpi)))
        var degrees: Int32 = 0, confidence: Float = 0, scriptConfidence: Float = 0
        var name: UnsafePointer<CChar>? = nil
        guard TessBaseAPIDetectOrientationScript(handle, &degrees, &confidence, &name, &scriptConfidence) != 0 else {
            return nil
        }
        // The name points into the engine's own tables: copied before the engine is cleared.
        let script = name.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        return OSDFinding(degrees: Int(degrees), confidence: Double(confidence), script: script,
                          scriptConfidence: Double(scriptConfidence))
    }
}
