#!/usr/bin/env python3
"""Runs a peer on every page of the given PDFs and writes score.py's adapter JSON.

    peers.py pdfplumber|camelot CASES.json OUT.json PDF...

pdfplumber: page.extract_tables() with its defaults. camelot: read_pdf(flavor=...), the flavor
each file's cases call for (lattice for ruled tables, stream for unruled): camelot is told what
kind of table it looks at, ux-table is not. Prints the seconds spent on the pages (imports left out)."""
import json, os, sys, time

tool, cases_path, out_path, pdfs = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
cases = json.load(open(cases_path))["cases"]
by_page = {}
flavor = {}
for c in cases:
    by_page.setdefault((os.path.basename(c["pdf"]), int(c["page"])), []).append(c["id"])
    flavor[os.path.basename(c["pdf"])] = c["kind"]
# Files without cases (timed only): ruled ones named in $TABLE_LATTICE.
for name in os.environ.get("TABLE_LATTICE", "").split():
    flavor.setdefault(name, "lattice")

if tool == "pdfplumber":
    import pdfplumber
else:
    import camelot

result = {}
started = time.monotonic()
pages = 0
for pdf in pdfs:
    name = os.path.basename(pdf)
    found = {}
    if tool == "pdfplumber":
        with pdfplumber.open(pdf) as doc:
            for number, page in enumerate(doc.pages, 1):
                pages += 1
                found[number] = [[[("" if v is None else v) for v in row] for row in t] for t in page.extract_tables()]
    else:
        import subprocess
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages += int(next(l.split()[1] for l in info.splitlines() if l.startswith("Pages:")))
        try:
            tables = camelot.read_pdf(pdf, pages="all", flavor="lattice" if flavor.get(name) == "lattice" else "stream")
        except Exception as e:  # a page camelot cannot read counts as no tables
            print("camelot: %s: %s" % (name, e), file=sys.stderr)
            tables = []
        for t in tables:
            found.setdefault(int(t.page), []).append(t.df.values.tolist())
    for number, grids in found.items():
        for cid in by_page.get((name, number), []):
            result[cid] = grids
elapsed = time.monotonic() - started
for c in cases:
    result.setdefault(c["id"], None)
json.dump(result, open(out_path, "w"))
print("%.3f %d" % (elapsed, pages))
