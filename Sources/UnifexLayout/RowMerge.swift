import UnifexCore

/// Pieces of one printed line that the text layer split apart: a section number and its title
/// set a wide space apart (`5.1` … `Hyper Parameter Optimization`), a bullet and its item, a word
/// gap wider than poppler's. Two pieces are one line when they share a row and the gap between them
/// is a word's space, or a marker's (a number or a bullet, or a caption's label: `Table 2-2` set a
/// tab before `Comparison of ...`) before its text. A column's gutter is
/// wider than both, so lines of two columns stay apart.
enum RowMerge {
    static func merged(_ fragments: [Fragment]) -> [Fragment] {
        let text = fragments.filter { $0.isText }.sorted { ($0.box.y0, $0.box.x0) < ($1.box.y0, $1.box.x0) }
        var out: [Fragment] = []
        var used = [Bool](repeating: false, count: text.count)
        for k in text.indices {
          // Until `k` itself is in a line: the line begun left of it may not reach it.
          while !used[k] {
            // Start from the leftmost piece of this row: a bullet can sit a little lower than its item.
            var i = k
            var j = k + 1
            while j < text.count, text[j].box.y0 <= text[k].box.y1 {
                if !used[j], sameRow(text[k], text[j]), text[j].box.x1 <= text[i].box.x0 + 0.5 { i = j }
                j += 1
            }
            var current = text[i]
            used[i] = true
            var grown = true
            while grown {
                grown = false
                // The nearest piece to the right on the same row.
                var best: Int?
                // Pieces sorted by their tops: those of this row lie from a little before `k` on.
                var start = k
                while start > 0, text[start - 1].box.y0 >= current.box.y0 - current.box.height { start -= 1 }
                for j in start..<text.count where !used[j] {
                    let other = text[j]
                    if other.box.y0 > current.box.y1 { break }
                    guard sameRow(current, other), other.box.x0 >= current.box.x1 - 0.5 else { continue }
                    if best.map({ other.box.x0 < text[$0].box.x0 }) ?? true { best = j }
                }
                if let j = best, joins(current, text[j]) {
                    current = join(current, text[j])
                    used[j] = true
                    grown = true
                }
            }
            out.append(current)
          }
        }
        return out + fragments.filter { !$0.isText }
    }

    static func sameRow(_ a: Fragment, _ b: Fragment) -> Bool {
        // A sideways line shares no row with the lines across its height.
        guard !a.sideways, !b.sideways else { return false }
        let overlap = min(a.box.y1, b.box.y1) - max(a.box.y0, b.box.y0)
        return overlap >= 0.5 * min(a.box.height, b.box.height) && abs(a.size - b.size) <= 0.25 * max(a.size, b.size)
    }

    static func joins(_ left: Fragment, _ right: Fragment) -> Bool {
        let gap = right.box.x0 - left.box.x1
        let size = max(left.size, right.size)
        if gap <= 0.6 * size { return true }
        return gap <= 2.5 * size && (ListMarker.isMarkerOnly(left.text) || Classify.isCaptionLabelOnly(left.text))
    }

    static func join(_ a: Fragment, _ b: Fragment) -> Fragment {
        var joined = a
        joined.text = a.text + " " + b.text
        joined.box = a.box.union(b.box)
        joined.lines = a.lines + b.lines
        joined.spans = a.spans + b.spans
        // The style of the longer piece: a roman number before a bold title is still a heading's.
        let longer = b.text.count > a.text.count ? b : a
        joined.bold = longer.bold; joined.italic = longer.italic; joined.mono = longer.mono
        joined.mixesPitch = a.mixesPitch || b.mixesPitch || a.mono != b.mono
            || abs(a.size - b.size) > 0.1 * max(a.size, b.size)
        joined.size = longer.size
        return joined
    }
}
