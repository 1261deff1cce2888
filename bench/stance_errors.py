"""Where the stance stage loses the dev set's gold stances: each miss and each false positive in one bucket.

For every gold stance of ../shared/dev (actor, proposition, polarity) the first bucket that applies:

- ``found``: the model backend (shipped thresholds) outputs it;
- ``no actor``: no actor of the article matches the gold holder (the actors stage missed them);
- ``no statement``: the actor exists but no statement has them as a holder (quote or narration);
- ``not read``: statements exist, but none was read against the gold proposition (the relevance
  ranking picked another proposition, or the target-word filter skipped the sentence);
- ``polarity``: read against the gold proposition, the model's best answer has the other polarity;
- ``neither/low``: read, but the answer was "neither" or under the confidence threshold;
- ``dropped``: read with the gold polarity above threshold, yet not output (per-statement limit,
  rules override).

And for each false positive: ``wrong holder`` (no gold stance of that actor in the article),
``wrong proposition`` (the actor has gold stances, not on this proposition), ``wrong polarity``.
Also the model's polarity accuracy on the gold proposition for statements of the gold holder.

    python bench/stance_errors.py [--weights DIR] [--show N]
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import stance_data  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    from stancemap.stance.backends import ModelBackend, combine
    from stancemap.stance.detect import detect_stances
    from stancemap.stance.statements import find_statements

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--weights", metavar="DIR", help="an exported stance model directory (default: shipped)")
    parser.add_argument("--show", type=int, default=0, help="print up to N examples of each miss bucket")
    args = parser.parse_args(argv)
    classifier = None
    if args.weights:
        from stancemap.stance.learned import StanceClassifier

        classifier = StanceClassifier.load(args.weights)
    backend = ModelBackend(classifier=classifier)
    same_actor = runpy.run_path(str(stance_data.SHARED / "eval" / "score.py"))["same_actor"]
    misses: Counter = Counter()
    fps: Counter = Counter()
    examples: dict[str, list[str]] = {}
    polarity = Counter()
    for item in stance_data.prepare(["dev"]):
        gold = json.loads((item.gold_dir / item.source).with_suffix(".json").read_text(encoding="utf-8"))
        gold_actors = gold.get("actors", [])
        clf = backend.classifier
        statements = find_statements(item.doc, item.article, item.actors, item.quotes)
        readings = backend.read(item.doc, item.article, item.actors, item.quotes, item.codebook, relevance_min=0.0)
        rules = detect_stances(item.doc, item.article, item.actors, item.quotes, item.codebook)
        found = combine(item.article, readings, rules, backend.thresholds, "x")
        statements_text = {p.id: p.statement for p in item.codebook.propositions}
        golds = {(s["actor"], s["proposition"], s["polarity"]) for s in gold.get("stances", [])}
        for actor, prop, pol in sorted(golds):
            def holds(holder_name, actor=actor):
                return same_actor(holder_name, actor, gold_actors)

            if any(s.proposition == prop and s.polarity == pol and holds(s.actor) for s in found):
                bucket = "found"
            elif not any(holds(a.name) for a in item.actors):
                bucket = "no actor"
            else:
                mine = [s for s in statements if any(holds(h.name) for h in s.holders)]
                read = [r for r in readings if r.proposition == prop and any(holds(h.name) for h in r.statement.holders)]
                if not mine:
                    bucket = "no statement"
                elif not read:
                    bucket = "not read"
                else:
                    sure = [r for r in read if r.label != "neither" and r.confidence >= backend.thresholds.confidence]
                    if not sure:
                        bucket = "neither/low"
                    elif any(r.label == pol for r in sure):
                        bucket = "dropped"
                    else:
                        bucket = "polarity"
                if mine:  # the model's polarity on the gold proposition for the holder's statements
                    probs = [p.probs for p in clf.predict([(s.text, statements_text[prop]) for s in mine])]
                    best = max(probs, key=lambda p: max(p["support"], p["oppose"]))
                    polarity[(best["support"] > best["oppose"]) == (pol == "support")] += 1
            misses[bucket] += 1
            examples.setdefault(bucket, []).append(f"{item.source}: {actor} / {prop} / {pol}")
        for s in found:
            mine = [g for g in golds if same_actor(s.actor, g[0], gold_actors)]
            if any(g[1] == s.proposition and g[2] == s.polarity for g in mine):
                continue
            if not mine:
                fps["wrong holder"] += 1
            elif not any(g[1] == s.proposition for g in mine):
                fps["wrong proposition"] += 1
            else:
                fps["wrong polarity"] += 1
    total = sum(misses.values())
    print(f"gold stances: {total}")
    for bucket, n in misses.most_common():
        print(f"  {bucket:14s} {n:4d}  {n / total:.2f}")
    print(f"false positives: {sum(fps.values())}")
    for bucket, n in fps.most_common():
        print(f"  {bucket:18s} {n:4d}")
    n = sum(polarity.values())
    print(f"model polarity on the gold proposition, holder's most decided statement: "
          f"{polarity[True]}/{n} = {polarity[True] / max(1, n):.3f}")
    for bucket, lines in examples.items():
        if bucket != "found":
            for line in lines[:args.show]:
                print(f"  [{bucket}] {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
