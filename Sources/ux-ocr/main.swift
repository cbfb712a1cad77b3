import UnifexCommands

OCRCommand.runAsTool(name: "ux-ocr")
