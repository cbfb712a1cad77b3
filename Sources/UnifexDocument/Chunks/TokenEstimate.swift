/// How many tokens a text is, estimated: no tokenizer a model would use can be had in Swift
/// without its vocabulary, so chunks are measured by a rule fitted to a byte-pair tokenizer of
/// ~50,000 entries (SmolLM2's, the model `scripts/llm-server` runs) on the documents of
/// bench/retrieval. A run of Latin letters is a token per four letters begun (common words are
/// one token, long and rare ones two or three); digits go two to a token; a letter of another
/// script is one (Greek, Cyrillic, Hebrew, Arabic), or two when UTF-8 takes three bytes for it (CJK,
/// Hangul, Thai), as such vocabularies break those words into bytes; every other visible character is one (punctuation, Markdown marks, table pipes). Spaces
/// cost nothing: they ride with the word after. The count of a text is never more than the sum of
/// the counts of its parts, so chunks put together within a budget stay within it.
public enum TokenEstimate {
    /// The name chunk records give in `tokenizer`.
    public static let name = "unifex-estimate-1"
    /// The most one character counts.
    static let mostPerCharacter = 2

    public static func count(_ text: some StringProtocol) -> Int {
        var tokens = 0, letters = 0, digits = 0
        func endRuns() {
            tokens += (letters + 3) / 4 + (digits + 1) / 2
            letters = 0; digits = 0
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || (v >= 0xC0 && v <= 0x24F && v != 0xD7 && v != 0xF7) {
                if digits > 0 { endRuns() }
                letters += 1
            } else if v >= 0x30 && v <= 0x39 {
                if letters > 0 { endRuns() }
                digits += 1
            } else {
                endRuns()
                let properties = scalar.properties
                if properties.isWhitespace || (0x300...0x36F).contains(v) { continue }
                tokens += properties.isAlphabetic && v >= 0x800 ? mostPerCharacter : 1
            }
        }
        endRuns()
        return tokens
    }
}
