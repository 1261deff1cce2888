"""Quote extraction in process, by kind of error: PolNeAR (train and dev splits) and the real-news
development set, scored exactly as ``stancemap run`` + ``export`` + ``shared/eval/score.py`` do.

    python bench/bench_quotes.py                       # polnear-dev and dev (about 1 min on 2 cores)
    python bench/bench_quotes.py --sets polnear-train  # 840 articles, about 6 min

For each set it prints:

1. the scoreboard's quote figures (who-said-what, direct, indirect, attribution);
2. the quotes the pipeline keeps, by the rule that found them and whether the speaker resolved to
   an actor: how many, and the share right end to end (text matched and speaker right);
3. what dropping the quotes whose speaker resolved to no actor would do, by kind of speaker
   mention (pronoun, plural group, other description): the two golds disagree on these
   (PolNeAR annotates unnamed and collective sources, the real-news conventions leave them out);
4. the gold quotes nothing matched, by the first two words of their cue.

Each set is run as the scoreboard runs it: one run per debate of ``dev`` (its recurring lines
found over that debate's articles), one run over all articles of a PolNeAR split. Rows are cached
in ``build/bench_quotes/`` (``--refresh`` redoes them after a change to the pipeline).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import runpy
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = Path(os.environ.get("STANCEMAP_SHARED", ROOT.parent / "shared")).resolve()
FIGURES = ("quotes_end_to_end", "direct_quotes", "indirect_quotes", "quotes")


def runs(name: str) -> list[tuple[Path, list[Path]]]:
    """(gold folder, articles) of each run of a set."""
    if name == "dev":
        articles = SHARED / "dev" / "articles"
        return [(articles, sorted(articles.glob(f"{cb.stem}-*.txt")))
                for cb in sorted((SHARED / "dev" / "codebooks").glob("*.yaml"))]
    split = SHARED / "data" / "polnear" / name.removeprefix("polnear-")
    return [(split, sorted(split.glob("*.txt")))]


def collect(name: str, nlp, scorer: dict) -> dict:
    """Every article of a set: its exported quotes with a few traits each, and its gold."""
    from stancemap.clean import clean_article
    from stancemap.ingest import read_articles
    from stancemap.nlp.extensions import QUOTES_KEY
    from stancemap.nlp.harvest import harvest
    from stancemap.pipeline import MIN_ARTICLES_FOR_COMMON_LINES, find_boilerplate_lines

    articles = {}
    for gold_dir, paths in runs(name):
        raws = [raw for path in paths for raw in read_articles(path)]
        common = find_boilerplate_lines(raws) if len(raws) >= MIN_ARTICLES_FOR_COMMON_LINES else frozenset()
        cleaned = [clean_article(raw, common_lines=common) for raw in raws]
        for raw, article, doc in zip(raws, cleaned, nlp.pipe([a.text for a in cleaned], batch_size=16)):
            stem = Path(raw.source).stem
            spans = {(s._.sm_parts or ((s.start_char, s.end_char),))[0][0]: s for s in doc.spans.get(QUOTES_KEY, [])}
            quotes = []
            for q in harvest(doc, article)[1]:
                span = spans.get(q.start)
                mention = span._.sm_speaker if span is not None else None
                quotes.append({
                    "speaker": q.speaker, "type": "direct" if q.type == "direct" else "indirect", "text": q.text,
                    "speaker_span": list(q.speaker_span) if q.speaker_span else None,
                    "method": span.label_ if span is not None else "?",
                    "mention": ("none" if mention is None else "pronoun" if mention.root.pos_ == "PRON"
                                else "group" if mention.root.tag_ in ("NNS", "NNPS") else "other")})
            gold = json.loads((gold_dir / f"{stem}.json").read_text(encoding="utf-8"))
            articles[stem] = {"gold_dir": str(gold_dir), "quotes": quotes, "gold": gold.get("quotes", []),
                              "actors": gold.get("actors", [])}
    for a in articles.values():  # which quotes are right end to end, as score.py matches them
        matched = scorer["match_quotes"](a["quotes"], a["gold"], 0.5)
        a["matched_gold"] = sorted(j for _, j in matched)
        for i, j in matched:
            a["quotes"][i]["right"] = scorer["speaker_right"](a["quotes"][i], a["gold"][j], a["actors"])
    return articles


def figures(articles: dict, scorer: dict, keep=lambda q: True) -> dict:
    """score.py's quote figures (micro over runs) for the quotes ``keep`` lets through."""
    totals = Counter()
    by_dir: dict[str, list[str]] = {}
    for stem, a in articles.items():
        line = {"source": f"{stem}.txt", "quotes": [q for q in a["quotes"] if keep(q)]}
        by_dir.setdefault(a["gold_dir"], []).append(json.dumps(line))
    with tempfile.TemporaryDirectory() as tmp:
        for k, (gold_dir, lines) in enumerate(by_dir.items()):
            path = Path(tmp) / f"{k}.jsonl"
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            result = scorer["score"](gold_dir, path, present_only=True)
            for fig in FIGURES:
                for key in ("tp", "system", "gold"):
                    totals[fig, key] += result[fig][key]
    out = {}
    for fig in FIGURES:
        tp, system, gold = (totals[fig, key] for key in ("tp", "system", "gold"))
        p, r = (tp / system if system else 0.0), (tp / gold if gold else 0.0)
        out[fig] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    out["attribution"] = totals["quotes_end_to_end", "tp"] / totals["quotes", "tp"] if totals["quotes", "tp"] else 0.0
    return out


def prf(v: tuple[float, float, float]) -> str:
    return f"{v[0]:.3f}/{v[1]:.3f}/{v[2]:.3f}"


def report(name: str, articles: dict, scorer: dict) -> None:
    base = figures(articles, scorer)
    print(f"\n== {name}: {len(articles)} articles")
    print(f"  who-said-what P/R/F1 {prf(base['quotes_end_to_end'])}  attribution {base['attribution']:.3f}  "
          f"direct {prf(base['direct_quotes'])}  indirect {prf(base['indirect_quotes'])}")
    quotes = [q for a in articles.values() for q in a["quotes"]]
    groups = Counter((q["method"], q["speaker"] is not None) for q in quotes)
    right = Counter((q["method"], q["speaker"] is not None) for q in quotes if q.get("right"))
    print("  quotes kept, by rule and speaker (n, share right end to end):")
    for (method, resolved), n in groups.most_common():
        print(f"    {method:20s} {'actor' if resolved else 'no actor':9s} {n:6d}  {right[method, resolved] / n:.2f}")
    print("  dropping quotes whose speaker resolved to no actor (who-said-what F1, indirect precision):")
    for label, kinds in (("all of them", None), ("pronoun mention", {"pronoun"}), ("plural group", {"group"}),
                         ("other description", {"other", "none"})):
        r = figures(articles, scorer, keep=lambda q: q["speaker"] is not None or (kinds is not None
                                                                                 and q["mention"] not in kinds))
        n = sum(1 for q in quotes if q["speaker"] is None and (kinds is None or q["mention"] in kinds))
        print(f"    {label:18s} {n:5d} quotes  F1 {base['quotes_end_to_end'][2]:.3f} -> "
              f"{r['quotes_end_to_end'][2]:.3f}  indirect P {base['indirect_quotes'][0]:.3f} -> "
              f"{r['indirect_quotes'][0]:.3f}")
    missed, total = Counter(), Counter()
    for a in articles.values():
        matched = set(a["matched_gold"])
        for j, g in enumerate(a["gold"]):
            cue = " ".join((g.get("cue") or "(no cue)").lower().split()[:2])
            total[g.get("type"), cue] += 1
            missed[g.get("type"), cue] += j not in matched
    print(f"  gold quotes missed: {sum(missed.values())} of {sum(total.values())}; by cue (missed/all):")
    print("    " + ", ".join(f"{t} '{c}' {n}/{total[t, c]}" for (t, c), n in missed.most_common(15)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=["polnear-dev", "dev"],
                        choices=["polnear-train", "polnear-dev", "dev"])
    parser.add_argument("--cache", type=Path, default=ROOT / "build" / "bench_quotes")
    parser.add_argument("--refresh", action="store_true", help="analyse again instead of reading the cache")
    args = parser.parse_args(argv)
    scorer = runpy.run_path(str(SHARED / "eval" / "score.py"))
    args.cache.mkdir(parents=True, exist_ok=True)
    nlp = None
    for name in args.sets:
        cache = args.cache / f"{name}.pkl"
        if cache.exists() and not args.refresh:
            articles = pickle.loads(cache.read_bytes())
        else:
            if nlp is None:
                from stancemap.nlp import build_nlp
                nlp = build_nlp()
            t0 = time.time()
            articles = collect(name, nlp, scorer)
            cache.write_bytes(pickle.dumps(articles))
            print(f"({name} analysed in {time.time() - t0:.0f} s)", file=sys.stderr)
        report(name, articles, scorer)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
