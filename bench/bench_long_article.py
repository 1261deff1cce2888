"""Peak memory and time of analysing one very long article (sections, stancemap.nlp.sections).

Usage:
    python bench/bench_long_article.py [--chars 2000000] [--codebook PATH]

Builds an article of --chars characters from the bundled demo corpus (its paragraphs repeated,
each copy numbered so no line recurs verbatim), then runs stages 2-5 (clean, parse in sections,
quotes and actors, rule stances) on it in this process, and prints the wall time, the peak
resident memory of the process (ru_maxrss) and that of the process with the pipeline loaded but
before the article. Target: peak under 1 GB for 2,000,000 characters.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEMO = ROOT / "stancemap" / "demo" / "corpus"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def long_text(chars: int) -> str:
    paragraphs = [p for path in sorted(DEMO.glob("*.txt"))
                  for p in path.read_text(encoding="utf-8").split("\n\n")[1:] if p.strip()]
    out = ["A very long read"]
    size, n = 0, 0
    while size < chars:
        paragraph = f"{paragraphs[n % len(paragraphs)]} (part {n})"
        out.append(paragraph)
        size += len(paragraph) + 2
        n += 1
    return "\n\n".join(out)[:chars]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=2_000_000)
    parser.add_argument("--codebook", type=Path, default=DEMO / "codebook.yaml")
    args = parser.parse_args(argv)

    from stancemap.model import ArticleResult, RawArticle
    from stancemap.nlp import build_nlp
    from stancemap.nlp.sections import SECTION_CHARS
    from stancemap.pipeline import analyze_batch
    from stancemap.stance.codebook import load_codebook

    nlp = build_nlp()
    codebook = load_codebook(args.codebook)
    nlp("Warm up the pipeline. Ana Lund said: \u201cIt works.\u201d")
    loaded = peak_mb()
    text = long_text(args.chars)
    raw = RawArticle(source="long.txt", path="long.txt", text=text, published="2026-03-02")
    started = time.perf_counter()
    [result] = analyze_batch([raw], nlp, codebook)
    seconds = time.perf_counter() - started
    if not isinstance(result, ArticleResult):
        print(f"FAILED: {result}")
        return 1
    peak = peak_mb()
    print(f"article: {len(text):,} characters, sections of {SECTION_CHARS:,}")
    print(f"found: {len(result.quotes)} quotes, {len(result.actors)} actors, "
          f"{len(result.stances)} stances, {len(result.problems)} problems")
    print(f"time: {seconds:.1f} s")
    print(f"peak memory: {peak:.0f} MB (pipeline loaded: {loaded:.0f} MB); target < 1024 MB: "
          f"{'met' if peak < 1024 else 'MISSED'}")
    return 0 if peak < 1024 else 1


if __name__ == "__main__":
    raise SystemExit(main())
