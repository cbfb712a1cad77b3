# The page set of bench/ocr and bench/ocr-resolution, built into $work (given $corpus and $bin):
# bench.pdf (every page in one PDF), origin.txt (each page's source file and page number), and the
# true text of the pages that have one (raster/*.truth, fixtures/*.truth, 2400dpi.truth; truth.py reads them).
mkdir -p "$work/raster"
rasterize() {  # FILE FIRST LAST NAME: born-digital pages -> image-only PDF at 300 dpi
  pdftoppm -r 300 -gray -png -f "$2" -l "$3" "$1" "$work/raster/$4"
}
rasterize "$corpus/text/pdfjs-tracemonkey.pdf" 1 4 tracemonkey
rasterize "$corpus/text/pysamples-multicolumn.pdf" 1 3 multicolumn
rasterize "$corpus/text/pdfplumber-scotus-transcript-p1.pdf" 1 1 scotus
/usr/bin/python3 - "$work/raster" "$work/rasterized.pdf" <<'PY'
import glob, img2pdf, sys
with open(sys.argv[2], "wb") as out:
    out.write(img2pdf.convert(sorted(glob.glob(sys.argv[1] + "/*.png"))))
PY
for f in "$work"/raster/*.png; do  # the true text of each rasterized page: its text layer
  base=$(basename "$f" .png); name=${base%-*}; page=$((10#${base##*-}))
  case $name in tracemonkey) src=pdfjs-tracemonkey;; multicolumn) src=pysamples-multicolumn;;
    scotus) src=pdfplumber-scotus-transcript-p1;; esac
  pdftotext -f "$page" -l "$page" "$corpus/text/$src.pdf" "${f%.png}.truth"
done
# Fixture scans of prose set in DejaVu Sans, from Free Culture's words; the spec's lines are the truth.
mkdir -p "$work/fixtures"
/usr/bin/python3 - "$corpus" "$work/fixtures" <<'PY'
import json, re, subprocess, sys
corpus, out = sys.argv[1], sys.argv[2]
raw = subprocess.run(["pdftotext", "-f", "12", "-l", "40", corpus + "/text/pdfjs-freeculture.pdf", "-"],
                     capture_output=True, text=True).stdout
words = [w for w in raw.split() if re.fullmatch(r"[A-Za-z][A-Za-z,.;:'\-]*", w)]
def page(size, dpi, start, width=612, height=792, margin=54):
    per_line, lines, y, i = int((width - 2 * margin) / (0.6 * size)), [], margin + size, start
    while y < height - margin and i < len(words):
        line = []
        while i < len(words) and len(" ".join(line + [words[i]])) <= per_line:
            line.append(words[i]); i += 1
        lines.append({"x": margin, "y": y, "size": size, "text": " ".join(line)})
        y += size * 1.3
    return {"width": width, "height": height, "image": True, "dpi": dpi, "lines": lines}, i
start = 0
for name, size, dpi in [("a-small-6pt-600dpi", 6, 600), ("b-small-7pt-600dpi", 7, 600),
                        ("c-body-11pt-150dpi", 11, 150), ("d-large-28pt-300dpi", 28, 300)]:
    p, start = page(size, dpi, start)
    json.dump({"pages": [p]}, open(f"{out}/{name}.json", "w"))
    open(f"{out}/{name}.truth", "w").write("\n".join(l["text"] for l in p["lines"]))
PY
for f in "$work"/fixtures/*.json; do "$bin/unifex-fixture" "$f" "${f%.json}.pdf" >/dev/null; done
# The 2400 dpi scan (a typewritten recipe, 1.7 × 1.2 inches), transcribed by eye.
cat > "$work/2400dpi.truth" <<'TXT'
Linzensoep à la Waterman
4 ons linzen
3 liter water
3 uien
bloem, boter
2 kopjes melk
laurier, kruidnagel, kerrie, zout
De linzen wassen en in 1 liter kokend wa-
ter 1 dag laten weken. 2 liter water bij
de linzen voegen, zonder het water waarin
ze geweekt zijn af te gieten. De helft van
de uien bakken met laurier en kruidnagel.
Alle uien, kerrie en zout bij de linzen
voegen. Alles aan de kook brengen. Van de
bloem met boter en melk een papje maken en
verder afmaken met de soep. Als de linzen
gaar zijn is de soep klaar.
TXT
pdfunite "$corpus"/scanned/*.pdf "$work/rasterized.pdf" "$work"/fixtures/*.pdf "$work/bench.pdf"
for f in "$corpus"/scanned/*.pdf "$work/rasterized.pdf" "$work"/fixtures/*.pdf; do
  n=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
  for p in $(seq "$n"); do echo "$(basename "$f") $p"; done
done > "$work/origin.txt"
pages=$(pdfinfo "$work/bench.pdf" | awk '/^Pages:/ {print $2}')
echo "pages: $pages ($(ls "$corpus"/scanned/*.pdf | wc -l) scanned corpus PDFs, 8 rasterized born-digital pages, 4 fixture scans), one PDF"
