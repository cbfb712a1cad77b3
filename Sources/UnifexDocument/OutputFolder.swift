import Foundation
public import UnifexCore

/// An `--output-dir`: where each document of a run is written, shared safely with earlier runs
/// and with runs going on beside this one.
///
/// A document's file is named after its path (`OutputLayout.fileName`), and different documents
/// can map to one name: `x/a.pdf` given in one folder and `../x/a.pdf` in another, two files
/// given under one path, two `--pages` selections of one file. The folder's manifest says which
/// document each name holds, so a name is reused only by its own document (the same file under
/// any path, or the same path where a record has no file identity), and another document gets
/// `a.pdf~2.json`, in this run as across runs. Each document is written holding an exclusive lock on the manifest,
/// after reading the lines other runs have appended since: two runs never claim one name.
///
/// A rewrite removes the files of the document's previous output that the new one no longer has
/// (a table gone from a rerun in csv), so the folder never holds what the document does not.
public final class OutputFolder {
    public let directory: String
    private let format: any DocumentFormat
    private var manifest: Int32
    /// How far the manifest has been read.
    private var readOffset: off_t = 0
    /// For each output name (by hash) the document that holds it now, and where its line starts.
    private var owners: [Int: Owner] = [:]
    /// Names written by this run (by hash): a second document of the same name is numbered.
    private var claimedThisRun: Set<Int> = []

    private struct Owner {
        var doc: Int
        var fileID: Int?
        var line: off_t
    }

    /// Creates the folder (and its parents) and opens its manifest. A folder that cannot be made
    /// or written is not fatal here: each document then fails with the system's reason, and the
    /// batch report counts them.
    public init(_ directory: String, format: any DocumentFormat) {
        self.directory = directory
        self.format = format
        try? AtomicFile.makeDirectories(directory)
        AtomicFile.removeStaleTemporaries(in: directory)
        manifest = Self.openManifest(in: directory)
    }

    private static func openManifest(in directory: String) -> Int32 {
        open(PathName.join(directory, OutputManifest.fileName), O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o644)
    }

    deinit { if manifest >= 0 { close(manifest) } }

    /// Writes one document; returns the path written (the main file's) and why it failed, if it did.
    public func write(_ document: AssembledDocument, renamed: (_ wanted: String, _ given: String) -> Void) -> (path: String, failure: UnifexError?) {
        if manifest < 0 {
            try? AtomicFile.makeDirectories(directory)
            manifest = Self.openManifest(in: directory)
        }
        let manifestError = manifest < 0 ? String(cString: strerror(errno)) : nil
        if manifest >= 0 {
            flock(manifest, LOCK_EX)
            catchUp()
        }
        defer { if manifest >= 0 { flock(manifest, LOCK_UN) } }
        let wanted = OutputLayout.fileName(for: document.doc, format: format.name)
        let name = claim(wanted, for: document.key)
        if name != wanted { renamed(wanted, name) }
        let target = PathName.join(directory, name)
        do throws(UnifexError) {
            let previous = owners[name.hashValue].flatMap { previousFiles(at: $0.line) }
            let written = try writeFiles(document, as: name)
            for stale in previous ?? [] where !(written ?? []).contains(stale) { removeOutput(stale) }
            let manifestPath = PathName.join(directory, OutputManifest.fileName)
            if let manifestError { throw UnifexError(code: "io", message: "cannot open \(manifestPath): \(manifestError)") }
            var end = stat()
            fstat(manifest, &end)
            try OutputManifest.append(file: name, files: written, format: format.name, document: document, to: manifest,
                                      path: manifestPath)
            owners[name.hashValue] = Owner(doc: document.key.doc.hashValue, fileID: document.key.fileID.map(FileIdentity.file)?.hashValue, line: end.st_size)
            readOffset = lseek(manifest, 0, SEEK_END)
            return (target, nil)
        } catch {
            return (target, error)
        }
    }

    /// `wanted`, or the first of `wanted~2`, `wanted~3`, ... that no other document holds.
    private func claim(_ wanted: String, for key: DocumentKey) -> String {
        var n = 1
        while true {
            let candidate = n == 1 ? wanted : OutputLayout.numbered(wanted, n)
            let hash = candidate.hashValue
            let heldByOther = owners[hash].map { !Self.same($0, key) } ?? false
            if !claimedThisRun.contains(hash) && !heldByOther {
                claimedThisRun.insert(hash)
                return candidate
            }
            n += 1
        }
    }

    /// One document: the same file (`file_id`'s device and inode, so a file written again in place
    /// replaces its outputs), under whatever path; where either side has no
    /// file identity (records made by hand), the same path as given. Two files given under one
    /// path (`a.pdf` of two shards run in two folders) are two documents, as within one run.
    private static func same(_ owner: Owner, _ key: DocumentKey) -> Bool {
        guard let a = owner.fileID, let b = key.fileID.map(FileIdentity.file)?.hashValue else { return owner.doc == key.doc.hashValue }
        return a == b
    }

    /// Writes the document's file (or files), with the incomplete-marker first and off last, so
    /// that a run killed in between leaves a document to be redone by --skip-done, never one taken
    /// for done. Returns the names of the separate files, for a format that writes several.
    private func writeFiles(_ document: AssembledDocument, as name: String) throws(UnifexError) -> [String]? {
        let marker = PathName.join(directory, OutputLayout.incompleteMarker(for: name))
        if document.status != "ok" { try AtomicFile.write(Array("\(document.status)\n".utf8), to: marker) }
        var written: [String]?
        if let files = format.separateFiles(document) {
            // One file per table: the document's name without the format's extension, then each file's suffix.
            let base = name.hasSuffix("." + format.fileExtension) ? String(name.dropLast(format.fileExtension.count + 1)) : name
            let names = files.map { base + $0.suffix }
            for (file, name) in zip(files, names) { try AtomicFile.write(file.bytes, to: PathName.join(directory, name)) }
            written = names
        } else {
            try AtomicFile.write(to: PathName.join(directory, name)) { fd throws(UnifexError) in
                try document.write { chunk throws(UnifexError) in
                    guard writeAll(fd: fd, chunk) else {
                        throw UnifexError(code: "io", message: String(cString: strerror(errno)))
                    }
                }
            }
        }
        if document.status == "ok", unlink(marker) != 0, errno != ENOENT {
            throw UnifexError(code: "io", message: "cannot remove \(marker): \(String(cString: strerror(errno)))")
        }
        return written
    }

    /// Reads the manifest lines appended since the last look (by this run or another).
    private func catchUp() {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var pending: [UInt8] = []
        var offset = readOffset
        var lineStart = readOffset
        while true {
            let n = buffer.withUnsafeMutableBytes { pread(manifest, $0.baseAddress, $0.count, offset) }
            guard n > 0 else { break }
            offset += off_t(n)
            for byte in buffer[0..<n] {
                guard byte == 0x0A else { pending.append(byte); continue }
                note(pending, at: lineStart)
                lineStart += off_t(pending.count + 1)
                pending.removeAll(keepingCapacity: true)
            }
        }
        // A line being appended by a run that does not hold the lock (an older version) is read next time.
        readOffset = lineStart
    }

    private func note(_ line: [UInt8], at offset: off_t) {
        guard let o = try? JSONValue.parse(line).objectValue, let file = o["file"]?.stringValue,
              let doc = o["doc"]?.stringValue else { return }
        owners[file.hashValue] = Owner(doc: doc.hashValue, fileID: o["file_id"]?.stringValue.map(FileIdentity.file)?.hashValue, line: offset)
    }

    /// The separate files listed on the manifest line at `offset`.
    private func previousFiles(at offset: off_t) -> [String]? {
        var line: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 14)
        var at = offset
        while line.count < 1 << 26 {
            let n = buffer.withUnsafeMutableBytes { pread(manifest, $0.baseAddress, $0.count, at) }
            guard n > 0 else { break }
            if let end = buffer[0..<n].firstIndex(of: 0x0A) { line += buffer[0..<end]; break }
            line += buffer[0..<n]
            at += off_t(n)
        }
        return (try? JSONValue.parse(line).objectValue)?["files"]?.arrayValue?.compactMap(\.stringValue)
    }

    /// Removes an output file a document no longer has: only a name inside the folder, only a
    /// regular file (a link planted there is left alone).
    private func removeOutput(_ name: String) {
        guard PathName.staysInside(name) else { return }
        let path = PathName.join(directory, name)
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        unlink(path)
    }
}
