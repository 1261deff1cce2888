"""Rules alone, the learned model alone and their combination, leave-one-debate-out on ../shared/dev.

Every dev article is analysed once (bench/stance_data.py); the model reads every (statement,
proposition) pair above a low relevance floor once; then the backend's thresholds (relevance,
confidence, how the rules help) are chosen on three debates and scored on the fourth, for each
debate in turn. Printed side by side, per debate and overall:

- rules: the rules backend (nothing tuned);
- model: the model alone at the shipped thresholds (stancemap.stance.backends), and LODO-tuned;
- combined: model + rules at the shipped thresholds, and LODO-tuned (mode among off/union/override);
- plain: the thresholds tuned on all four debates (in-sample, for reference only);
- quotes only: the combined backend when narration statements are left out (holders of quotes only).

Then seeds and demo at the shipped thresholds. Usage:

    python bench/lodo_stances.py [--sets dev seeds demo] [--weights DIR]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stance_data  # noqa: E402

RELEVANCE_GRID = (0.1, 0.2, 0.3, 0.4, 0.5)
CONFIDENCE_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
MODES = ("off", "union", "override")
PER_STATEMENT_GRID = (1, 2, 0)
# The floor the model reads at once; every grid value is at or above it.
READ_FLOOR = min(RELEVANCE_GRID)


def main(argv: list[str] | None = None) -> int:
    from stancemap.stance.backends import ModelBackend, Thresholds, combine
    from stancemap.stance.detect import detect_stances

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=["dev", "seeds", "demo"], choices=["dev", "seeds", "demo"])
    parser.add_argument("--weights", metavar="DIR", help="an exported stance model directory (default: shipped)")
    args = parser.parse_args(argv)

    classifier = None
    if args.weights:
        from stancemap.stance.learned import StanceClassifier

        classifier = StanceClassifier.load(args.weights)
    backend = ModelBackend(classifier=classifier)
    items = stance_data.prepare(args.sets)
    backend.classifier  # load the sessions before timing
    pairs = 0
    readings, rules = [], []
    model_seconds = rules_seconds = 0.0
    for item in items:
        started = time.perf_counter()
        r = backend.read(item.doc, item.article, item.actors, item.quotes, item.codebook, relevance_min=READ_FLOOR)
        model_seconds += time.perf_counter() - started
        pairs += len(r)
        readings.append(r)
        started = time.perf_counter()
        rules.append(detect_stances(item.doc, item.article, item.actors, item.quotes, item.codebook))
        rules_seconds += time.perf_counter() - started
    print(f"{len(items)} articles, {pairs} (statement, proposition) pairs read at relevance >= {READ_FLOOR}; "
          f"model {model_seconds:.1f}s ({1000 * model_seconds / len(items):.0f} ms an article, "
          f"{1000 * model_seconds / max(1, pairs):.1f} ms a pair, relevance scoring included), "
          f"rules {rules_seconds:.1f}s ({1000 * rules_seconds / len(items):.0f} ms an article)")

    sets = stance_data.by_set(items)
    debates = sorted(name for name in sets if name.startswith("dev/"))

    def found(idx, t: Thresholds, quotes_only=False):
        out = []
        for k in idx:
            rs = readings[k]
            if quotes_only:
                rs = [replace(r, statement=replace(r.statement, holders=tuple(
                    h for h in r.statement.holders if h.via == "quote"))) for r in rs]
            out.append(combine(items[k].article, rs, rules[k] if t.rules != "off" else (), t, backend.method))
        return out

    def score(names, t: Thresholds, quotes_only=False):
        idx = [k for name in names for k in sets[name]]
        return stance_data.score([items[k] for k in idx], found(idx, t, quotes_only))

    def best(names, modes):
        grid = [Thresholds(r, c, m, k) for r, c, m, k in
                itertools.product(RELEVANCE_GRID, CONFIDENCE_GRID, modes, PER_STATEMENT_GRID)]
        return max(grid, key=lambda t: (score(names, t)["f1"], -abs(t.confidence - 0.6)))

    rows: dict[str, dict[str, dict]] = {}

    def add(column, name, result):
        rows.setdefault(name, {})[column] = result

    shipped = Thresholds()
    for name in sets:
        idx = sets[name]
        add("rules", name, stance_data.score([items[k] for k in idx], [rules[k] for k in idx]))
        add("model (shipped)", name, score([name], replace(shipped, rules="off")))
        add("combined (shipped)", name, score([name], shipped))
        add("quotes only", name, score([name], shipped, quotes_only=True))
    if debates:
        chosen = {}
        for label, modes in (("model LODO", ("off",)), ("combined LODO", MODES)):
            results = []
            for held in debates:
                t = best([d for d in debates if d != held], modes)
                chosen.setdefault(label, []).append((held, t))
                results.append(score([held], t))
                add(label, held, results[-1])
            add(label, "dev (all)", stance_data.micro(results))
        plain = best(debates, MODES)
        for name in debates:
            add("combined plain", name, score([name], plain))
        add("combined plain", "dev (all)", score(debates, plain))
        for column in ("rules", "model (shipped)", "combined (shipped)", "quotes only"):
            add(column, "dev (all)", stance_data.micro([rows[d][column] for d in debates]))
        for label, picks in chosen.items():
            print(f"{label} thresholds per held-out debate: " + "; ".join(
                f"{held.split('/')[1]}: {_describe(t)}" for held, t in picks))
        print(f"plain (all four debates) thresholds: {_describe(plain)}")
        print(f"shipped thresholds: {_describe(shipped)}")
    columns = ["rules", "model (shipped)", "model LODO", "combined (shipped)", "combined LODO", "combined plain",
               "quotes only"]
    order = [*debates, "dev (all)", *[n for n in sets if not n.startswith("dev/")]]
    stance_data.print_table(rows, order, columns, 20)
    print("(stance precision/recall/F1; dev (all) micro-averaged; LODO: thresholds chosen on the other three debates)")
    return 0


def _describe(t) -> str:
    return f"rel {t.relevance} conf {t.confidence} rules {t.rules} per statement {t.per_statement or 'all'}"


if __name__ == "__main__":
    raise SystemExit(main())
