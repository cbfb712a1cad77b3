extension Box {
    /// Items whose boxes touch (`gap` points apart at most) joined into one, until none do: each
    /// item in turn absorbs every joined item it touches, as often as its growth reaches more.
    public static func joinTouching<Item>(_ items: [Item], within gap: Double, box: (Item) -> Box,
                                          join: (Item, Item) -> Item) -> [Item] {
        var out: [Item] = []
        for item in items {
            var joined = item
            var changed = true
            while changed {
                changed = false
                for (i, other) in out.enumerated().reversed() where box(other).touches(box(joined), within: gap) {
                    joined = join(joined, other)
                    out.remove(at: i)
                    changed = true
                }
            }
            out.append(joined)
        }
        return out
    }
}
