#!/usr/bin/env python3
"""Writes fixture specs for generated table pages with known grids, and their cases file in the
format of ../shared/tables/cases.json (score.py reads both).

    generate.py OUTDIR        -> OUTDIR/specs/*.json, OUTDIR/generated.json

Each page holds tables of one kind (ruled or unruled), so a peer can be told the kind per file.
Cell texts, column widths and row counts come from a seeded generator: the grids are not chosen to
suit any detector."""
import json, os, random, sys

out = sys.argv[1]
os.makedirs(out + "/specs", exist_ok=True)
rng = random.Random(20261202)
WORDS = ("north south east west river lake hill farm road bridge market school office store "
         "station harbour valley forest field garden tower mill").split()
CHAR_W = 0.55  # DejaVu Sans average advance per point of size, for sizing columns


def cell_text(kind):
    if kind == "num":
        return rng.choice(["{:,}".format(rng.randint(10, 999999)), "%.1f" % rng.uniform(0, 999), "%d%%" % rng.randint(0, 100)])
    n = rng.choice([1, 1, 2, 2, 3])
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def make_table(x, y, rows, cols, ruled, spans=(), size=9.0, filled=False):
    kinds = ["text"] + [rng.choice(["num", "num", "text"]) for _ in range(cols - 1)]
    grid = [[("Col %d" % (c + 1) if r == 0 and c > 0 else ("Name" if r == 0 else cell_text(kinds[c])))
             for c in range(cols)] for r in range(rows)]
    covered = {}
    for (r0, c0, rs, cs) in spans:
        for r in range(r0, r0 + rs):
            for c in range(c0, c0 + cs):
                covered[(r, c)] = (r0, c0)
    for (r, c), top in covered.items():
        if (r, c) != top:
            grid[r][c] = None
    widths = []
    for c in range(cols):
        longest = max(len(grid[r][c] or "") for r in range(rows) if not (r, c) in covered or covered[(r, c)] == (r, c))
        widths.append(round(longest * size * CHAR_W + (14 if ruled else 18) + rng.uniform(0, 20)))
    row_h = round(size * (2.0 if ruled else 1.45), 1)
    edges = [x]
    for w in widths:
        edges.append(edges[-1] + w)
    lines, rules = [], []
    for r in range(rows):
        for c in range(cols):
            t = grid[r][c]
            if not t:
                continue
            lines.append({"x": edges[c] + 4, "y": y + r * row_h + row_h * 0.72, "size": size, "text": t})
    if ruled:
        def owner(r, c):
            return covered.get((r, c), (r, c))
        def rule(x0, y0, x1, y1):
            if filled:
                if x0 == x1:
                    rules.append({"x0": x0 - 0.4, "y0": y0, "x1": x0 + 0.4, "y1": y1, "filled": True})
                else:
                    rules.append({"x0": x0, "y0": y0 - 0.4, "x1": x1, "y1": y0 + 0.4, "filled": True})
            else:
                rules.append({"x0": x0, "y0": y0, "x1": x1, "y1": y1, "width": 0.6})
        for r in range(rows + 1):
            for c in range(cols):
                if 0 < r < rows and owner(r - 1, c) == owner(r, c):
                    continue
                ry = y + r * row_h
                rule(edges[c], ry, edges[c + 1], ry)
        for c in range(cols + 1):
            for r in range(rows):
                if 0 < c < cols and owner(r, c - 1) == owner(r, c):
                    continue
                rule(edges[c], y + r * row_h, edges[c], y + (r + 1) * row_h)
    expected = [[(t or "") for t in row] for row in grid]
    return lines, rules, expected, y + rows * row_h


PARAGRAPH = ("The figures in the table are drawn from the regional returns of the year and were checked "
             "against the records kept by each office before they were published in this report.")


def wrap(text, width_chars):
    out, line = [], ""
    for w in text.split():
        if len(line) + len(w) + 1 > width_chars:
            out.append(line); line = w
        else:
            line = (line + " " + w).strip()
    return out + [line]


pages, cases = [], []
plan = [
    ("gen_ruled_simple", True, [dict(rows=8, cols=5)]),
    ("gen_ruled_spans", True, [dict(rows=9, cols=6, spans=[(0, 1, 1, 3), (2, 0, 3, 1)])]),
    ("gen_ruled_filled", True, [dict(rows=10, cols=4, filled=True)]),
    ("gen_ruled_two", True, [dict(rows=6, cols=4), dict(rows=5, cols=3)]),
    ("gen_unruled_simple", False, [dict(rows=10, cols=5)]),
    ("gen_unruled_wide", False, [dict(rows=14, cols=7, size=8.0)]),
    ("gen_unruled_two", False, [dict(rows=7, cols=4), dict(rows=6, cols=3)]),
]
for name, ruled, tables in plan:
    lines = [{"x": 72, "y": 80, "size": 14, "text": "Report on the %s returns" % rng.choice(WORDS)}]
    y = 110.0
    for line in wrap(PARAGRAPH, 95):
        lines.append({"x": 72, "y": y, "size": 10, "text": line}); y += 13
    y += 16
    rules = []
    for n, spec in enumerate(tables):
        tl, tr, expected, bottom = make_table(72, y, ruled=ruled, **spec)
        lines += tl; rules += tr
        rows, cols = len(expected), len(expected[0])
        cases.append({"id": "%s_t%d" % (name, n + 1), "kind": "lattice" if ruled else "stream",
                      "pdf": "generated/%s.pdf" % name, "page": 1,
                      "rows_ok_range": [rows, rows], "cols_ok_range": [cols, cols], "expected": expected,
                      "tags": ["generated"]})
        y = bottom + 20
        for line in wrap(PARAGRAPH, 95)[:2]:
            lines.append({"x": 72, "y": y, "size": 10, "text": line}); y += 13
        y += 20
    with open("%s/specs/%s.json" % (out, name), "w") as f:
        json.dump({"pages": [{"width": 612, "height": 792, "lines": lines, "rules": rules}]}, f)

# Pages for what statistical reports do around and inside their tables: a caption and a units line
# above and a source below (not rows), section labels over indented rows, group labels set apart,
# cells of several lines under column rules only, and a Hebrew table (drawn in visual order, read in
# logical order). Each has its exact expected grid.
HEBREW = ["סך הכל", "הסקטור העסקי", "בינוי", "שימושים במקורות", "צריכה פרטית", "יבוא", "יצוא סחורות", "השקעה"]


def width(text, size):
    return len(text) * size * CHAR_W


def numbers(n):
    return [cell_text("num") for _ in range(n)]


def class_page(name):
    size, lead = 9.0, 13.0
    lines, rules, expected = [], [], []
    y = 120.0
    cols = rng.choice([3, 4])
    value_x = [300 + 70 * c for c in range(cols - 1)]
    def values(at, texts):
        for x, t in zip(value_x, texts):
            lines.append({"x": x + 60 - width(t, size), "y": at, "size": size, "text": t})
    if name == "gen_caption_notes":
        lines.append({"x": 72, "y": 100, "size": 10, "text": "Table %d: %s by %s" % (rng.randint(1, 40), cell_text("text"), rng.choice(WORDS))})
        lines.append({"x": 72, "y": 113, "size": size, "text": rng.choice(["(thousands)", "(%)", "(in millions)"])})
        y = 128.0
    header = ["Name"] + ["Col %d" % (c + 1) for c in range(cols - 1)]
    lines.append({"x": 72, "y": y, "size": size, "text": header[0]}); values(y, header[1:])
    expected.append(header)
    if name in ("gen_caption_notes", "gen_sections", "gen_groups"):
        for g in range(3):
            if name != "gen_caption_notes":
                y += lead * (2.2 if name == "gen_groups" else 1)
                label = cell_text("text") + " " + rng.choice(WORDS)
                lines.append({"x": 72, "y": y, "size": size, "text": label})
                expected.append([label] + [""] * (cols - 1))
            for _ in range(rng.randint(2, 4)):
                y += lead
                row = [cell_text("text")] + numbers(cols - 1)
                lines.append({"x": 84 if name == "gen_sections" else 72, "y": y, "size": size, "text": row[0]}); values(y, row[1:])
                expected.append(row)
        if name == "gen_caption_notes":
            lines.append({"x": 72, "y": y + 16, "size": 8, "text": "Source: %s office, %s survey." % (rng.choice(WORDS).capitalize(), rng.choice(WORDS))})
    elif name == "gen_rtl":
        for g, label in enumerate(rng.sample(HEBREW, 6)):
            y += lead * (2 if g == 3 else 1)
            row = numbers(cols - 1)
            for x, t in zip([72 + 60 * c for c in range(cols - 1)], row):
                lines.append({"x": x, "y": y, "size": size, "text": t})
            lines.append({"x": 420 - width(label, size), "y": y, "size": size, "text": label[::-1]})
            expected.append(row + [label])
        expected[0] = ["Col %d" % (c + 1) for c in range(cols - 1)] + [""]
        lines = [l for l in lines if l["y"] != 120.0]
        for c, t in enumerate(expected[0][:-1]):
            lines.append({"x": 72 + 60 * c, "y": 96.0, "size": size, "text": t})
    elif name == "gen_columns_ruled":
        edges = [72, 252] + [252 + 70 * c for c in range(1, cols)]
        lines = [{"x": edges[c] + 4, "y": 112, "size": size, "text": t} for c, t in enumerate(header)]
        y, breaks = 124.0, [100.0, 118.0]
        for r in range(8):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 9))).capitalize()
            parts = wrap(text, 30)
            row = [" ".join(parts)] + numbers(cols - 1)
            for k, part in enumerate(parts):
                lines.append({"x": edges[0] + 4, "y": y + 8 + k * 11, "size": size, "text": part})
            for c, t in enumerate(row[1:]):
                lines.append({"x": edges[c + 1] + 4, "y": y + 8, "size": size, "text": t})
            expected.append(row)
            y += 11 * len(parts) + 4
            if r == 3:
                breaks.append(y); y += 2
        breaks.append(y + 2)
        for b in breaks:
            rules.append({"x0": edges[0], "y0": b, "x1": edges[-1], "y1": b, "width": 0.6})
        for x in edges:
            rules.append({"x0": x, "y0": breaks[0], "x1": x, "y1": breaks[-1], "width": 0.6})
    return lines, rules, expected


for name in ["gen_caption_notes", "gen_sections", "gen_groups", "gen_columns_ruled", "gen_rtl"]:
    lines, rules, expected = class_page(name)
    rows, cols = len(expected), len(expected[0])
    cases.append({"id": name + "_t1", "kind": "lattice" if rules else "stream", "pdf": "generated/%s.pdf" % name, "page": 1,
                  "rows_ok_range": [rows, rows], "cols_ok_range": [cols, cols], "expected": expected, "tags": ["generated"]})
    with open("%s/specs/%s.json" % (out, name), "w") as f:
        json.dump({"pages": [{"width": 612, "height": 792, "lines": lines, "rules": rules}]}, f)

with open(out + "/generated.json", "w") as f:
    json.dump({"cases": cases}, f, indent=1)
