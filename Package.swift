// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "unifex",
    products: [
        .executable(name: "ux-split", targets: ["ux-split"]),
        .executable(name: "ux-text", targets: ["ux-text"]),
        .executable(name: "ux-ocr", targets: ["ux-ocr"]),
        .executable(name: "ux-merge", targets: ["ux-merge"]),
        .executable(name: "ux-grep", targets: ["ux-grep"]),
        .executable(name: "ux-llm", targets: ["ux-llm"]),
        .executable(name: "ux-table", targets: ["ux-table"]),
        .executable(name: "ux-layout", targets: ["ux-layout"]),
        .executable(name: "ux-draw", targets: ["ux-draw"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The HTTP client of ux-llm: many requests in flight on a few event-loop threads, deadlines per request.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
    ],
    targets: [
        // C libraries, each behind one system-library module found by pkg-config.
        // Cairo writes the fixture PDFs and PNGs (known words at known positions).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // Leptonica and tesseract share one module: tesseract's capi.h only forward-declares Pix.
        .systemLibrary(name: "CTesseract", pkgConfig: "tesseract",
                       providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]),
        // glibc's allocator controls, so page stages hand freed page buffers back to the system.
        .systemLibrary(name: "CMalloc"),
        // zlib: ux-draw's pictures compressed fast (cairo's PNG writer costs more than the drawing).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // signalfd(2): ux-merge tells an input that ended because the pipeline was interrupted.
        .systemLibrary(name: "CSignal"),

        // poppler's core text extraction (the text pdftotext prints, with word boxes from the same
        // pass), page geometry and damage reports, behind a small C interface. Needs
        // libpoppler-private-dev; poppler-glib offers only its selection text. zlib checks the
        // content streams poppler decodes without verifying them.
        .target(name: "CPopplerCore",
                cxxSettings: [.unsafeFlags(["-I/usr/include/poppler"])],
                linkerSettings: [.linkedLibrary("poppler"), .linkedLibrary("z")]),

        // Tesseract's recognised page read in one pass (its C API's result iterator costs time
        // that grows with the square of a page's words).
        .target(name: "CTesseractPage", linkerSettings: [.linkedLibrary("tesseract")]),

        // Pure Swift, what every tool shares: the record contract, JSON, NDJSON I/O, the ordered
        // pools, progress and diagnostics.
        .target(name: "UnifexCore"),
        // Documents put back together from their pages, and the output formats (one file each).
        .target(name: "UnifexDocument", dependencies: ["UnifexCore"]),
        // PDF documents through poppler's core: text layer, page geometry, metadata, rendering.
        .target(name: "UnifexPDF", dependencies: ["UnifexCore", "CPopplerCore"]),
        // Leptonica + tesseract: image pages and OCR.
        .target(name: "UnifexOCR", dependencies: ["UnifexCore", "CTesseract", "CTesseractPage"]),
        // The commands: one library each, so a tool links only the C libraries it uses
        // (tesseract alone pulls in about a hundred shared libraries at start-up).
        .target(name: "UXShared", dependencies: [
            "UnifexCore", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "UXSplit", dependencies: ["UXShared", "UnifexPDF", "UnifexOCR", "UnifexDocument"]),
        .target(name: "UXText", dependencies: ["UXShared", "UnifexPDF"]),
        .target(name: "UXOCR", dependencies: ["UXShared", "UnifexPDF", "UnifexOCR"]),
        .target(name: "UXMerge", dependencies: ["UXShared", "UnifexDocument", "CSignal"]),
        .target(name: "UXGrep", dependencies: ["UXShared"]),
        // Chat-completions requests, replies, schema checks, retries, rate limits and the answer cache.
        .target(name: "UnifexLLM", dependencies: [
            "UnifexCore", .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .target(name: "UXLLM", dependencies: ["UXShared", "UnifexLLM", "UnifexPDF", "UnifexOCR", "UnifexDocument"]),
        .executableTarget(name: "ux-split", dependencies: ["UXSplit"]),
        .executableTarget(name: "ux-text", dependencies: ["UXText"]),
        .executableTarget(name: "ux-ocr", dependencies: ["UXOCR"]),
        .executableTarget(name: "ux-merge", dependencies: ["UXMerge"]),
        .executableTarget(name: "ux-grep", dependencies: ["UXGrep"]),
        .executableTarget(name: "ux-llm", dependencies: ["UXLLM"]),
        .executableTarget(name: "ux-table", dependencies: ["UXTable"]),
        .executableTarget(name: "ux-layout", dependencies: ["UXLayout"]),
        // Writes PDFs with known text at known positions with cairo (tests, the sample document, benchmarks).
        .target(name: "UnifexFixtures", dependencies: ["UnifexCore", "CCairo"]),
        .executableTarget(name: "unifex-fixture", dependencies: ["UnifexFixtures"]),
        // Document structure from lines, fonts and tables: pure geometry and typography, no C.
        .target(name: "UnifexLayout", dependencies: ["UnifexCore"]),
        .target(name: "UXLayout", dependencies: ["UXShared", "UnifexLayout"]),
        // Tables from words and ruling lines: pure geometry, no C.
        .target(name: "UnifexTable", dependencies: ["UnifexCore"]),
        .target(name: "UXTable", dependencies: ["UXShared", "UnifexPDF", "UnifexOCR", "UnifexTable"]),
        // Pictures of pages with what the records hold drawn over them, and a batch as a page to browse.
        .target(name: "UnifexDraw", dependencies: ["UnifexCore", "CCairo", "CZlib"]),
        .target(name: "UXDraw", dependencies: ["UXShared", "UnifexDraw", "UnifexPDF", "UnifexOCR", "UnifexDocument"]),
        .executableTarget(name: "ux-draw", dependencies: ["UXDraw"]),

        .testTarget(name: "UnifexCoreTests", dependencies: ["UnifexCore", "UnifexTestSupport"]),
        .testTarget(name: "UnifexDocumentTests", dependencies: ["UnifexDocument", "UXMerge", "UXGrep"]),
        .testTarget(name: "UXSharedTests", dependencies: ["UXShared", "UnifexTestSupport"]),
        .testTarget(name: "UXSplitTests", dependencies: ["UXSplit"]),
        .testTarget(name: "UXTextTests", dependencies: ["UXText"]),
        .testTarget(name: "UXGrepTests", dependencies: ["UXGrep"]),
        .testTarget(name: "UnifexLayoutTests", dependencies: ["UnifexLayout", "UnifexCore"]),
        .testTarget(name: "UnifexTableTests", dependencies: [
            "UnifexCore", "UnifexTable", "UnifexTestSupport", "UnifexDocument", "UnifexFixtures",
            "ux-split", "ux-text", "ux-ocr", "ux-table", "ux-merge",
        ]),
        // Runs the built tools in tests and writes fixture PDFs.
        .target(name: "UnifexTestSupport", dependencies: ["UnifexCore"], path: "Tests/UnifexTestSupport"),
        .testTarget(name: "UnifexOCRTests", dependencies: [
            "UnifexCore", "UnifexTestSupport", "UnifexOCR", "UnifexPDF", "ux-split", "ux-text", "ux-ocr", "ux-merge", "unifex-fixture",
        ]),
        .testTarget(name: "UnifexEndToEndTests", dependencies: [
            "UnifexCore", "UnifexTestSupport", "UnifexPDF", "UnifexDocument",
            "ux-split", "ux-text", "ux-ocr", "ux-merge", "ux-grep", "ux-layout", "ux-table", "unifex-fixture",
            "ux-draw", "UnifexDraw",
        ]),
        // Against llama.cpp's llama-server on loopback, and a scripted server that plays faults.
        .testTarget(name: "UnifexLLMTests", dependencies: [
            "UnifexCore", "UnifexLLM", "UnifexTestSupport", "ux-llm", "ux-split", "ux-text", "ux-merge", "ux-layout", "unifex-fixture",
        ]),
    ],
    cxxLanguageStandard: .cxx17
)

for target in package.targets where target.type != .system && !["CPopplerCore", "CTesseractPage"].contains(target.name) {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
