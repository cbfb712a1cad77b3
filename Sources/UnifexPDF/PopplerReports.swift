/// What poppler reported while reading a page, sorted into damage to the file, and encoding data
/// and fonts poppler itself lacks.
///
/// Poppler reads the text of CJK fonts through CMaps and CID-to-Unicode tables that ship apart
/// from the library (Debian's poppler-data). Without them such a font fails to load and poppler
/// reports it through the same callback as damage, followed by one "No font in show" per text
/// operator that used it. None of that is the file's fault: the page reads fine where the data
/// is installed.
///
/// A font the PDF does not embed is drawn with an installed one that fontconfig offers in its
/// place. On a machine with no fonts at all poppler finds none, says so, and draws the page without
/// that text: a render (for OCR) misses it, while the text layer is read without any font file.
public struct PopplerReports: Equatable, Sendable {
    /// Every message, in the order poppler gave them.
    public var messages: [String]
    /// The messages saying poppler lacks encoding data ("Missing language pack for 'Adobe-Japan1'
    /// mapping", "Couldn't find 'UniJIS-UCS2-H' CMap file for 'Adobe-Japan1' collection").
    public var missingData: [String]
    /// The messages saying no installed font can stand in for one the PDF does not embed
    /// ("Couldn't find a font for 'TimesNewRomanPSMT'").
    public var missingFonts: [String]
    /// True when some message says the file is damaged: anything but missing data or fonts and
    /// what a font that failed to load for want of data brings about.
    public var damaged: Bool

    public init(_ messages: [String]) {
        self.messages = messages
        missingData = messages.filter(Self.isMissingData)
        missingFonts = messages.filter(Self.isMissingFont)
        let missing = { (m: String) in Self.isMissingData(m) || Self.isMissingFont(m) }
        if missingData.isEmpty {
            damaged = messages.contains { !missing($0) }
        } else {
            damaged = messages.contains { !missing($0) && !Self.followsFromMissingData($0) }
        }
    }

    /// Poppler's wording (SplashOutputDev.cc, GfxFont.cc) when no font file, embedded or installed,
    /// can draw a font; a CID font adds its character collection ("('Adobe-Japan1' character collection)").
    static func isMissingFont(_ message: String) -> Bool {
        message.hasPrefix("Couldn't find a font for '") || message.hasPrefix("Couldn't find a font to substitute for '")
    }

    /// Poppler's own wording (poppler 22.12: GfxFont.cc, CMap.cc, CharCodeToUnicode.cc,
    /// GlobalParams.cc) for data files it looked for and did not find.
    static func isMissingData(_ message: String) -> Bool {
        message.hasPrefix("Missing language pack for ")
            || message.hasPrefix("Unknown character collection")
            || (message.hasPrefix("Couldn't find ") && message.contains("CMap file"))
            || message.hasPrefix("Unknown CMap ")
            || message.hasPrefix("Couldn't open cidToUnicode file")
            || message.hasPrefix("Couldn't find unicodeMap file")
    }

    /// What follows when a font could not be loaded: its resource name is unknown to the page, and
    /// every operator showing text with it has no font. The sink caps the messages kept, and these
    /// repeat once per text operator, so they are what fills the cap and the count of those left out.
    static func followsFromMissingData(_ message: String) -> Bool {
        message.hasPrefix("Unknown font tag ")
            || message.hasPrefix("No font in show")
            || (message.hasSuffix(" more poppler messages not shown") && message.first?.isNumber == true)
    }
}
