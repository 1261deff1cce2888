"""The review app on a big database: every list page and API call under 10 concurrent clients.

Usage:
    python bench/bench_app.py [--articles 100000] [--db PATH|URL] [--keep] [--clients 10]
                              [--rounds 5] [--reuse]

Builds a database of --articles articles (unless --reuse) from the demo corpus analysed once:
each demo article is stored again and again with its own id, outlet (50 per demo outlet), date
(spread over 1,000 days), title and actors (each demo actor split into 300 namesakes), its quotes
and stances kept (about 9 quotes per article: 100,000 articles hold about 900,000 quotes), plus
a few corrections of every kind. Then serves it with ``stancemap serve`` and has --clients
threads request every page and API list (first pages, a deep page, each filter, detail pages,
search) --rounds times each, and prints p50/p95 per endpoint and the server's resident memory.
Target: p95 under 300 ms for every endpoint; the server's memory flat in corpus size.
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEMO = ROOT / "stancemap" / "demo" / "corpus"
NAMESAKES = 300
OUTLETS_PER = 50
BATCH = 200


def analysed_demo(tmp: Path) -> Path:
    from stancemap.pipeline import run_pipeline
    from stancemap.settings import Settings
    from stancemap.store import open_store

    path = tmp / "demo.db"
    with open_store(path) as store:
        run_pipeline([DEMO], store, Settings(codebook=str(DEMO / "codebook.yaml")))
    return path


def build(target: str, n: int, tmp: Path) -> None:
    from stancemap.model import content_id
    from stancemap.review import add_correction
    from stancemap.store import open_store
    from stancemap.store.copy import copy_database

    demo = analysed_demo(tmp)
    started = time.perf_counter()
    with open_store(demo, readonly=True) as source, open_store(target) as store:
        copy_database(source, store)  # runs, propositions and the 15 originals
        db = store.db
        arts = [dict(r) for r in source.db.execute("SELECT * FROM articles")]
        per = {t: {} for t in ("quotes", "stances", "article_actors", "actor_aliases", "actor_roles")}
        for table in per:
            for r in source.db.execute(f"SELECT * FROM {table}"):
                per[table].setdefault(r["article_id"], []).append(dict(r))
        names = {r["id"]: (r["name"], r["type"]) for r in source.db.execute("SELECT * FROM actors")}

        def actor(aid: str | None, i: int) -> str | None:
            return None if aid is None else f"{aid}-{i % NAMESAKES}"

        def insert(table: str, rows: list[dict]) -> None:
            if rows:
                cols = list(rows[0])
                db.executemany(f"INSERT INTO {table} ({', '.join(chr(34) + c + chr(34) for c in cols)})"
                               f" VALUES ({', '.join('?' * len(cols))})", [tuple(r[c] for c in cols) for r in rows])

        db.executemany("INSERT INTO actors (id, name, type) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                       [(f"{aid}-{k}", f"{name} {k}", kind) for aid, (name, kind) in names.items()
                        for k in range(NAMESAKES)])
        for first in range(0, n, BATCH):
            rows: dict[str, list[dict]] = {t: [] for t in ("articles", *per)}
            for i in range(first, min(n, first + BATCH)):
                a = arts[i % len(arts)]
                new = content_id(a["id"], i)
                day = 1 + i % 1000
                rows["articles"].append({**a, "id": new, "source": f"{i:06d}-{a['source']}",
                                         "raw_text": "", "title": f"{a['title']} ({i})",
                                         "outlet": f"{a['outlet']} {i % OUTLETS_PER}",
                                         "published": time.strftime("%Y-%m-%d", time.gmtime(1.6e9 + day * 86400))})
                for table in per:
                    for r in per[table].get(a["id"], []):
                        r = {**r, "article_id": new, "actor_id": actor(r.get("actor_id"), i)}
                        if "id" in r:
                            r["id"] = content_id(r["id"], i)
                        if table == "stances" and r.get("quote_id"):
                            r["quote_id"] = content_id(r["quote_id"], i)
                        if table == "quotes":
                            r["date"] = None
                        if table == "stances":
                            r["date"] = None
                        rows[table].append(r)
            with db:
                for table in ("articles", *per):
                    insert(table, rows[table])
            if first % 10_000 == 0:
                print(f"  {first + BATCH:,} articles, {time.perf_counter() - started:.0f} s", file=sys.stderr)
        # A few corrections of every kind, so that pages apply them.
        quotes = [r[0] for r in db.execute("SELECT id FROM quotes ORDER BY id LIMIT 20")]
        stances = [(r[0], r[1]) for r in db.execute("SELECT id, polarity FROM stances ORDER BY id LIMIT 20")]
        top = [r[0] for r in db.execute("SELECT name FROM actors ORDER BY id LIMIT 5")]
        for q in quotes[:10]:
            add_correction(store, "quote.reject", q)
        for q in quotes[10:15]:
            add_correction(store, "quote.speaker", q, {"actor": top[0]})
        for sid, pol in stances[:10]:
            add_correction(store, "stance.polarity", sid, {"polarity": "oppose" if pol == "support" else "support"})
        counts = {t: store.count(t) for t in ("articles", "quotes", "stances", "actors")}
    print(f"built {counts} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> tuple[int, int]:
    status = Path(f"/proc/{pid}/status").read_text()
    values = {line.split(":")[0]: int(line.split()[1]) for line in status.splitlines()
              if line.startswith(("VmRSS", "VmHWM"))}
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def endpoints(target: str) -> list[tuple[str, str]]:
    from stancemap.store import open_store

    with open_store(target, readonly=True) as store:
        db = store.db
        article = db.execute("SELECT id FROM articles ORDER BY id LIMIT 1 OFFSET 1000").fetchone()[0]
        actor = db.execute("SELECT actor_id FROM quotes WHERE actor_id IS NOT NULL ORDER BY id"
                           " LIMIT 1 OFFSET 5000").fetchone()[0]
        outlet = db.execute("SELECT outlet FROM articles ORDER BY id LIMIT 1 OFFSET 77").fetchone()[0]
        prop = db.execute("SELECT id FROM propositions ORDER BY rowid LIMIT 1").fetchone()[0]
        total = store.count("articles")
    deep = max(0, total // 2)
    out = []
    for prefix in ("", "/api"):
        out += [
            (f"{prefix}/articles", f"{prefix}/articles"),
            (f"{prefix}/articles?offset=deep", f"{prefix}/articles?offset={deep}"),
            (f"{prefix}/articles?actor", f"{prefix}/articles?actor={actor}"),
            (f"{prefix}/articles?outlet&from", f"{prefix}/articles?outlet={outlet}&from=2021-01"),
            (f"{prefix}/quotes", f"{prefix}/quotes"),
            (f"{prefix}/quotes?offset=deep", f"{prefix}/quotes?offset={deep * 4}"),
            (f"{prefix}/quotes?actor", f"{prefix}/quotes?actor={actor}"),
            (f"{prefix}/quotes?proposition", f"{prefix}/quotes?proposition={prop}"),
            (f"{prefix}/stances", f"{prefix}/stances"),
            (f"{prefix}/stances?proposition&from", f"{prefix}/stances?proposition={prop}&from=2021-06"),
            (f"{prefix}/actors", f"{prefix}/actors"),
            (f"{prefix}/actors?q", f"{prefix}/actors?q=lund"),
            (f"{prefix}/propositions", f"{prefix}/propositions"),
            (f"{prefix}/corrections", f"{prefix}/corrections"),
            (f"{prefix}/articles/ID", f"{prefix}/articles/{article}"),
            (f"{prefix}/actors/ID", f"{prefix}/actors/{actor}"),
            (f"{prefix}/search", f"{prefix}/search?q=pipeline%20referendum"),
        ]
    out.append(("/", "/"))
    return out


def measure(target: str, clients: int, rounds: int) -> int:
    import httpx

    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "stancemap.cli", "serve", "--db", target,
                               "--port", str(port)], env=env, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/api/propositions", timeout=60)
                break
            except httpx.TransportError:
                time.sleep(0.5)
        todo = endpoints(target)
        rss_start = rss_kib(server.pid)
        timings: dict[str, list[float]] = {name: [] for name, _ in todo}
        errors: list[str] = []
        work = [(name, url) for _ in range(rounds) for name, url in todo]
        random.Random(1).shuffle(work)
        lock = threading.Lock()

        def client() -> None:
            with httpx.Client(base_url=base, timeout=120) as http:
                while True:
                    with lock:
                        if not work:
                            return
                        name, url = work.pop()
                    t0 = time.perf_counter()
                    r = http.get(url)
                    ms = (time.perf_counter() - t0) * 1000
                    with lock:
                        timings[name].append(ms)
                        if r.status_code != 200:
                            errors.append(f"{url}: {r.status_code}")

        threads = [threading.Thread(target=client) for _ in range(clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        rss_end = rss_kib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    worst = 0.0
    print(f"{'endpoint':<40} {'n':>4} {'p50 ms':>8} {'p95 ms':>8}")
    for name, values in timings.items():
        values.sort()
        p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
        worst = max(worst, p95)
        flag = "" if p95 < 300 else "  over 300 ms"
        print(f"{name:<40} {len(values):>4} {statistics.median(values):>8.0f} {p95:>8.0f}{flag}")
    print(f"{clients} clients, {sum(len(v) for v in timings.values())} requests in {wall:.1f} s;"
          f" worst p95 {worst:.0f} ms")
    print(f"server memory: {rss_start[0] / 1024:.0f} MiB after start, {rss_end[0] / 1024:.0f} MiB after,"
          f" peak {rss_end[1] / 1024:.0f} MiB")
    for e in errors[:10]:
        print("error:", e)
    return 1 if errors else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--db", help="where to build it (a SQLite path or postgresql:// URL); "
                                     "default: a temporary SQLite file")
    parser.add_argument("--reuse", action="store_true", help="measure --db as it is, build nothing")
    parser.add_argument("--keep", action="store_true", help="keep the temporary database")
    parser.add_argument("--clients", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5, help="requests per endpoint")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
    target = args.db or str(tmp / "app.db")
    if not args.reuse:
        build(target, args.articles, tmp)
    status = measure(target, args.clients, args.rounds)
    if args.keep or args.db:
        print(f"database: {target}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
