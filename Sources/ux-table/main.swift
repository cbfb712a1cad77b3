import UXTable

TableCommand.runAsTool(name: "ux-table")
