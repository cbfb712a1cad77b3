/// The one way a number read from input (a record field, a PDF's geometry, an option) becomes an
/// integer. `Int(someDouble)` traps on NaN, infinity and anything beyond Int's range, and a
/// record can carry `1e400` or a box 1e20 points wide; this never traps.
extension Int {
    /// `value` rounded by `rule` and held to Int's range: NaN becomes 0, infinities and values
    /// too large in size become `Int.max` or `Int.min`.
    public init(saturating value: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        let rounded = value.rounded(rule)
        // 2^63 is exactly representable as a Double, Int.max is not.
        let limit = 9_223_372_036_854_775_808.0
        if rounded.isNaN {
            self = 0
        } else if rounded >= limit {
            self = .max
        } else if rounded < -limit {
            self = .min
        } else {
            self = Int(rounded)
        }
    }
}
