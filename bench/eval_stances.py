"""Stance accuracy of each backend on the real-news dev set, the seeds and the demo corpus.

For every debate of ../shared/dev (each with its own codebook), the seeds (their codebook) and the
bundled demo corpus, runs ``stancemap run`` + ``stancemap export`` once per stance backend and
scores the export with ../shared/eval/score.py; prints stance precision / recall / F1 per debate
and overall, backends side by side.

    python bench/eval_stances.py                          # rules and model, dev + seeds + demo
    python bench/eval_stances.py --stances rules --sets dev
    python bench/eval_stances.py --json results.json      # also write every number as JSON
    python bench/eval_stances.py --keep out/              # keep the exports (for reading errors)

Nothing here is tuned: the numbers of a backend whose thresholds were chosen on dev are given
leave-one-debate-out by bench/lodo_stances.py.
"""

from __future__ import annotations

import argparse
import json
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stance_data import SHARED, micro, print_table, set_paths  # noqa: E402

BACKENDS = ("rules", "model")


def run_one(backend: str, articles: list[Path], codebook: Path, workdir: Path) -> tuple[Path, float]:
    """Run and export one set with one backend; the export's path and the run's seconds."""
    cli = [sys.executable, "-m", "stancemap"]
    db = workdir / "run.db"
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    subprocess.run([*cli, "run", *map(str, articles), "--codebook", str(codebook), "--db", str(db),
                    "--stances", backend, "-q"], check=True)
    seconds = time.perf_counter() - started
    export = workdir / "export.jsonl"
    with export.open("w", encoding="utf-8") as fh:
        subprocess.run([*cli, "export", "--db", str(db), "--format", "jsonl"], check=True, stdout=fh)
    return export, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stances", nargs="+", default=list(BACKENDS), help="backends to compare")
    parser.add_argument("--sets", nargs="+", default=["dev", "seeds", "demo"],
                        choices=["dev", "seeds", "demo"])
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument("--keep", metavar="DIR", help="keep each export as DIR/BACKEND/SET.jsonl")
    args = parser.parse_args(argv)
    if not (SHARED / "eval" / "score.py").exists():
        parser.error(f"no scorer at {SHARED / 'eval' / 'score.py'} (set STANCEMAP_SHARED)")
    scorer = runpy.run_path(str(SHARED / "eval" / "score.py"))["score"]
    results: dict[str, dict[str, dict]] = {}
    for backend in args.stances:
        results[backend] = {}
        for name, gold, articles, codebook in set_paths(args.sets):
            with tempfile.TemporaryDirectory() as tmp:
                export, seconds = run_one(backend, articles, codebook, Path(tmp))
                scored = scorer(gold, export, present_only=True)
                if args.keep:
                    keep = Path(args.keep) / backend / f"{name.replace('/', '-')}.jsonl"
                    keep.parent.mkdir(parents=True, exist_ok=True)
                    keep.write_text(export.read_text(encoding="utf-8"), encoding="utf-8")
            s = scored["stances"]
            results[backend][name] = {**s, "articles": len(articles), "seconds": round(seconds, 1)}
            print(f"{backend:8s} {name:22s} P {s['precision']:.3f} R {s['recall']:.3f} "
                  f"F1 {s['f1']:.3f} ({s['tp']}/{s['system']} sys, {s['gold']} gold) {seconds:.0f}s",
                  file=sys.stderr)
        dev = [v for k, v in results[backend].items() if k.startswith("dev/")]
        if dev:
            results[backend]["dev (all)"] = micro(dev)
    names = list(next(iter(results.values())).keys()) if results else []
    by_name = {name: {backend: sets.get(name) for backend, sets in results.items()} for name in names}
    print_table(by_name, names, list(results), 22)
    print("(stance precision/recall/F1 per set; dev (all) is micro-averaged over the four debates)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
