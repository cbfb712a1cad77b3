public import UnifexCore

/// Tokens spent, as the server counted them (or estimated when it did not say).
public struct Usage: Sendable, Equatable {
    public var promptTokens: Int
    public var completionTokens: Int
    /// True when some reply carried no usage and its tokens were estimated from its length.
    public var estimated: Bool

    public init(promptTokens: Int = 0, completionTokens: Int = 0, estimated: Bool = false) {
        self.promptTokens = promptTokens; self.completionTokens = completionTokens; self.estimated = estimated
    }

    public static func + (a: Usage, b: Usage) -> Usage {
        Usage(promptTokens: a.promptTokens + b.promptTokens, completionTokens: a.completionTokens + b.completionTokens,
              estimated: a.estimated || b.estimated)
    }

    /// `{"prompt_tokens": …, "completion_tokens": …}`, plus `estimated` and `cost` when there are such.
    public func json(prices: Prices?) -> JSONValue {
        var pairs: [(key: String, value: JSONValue)] = [
            ("prompt_tokens", .int(promptTokens)), ("completion_tokens", .int(completionTokens)),
        ]
        if estimated { pairs.append(("estimated", .bool(true))) }
        if let prices { pairs.append(("cost", .number(prices.costText(self)))) }
        return .object(JSONObject(pairs))
    }

    public init?(json: JSONValue?) {
        guard let o = json?.objectValue, let p = o["prompt_tokens"]?.intValue, let c = o["completion_tokens"]?.intValue,
              p >= 0, c >= 0 else { return nil }
        self.init(promptTokens: p, completionTokens: c, estimated: o["estimated"]?.boolValue ?? false)
    }
}

/// Prices per million tokens (`--price-in`, `--price-out`), in whatever currency the user pays.
public struct Prices: Sendable {
    public var perMillionIn: Double
    public var perMillionOut: Double

    public init(perMillionIn: Double, perMillionOut: Double) {
        self.perMillionIn = perMillionIn; self.perMillionOut = perMillionOut
    }

    public func cost(_ usage: Usage) -> Double {
        (Double(usage.promptTokens) * perMillionIn + Double(usage.completionTokens) * perMillionOut) / 1_000_000
    }

    /// The cost with six decimals.
    public func costText(_ usage: Usage) -> String { formatCost(cost(usage)) }
}
