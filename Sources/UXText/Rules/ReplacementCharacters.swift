/// Flags a page where more than `maximumFraction` of the characters are replacement characters
/// (U+FFFD), control characters or private-use code points: fonts without a Unicode map
/// extract as these.
struct ReplacementCharacters: TextLayerRule {
    static let maximumFraction = 0.10
    var reason: String { "replacement-characters" }
    func flags(_ layer: TextLayerFacts) -> Bool { Double(layer.bad) > Double(layer.characters) * Self.maximumFraction }
}
