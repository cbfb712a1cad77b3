public import ArgumentParser
import Foundation
import UnifexCore

public struct OCRCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "ux-ocr",
        abstract: "OCR page records with tesseract.")

    public init() {}

    public func run() throws {
        Diagnostics.error("OCR is not built yet")
        finish(.unavailable)
    }
}
