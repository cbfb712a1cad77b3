import UXDraw

DrawCommand.runAsTool(name: "ux-draw")
