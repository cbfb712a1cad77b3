public import UXShared
public import UnifexDocument

/// `--csv-formulas keep|escape`.
extension CSVFormulas: ExpressibleByArgument {}
