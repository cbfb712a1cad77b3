public import UnifexCore

/// Decides whether a page's PDF text layer is good enough to use instead of OCR: the first of
/// `rules` that flags it gives the reason it is not (README, "Text-layer quality").
public struct TextLayerQuality: Equatable, Sendable {
    /// The rules in the order they are tried; each is a type in its own file under Rules/.
    static let rules: [any TextLayerRule] = [
        MissingFontData(), TooFewCharacters(), ReplacementCharacters(), MostlySymbols(), GarbledWords(), MostlyImage(),
    ]

    /// Non-space characters in the text layer.
    public var characters: Int
    public var usable: Bool
    /// Why the layer is not usable; nil when it is.
    public var reason: String?
    /// The share of the page that images cover, when it was measured.
    public var imageCoverage: Double?

    /// True when the verdict depends on how much of the page images cover: a usable layer this
    /// sparse could be a stamp on a scan. Measuring costs a pass over the page, so only then.
    public var wantsImageCoverage: Bool { usable && imageCoverage == nil && characters < MostlyImage.sparseCharacters }

    /// `missingFontData`: the PDF library could not read some of the page's fonts for want of its
    /// own encoding data, so their text is not in `text`.
    public init(text: String, imageCoverage: Double? = nil, missingFontData: Bool = false) {
        let facts = TextLayerFacts(text: text, imageCoverage: imageCoverage, missingFontData: missingFontData)
        characters = facts.characters
        reason = Self.rules.first { $0.flags(facts) }?.reason
        usable = reason == nil
        self.imageCoverage = imageCoverage
    }

    public var json: JSONValue {
        var o = JSONObject([("chars", .int(characters)), ("usable", .bool(usable))])
        if let reason { o["reason"] = .string(reason) }
        if let imageCoverage { o["image_coverage"] = .double((imageCoverage * 100).rounded() / 100) }
        return .object(o)
    }
}
