extension PageRecord {
    /// "path" or "path:page N" for messages about this record.
    public var location: String {
        guard let doc else { return object["input_line"]?.intValue.map { "stdin:\($0)" } ?? "stdin" }
        return page.map { "\(doc): page \($0)" } ?? doc
    }

    /// Seconds a stage spent on this record, kept in `timings` for the batch report.
    public mutating func addTiming(_ stage: String, _ seconds: Double) {
        var timings = object["timings"]?.objectValue ?? JSONObject()
        timings[stage] = .number(formatSeconds(seconds))
        object["timings"] = .object(timings)
    }
}
