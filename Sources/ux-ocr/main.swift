import Foundation
import UXOCR

// libgomp reads OMP_THREAD_LIMIT once, when libtesseract is loaded, before this code runs.
// Tesseract's OpenMP threads on top of our own workers make OCR 4-5x slower, so the variable is
// set and the process re-executed once; a value the user set is left alone.
if getenv("OMP_THREAD_LIMIT") == nil {
    setenv("OMP_THREAD_LIMIT", "1", 1)
    // The resolved path rather than /proc/self/exe itself, so ps and top still say ux-ocr.
    var path = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    if readlink("/proc/self/exe", &path, Int(PATH_MAX)) > 0 { execv(path, CommandLine.unsafeArgv) }
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    // exec failed: carry on, slower but correct.
}

OCRCommand.runAsTool(name: "ux-ocr")
