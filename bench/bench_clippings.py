"""Line cleaning of naive whole-page clippings: the page's visible text, menus and footers included.

Usage:
    python bench/bench_clippings.py [--data FOLDER] [--truth FILE] [--cv FOLDER] [--limit N] [--losses N] [--out FOLDER]

For every ``html/ID.html.gz`` page of the article-extraction benchmark (or of ``--data``, limited
to the pages of ``--truth``: the 1,000-page set's ``ground-truth-articles.json`` holds its 450
article pages), builds the clipping a naive
scraper saves: lxml.html drops script/style/noscript/template/svg/head, then the text of the page
is written with a line break at every block-level element boundary, whitespace collapsed within
lines, empty lines skipped. Scores, with the benchmark's metric (word 4-gram shingles, precision
and recall macro-averaged over pages):

- ``naive``: the clipping itself;
- ``cleaned``: ``clean_article(RawArticle(text=clipping)).body``.

With ``--cv BUILD/cv`` (written by ``training/boilerplate/train.py``) every page is cleaned by the
fold model that was trained without the page's host: leave-host-out scores. Without it the shipped
model is used, which saw these pages in training.

Prints precision/recall/F1 and ms per page for both, the reasons that removed most lines (all
lines, and lines of the expected body), and the pages that lose most F1 after cleaning.
Targets (leave-host-out): cleaned F1 >= 0.95 on the 181 news pages, >= 0.94 on the 450 article
pages of the 1,000-page set.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

import lxml.etree
import lxml.html

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEFAULT_DATA = SHARED / "data" / "article-extraction-benchmark"
SCORER = SHARED / "eval" / "extraction_score.py"
WORD = re.compile(r"\w+")
SPACE = re.compile(r"\s+")

DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head")
BLOCK_TAGS = frozenset(
    """address article aside blockquote body br dd details dialog div dl dt fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main nav ol p pre section summary table
    tbody thead tfoot tr td th ul caption option select button label""".split()
)


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("extraction_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode(html: bytes) -> str:
    """The page as text: UTF-8 when it decodes, else the charset its meta tag names, else cp1252."""
    try:
        text = html.decode("utf-8")
    except UnicodeDecodeError:
        match = CHARSET.search(html[:4096])
        try:
            text = html.decode(match.group(1).decode() if match else "cp1252", errors="replace")
        except LookupError:
            text = html.decode("cp1252", errors="replace")
    return XML_DECLARATION.sub("", text)


def naive_clipping(html: bytes) -> str:
    """The visible text of a page as a naive scraper saves it: one line per block of text."""
    root = lxml.html.fromstring(decode(html))
    for element in list(root.iter(*DROP_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    for element in list(root.iter(lxml.etree.Comment, lxml.etree.ProcessingInstruction)):
        if element.getparent() is not None:
            element.drop_tree()
    parts: list[str] = []

    def walk(element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        block = tag.lower() in BLOCK_TAGS
        if block:
            parts.append("\n")
        if element.text:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(root)
    lines = (SPACE.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def load_fold_models(cv: Path, data: Path):
    """page id -> the fold model that never saw the page's host (training/boilerplate/train.py)."""
    from stancemap.clean.boilerplate import load_fold_model

    folds = json.loads((cv / "folds.json").read_text(encoding="utf-8"))
    threshold = json.loads((cv / "threshold.json").read_text(encoding="utf-8"))["threshold"]
    prefix = "wceb-" if "web-content" in data.name else "aeb-"
    models = {}

    def model_for(page_id: str):
        fold = folds.get(prefix + page_id)
        if fold is None:
            raise SystemExit(f"{cv}: no fold for page {page_id} (not in the training pages)")
        if fold not in models:
            models[fold] = load_fold_model(cv / f"fold{fold}.txt", cv / f"fold{fold}-stage2.txt", threshold)
        return models[fold]

    return model_for


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--truth", type=Path, default=None, help="ground truth (default: DATA/ground-truth.json)")
    parser.add_argument("--cv", type=Path, default=None, help="leave-host-out fold models of the training script")
    parser.add_argument("--limit", type=int, default=0, help="at most N pages (0: all)")
    parser.add_argument("--losses", type=int, default=12, help="pages to list with the biggest F1 loss")
    parser.add_argument("--out", type=Path, default=None, help="write naive.json/cleaned.json here")
    args = parser.parse_args(argv)

    from stancemap.clean import clean_article
    from stancemap.model import RawArticle

    scorer = load_scorer(args.scorer)
    truth = json.loads((args.truth or args.data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [p for p in sorted((args.data / "html").glob("*.html.gz")) if p.name.removesuffix(".html.gz") in truth]
    fold_models = load_fold_models(args.cv, args.data) if args.cv else None
    if args.limit:
        pages = pages[: args.limit]

    naive: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    reasons: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    lost_examples: dict[str, list[str]] = {}
    naive_seconds = clean_seconds = 0.0
    for page in pages:
        page_id = page.name.removesuffix(".html.gz")
        start = time.perf_counter()
        clipping = naive_clipping(gzip.decompress(page.read_bytes()))
        middle = time.perf_counter()
        model = fold_models(page_id) if fold_models else None
        options = {"line_model": model} if model else {}
        article = clean_article(RawArticle(source=page_id, path=page_id, text=clipping), **options)
        clean_seconds += time.perf_counter() - middle
        naive_seconds += middle - start
        naive[page_id] = clipping
        cleaned[page_id] = article.body
        expected = set(WORD.findall(truth.get(page_id, {}).get("articleBody", "").lower()))
        for removed in article.removed_lines:
            reasons[removed.reason] += 1
            words = WORD.findall(removed.text.lower())
            if len(words) >= 4 and all(w in expected for w in words):
                lost[removed.reason] += 1
                lost_examples.setdefault(removed.reason, []).append(f"{page_id[:8]}: {removed.text[:90]}")

    n = max(len(pages), 1)
    per_page: dict[str, dict[str, tuple[float, float]]] = {"naive": {}, "cleaned": {}}
    for name, system, seconds in (("naive", naive, naive_seconds), ("cleaned", cleaned, clean_seconds)):
        ps, rs = [], []
        for page_id in naive:
            p, r = scorer.page_scores(truth[page_id]["articleBody"], system[page_id])
            per_page[name][page_id] = (p, r)
            ps.append(p)
            rs.append(r)
        precision, recall = sum(ps) / n, sum(rs) / n
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        what = "to build the clipping" if name == "naive" else "to clean it"
        print(f"{name:8s} pages={len(ps)} precision={precision:.3f} recall={recall:.3f} f1={f1:.3f}"
              f"  {1000 * seconds / n:.1f} ms/page {what}")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        for name, system in (("naive", naive), ("cleaned", cleaned)):
            data = {k: {"articleBody": v} for k, v in system.items()}
            (args.out / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    print("removal reasons (lines):", ", ".join(f"{r}={c}" for r, c in reasons.most_common(15)))
    if lost:
        print("expected-body lines (4+ words, all in the ground truth) removed, by reason:")
        for reason, count in lost.most_common(10):
            print(f"  {reason}: {count}")
            for example in lost_examples[reason][:3]:
                print(f"      {example}")

    def f1(pr: tuple[float, float]) -> float:
        return 2 * pr[0] * pr[1] / (pr[0] + pr[1]) if sum(pr) else 0.0

    worst = sorted(naive, key=lambda k: f1(per_page["cleaned"][k]))[: args.losses]
    print(f"lowest cleaned F1 pages (naive P/R -> cleaned P/R):")
    for page_id in worst:
        (np_, nr), (cp, cr) = per_page["naive"][page_id], per_page["cleaned"][page_id]
        print(f"  {page_id[:12]}  {np_:.2f}/{nr:.2f} -> {cp:.2f}/{cr:.2f}  F1 {f1((cp, cr)):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
