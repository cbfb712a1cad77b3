/// Tells the user, once per run, that poppler lacks data some pages need (the encoding data of
/// CJK fonts, or any installed font to draw a font a PDF does not embed) and which Debian package
/// brings it.
///
/// Every such page carries poppler's own report in its warnings; the fix is the same for all of
/// them, so one line at the first page says it instead of a line per page.
public final class MissingDataNotice: Sendable {
    public enum Lack: Sendable {
        /// CMaps and CID-to-Unicode tables (Debian's poppler-data).
        case encodingData
        /// Installed fonts to draw text in fonts a PDF does not embed.
        case fonts
    }

    private let lock = Lock()
    nonisolated(unsafe) private var said = false
    private let lack: Lack
    /// What the missing data costs, in the words of the tool that noticed it.
    private let consequence: String

    public init(_ lack: Lack = .encodingData, consequence: String) {
        self.lack = lack
        self.consequence = consequence
    }

    /// Says it, unless it was said already: `report` is poppler's message on the page at `location`.
    public func notice(_ report: String, at location: String) {
        let first = lock.withLock { () -> Bool in
            defer { said = true }
            return !said
        }
        guard first else { return }
        switch lack {
        case .encodingData:
            Diagnostics.warning("poppler lacks the encoding data of some fonts (first at \(location): \(report)); "
                + "\(consequence); install Debian's poppler-data (apt-get install poppler-data)")
        case .fonts:
            // A CID font's message names its character collection: CJK fonts stand in for those.
            let package = report.contains("character collection") ? "fonts-noto-cjk" : "fonts-urw-base35"
            Diagnostics.warning("poppler finds no installed font to draw fonts the PDF does not embed (first at \(location): "
                + "\(report)); \(consequence); install fonts (Debian: apt-get install \(package))")
        }
    }
}
