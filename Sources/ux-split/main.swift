import UnifexCommands

SplitCommand.runAsTool(name: "ux-split")
