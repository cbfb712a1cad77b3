import UnifexCore
import UnifexOCR

/// The tesseract engines one worker thread reads with: one per language set its pages need
/// (with `--language auto` a page's script picks it), each loaded on first use and kept, and the
/// osd model (one `OSDEngine`) once orientation or script detection asks for it. Not `Sendable`: one per thread.
final class ThreadEngines {
    let pageSegmentationMode: Int
    /// The language models installed, asked once per thread.
    private(set) lazy var installed = Set(OCREngine.installedLanguages())
    private var engines: [String: OCREngine] = [:]
    private var detector: OSDEngine?

    init(pageSegmentationMode: Int) { self.pageSegmentationMode = pageSegmentationMode }

    func engine(_ languages: String) throws(UnifexError) -> OCREngine {
        if let engine = engines[languages] { return engine }
        let engine = try OCREngine(languages: languages, pageSegmentationMode: pageSegmentationMode)
        engines[languages] = engine
        return engine
    }

    /// Whether tesseract's osd model is installed (`--language auto` reads as English without it).
    private(set) lazy var detectsScripts = installed.contains("osd")

    func osd() throws(UnifexError) -> OSDEngine {
        if let detector { return detector }
        let made = try OSDEngine()
        detector = made
        return made
    }
}
