import UXText

TextCommand.runAsTool(name: "ux-text")
