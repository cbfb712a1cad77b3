import UXGrep

GrepCommand.runAsTool(name: "ux-grep")
