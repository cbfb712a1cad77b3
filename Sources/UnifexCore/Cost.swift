/// A cost with six decimals (`0.001200`): a page costs fractions of a cent. What is not a
/// finite non-negative amount below 9e9 prints as 0.
public func formatCost(_ cost: Double) -> String {
    let micro = (cost * 1_000_000).rounded()
    guard micro.isFinite, micro >= 0, micro < 9e15 else { return "0" }
    let units = Int(micro)
    let fraction = String(units % 1_000_000)
    return "\(units / 1_000_000)." + String(repeating: "0", count: 6 - fraction.count) + fraction
}
