"""Noise lines and publication dates of the cleaning stage alone, against gold article folders.

Usage:
    python bench/bench_noise.py [FOLDER ...] [--by-prefix] [--cv BUILD/cv] [--show]

For every ``NAME.txt`` with a ``NAME.json`` gold file (``../shared/eval/SCHEMA.md``), cleans the
text with :func:`stancemap.clean.clean_article`, lines recurring across the folder's articles
found first as a run does, and scores as ``../shared/eval/score.py`` does: precision and recall of
the removed lines (repeated paragraphs apart) against the gold ``noise_lines``, and the share of
articles with a gold ``published`` date whose date is right, and the articles whose count of
repeated paragraphs is the gold ``repeated_paragraphs``. ``--by-prefix`` also scores each group
of files sharing the name's prefix before the last "-" (the dev set's debates). ``--show`` lists the
missed and wrongly removed lines. Also prints ms per article for cleaning.

Defaults to ``../shared/dev/articles``; ``../shared/seeds`` and ``stancemap/demo/corpus`` are the
smoke tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path, default=[SHARED / "dev" / "articles"])
    parser.add_argument("--by-prefix", action="store_true", help="also score each name prefix (dev debates)")
    parser.add_argument("--show", action="store_true", help="list missed and wrongly removed lines")
    args = parser.parse_args(argv)

    from stancemap.clean import clean_article
    from stancemap.ingest.text import read_text_article
    from stancemap.pipeline import find_boilerplate_lines

    # tp, sys, gold, date ok, date gold, repeated-paragraph count right, articles
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0, 0])
    seconds = 0.0
    articles = 0
    for folder in args.folders:
        golds = sorted(p for p in folder.glob("*.json") if p.with_suffix(".txt").exists())
        raws = [read_text_article(p.with_suffix(".txt"))[0] for p in golds]
        common = find_boilerplate_lines(raws)
        for gold_path, raw in zip(golds, raws):
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
            start = time.perf_counter()
            article = clean_article(raw, common_lines=common)
            seconds += time.perf_counter() - start
            articles += 1
            removed = {r.text.strip() for r in article.removed_lines if r.reason != "repeated-paragraph"}
            noise = {line.strip() for line in gold.get("noise_lines", []) if line.strip()}
            keys = [str(folder)]
            if args.by_prefix:
                keys.append(gold_path.stem.rsplit("-", 1)[0])
            for key in keys:
                t = totals[key]
                t[0] += len(removed & noise)
                t[1] += len(removed)
                t[2] += len(noise)
                if gold.get("published"):
                    t[3] += int(article.published == gold["published"])
                    t[4] += 1
                t[5] += int(article.repeated_paragraphs == gold.get("repeated_paragraphs", 0))
                t[6] += 1
            if args.show:
                reasons = {r.text.strip(): r.reason for r in article.removed_lines}
                for line in sorted(noise - removed):
                    print(f"  missed   {gold_path.stem}: {line[:100]}")
                for line in sorted(removed - noise):
                    print(f"  removed  {gold_path.stem}: [{reasons.get(line)}] {line[:100]}")
                if gold.get("published") and article.published != gold["published"]:
                    print(f"  date     {gold_path.stem}: {article.published} (gold {gold['published']})")
    for key, (tp, n_sys, n_gold, ok, n_dates, repeats_ok, n_articles) in totals.items():
        p = tp / n_sys if n_sys else 1.0
        r = tp / n_gold if n_gold else 1.0
        dates = f"{ok / n_dates:.2f} ({ok}/{n_dates})" if n_dates else "-"
        print(f"{key}: noise P={p:.3f} R={r:.3f} (gold {n_gold}, removed {n_sys}), dates {dates}, "
              f"repeated paragraphs right {repeats_ok}/{n_articles}")
    print(f"{1000 * seconds / max(articles, 1):.1f} ms per article to clean ({articles} articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
