#!/usr/bin/env python3
"""Retrieval check: for each question of questions.tsv, is the page that answers it among the top K
chunks a retriever returns for it?

    python3 bench/retrieval/score.py CHUNKS.jsonl [--questions FILE] [--k 5] [--rankings FILE]... [-v]

CHUNKS.jsonl is `ux-merge --format chunks` output over the PDFs the questions name. A chunk answers
a question when its document's file name is the question's PDF and its pages (first to last)
include the answering page. Printed for each retriever: the questions answered within the top K,
the hit rate, and the mean reciprocal rank within K.

BM25 always runs: Okapi BM25 (k1 1.2, b 0.75) over each chunk's text, heading path included, words
being runs of letters and digits in lowercase (Python's \\w), standard library only.

--rankings FILE adds another retriever (a vector store, say) scored the same way: one JSON line per
question, {"question": N, "chunks": [{"doc": "...", "chunk": n}, ...]}, N the question's number (1 for
the first line after the header), chunks best first; the file's name labels its line. -v prints each
question's rank for each retriever.
"""
import argparse
import collections
import json
import math
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
WORD = re.compile(r"\w+")


def load_chunks(path):
    chunks = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            record = json.loads(line)
            if record.get("type") != "chunk":
                sys.exit(f"{path}:{number}: not a chunk record")
            chunks.append(record)
    return chunks


def load_questions(path):
    questions = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["question", "pdf", "page"]:
            sys.exit(f"{path}:1: expected the header question, pdf, page")
        for number, line in enumerate(f, 2):
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 3 or not fields[2].isdigit():
                sys.exit(f"{path}:{number}: expected question, pdf and page separated by tabs")
            questions.append({"question": fields[0], "pdf": fields[1], "page": int(fields[2])})
    return questions


def words(text):
    return WORD.findall(text.lower())


def bm25_rankings(chunks, questions, k1=1.2, b=0.75):
    """For each question, the chunk indices best first."""
    docs = [collections.Counter(words(c["text"])) for c in chunks]
    lengths = [sum(d.values()) for d in docs]
    average = sum(lengths) / max(len(lengths), 1)
    frequency = collections.Counter(w for d in docs for w in d)
    n = len(docs)
    idf = {w: math.log(1 + (n - df + 0.5) / (df + 0.5)) for w, df in frequency.items()}
    rankings = []
    for q in questions:
        terms = set(words(q["question"]))
        scores = []
        for i, d in enumerate(docs):
            s = 0.0
            for t in terms:
                tf = d.get(t, 0)
                if tf:
                    s += idf[t] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths[i] / average))
            scores.append((s, i))
        scores.sort(key=lambda x: (-x[0], x[1]))
        rankings.append([i for s, i in scores if s > 0])
    return rankings


def load_rankings(path, chunks, questions):
    """A ranking file as chunk indices per question."""
    index = {(os.path.basename(c["doc"]), c["chunk"]): i for i, c in enumerate(chunks)}
    rankings = [[] for _ in questions]
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            r = json.loads(line)
            q = r.get("question")
            if not isinstance(q, int) or not 1 <= q <= len(questions):
                sys.exit(f"{path}:{number}: question must be 1-{len(questions)}")
            ranked = []
            for c in r.get("chunks", []):
                key = (os.path.basename(c["doc"]), c["chunk"])
                if key not in index:
                    sys.exit(f"{path}:{number}: no chunk {c['chunk']} of {c['doc']} in the chunks file")
                ranked.append(index[key])
            rankings[q - 1] = ranked
    return rankings


def answers(chunk, question):
    first, last = chunk["pages"]
    return os.path.basename(chunk["doc"]) == question["pdf"] and first <= question["page"] <= last


def score(rankings, chunks, questions, k):
    """Per question, the 1-based rank of the first answering chunk within k, or None."""
    ranks = []
    for q, ranked in zip(questions, rankings):
        rank = next((r for r, i in enumerate(ranked[:k], 1) if answers(chunks[i], q)), None)
        ranks.append(rank)
    return ranks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("chunks")
    parser.add_argument("--questions", default=os.path.join(HERE, "questions.tsv"))
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--rankings", action="append", default=[])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    chunks = load_chunks(args.chunks)
    questions = load_questions(args.questions)
    missing = {q["pdf"] for q in questions} - {os.path.basename(c["doc"]) for c in chunks}
    if missing:
        print(f"score.py: no chunks of {', '.join(sorted(missing))}", file=sys.stderr)
    retrievers = [("bm25", bm25_rankings(chunks, questions))]
    retrievers += [(os.path.basename(p), load_rankings(p, chunks, questions)) for p in args.rankings]
    print(f"{len(questions)} questions, {len(chunks)} chunks, top {args.k}")
    print(f"{'retriever':24s} {'hits':>5s} {'rate':>6s} {'MRR':>6s}")
    results = []
    for name, rankings in retrievers:
        ranks = score(rankings, chunks, questions, args.k)
        results.append((name, ranks))
        hits = sum(r is not None for r in ranks)
        mrr = sum(1 / r for r in ranks if r) / len(questions)
        print(f"{name:24s} {hits:5d} {hits / len(questions):6.2f} {mrr:6.3f}")
    if args.verbose:
        for n, q in enumerate(questions):
            cells = " ".join(f"{name}={ranks[n] or '-'}" for name, ranks in results)
            print(f"{n + 1:3d} {cells}  {q['pdf']} p{q['page']}: {q['question']}")


if __name__ == "__main__":
    main()
