import UnifexCommands

MergeCommand.runAsTool(name: "ux-merge")
