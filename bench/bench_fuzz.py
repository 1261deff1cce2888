"""The fuzzing suite at benchmark size: 10,000 generated inputs per property by default.

Usage:
    python bench/bench_fuzz.py [--examples 10000] [-k EXPRESSION]

Runs tests/fuzz (every reader with random bytes and with mutated valid files; the good-records
properties of JSON Lines, JSON, feeds and WARC; the codebook and actors loaders; the search query
builder) with STANCEMAP_FUZZ_EXAMPLES inputs per property, randomized (not CI's fixed set), and
prints hypothesis's statistics: inputs tried per property, failures. Target: at least 10,000
inputs per reader, zero crashes, zero lost good records. ``-k`` selects properties as pytest
does (e.g. ``-k random_bytes``).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("-k", dest="select", default=None)
    args = parser.parse_args(argv)
    env = {**os.environ, "STANCEMAP_FUZZ_EXAMPLES": str(args.examples), "STANCEMAP_FUZZ_RANDOM": "1"}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "fuzz"),
               "--hypothesis-show-statistics", "--durations=0"]
    if args.select:
        command += ["-k", args.select]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    raise SystemExit(main())
