"""Each scope rule's measured effect: stance F1 of the rules with every rule on, then with each
rule of :data:`stancemap.stance.scope.RULES` switched off in turn, on the dev debates (the data
the rules were not written from), the seeds and the demo corpus.

    python bench/ablate_rules.py                 # all rules, dev + seeds + demo
    python bench/ablate_rules.py --sets dev --rules hedge supposition

A rule earns its place when switching it off lowers dev F1 (or leaves it and lowers nothing
else while raising precision); the table is in the commit that last changed the rules.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stance_data  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from stancemap.stance import scope
    from stancemap.stance.detect import detect_stances

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "seeds", "demo"], choices=["dev", "seeds", "demo"])
    parser.add_argument("--rules", nargs="+", default=sorted(scope.RULES))
    args = parser.parse_args(argv)
    items = stance_data.prepare(args.sets)
    groups = {}
    for name, idx in stance_data.by_set(items).items():
        groups.setdefault("dev" if name.startswith("dev/") else name, []).extend(idx)

    def run() -> dict[str, dict]:
        found = [detect_stances(i.doc, i.article, i.actors, i.quotes, i.codebook) for i in items]
        return {g: stance_data.score([items[k] for k in idx], [found[k] for k in idx])
                for g, idx in groups.items()}

    base = run()
    print(f"{'rule off':22s} " + " ".join(f"{g:>22s}" for g in groups))
    print(f"{'(none)':22s} " + " ".join(
        f"{base[g]['precision']:.2f}/{base[g]['recall']:.2f}/{base[g]['f1']:.3f}".rjust(22) for g in groups))
    for rule in args.rules:
        scope.OFF = frozenset({rule})
        result = run()
        cells = []
        for g in groups:
            d = result[g]["f1"] - base[g]["f1"]
            cells.append(f"{result[g]['f1']:.3f} ({d:+.3f}) {result[g]['tp']}/{result[g]['system']}".rjust(22))
        print(f"{rule:22s} " + " ".join(cells), flush=True)
    scope.OFF = frozenset()
    print("(P/R/F1 with all rules on; then F1 with the rule off, its change, and tp/system)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
