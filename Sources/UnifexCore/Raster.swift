/// Pixels handed over from a renderer: 8-bit grey (1 channel) or RGB (3 channels), rows top to
/// bottom, `bytesPerRow` apart.
public struct Raster: Sendable {
    public var width: Int
    public var height: Int
    public var channels: Int
    public var bytesPerRow: Int
    public var pixels: [UInt8]

    public init(width: Int, height: Int, channels: Int, bytesPerRow: Int? = nil, pixels: [UInt8]) {
        self.width = width; self.height = height; self.channels = channels
        self.bytesPerRow = bytesPerRow ?? width * channels
        self.pixels = pixels
    }
}
