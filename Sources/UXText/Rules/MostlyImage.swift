/// Flags a page with fewer than `sparseCharacters` characters that images cover at least
/// `scanCoverage` of: a scan with a page number, stamp or header added as text, where the text
/// layer holds those few words and the image holds the page.
struct MostlyImage: TextLayerRule {
    static let sparseCharacters = 200
    static let scanCoverage = 0.8
    var reason: String { "mostly-image" }
    func flags(_ layer: TextLayerFacts) -> Bool {
        guard let coverage = layer.imageCoverage else { return false }
        return layer.characters < Self.sparseCharacters && coverage >= Self.scanCoverage
    }
}
