import Foundation
import UnifexCore
@_exported import UnifexTestSupport

extension JSONObject {
    var words: [TextSpan] { self["words"]?.arrayValue?.compactMap { TextSpan($0) } ?? [] }
    var ocr: JSONObject? { self["ocr"]?.objectValue }
}

/// Words of a ground-truth text worth looking for: four or more letters.
func significantWords(_ text: String) -> Set<String> {
    Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init).filter { $0.count >= 4 })
}

/// Each true word matched to the OCR word with the same text: its box must overlap the truth.
func checkBoxes(_ found: [TextSpan], against truth: [TextSpan]) -> (matched: Int, misplaced: [String]) {
    var matched = 0, misplaced: [String] = []
    for expected in truth {
        let candidates = found.filter { $0.text == expected.text }
        guard !candidates.isEmpty else { continue }
        matched += 1
        if !candidates.contains(where: { $0.box.overlapRatio(expected.box) > 0.5 }) {
            misplaced.append("\(expected.text): \(candidates.map(\.box)) vs \(expected.box)")
        }
    }
    return (matched, misplaced)
}
