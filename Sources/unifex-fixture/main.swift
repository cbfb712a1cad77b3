// Writes a PDF or PNG with known text from a small JSON description, and prints the true
// word boxes as JSON. Used by the tests, the sample document and the benchmarks.
//
//   unifex-fixture SPEC.json OUT.pdf     SPEC: {"pages":[{"width":612,"height":792,"image":false,
//                                              "lines":[{"x":72,"y":100,"size":12,"text":"Hello",
//                                                        "style":"regular|bold|italic|mono"}],
//                                              "stamps":[...lines drawn as text even on an image page],
//                                              "rules":[{"x0":72,"y0":90,"x1":300,"y1":90,"width":0.5,"filled":false,"grey":0}],
//                                              "turn":0|1|3 (quarter turns clockwise of lines and rules)}]}
import Foundation
import UnifexCore
import UnifexFixtures

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: unifex-fixture SPEC.json|- OUT.pdf|OUT.png\n".utf8))
    exit(64)
}
Diagnostics.setTool("unifex-fixture")
let specData = arguments[1] == "-" ? FileHandle.standardInput.readDataToEndOfFile()
    : (FileManager.default.contents(atPath: arguments[1]) ?? Data())
do {
    let spec = try JSONValue.parse(Array(specData))
    let pages = (spec.objectValue?["pages"]?.arrayValue ?? []).map { value -> FixtureWriter.Page in
        let o = value.objectValue ?? JSONObject()
        func lines(_ key: String) -> [FixtureWriter.Line] {
            (o[key]?.arrayValue ?? []).map { l -> FixtureWriter.Line in
                let lo = l.objectValue ?? JSONObject()
                return FixtureWriter.Line(x: lo["x"]?.doubleValue ?? 72, y: lo["y"]?.doubleValue ?? 72,
                                          size: lo["size"]?.doubleValue ?? 12, text: lo["text"]?.stringValue ?? "",
                                          style: lo["style"]?.stringValue.flatMap(FixtureWriter.Style.init(rawValue:)) ?? .regular)
            }
        }
        var page = FixtureWriter.Page(width: o["width"]?.doubleValue ?? 612, height: o["height"]?.doubleValue ?? 792,
                                      lines: lines("lines"), asImage: o["image"]?.boolValue ?? false,
                                      imageDPI: o["dpi"]?.doubleValue ?? 300, stamps: lines("stamps"))
        page.turn = o["turn"]?.intValue ?? 0
        page.rules = (o["rules"]?.arrayValue ?? []).map { r in
            let ro = r.objectValue ?? JSONObject()
            func n(_ key: String) -> Double { ro[key]?.doubleValue ?? 0 }
            return FixtureWriter.Rule(x0: n("x0"), y0: n("y0"), x1: n("x1"), y1: n("y1"), width: ro["width"]?.doubleValue ?? 0.5,
                                      filled: ro["filled"]?.boolValue ?? false, grey: ro["grey"]?.doubleValue ?? 0)
        }
        return page
    }
    let truth = try FixtureWriter.write(pages, to: arguments[2])
    let json = JSONValue.object(JSONObject([("pages", .array(truth.map { words in
        .object(JSONObject([("words", .array(words.map { w in
            .object(JSONObject([("text", .string(w.text)), ("box", w.box.json)]))
        }))]))
    }))]))
    print(json.serialized())
} catch let error as JSONParseError {
    Diagnostics.error("invalid spec: \(error)", at: arguments[1]); exit(65)
} catch let error as UnifexError {
    Diagnostics.error(error.message); exit(74)
}
