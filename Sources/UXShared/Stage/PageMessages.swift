import Foundation
public import UnifexCore

/// The errors and marks every page stage writes in the same words.
public enum PageMessages {
    /// `page took longer than 60 s; gave up on it`, with what else happened after a `;`
    /// (`worker killed`) or in parentheses (`no partial text`).
    public static func timedOut(_ stage: String, seconds: Double, then: String = "gave up on it",
                                detail: String? = nil) -> RecordError {
        RecordError(stage: stage, code: "timeout",
                    message: "page took longer than \(formatNumber(seconds)) s; \(then)" + (detail.map { " (\($0))" } ?? ""))
    }

    /// A library's error as `stage`'s error record, with what the user can do about it where
    /// the toolkit knows (an encrypted PDF opened without a password).
    public static func failure(_ stage: String, _ error: UnifexError) -> RecordError {
        var record = RecordError(stage: stage, error)
        if error.code == "encrypted", error.message.hasPrefix("password required") {
            record.message += "; use --password or UNIFEX_PASSWORD"
        }
        return record
    }

    /// Throws `changed` when the record says which file it was split from (`file_id`) and
    /// another file is at its path now: one replaced since (a new download, a regenerated report)
    /// would give another document's page under this one's name, and so would one written over in
    /// place (`cp`). PDF pages and image pages alike.
    public static func checkUnchanged(_ record: PageRecord, stage: String) throws(RecordError) {
        guard let path = record.doc, let expected = record.fileID, let found = FileIdentity.of(path),
              !FileIdentity.same(found, as: expected) else { return }
        throw RecordError(stage: stage, code: "changed",
                          message: "not the file ux-split read: it was replaced or written since (file_id \(expected), now \(found)); split it again")
    }

    /// A record a stage cannot work on for want of its document or page number.
    public static func noDocumentOrPage(_ stage: String) -> RecordError {
        RecordError(stage: stage, code: "bad-record", message: "record has no document or page")
    }
}

extension PageRecord {
    /// Marks the page `damaged: true` when the PDF library had to repair what it read; the same
    /// rule in every stage, so `--strict` refuses the same pages wherever they are read.
    public mutating func markDamaged(_ damaged: Bool) {
        if damaged { self["damaged"] = .bool(true) }
    }
}
