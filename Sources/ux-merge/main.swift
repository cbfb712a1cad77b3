import UXMerge

MergeCommand.runAsTool(name: "ux-merge")
