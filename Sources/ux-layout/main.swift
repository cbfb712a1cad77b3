import UXLayout

LayoutCommand.runAsTool(name: "ux-layout")
