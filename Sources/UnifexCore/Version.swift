/// The version every tool reports (`--version`, batch reports, hOCR's ocr-system).
public let unifexVersion = "0.1.0"
