public import UnifexCore

/// A horizontal or vertical line segment that may bound table cells: at `position` (y for a
/// horizontal ruling, x for a vertical one), from `start` to `end` along it.
public struct Ruling: Equatable, Sendable {
    public enum Orientation: Sendable { case horizontal, vertical }
    public var orientation: Orientation
    public var position: Double
    public var start, end: Double

    public init(_ orientation: Orientation, at position: Double, from start: Double, to end: Double) {
        self.orientation = orientation; self.position = position
        self.start = min(start, end); self.end = max(start, end)
    }

    public var length: Double { end - start }
}

/// What a page draws that can be a ruling: a stroked straight segment, or a filled rectangle.
public enum DrawnMark: Sendable {
    case stroke(x0: Double, y0: Double, x1: Double, y1: Double, width: Double)
    case fill(Box)
}

public enum RulingExtraction {
    /// A filled rectangle this thin (points) along one side is a line; a wider one is a shape
    /// (a shaded cell, a box) whose edges count as rulings.
    public static let thinRectangle = 3.0
    /// Segments shorter than this are decoration (ticks, bullets, underlines of one letter).
    static let shortest = 4.0

    /// The filled rectangles too large to be lines: shaded cells, bands, boxes.
    public static func shapes(in marks: [DrawnMark]) -> [Box] {
        marks.compactMap { mark in
            guard case let .fill(b) = mark, [b.x0, b.y0, b.x1, b.y1].allSatisfy(\.isFinite),
                  b.width > thinRectangle, b.height > thinRectangle else { return nil }
            return b
        }
    }

    /// The edges of shapes as rulings.
    public static func edges(of shapes: [Box]) -> [Ruling] {
        shapes.flatMap { b in
            [Ruling(.horizontal, at: b.y0, from: b.x0, to: b.x1), Ruling(.horizontal, at: b.y1, from: b.x0, to: b.x1),
             Ruling(.vertical, at: b.x0, from: b.y0, to: b.y1), Ruling(.vertical, at: b.x1, from: b.y0, to: b.y1)]
        }
    }

    /// The edges of areas filled in a page image, as rulings. In pixels a line that runs into a
    /// filled band (a dark header row) is one with it, so the line seen ends at the band, and the
    /// band's edge is where the cells it bounds begin. A bar too thin to be a row of cells is one
    /// ruling along its middle (two edges would make a sliver row).
    public static func outlines(of areas: [Box]) -> [Ruling] {
        areas.flatMap { b -> [Ruling] in
            guard [b.x0, b.y0, b.x1, b.y1].allSatisfy(\.isFinite) else { return [] }
            if b.height <= 2 * RuledTables.snap, b.width > b.height {
                return [Ruling(.horizontal, at: (b.y0 + b.y1) / 2, from: b.x0, to: b.x1)]
            }
            if b.width <= 2 * RuledTables.snap, b.height > b.width {
                return [Ruling(.vertical, at: (b.x0 + b.x1) / 2, from: b.y0, to: b.y1)]
            }
            return edges(of: [b])
        }
    }

    /// The rulings the marks draw (strokes and thin filled rectangles), merged where they lie on
    /// one line and overlap or almost touch.
    public static func rulings(from marks: [DrawnMark], tolerance: Double = 1.5) -> [Ruling] {
        var found: [Ruling] = []
        for mark in marks {
            switch mark {
            case let .stroke(x0, y0, x1, y1, _):
                guard [x0, y0, x1, y1].allSatisfy(\.isFinite) else { continue }
                if abs(y0 - y1) < abs(x0 - x1) {
                    found.append(Ruling(.horizontal, at: (y0 + y1) / 2, from: x0, to: x1))
                } else {
                    found.append(Ruling(.vertical, at: (x0 + x1) / 2, from: y0, to: y1))
                }
            case let .fill(b):
                guard [b.x0, b.y0, b.x1, b.y1].allSatisfy(\.isFinite) else { continue }
                if b.height <= thinRectangle && b.width > b.height {
                    found.append(Ruling(.horizontal, at: (b.y0 + b.y1) / 2, from: b.x0, to: b.x1))
                } else if b.width <= thinRectangle && b.height > b.width {
                    found.append(Ruling(.vertical, at: (b.x0 + b.x1) / 2, from: b.y0, to: b.y1))
                }
            }
        }
        return merged(found.filter { $0.length >= shortest }, tolerance: tolerance)
    }

    /// Rulings on (nearly) one line joined where they overlap or leave a gap under `tolerance`.
    public static func merged(_ rulings: [Ruling], tolerance: Double) -> [Ruling] {
        var result: [Ruling] = []
        for orientation in [Ruling.Orientation.horizontal, .vertical] {
            let sorted = rulings.filter { $0.orientation == orientation }.sorted { $0.position < $1.position }
            for line in clusters(sorted, by: \.position, within: tolerance) {
                let position = line.map(\.position).reduce(0, +) / Double(line.count)
                var pieces = line.sorted { $0.start < $1.start }
                var current = pieces.removeFirst()
                current.position = position
                for piece in pieces {
                    if piece.start <= current.end + tolerance {
                        current.end = max(current.end, piece.end)
                    } else {
                        result.append(current)
                        current = Ruling(orientation, at: position, from: piece.start, to: piece.end)
                    }
                }
                result.append(current)
            }
        }
        return result
    }
}

/// Values sorted by `key` split wherever two neighbours are more than `within` apart.
func clusters<T>(_ sorted: [T], by key: (T) -> Double, within: Double) -> [[T]] {
    var groups: [[T]] = []
    for item in sorted {
        if let last = groups.last?.last, key(item) - key(last) <= within {
            groups[groups.count - 1].append(item)
        } else {
            groups.append([item])
        }
    }
    return groups
}
