import UnifexCore

/// Flags a page whose fonts the PDF library could not read for want of its own encoding data
/// (CJK CMaps, poppler-data): their text is missing from the layer, however much else it holds.
struct MissingFontData: TextLayerRule {
    var reason: String { TextLayerReason.missingFontData }
    func flags(_ layer: TextLayerFacts) -> Bool { layer.missingFontData }
}
