import Foundation
import Testing
import UnifexCore
import UnifexTestSupport

/// README's vector-store recipes, run exactly as written there, end to end: PDFs to chunks, their
/// embeddings from llama-server serving all-MiniLM-L6-v2, a real vector store (SQLite with
/// sqlite-vec; PostgreSQL with pgvector on a private socket, started and stopped by the recipe),
/// and a question answered with the nearest chunks and their pages.
@Suite(.serialized, .enabled(if: RealEmbeddingServer.enabled, Comment(rawValue: RealEmbeddingServer.skipReason)))
struct VectorStoreRecipesTests {
    enum Recipe {
        static let sqlite = """
            ux-split pdfs/*.pdf | ux-text | ux-layout | ux-merge --format chunks --chunk-tokens 256 |
              ux-llm --embed --base-url "$EMBED_URL" --model all-MiniLM-L6-v2 --batch 32 > chunks.jsonl
            python3 examples/vectors/store.py index.db load < chunks.jsonl
            python3 examples/vectors/store.py question 'How many eggs does the queen lay?' |
              ux-llm --embed --base-url "$EMBED_URL" --model all-MiniLM-L6-v2 | python3 examples/vectors/store.py index.db search 5
            """
        static let postgres = """
            url=$(examples/vectors/pg-server start pg)
            python3 examples/vectors/store.py "$url" load < chunks.jsonl
            python3 examples/vectors/store.py question 'How many eggs does the queen lay?' |
              ux-llm --embed --base-url "$EMBED_URL" --model all-MiniLM-L6-v2 | python3 examples/vectors/store.py "$url" search 5
            examples/vectors/pg-server stop pg
            """
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Three documents of two pages on three subjects, each page a section long enough to be a
    /// chunk of its own; the answer is on page 2 of bees.pdf.
    static let documents: [(String, [(heading: String, text: String)])] = [
        ("trams", [
            ("Lisbon trams", """
                The yellow trams of Lisbon climb the steep hills of the old town, where buses cannot turn. \
                Their wooden cars were built in the nineteen thirties and still run on narrow tracks laid \
                along cobbled streets. Drivers work the brakes by hand on the steepest descents, and the \
                bells warn people walking in the lanes. The city keeps the old cars because no modern \
                vehicle fits the tight curves between the houses of Alfama and Graça. Every car is \
                repainted and repaired in the workshop at Santo Amaro, which also keeps spare parts.
                """),
            ("Tram 28", """
                Tram 28 runs from Martim Moniz to Campo de Ourique through Alfama, Baixa and Estrela. \
                The whole journey takes about forty minutes when the streets are clear of parked cars. \
                In the summer it is crowded with visitors, and local people prefer to walk or wait for \
                the next one. Pickpockets are common on the busiest stretch near the cathedral. A day \
                ticket covers the tram, the metro and the funiculars, and it is cheaper than paying each \
                ride on board. The line stops running a little before midnight.
                """),
        ]),
        ("bees", [
            ("Honey bees", """
                Worker bees collect nectar and pollen from flowers to make honey and to feed the young. \
                A strong colony may hold fifty thousand workers in the middle of the summer. Foragers \
                tell each other where flowers are with a waggle dance on the comb, whose angle points to \
                the sun. Honey is nectar that the bees have dried by fanning their wings until it keeps \
                through the winter. Beekeepers take only the surplus and leave enough stores for the \
                colony to live on until the first flowers of spring.
                """),
            ("The queen", """
                The queen bee lays up to two thousand eggs a day in spring, more than her own weight. \
                She mates only once, early in her life, on a few flights away from the hive, and stores \
                the sperm for the rest of her years. Fertilised eggs become workers or new queens, and \
                unfertilised eggs become drones. A queen may live for four or five years, while a worker \
                lives only a few weeks in summer. When she fails, the workers raise a new queen by feeding \
                a young larva on royal jelly alone.
                """),
        ]),
        ("taxes", [
            ("Filing taxes", """
                Income tax returns must be filed by the end of April each year for the year before. \
                Forms are sent to every household in March, and they can also be filled in online with \
                a personal code. Salaries are reported by employers, so most people only check the \
                figures and add what was paid for childcare, donations or the cost of travelling to \
                work. Couples may file together or apart, whichever costs them less. A return that is \
                complete is usually assessed within three months.
                """),
            ("Late payment", """
                Late payment of tax is charged interest every month until the whole debt is paid. \
                Penalties grow with the length of the delay and with the amount that is owed. The office \
                may agree to a plan of monthly instalments for people who cannot pay everything at once, \
                but interest still runs on what remains. Letters about arrears must be answered within \
                thirty days, or the debt may be collected from wages or bank accounts without further \
                notice.
                """),
        ]),
    ]

    /// Words wrapped into lines of at most 80 characters.
    static func wrapped(_ text: String) -> [String] {
        var lines: [String] = [], line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty, line.count + word.count + 1 > 80 { lines.append(line); line = "" }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? lines : lines + [line]
    }

    /// A folder with `pdfs/`, the repository's `examples/`, and the environment the recipes expect:
    /// the venv's python3 first on PATH, EMBED_URL set.
    static func folder() throws -> (URL, [String: String]) {
        let base = try #require(RealEmbeddingServer.baseURL, "the embeddings server could not be started (CI)")
        let venv = try #require(RealEmbeddingServer.venv, "the vector stores' venv could not be made (CI)")
        let dir = try Tools.scratch()
        let specs = dir.appendingPathComponent("specs"), pdfs = dir.appendingPathComponent("pdfs")
        try FileManager.default.createDirectory(at: specs, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: pdfs, withIntermediateDirectories: true)
        for (name, pages) in documents {
            let spec = pages.map { page in
                let heading = #"{"x":72,"y":90,"size":20,"text":\#(JSONValue.string(page.heading).serialized())}"#
                let body = Self.wrapped(page.text).enumerated().map { i, text in
                    #"{"x":72,"y":\#(130 + 16 * i),"size":11,"text":\#(JSONValue.string(text).serialized())}"#
                }
                return #"{"width":612,"height":792,"lines":[\#(([heading] + body).joined(separator: ","))]}"#
            }
            let fixture = try Fixture.make(#"{"pages":[\#(spec.joined(separator: ","))]}"#, name: name + ".pdf", in: specs)
            try FileManager.default.moveItem(at: fixture.pdf, to: pdfs.appendingPathComponent(name + ".pdf"))
        }
        try FileManager.default.createSymbolicLink(at: dir.appendingPathComponent("examples"),
                                                   withDestinationURL: repository.appendingPathComponent("examples"))
        let path = venv.path + ":" + Tools.binDirectory.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        return (dir, ["PATH": path, "EMBED_URL": base])
    }

    /// The hits a search printed, nearest first.
    static func hits(_ output: String) throws -> [JSONObject] {
        try output.split(separator: "\n").map { try #require(JSONValue.parse(String($0)).objectValue) }
    }

    /// The nearest chunk answers the question: bees.pdf, page 2; five hits, nearest first.
    static func expectAnswered(_ hits: [JSONObject]) {
        #expect(hits.count == 5)
        #expect(Set(hits.compactMap { $0["doc"]?.stringValue }).count >= 2)
        #expect(hits.first?["doc"]?.stringValue == "pdfs/bees.pdf")
        #expect(hits.first?["pages"] == .array([.int(2), .int(2)]))
        #expect(hits.first?["text"]?.stringValue?.contains("two thousand eggs") == true)
        let distances = hits.compactMap { $0["distance"]?.doubleValue }
        #expect(distances == distances.sorted() && distances.count == 5)
    }

    @Test func readmeShowsEveryRecipeAsTested() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("README.md"), encoding: .utf8)
        for recipe in [Recipe.sqlite, Recipe.postgres] {
            #expect(readme.contains(recipe), "README.md lacks the recipe:\n\(recipe)")
        }
    }

    @Test func sqliteVecAnswersWithTheNearestChunksAndTheirPages() throws {
        let (dir, environment) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try Tools.shell(Recipe.sqlite, in: dir, environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        // Every chunk was embedded by the sentence model (384 dimensions) and loaded.
        let chunks = try String(contentsOf: dir.appendingPathComponent("chunks.jsonl"), encoding: .utf8)
            .split(separator: "\n").compactMap { try JSONValue.parse(String($0)).objectValue }
        #expect(chunks.count >= 6)
        #expect(chunks.allSatisfy { $0["embedding"]?.objectValue?["dim"]?.intValue == 384 })
        #expect(result.stderr.contains("store.py: loaded \(chunks.count) chunks"), "\(result.stderr)")
        Self.expectAnswered(try Self.hits(result.text))
    }

    @Test func pgvectorOnAPrivateSocketAnswersTheSameAndStops() throws {
        let (dir, environment) = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The chunks of the first recipe, then the PostgreSQL one.
        let first = Recipe.sqlite.split(separator: "\n").prefix(2).joined(separator: "\n")
        let result = try Tools.shell(first + "\n" + Recipe.postgres, in: dir, environment: environment, timeout: 600)
        #expect(result.status == 0, "\(result.stderr)")
        Self.expectAnswered(try Self.hits(result.text))
        // It listened on its socket in pg/ only, and is stopped: no server left, no socket.
        let log = (try? String(contentsOf: dir.appendingPathComponent("pg/server.log"), encoding: .utf8)) ?? ""
        #expect(log.contains("listening on Unix socket"), "\(log)")
        #expect(!log.contains("listening on IPv4"))
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("pg").path)
        #expect(!left.contains(".s.PGSQL.5432"), "\(left)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("pg/data/postmaster.pid").path))
    }
}
