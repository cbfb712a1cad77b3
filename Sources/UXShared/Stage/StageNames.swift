
/// The stage names written into records' `error.stage` and `timings`, one per tool.
///
/// They are part of the record contract (README, "Records"): a later tool reads them to tell whose
/// failure a record carries, and the batch report sums timings by them.
public enum StageName {
    public static let split = "split"
    public static let text = "text"
    public static let ocr = "ocr"
    public static let table = "table"
    public static let layout = "layout"
    public static let merge = "merge"
    public static let llm = "llm"
    public static let draw = "draw"
}
