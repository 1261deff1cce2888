"""Article-body extraction from HTML pages: the HTML reader, and the reader plus line cleaning.

Usage:
    python bench/bench_extraction.py [--data FOLDER] [--truth FILE] [--cv FOLDER] [--out FOLDER] [--limit N]

Reads every ``html/ID.html.gz`` page of the article-extraction benchmark with stancemap's HTML
reader, and writes two system files mapping page id -> {"articleBody": text}:

- ``reader.json``: the reader's text (:attr:`RawArticle.text`);
- ``cleaned.json``: the body after cleaning (``clean_article(raw).body``).

Each is scored with the benchmark's scorer (``eval/extraction_score.py GROUND_TRUTH SYSTEM``,
word 4-gram precision/recall macro-averaged over pages), and the time per page is printed. It
then lists the cleaning reasons that removed lines of the expected body (lines of 3+ words whose
words all occur in the ground truth; repeats only where the ground truth repeats them), which is
where cleaning costs recall. ``--truth`` limits the pages to those of another ground truth (the
1,000-page set's ``ground-truth-articles.json``: its 450 article pages); ``--cv BUILD/cv`` cleans
each page with the line model trained without its host (``training/boilerplate/train.py``).
Targets: F1 >= 0.97 on the 181 news pages, >= 0.94 on the 450 article pages.
Default data: the benchmark beside the repository (``../shared/data/article-extraction-benchmark``).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "data" / "article-extraction-benchmark"
SCORER = SHARED / "eval" / "extraction_score.py"
WORD = re.compile(r"\w+")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--out", type=Path, default=None, help="where to write the system files "
                        "(default: a temporary folder)")
    parser.add_argument("--limit", type=int, default=0, help="read at most N pages (0: all)")
    parser.add_argument("--favor", choices=("precision", "default", "recall"), default=None,
                        help="trafilatura's setting (default: the reader's)")
    parser.add_argument("--truth", type=Path, default=None, help="ground truth (default: DATA/ground-truth.json)")
    parser.add_argument("--cv", type=Path, default=None, help="leave-host-out fold models of the training script")
    args = parser.parse_args(argv)

    from stancemap.clean import clean_article
    from stancemap.errors import InputError
    from stancemap.ingest import html as html_reader
    from stancemap.ingest import read_articles

    if args.favor:
        html_reader.EXTRACTION_FAVOR = args.favor

    truth_path = args.truth or args.data / "ground-truth.json"
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    pages = [p for p in sorted((args.data / "html").glob("*.html.gz")) if p.name.removesuffix(".html.gz") in truth]
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_clippings import load_fold_models

    fold_models = load_fold_models(args.cv, args.data) if args.cv else None
    if args.limit:
        pages = pages[: args.limit]
    reader: dict[str, dict] = {}
    cleaned: dict[str, dict] = {}
    failures: list[str] = []
    lost: Counter[str] = Counter()  # cleaning reason -> expected-body lines removed
    lost_examples: dict[str, list[str]] = {}
    read_seconds = clean_seconds = 0.0
    for page in pages:
        page_id = page.name.removesuffix(".html.gz")
        start = time.perf_counter()
        try:
            [raw] = list(read_articles(page))
        except InputError as err:
            failures.append(f"{page_id}: {err}")
            read_seconds += time.perf_counter() - start
            continue
        middle = time.perf_counter()
        article = clean_article(raw, line_model=fold_models(page_id) if fold_models else None)
        clean_seconds += time.perf_counter() - middle
        read_seconds += middle - start
        reader[page_id] = {"articleBody": raw.text}
        cleaned[page_id] = {"articleBody": article.body}
        expected_text = " ".join(WORD.findall(truth.get(page_id, {}).get("articleBody", "").lower()))
        expected = set(expected_text.split())
        for removed in article.removed_lines:
            words = WORD.findall(removed.text.lower())
            if len(words) < 3 or not all(w in expected for w in words):
                continue
            # a repeat costs recall only where the expected body repeats it too
            if removed.reason != "repeated-paragraph" or expected_text.count(" ".join(words)) > 1:
                lost[removed.reason] += 1
                lost_examples.setdefault(removed.reason, []).append(f"{page_id[:8]}: {removed.text[:90]}")

    out = args.out or Path(tempfile.mkdtemp(prefix="stancemap-extraction-"))
    out.mkdir(parents=True, exist_ok=True)
    n = len(pages)
    print(f"pages: {n}, no article found: {len(failures)}")
    for line in failures:
        print(f"  {line}")
    for name, system, seconds in (("reader", reader, read_seconds),
                                  ("reader+clean", cleaned, read_seconds + clean_seconds)):
        path = out / f"{name.replace('+', '_')}.json"
        path.write_text(json.dumps(system, ensure_ascii=False), encoding="utf-8")
        score = subprocess.run([sys.executable, str(args.scorer), str(truth_path), str(path)],
                               capture_output=True, text=True, check=True).stdout.strip()
        print(f"{name:13s} {score}  {1000 * seconds / max(n, 1):.1f} ms/page  ({path})")
    if lost:
        print("expected-body lines removed by cleaning, by reason:")
        for reason, count in lost.most_common():
            print(f"  {reason}: {count}")
            for example in lost_examples[reason][:3]:
                print(f"      {example}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
