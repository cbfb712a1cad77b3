"""Scores bench/ocr-scans' readings: score.py WORK AUTO_CPU FIXED_CPU CLI_CPU (see bench/ocr-scans)."""
import json, re, sys
from collections import defaultdict
import truth
# pdftotext joins a word hyphenated at a line's end; OCR keeps both halves. Joined in every text
# alike, so a page is not scored on its hyphenation.
joined = lambda s: re.sub(r"(\w)[-\u2010]\n\s*(\w)", r"\1\2", s)
work, auto_cpu, fixed_cpu, cli_cpu = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
pages = [l.rstrip("\n").split("\t") for l in open(f"{work}/pages.tsv")]
texts = {
    "auto": [json.loads(l).get("text", "") for l in open(f"{work}/auto.ndjson")],
    "300": [json.loads(l).get("text", "") for l in open(f"{work}/fixed.ndjson")],
    "CLI 300": [open(f"{work}/cli-{int(n):02d}.txt", encoding="utf-8").read() for n, _, _ in pages],
}
dpis = [json.loads(l).get("ocr", {}).get("dpi") for l in open(f"{work}/auto.ndjson")]
sums = defaultdict(lambda: [0, 0, 0, 0])  # (contender, kind) -> ordered edits, chars, unordered edits, chars
for i, (n, kind, name) in enumerate(pages):
    true = joined(open(f"{work}/pages/{int(n):02d}.truth", encoding="utf-8").read())
    for who, got in texts.items():
        d, c = truth.errors(work, joined(got[i]), true)
        u, uc = truth.unordered_errors(joined(got[i]), true)
        for key in ((who, kind), (who, "all")):
            s = sums[key]; s[0] += d; s[1] += c; s[2] += u; s[3] += uc
kinds = list(dict.fromkeys(k for _, k, _ in pages)) + ["all"]
print(f"{'scans':12} " + "  ".join(f"{who:>17}" for who in texts) + "   auto read at (dpi)")
for kind in kinds:
    cells = []
    for who in texts:
        s = sums[(who, kind)]
        cells.append(f"{s[0] / max(1, s[1]):.4f} ({s[2] / max(1, s[3]):.4f})")
    chose = ",".join(sorted({str(d) for (_, k, _), d in zip(pages, dpis) if k == kind})) if kind != "all" else ""
    print(f"{kind:12} " + "  ".join(f"{c:>17}" for c in cells) + f"   {chose}")
print("(character error rate in reading order, and in brackets blind to it)")
print(f"ux-ocr -j1 CPU: --dpi auto {auto_cpu:.1f} s, --dpi 300 {fixed_cpu:.1f} s: {auto_cpu / fixed_cpu:.3f} (target <= 0.80); "
      f"tesseract CLI at 300 dpi {cli_cpu:.1f} s")
