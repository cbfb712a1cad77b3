#!/usr/bin/env python3
"""Chunks with their embeddings (ux-llm --embed) in a vector store, and the nearest chunks to a question.

  store.py STORE load < embedded.jsonl      add (or replace) each record's text, pages and vector
  store.py STORE search [K] < questions.jsonl  for each question record, the K (default 5) nearest chunks,
                                            one JSON line each: {"question" (its number, from 1), "rank",
                                            "distance", "doc", "chunk", "pages", "headings", "text"}
  store.py question TEXT                    TEXT as a record for ux-llm --embed to embed

STORE is a SQLite file (index.db: the sqlite-vec extension, from PyPI's sqlite-vec) or a PostgreSQL URL
(postgresql://…: the pgvector extension, with psycopg). Distances are cosine distances (0 = same
direction). Chunk records (ux-merge --format chunks) and page records both load: a page is a chunk
of its own. Records without an embedding (errors) are counted on stderr, not loaded.
"""
import json
import sys


def records(stream):
    for number, line in enumerate(stream, 1):
        line = line.strip()
        if not line:
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as error:
            sys.exit(f"store.py: line {number}: not JSON ({error})")


def row(record):
    """What is stored of a record: its place, its text and its vector; None without a vector."""
    embedding = record.get("embedding") or {}
    vector = embedding.get("vector")
    if record.get("status", "ok") != "ok" or not vector:
        return None
    pages = record.get("pages") or [record.get("page"), record.get("page")]
    return {
        "doc": record.get("doc") or "",
        "chunk": record.get("chunk", record.get("page")) or 0,
        "first_page": pages[0],
        "last_page": pages[-1],
        "headings": json.dumps(record.get("headings") or []),
        "text": record.get("text") or "",
        "vector": json.dumps(vector),
        "dim": len(vector),
    }


def question_vectors(stream):
    count = 0
    for number, record in records(stream):
        r = row(record)
        if r is None:
            error = (record.get("error") or {}).get("message", "no embedding")
            sys.exit(f"store.py: line {number}: the question was not embedded: {error}")
        count += 1
        yield r
    if count == 0:
        sys.exit("store.py: no question record on standard input")


class SQLiteStore:
    def __init__(self, path):
        import sqlite3
        import sqlite_vec
        self.db = sqlite3.connect(path)
        self.db.enable_load_extension(True)
        sqlite_vec.load(self.db)
        self.db.enable_load_extension(False)

    def create(self, dim):
        self.db.execute("""CREATE TABLE IF NOT EXISTS chunks (id INTEGER PRIMARY KEY, doc TEXT, chunk INTEGER,
                           first_page INTEGER, last_page INTEGER, headings TEXT, text TEXT, UNIQUE (doc, chunk))""")
        self.db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS chunk_vectors USING vec0(embedding float[{dim}] distance_metric=cosine)")

    def add(self, r):
        old = self.db.execute("SELECT id FROM chunks WHERE doc = ? AND chunk = ?", (r["doc"], r["chunk"])).fetchone()
        if old:
            self.db.execute("DELETE FROM chunk_vectors WHERE rowid = ?", old)
            self.db.execute("DELETE FROM chunks WHERE id = ?", old)
        cursor = self.db.execute(
            "INSERT INTO chunks (doc, chunk, first_page, last_page, headings, text) VALUES (?, ?, ?, ?, ?, ?)",
            (r["doc"], r["chunk"], r["first_page"], r["last_page"], r["headings"], r["text"]))
        self.db.execute("INSERT INTO chunk_vectors (rowid, embedding) VALUES (?, ?)", (cursor.lastrowid, r["vector"]))

    def commit(self):
        self.db.commit()

    def nearest(self, vector, k):
        return self.db.execute("""
            SELECT v.distance, c.doc, c.chunk, c.first_page, c.last_page, c.headings, c.text
            FROM (SELECT rowid, distance FROM chunk_vectors WHERE embedding MATCH ? AND k = ?) AS v
            JOIN chunks AS c ON c.id = v.rowid ORDER BY v.distance""", (vector, k)).fetchall()


class PostgresStore:
    def __init__(self, url):
        import psycopg
        self.db = psycopg.connect(url)

    def create(self, dim):
        self.db.execute("CREATE EXTENSION IF NOT EXISTS vector")
        self.db.execute(f"""CREATE TABLE IF NOT EXISTS chunks (id bigserial PRIMARY KEY, doc text, chunk integer,
                            first_page integer, last_page integer, headings jsonb, text text,
                            embedding vector({dim}), UNIQUE (doc, chunk))""")
        # HNSW: approximate nearest neighbours in logarithmic time, for corpora where a scan is too slow.
        self.db.execute("CREATE INDEX IF NOT EXISTS chunks_embedding ON chunks USING hnsw (embedding vector_cosine_ops)")

    def add(self, r):
        self.db.execute("""
            INSERT INTO chunks (doc, chunk, first_page, last_page, headings, text, embedding)
            VALUES (%(doc)s, %(chunk)s, %(first_page)s, %(last_page)s, %(headings)s, %(text)s, %(vector)s)
            ON CONFLICT (doc, chunk) DO UPDATE SET first_page = excluded.first_page, last_page = excluded.last_page,
              headings = excluded.headings, text = excluded.text, embedding = excluded.embedding""", r)

    def commit(self):
        self.db.commit()

    def nearest(self, vector, k):
        return self.db.execute("""
            SELECT embedding <=> %s::vector AS distance, doc, chunk, first_page, last_page, headings::text, text
            FROM chunks ORDER BY distance LIMIT %s""", (vector, k)).fetchall()


def open_store(name):
    if name.startswith(("postgresql:", "postgres:")):
        return PostgresStore(name)
    return SQLiteStore(name)


def main(argv):
    if len(argv) == 3 and argv[1] == "question":
        print(json.dumps({"v": 1, "type": "chunk", "doc": "", "chunk": 0, "text": argv[2]}))
        return
    if len(argv) < 3 or argv[2] not in ("load", "search"):
        sys.exit(__doc__)
    store = open_store(argv[1])
    if argv[2] == "load":
        loaded = skipped = 0
        for number, record in records(sys.stdin):
            r = row(record)
            if r is None:
                skipped += 1
                continue
            if loaded == 0:
                store.create(r["dim"])
            store.add(r)
            loaded += 1
        store.commit()
        print(f"store.py: loaded {loaded} chunks" + (f", skipped {skipped} without an embedding" if skipped else ""),
              file=sys.stderr)
        return
    k = int(argv[3]) if len(argv) > 3 else 5
    for number, question in enumerate(question_vectors(sys.stdin), 1):
        for rank, (distance, doc, chunk, first, last, headings, text) in enumerate(store.nearest(question["vector"], k), 1):
            print(json.dumps({"question": number, "rank": rank, "distance": round(float(distance), 4), "doc": doc,
                              "chunk": chunk, "pages": [first, last], "headings": json.loads(headings), "text": text}))


if __name__ == "__main__":
    main(sys.argv)
