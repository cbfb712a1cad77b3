/// Flags a page where fewer than `minimumAlphanumericFraction` of the characters are letters or
/// digits in any script: unmapped glyph codes often decode to punctuation. Leader dots (a table of
/// contents' `. . . . 12`) are not counted: they are what such a page is printed with.
struct MostlySymbols: TextLayerRule {
    static let minimumAlphanumericFraction = 0.5
    var reason: String { "mostly-symbols" }
    func flags(_ layer: TextLayerFacts) -> Bool {
        Double(layer.alphanumeric) < Double(layer.characters - layer.leaders) * Self.minimumAlphanumericFraction
    }
}
