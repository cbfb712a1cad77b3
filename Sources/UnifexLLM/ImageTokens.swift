/// What a page image costs in prompt tokens, as OpenAI counts them for its vision models at high
/// detail: the image is fitted within 2048×2048, then scaled so its shorter side is at most 768,
/// and each 512-pixel tile costs 170 tokens on top of a base of 85. Other providers count
/// differently; this is the estimate dry runs and the text-instead-of-image saving are given in.
public enum ImageTokens {
    public static func estimate(width: Double, height: Double) -> Int {
        guard width.isFinite, height.isFinite, width > 0, height > 0 else { return 85 }
        var w = width, h = height
        let fit = min(1, 2048 / max(w, h))
        w *= fit; h *= fit
        let short = min(1, 768 / min(w, h))
        w *= short; h *= short
        let tiles = (w / 512).rounded(.up) * (h / 512).rounded(.up)
        return 85 + 170 * Int(min(tiles, 1e6))
    }
}
