import Foundation
import Testing
@testable import UnifexCore

@Suite struct JSONTests {
    @Test func roundTripKeepsKeyOrderAndNumberText() throws {
        let text = #"{"z":1,"a":[1.50,-2e3,true,false,null],"m":{"k":"v"},"n":0.1}"#
        let value = try JSONValue.parse(text)
        #expect(value.serialized() == text)
    }

    @Test func escapesAndUnicode() throws {
        let value = try JSONValue.parse(#"{"s":"a\"b\\c\n\t\u00e9\ud83d\ude00\/"}"#)
        #expect(value.objectValue?["s"]?.stringValue == "a\"b\\c\n\té😀/")
        let again = try JSONValue.parse(value.serialized())
        #expect(again == value)
        #expect(JSONValue.string("\u{1}").serialized() == #""\u0001""#)
    }

    @Test(arguments: [
        "", "{", #"{"a":}"#, #"{"a":1,}"#, "[1 2]", #"{"a":"\x"}"#, "tru", "01x", #"{"a":1} x"#,
        #""\ud800""#, "{\"a\":\"\n\"}",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONValue.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONValue.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(deep) }
    }

    @Test func numberFormatting() {
        #expect(JSONValue.double(12).serialized() == "12")
        #expect(JSONValue.double(3.14159).serialized() == "3.14")
        #expect(JSONValue.double(-0.004).serialized() == "0")
        #expect(JSONValue.double(-1.05).serialized() == "-1.05")
        #expect(JSONValue.double(2.5).serialized() == "2.5")
        #expect(JSONValue.double(.nan).serialized() == "0")
    }

    /// Every number written is its value rounded to hundredths, read back exactly, in the shortest
    /// spelling: no trailing zeros, no "-0", no lone point.
    @Test func numberFormattingIsTheRoundedValueInShortestForm() {
        var values: [Double] = []
        for i in stride(from: -200_000, through: 200_000, by: 37) { values.append(Double(i) / 1000) }
        // Up to where hundredths still fit an Int's exact range in a Double (9e15).
        for exponent in 0...12 {
            let scale = pow(10, Double(exponent))
            values += [scale, -scale, scale + 0.005, scale * 1.2345, -scale * 9.8765, scale - 0.01]
        }
        values += [0.005, -0.005, 0.015, 0.125, -0.125, 0.994, 0.995, 0.999, -0.0001, 1e-300, 89_999_999_999_999.99]
        for value in values {
            let text = formatNumber(value)
            let hundredths = (value * 100).rounded()
            #expect(Double(text) == hundredths / 100, "\(value) written \(text)")
            #expect(text.wholeMatch(of: /-?(0|[1-9][0-9]*)(\.[0-9]?[1-9])?/) != nil, "\(value) written \(text)")
            #expect(!text.hasPrefix("-") || hundredths < 0, "\(value) written \(text)")
        }
        // Beyond it, as Swift writes the value.
        #expect(formatNumber(1e14) == String(1e14))
    }

    @Test func objectSubscriptReplacesInPlaceAndRemoves() {
        var o = JSONObject([("a", .int(1)), ("b", .int(2))])
        o["a"] = .int(3)
        o["c"] = .int(4)
        o["b"] = nil
        #expect(JSONValue.object(o).serialized() == #"{"a":3,"c":4}"#)
    }
}

@Suite struct PageRecordTests {
    @Test func unknownFieldsSurviveInOrder() throws {
        let line = #"{"v":1,"doc":"a.pdf","page":2,"x-custom":{"b":[1,2]},"status":"ok","zz":"keep"}"#
        var record = try PageRecord.decode(Array(line.utf8))
        record["text"] = .string("hi")
        #expect(record.serialized() == #"{"v":1,"doc":"a.pdf","page":2,"x-custom":{"b":[1,2]},"status":"ok","zz":"keep","text":"hi"}"#)
    }

    @Test func decodeRequiresAnObjectWithDoc() {
        #expect(throws: RecordError.self) { try PageRecord.decode(Array("[1]".utf8)) }
        #expect(throws: RecordError.self) { try PageRecord.decode(Array(#"{"page":1}"#.utf8)) }
        #expect(throws: RecordError.self) { try PageRecord.decode(Array("{oops".utf8)) }
    }

    @Test func badInputRecordKeepsTheLine() {
        let error = RecordError(stage: "input", code: "bad-record", message: "invalid JSON")
        let record = PageRecord.badInput(line: 7, raw: Array("not json".utf8), error: error, stage: "text")
        #expect(record.status == .error)
        #expect(record["raw"]?.stringValue == "not json")
        #expect(record["input_line"]?.intValue == 7)
        #expect(record.error?.stage == "text")
        #expect(record.location == "stdin:7")
    }

    @Test func failSetsStatusAndError() {
        var record = PageRecord(doc: "a.pdf", source: "pdf", page: 1, pageCount: 1, selected: 1)
        record.fail(.timeout, RecordError(stage: "text", code: "timeout", message: "slow"))
        #expect(record.status == .timeout)
        #expect(record.error == RecordError(stage: "text", code: "timeout", message: "slow"))
        record.addWarnings(["w1"]); record.addWarnings(["w2"])
        #expect(record.warnings == ["w1", "w2"])
    }
}

@Suite struct SkippingParseTests {
    @Test func skippedKeysAreLeftOutAndTheRestKept() throws {
        let text = #"{"doc":"a","words":[{"text":"x]\"}","box":[1,2,3,4]}],"text":"hi","lines":{"a":[[]]},"n":1}"#
        let value = try JSONValue.parse(Array(text.utf8), skippingTopLevelKeys: ["words", "lines"])
        #expect(value.serialized() == #"{"doc":"a","text":"hi","n":1}"#)
    }

    @Test func malformedSkippedValuesAreStillErrors() {
        #expect(throws: JSONParseError.self) {
            try JSONValue.parse(Array(#"{"words":[1,2}"#.utf8), skippingTopLevelKeys: ["words"])
        }
        #expect(throws: JSONParseError.self) {
            try JSONValue.parse(Array(#"{"words":"open"#.utf8), skippingTopLevelKeys: ["words"])
        }
    }

    /// A skipped value is checked as strictly as a parsed one: a line is malformed or not
    /// whichever of its fields a tool reads.
    @Test func aSkippedValueIsRefusedWhereverAParsedOneIs() {
        let values = [#"[NaN]"#, #"[1,2,]"#, #"[{"a" 1}]"#, #"[{"a":1,}]"#, #"{"box":[1e]}"#, #"["\ud800"]"#,
                      #"["bad \q escape"]"#, #"[-]"#, #"[01x]"#, #"[tru]"#, #"{1:2}"#, #"[[1]"#, #"["ok \u00e9", 1.5e-3, null, true]"#,
                      String(repeating: "[", count: 600) + String(repeating: "]", count: 600)]
        for value in values {
            let line = #"{"doc":"a","words":"# + value + "}"
            let parsed = Result { () throws(JSONParseError) in try JSONValue.parse(Array(line.utf8)) }
            let skipped = Result { () throws(JSONParseError) in try JSONValue.parse(Array(line.utf8), skippingTopLevelKeys: ["words"]) }
            #expect((try? parsed.get()) == nil ? (try? skipped.get()) == nil : (try? skipped.get()) != nil, "\(value)")
        }
        // Invalid UTF-8 in a skipped string.
        let bytes = Array(#"{"words":[""#.utf8) + [0xC3, 0x28] + Array(#""]}"#.utf8)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(bytes, skippingTopLevelKeys: ["words"]) }
    }
}
