import Foundation
public import UnifexCore

/// Units for coordinates in output: points (the records' own), pixels at the page's resolution,
/// inches, or fractions of the page's width and height.
public enum CoordinateUnit: String, Sendable, CaseIterable {
    case pt, px, `in`, norm
}

extension PageRecord {
    /// The resolution pixels are counted at: the OCR rendering's, else the image's, else `fallback`.
    public func pixelDPI(fallback: Double) -> Double {
        // 1e400 reads as infinity: no resolution to count pixels at.
        if self["text_source"]?.stringValue == TextSource.ocr, let dpi = self["ocr"]?.objectValue?["dpi"]?.doubleValue, dpi > 0, dpi.isFinite { return dpi }
        if let dpi = self["dpi"]?.doubleValue, dpi > 0, dpi.isFinite { return dpi }
        return fallback
    }

    /// The record with every box (words, lines, chars, tables and their cells) and the page size in `unit`, and
    /// `unit` (plus `unit_dpi` for pixels) saying so. Records already converted are left alone.
    public func converting(to unit: CoordinateUnit, fallbackDPI: Double = 72) -> PageRecord {
        guard unit != .pt, self["unit"] == nil, let width = self["width"]?.doubleValue,
              let height = self["height"]?.doubleValue, width > 0, height > 0, width.isFinite, height.isFinite else { return self }
        let dpi = pixelDPI(fallback: fallbackDPI)
        let (sx, sy): (Double, Double)
        switch unit {
        case .pt: (sx, sy) = (1, 1)
        case .px: (sx, sy) = (dpi / 72, dpi / 72)
        case .in: (sx, sy) = (1.0 / 72, 1.0 / 72)
        case .norm: (sx, sy) = (1 / width, 1 / height)
        }
        var record = self
        for key in ["words", "lines", "chars"] {
            guard let items = record[key]?.arrayValue else { continue }
            record[key] = .array(items.map { item in
                guard var o = item.objectValue, let box = Box(o["box"]) else { return item }
                let scaled = Box(x0: box.x0 * sx, y0: box.y0 * sy, x1: box.x1 * sx, y1: box.y1 * sy)
                o["box"] = unit == .norm ? scaled.preciseJSON : scaled.json
                return .object(o)
            })
        }
        func scaled(_ value: JSONValue) -> JSONValue {
            guard var o = value.objectValue, let box = Box(o["box"]) else { return value }
            let b = Box(x0: box.x0 * sx, y0: box.y0 * sy, x1: box.x1 * sx, y1: box.y1 * sy)
            o["box"] = unit == .norm ? b.preciseJSON : b.json
            if let cells = o["cells"]?.arrayValue { o["cells"] = .array(cells.map(scaled)) }
            return .object(o)
        }
        if let tables = record["tables"]?.arrayValue { record["tables"] = .array(tables.map(scaled)) }
        if unit != .norm {
            record["width"] = .double(width * sx)
            record["height"] = .double(height * sy)
        }
        record["unit"] = .string(unit.rawValue)
        if unit == .px { record["unit_dpi"] = .double(dpi) }
        return record
    }
}

extension Box {
    /// Four decimals, for fractions of a page.
    var preciseJSON: JSONValue {
        func n(_ v: Double) -> JSONValue {
            // "%.4f" prints "inf" and "nan", which JSON has no word for.
            guard v.isFinite else { return .double(v) }
            return .number(String(format: "%.4f", v).replacingOccurrences(of: #"\.?0+$"#, with: "", options: .regularExpression))
        }
        return .array([n(x0), n(y0), n(x1), n(y1)])
    }
}
