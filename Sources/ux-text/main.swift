import UnifexCommands

TextCommand.runAsTool(name: "ux-text")
