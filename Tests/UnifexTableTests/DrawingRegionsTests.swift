import Testing
@testable import UnifexTable
import UnifexCore

/// Pictures drawn with lines and curves, from the boxes of their pieces.
@Suite struct DrawingRegionsTests {
    static let page = Box(x0: 0, y0: 0, x1: 612, y1: 792)

    /// Small boxes along a straight line, as the page reader gives a slanted stroke.
    static func along(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> [Box] {
        let steps = Int((max(abs(x1 - x0), abs(y1 - y0)) / 6).rounded(.up))
        return (0..<steps).map { i in
            let a = Double(i) / Double(steps), b = Double(i + 1) / Double(steps)
            let (ax, ay, bx, by) = (x0 + a * (x1 - x0), y0 + a * (y1 - y0), x0 + b * (x1 - x0), y0 + b * (y1 - y0))
            return Box(x0: min(ax, bx), y0: min(ay, by), x1: max(ax, bx), y1: max(ay, by))
        }
    }

    @Test func aLineChartIsOneDrawingWithItsAxes() {
        let line = Self.along(100, 300, 160, 200) + Self.along(160, 200, 220, 260) + Self.along(220, 260, 300, 150)
        let axes = [Box(x0: 90, y0: 320, x1: 310, y1: 321), Box(x0: 90, y0: 140, x1: 91, y1: 321)]
        let regions = DrawingRegions.regions(shapes: line, rules: axes, page: Self.page)
        #expect(regions.count == 1)
        #expect(regions.first.map { $0.x0 <= 91 && $0.y1 >= 320 && $0.x1 >= 300 && $0.y0 <= 150 } == true, "\(regions)")
    }

    @Test func aRoundedFrameAroundTextIsNoDrawing() {
        // Four rounded corners joined by straight sides: its middle is empty.
        let corners = [Box(x0: 72, y0: 100, x1: 80, y1: 108), Box(x0: 532, y0: 100, x1: 540, y1: 108),
                       Box(x0: 72, y0: 292, x1: 80, y1: 300), Box(x0: 532, y0: 292, x1: 540, y1: 300)]
        let sides = [Box(x0: 80, y0: 100, x1: 532, y1: 101), Box(x0: 80, y0: 299, x1: 532, y1: 300),
                     Box(x0: 72, y0: 108, x1: 73, y1: 292), Box(x0: 539, y0: 108, x1: 540, y1: 292)]
        #expect(DrawingRegions.regions(shapes: corners, rules: sides, page: Self.page).isEmpty)
    }

    @Test func aRuleAcrossThePageBesideALogoIsNotTakenIn() {
        // A round logo 30 points wide, a rule across the page touching its foot.
        let logo = Self.along(72, 60, 87, 45) + Self.along(87, 45, 102, 60) + Self.along(102, 60, 87, 75) + Self.along(87, 75, 72, 60)
        let rule = Box(x0: 72, y0: 75, x1: 540, y1: 76)
        let regions = DrawingRegions.regions(shapes: logo, rules: [rule], page: Self.page)
        #expect(regions.count == 1)
        #expect((regions.first?.x1 ?? 999) < 120, "\(regions)")
    }

    @Test func hostileBoxesGiveNoDrawingAndNoTrap() {
        let bad = [Box(x0: .nan, y0: 0, x1: 10, y1: 10), Box(x0: -1e300, y0: -1e300, x1: 1e300, y1: 1e300),
                   Box(x0: 10, y0: 10, x1: 5, y1: 5), Box(x0: 700, y0: 900, x1: 800, y1: 1000)]
        #expect(DrawingRegions.regions(shapes: bad, rules: bad, page: Self.page).isEmpty)
        #expect(DrawingRegions.regions(shapes: Self.along(0, 0, 100, 100), rules: [], page: Box(x0: 0, y0: 0, x1: .infinity, y1: 10)).isEmpty)
    }

    @Test func barsDrawnWithRectanglesAloneAreADrawingWhereThreeOrMoreStandTogether() {
        let bars = (0..<6).map { i in Box(x0: 100 + Double(i) * 30, y0: 200 + Double(i % 3) * 25, x1: 120 + Double(i) * 30, y1: 300) }
        let axis = [Box(x0: 95, y0: 300, x1: 280, y1: 301)]
        let regions = DrawingRegions.regions(shapes: [], rules: axis, bars: bars, page: Self.page)
        #expect(regions.count == 1)
        #expect(regions.first.map { $0.x0 <= 100 && $0.x1 >= 270 && $0.y1 >= 300 } == true, "\(regions)")
        // Two filled boxes are no chart (a band, a swatch).
        #expect(DrawingRegions.regions(shapes: [], rules: [], bars: Array(bars.prefix(2)), page: Self.page).isEmpty)
    }
}
