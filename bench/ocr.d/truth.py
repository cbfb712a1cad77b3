"""The true text of bench/ocr's pages, and edit distances against it.

truth.pages(work, corpus) gives, for each page of bench.pdf in order, (document, true text), or
(None, None) for a scan without a transcription: the Linn brochure's transcription for its five
scans, the text layer of a rasterized page, a fixture's lines, the 2400 dpi recipe.
truth.errors(work, text, true) gives (edits, characters of the true text), whitespace collapsed,
from the cer program bench/ocr.d/cer.c builds into work.
"""
import glob, os, re, subprocess

LINN = {"ocrmypdf-linn.pdf", "ocrmypdf-ccitt.pdf", "ocrmypdf-jbig2.pdf", "ocrmypdf-skew.pdf", "ocrmypdf-cardinal.pdf"}


def pages(work, corpus):
    origin = [l.split() for l in open(f"{work}/origin.txt")]
    raster = sorted(glob.glob(f"{work}/raster/*.truth"))
    read = lambda path: open(path, encoding="utf-8").read()
    out = []
    for name, page in origin:
        if name in LINN and not (name == "ocrmypdf-cardinal.pdf" and page != "1"):
            out.append((name, read(f"{corpus}/groundtruth/ocrmypdf-linn.txt")))
        elif name == "ocrmypdf-2400dpi.pdf":
            out.append((name, read(f"{work}/2400dpi.truth")))
        elif name == "rasterized.pdf":
            path = raster[int(page) - 1]
            out.append((os.path.basename(path).rsplit("-", 1)[0] + " (rasterized)", read(path)))
        elif os.path.exists(f"{work}/fixtures/{name[:-4]}.truth"):
            out.append((name[2:-4], read(f"{work}/fixtures/{name[:-4]}.truth")))
        else:
            out.append((None, None))
    return out


def errors(work, text, true):
    norm = lambda s: re.sub(r"\s+", " ", s).strip()
    open(f"{work}/cmp.truth", "w").write(norm(true))
    open(f"{work}/cmp.ocr", "w").write(norm(text))
    d, n = subprocess.run([f"{work}/cer", f"{work}/cmp.ocr", f"{work}/cmp.truth"],
                          capture_output=True, text=True, check=True).stdout.split()
    return int(d), int(n)


def unordered_errors(text, true):
    """(characters of the words found in only one of the two texts, counted as often as they
    are, characters of the true text), whitespace collapsed: the errors a reading order cannot
    cause, so a page whose columns or figure come out in another order scores as before."""
    from collections import Counter
    norm = lambda s: re.sub(r"\s+", " ", s).strip()
    found, wanted = Counter(norm(text).split()), Counter(norm(true).split())
    differ = (found - wanted) + (wanted - found)
    return sum(len(w) * n for w, n in differ.items()), len(norm(true))
