"""Accuracy gate: the whole pipeline, scored by the shared scorer, against pinned floors.

Floors sit a little under the scores measured when they were set (see the commit that set them).
Lowering a floor takes an explicit note in the commit message saying why.
"""

import runpy

import pytest
from click.testing import CliRunner

from stancemap.cli import cli

pytestmark = [pytest.mark.model, pytest.mark.shared]

# Seeds, measured: quotes F1 0.982, direct 1.000, attribution 0.964, end-to-end 0.946,
# stances 0.827, noise P/R 1.000/1.000, dates 1.0. Stances with the default backend (the learned
# model with the rules as helpers) 0.494; the rules alone 0.615 since they lost the concept groups
# that mirrored the seeds' propositions (their 0.827 was measured on the texts they were grown from).
SEED_FLOORS = {
    ("quotes", "f1"): 0.95,
    ("direct_quotes", "f1"): 0.95,
    ("quotes_end_to_end", "f1"): 0.90,
    ("stances", "f1"): 0.48,
    ("noise_lines", "precision"): 0.95,
    ("noise_lines", "recall"): 0.95,
    ("attribution_accuracy",): 0.95,
    ("published_date_accuracy",): 1.0,
}
# Demo corpus, measured: quotes F1 0.911, end-to-end 0.892, attribution 0.979, stances 0.821,
# noise P/R 1.000/1.000, dates 1.0. Stances with the default backend (the learned model with the
# rules as helpers) 0.707 (the rules alone 0.794 since they lost the entries and scope rules that
# only the demo and seed texts needed; the issue allows the demo to fall to 0.70).
DEMO_FLOORS = {
    ("quotes", "f1"): 0.89,
    ("quotes_end_to_end", "f1"): 0.87,
    ("stances", "f1"): 0.69,
    ("noise_lines", "precision"): 0.95,
    ("noise_lines", "recall"): 0.95,
    ("attribution_accuracy",): 0.95,
    ("published_date_accuracy",): 1.0,
}


def _score(shared, gold_dir, articles, codebook, tmp_path):
    db = tmp_path / "gate.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["run", *map(str, articles), "--codebook", str(codebook),
                                 "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    export = runner.invoke(cli, ["export", "--db", str(db)])
    out = tmp_path / "system.jsonl"
    out.write_text(export.stdout, encoding="utf-8")
    scorer = runpy.run_path(str(shared / "eval" / "score.py"))
    return scorer["score"](gold_dir, out)


def _check(result, floors):
    failures = []
    for path, floor in floors.items():
        value = result
        for key in path:
            value = value[key]
        if value < floor:
            failures.append(f"{'.'.join(path)} = {value} < {floor}")
    assert not failures, failures


def test_gate_seeds(shared, tmp_path):
    seeds = shared / "seeds"
    result = _score(shared, seeds, sorted(seeds.glob("*.txt")), seeds / "codebook.yaml", tmp_path)
    assert result["documents_missing"] == 0
    _check(result, SEED_FLOORS)


def test_gate_demo_corpus(shared, demo_corpus, tmp_path):
    result = _score(shared, demo_corpus, sorted(demo_corpus.glob("*.txt")),
                    demo_corpus / "codebook.yaml", tmp_path)
    assert result["documents_missing"] == 0
    _check(result, DEMO_FLOORS)
