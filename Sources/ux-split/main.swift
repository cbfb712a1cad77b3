import UXSplit

SplitCommand.runAsTool(name: "ux-split")
