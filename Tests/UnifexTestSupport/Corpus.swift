import Foundation
public import Testing

extension Tools {
    /// True when the shared corpus is where `corpus` points (its manifest is there). When it is
    /// not, the first look says so on stderr, once for the whole run, with how to point at one.
    public static let corpusPresent: Bool = {
        let present = FileManager.default.fileExists(atPath: corpus.appendingPathComponent("MANIFEST.tsv").path)
        if !present { FileHandle.standardError.write(Data("unifex tests: \(corpusMissing)\n".utf8)) }
        return present
    }()

    /// Under CI a missing corpus is a broken checkout, not a reason to skip.
    public static let underCI = ["true", "1", "yes"].contains(ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? "")

    static var corpusMissing: String {
        "no corpus at \(corpus.path): the tests that read real-world files are skipped; "
            + "set UNIFEX_CORPUS=/path/to/corpus (a folder with MANIFEST.tsv) to run them"
    }
}

extension Trait where Self == ConditionTrait {
    /// For a suite or test that reads the shared corpus: skipped with the reason (and how to point
    /// UNIFEX_CORPUS at a corpus) in a clone without one; run, and so failed, under CI.
    public static var needsCorpus: Self {
        .enabled(if: Tools.corpusPresent || Tools.underCI, "needs the corpus (UNIFEX_CORPUS)")
    }
}
