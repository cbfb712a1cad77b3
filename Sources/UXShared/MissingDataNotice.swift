/// Tells the user, once per run, that poppler lacks the encoding data some pages need and which
/// Debian package brings it.
///
/// Every such page carries poppler's own report in its warnings; the fix is the same for all of
/// them, so one line at the first page says it instead of a line per page.
public final class MissingDataNotice: Sendable {
    private let lock = Lock()
    nonisolated(unsafe) private var said = false
    /// What the missing data costs, in the words of the tool that noticed it.
    private let consequence: String

    public init(consequence: String) { self.consequence = consequence }

    /// Says it, unless it was said already: `report` is poppler's message on the page at `location`.
    public func notice(_ report: String, at location: String) {
        let first = lock.withLock { () -> Bool in
            defer { said = true }
            return !said
        }
        guard first else { return }
        Diagnostics.warning("poppler lacks the encoding data of some fonts (first at \(location): \(report)); "
            + "\(consequence); install Debian's poppler-data (apt-get install poppler-data)")
    }
}
